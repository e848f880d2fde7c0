"""Given the demo ICS: a pharmacist refers two people, triage accepts one and connects the
other to a voluntary sector service with a handover, and the pharmacist sees each outcome."""

import pytest
from playwright.sync_api import expect

from opencmh.referrals.models import Referral
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _sign_in_as(page, live_server, username):
    page.goto(f"{live_server.url}/demo/personas/")
    page.get_by_role("button", name=f"Sign in as {username}").click()


def _refer(page, given, family, reason):
    page.get_by_role("link", name="Make a referral").click()
    page.get_by_label("First name").fill(given)
    page.get_by_label("Last name").fill(family)
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("1985")
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Postcode").fill("RV2 7QT")
    page.get_by_label("Main reason for the referral").select_option(reason)
    page.get_by_label("Routine").check()
    page.get_by_label("What is happening for them?").fill(
        "Came in for a repeat prescription and was very low."
    )
    page.get_by_label("They agree to this referral").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator("main")).to_contain_text(f"{given} {family}")


def test_pharmacist_referrals_are_triaged_and_outcomes_shown(live_server, page, demo):
    # Given a community pharmacist who refers two people
    _sign_in_as(page, live_server, "pharmacist")
    _refer(page, "Ellis", "Marsh", "04")
    _refer(page, "Robin", "Hale", "05")
    assert axe_violations(page) == []
    first = Referral.objects.get(person__family_name="Marsh")
    second = Referral.objects.get(person__family_name="Hale")
    assert first.source_of_referral == "N3"  # community pharmacy

    # When the triage clinician accepts the first
    _sign_in_as(page, live_server, "triage")
    page.goto(f"{live_server.url}/referrals/{first.pk}/")
    page.get_by_role("link", name="Accept").click()
    page.get_by_role("button", name="Accept referral").click()
    expect(page.locator("main")).to_contain_text("Referral accepted")
    assert axe_violations(page) == []

    # And connects the second to the crisis cafe run by a voluntary organisation, with a handover
    page.goto(f"{live_server.url}/referrals/{second.pk}/")
    page.get_by_role("link", name="Connect to another service").click()
    page.get_by_label("Service they are connected to").select_option(
        label="Riverside crisis cafe (Riverside Mind)"
    )
    page.get_by_label("Who did you speak to at the service?").fill("Peer worker Dee")
    page.get_by_label("Day").fill("20")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("I have told the referrer").check()
    page.get_by_label("I have told the person").check()
    page.get_by_role("button", name="Record the handover and close the referral").click()
    expect(page.locator("main")).to_contain_text("Peer worker Dee")

    # Then the pharmacist sees each outcome
    _sign_in_as(page, live_server, "pharmacist")
    rows = page.locator("table tbody tr")
    expect(rows.filter(has_text="Ellis Marsh")).to_contain_text("Accepted by")
    expect(rows.filter(has_text="Robin Hale")).to_contain_text(
        "Connected to Riverside crisis cafe (Riverside Mind)"
    )
    assert axe_violations(page) == []
