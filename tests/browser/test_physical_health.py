"""Given the demo ICS, the GP records a check for a patient on their practice's SMI register
with a high HbA1c and a current smoker; two follow-up actions appear on the PCN's open list
for the key worker's team, and go from the list once marked done. axe on every page."""

import pytest
from playwright.sync_api import expect

from opencmh.core.models import User
from opencmh.physical_health.models import FollowUpAction, SMIRegisterEntry
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _sign_in_as(page, live_server, username):
    page.goto(f"{live_server.url}/demo/personas/")
    page.get_by_role("button", name=f"Sign in as {username}").click()


def _shared_patient():
    """On the GP's practice register and the key worker's team's caseload."""
    gp, keyworker = User.objects.get(username="gp"), User.objects.get(username="keyworker")
    return (
        SMIRegisterEntry.objects.filter(
            person__gp_practice=gp.gp_practice,
            person__referrals__team__in=keyworker.teams.all(),
            person__referrals__status="accepted",
            in_remission=False,
        )
        .select_related("person__gp_practice__pcn")
        .first()
        .person
    )


def test_red_zone_results_become_actions_on_the_pcn_list_until_done(live_server, page, demo):
    person = _shared_patient()
    FollowUpAction.objects.filter(person=person).delete()
    # Given the GP on their practice's SMI register
    _sign_in_as(page, live_server, "gp")
    page.get_by_role("link", name="Physical health").first.click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="SMI register").first.click()
    expect(page.locator("h1")).to_have_text("SMI register")
    assert axe_violations(page) == []
    page.get_by_role("link", name=person.full_name).first.click()
    expect(page.locator("h1")).to_have_text(person.full_name)
    assert axe_violations(page) == []

    # When they record a check with HbA1c 50 mmol/mol and a current smoker
    page.get_by_role("button", name="Record a physical health check").click()
    page.get_by_label("Systolic blood pressure").fill("300")
    page.get_by_label("Diastolic blood pressure").fill("80")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Systolic blood pressure must be between 60 and 260 mmHg"
    )
    assert axe_violations(page) == []
    page.get_by_label("Systolic blood pressure").fill("126")
    page.get_by_label("Height").fill("180")
    page.get_by_label("Weight").fill("62")  # BMI 19.1: below every threshold
    page.get_by_label("HbA1c").fill("50")
    page.get_by_label("Current smoker").check()
    page.get_by_role("button", name="Save").click()

    # Then two follow-up actions are raised
    main = page.locator("main")
    expect(main).to_contain_text("Follow-up needed (2)")
    expect(main).to_contain_text("Diabetes review")
    expect(main).to_contain_text("Stop smoking")
    assert axe_violations(page) == []

    # And they are on the PCN's open list for the key worker's team
    _sign_in_as(page, live_server, "keyworker")
    page.get_by_role("link", name="Physical health").first.click()
    page.get_by_label("Primary care network").select_option(label=person.gp_practice.pcn.name)
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="Open follow-up actions").first.click()
    expect(page.locator("h1")).to_have_text("Open follow-up actions")
    assert axe_violations(page) == []
    rows = page.locator("tr", has_text=person.full_name)
    expect(rows).to_have_count(2)

    # When the key worker marks each done
    for _ in range(2):
        rows.first.get_by_role("link", name="Mark done or declined").click()
        assert axe_violations(page) == []
        page.get_by_label("Done").check()
        page.get_by_label("Notes (optional)").fill("Referred today")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("h1")).to_have_text("Open follow-up actions")

    # Then they are gone from the open list, and the record shows who closed them
    expect(page.locator("tr", has_text=person.full_name)).to_have_count(0)
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/physical-health/person/{person.pk}/")
    expect(page.locator("main")).to_contain_text("Closed follow-up actions (2)")
    expect(page.locator("main")).to_contain_text("HbA1c 50 mmol/mol")
    assert axe_violations(page) == []
