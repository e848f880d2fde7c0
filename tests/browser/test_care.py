"""Given the demo ICS, a key worker completes the shared assessment, writes a plan the person
agrees and records a contact with an intervention; another team sees the same assessment; the
person sees their plan. Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from opencmh.core.models import User
from opencmh.organisations.models import Team
from opencmh.referrals.models import Referral
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _sign_in_as(page, live_server, username):
    page.goto(f"{live_server.url}/demo/personas/")
    page.get_by_role("button", name=f"Sign in as {username}").click()


def test_key_worker_assessment_plan_contact_and_the_persons_view(live_server, page, demo):
    person = User.objects.get(username="person").person
    # Given the key worker on Alex Carter's care page, reached from their caseload
    _sign_in_as(page, live_server, "keyworker")
    page.get_by_role("link", name="Caseload").first.click()
    assert axe_violations(page) == []
    page.get_by_role("link", name=person.full_name).click()
    expect(page.locator("h1")).to_have_text(person.full_name)
    assert axe_violations(page) == []

    # When they update and complete the shared assessment
    page.get_by_role("link", name="Update the assessment").click()
    page.get_by_label("What matters to the person").fill("Getting back to college.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save and mark complete").click()
    expect(page.locator("main")).to_contain_text("Getting back to college.")

    # And write a new plan version with the person and record that they agreed it
    page.get_by_role("link", name="Change the plan").click()
    page.get_by_label("Goal 1, in the person's own words").fill("Go back to college in September")
    page.get_by_label("Goal 1 score (0 to 10)").fill("4")
    page.get_by_label("Cognitive behavioural therapy").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record that the person agreed version 2").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Go back to college in September")
    expect(page.locator("main")).to_contain_text("Agreed")

    # And record an attended video contact with an intervention
    page.get_by_role("link", name="Record or book a contact with").first.click()
    page.get_by_label("Time").fill("09:00")
    page.get_by_label("Video consultation").check()
    page.get_by_label("Did the person attend?").select_option("5")
    page.get_by_label("Cognitive behavioural therapy (304891004)").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.locator("table").last).to_contain_text("Video consultation")

    # Then a clinician in another team sees the same assessment without re-entering it
    other_team = Team.objects.get(team_type="A16", place__code="91R")
    Referral.objects.create(
        person=person,
        team=other_team,
        source_of_referral="I2",
        primary_reason="14",
        received_on=person.referrals.first().received_on,
        status="accepted",
    )
    User.objects.get(username="manager").teams.add(other_team)
    _sign_in_as(page, live_server, "manager")
    page.goto(f"{live_server.url}/care/person/{person.pk}/")
    expect(page.locator("main")).to_contain_text("Getting back to college.")

    # And the person sees their plan in plain English
    _sign_in_as(page, live_server, "person")
    page.get_by_role("link", name="Your plans").first.click()
    expect(page.locator("main")).to_contain_text("Go back to college in September")
    expect(page.locator("main")).to_contain_text("Your safety plan")
    assert axe_violations(page) == []
