"""Given the demo ICS, when each persona signs in, then their home page works and is accessible."""

import pytest
from playwright.sync_api import expect

from opencmh.nonprod.personas import DEMO_PASSWORD, PERSONAS
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

EXPECTED_HEADING = {
    "triage": "Priya Shah",
    "keyworker": "Tom Okafor",
    "employment": "Grace Lewis",
    "manager": "Sam Patel",
    "partner": "Your referrals",
    "gp": "Your referrals",
    "pharmacist": "Your referrals",
    "ics": "Organisations and teams",
    "bereavement": "Suicide bereavement support",
    "person": "Alex Carter",
    "admin": "Organisations and teams",
}


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.username for p in PERSONAS])
def test_persona_signs_in_and_home_page_is_accessible(live_server, page, demo, persona):
    # Given the sign-in page
    page.goto(f"{live_server.url}/sign-in/")
    assert axe_violations(page) == []
    # When the persona signs in with their demo password
    page.get_by_label("Username").fill(persona.username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Then they land on their own home page, with no serious accessibility problems
    expect(page.locator("h1")).to_have_text(EXPECTED_HEADING[persona.username])
    assert axe_violations(page) == []


def test_wrong_password_gets_a_clear_error(live_server, page, demo):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("keyworker")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter a correct username and password"
    )
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []


def test_partner_refers_someone_and_sees_it_in_their_list(live_server, page, demo):
    # Given the partner persona signed in through the one-click demo log-in
    page.goto(f"{live_server.url}/demo/personas/")
    page.get_by_role("button", name="Sign in as partner").click()
    page.get_by_role("link", name="Make a referral").click()
    # When they send a referral with a mistake, then fix it
    page.get_by_label("First name").fill("Jordan")
    page.get_by_label("Last name").fill("Blackwood")
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1988")
    page.get_by_label("Female", exact=True).check()
    page.get_by_label("Main reason for the referral").select_option("04")
    page.get_by_label("Routine").check()
    page.get_by_label("What is happening for them?").fill(
        "Low mood and not sleeping for two months."
    )
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Confirm the person agrees to the referral"
    )
    assert axe_violations(page) == []
    page.get_by_label("They agree to this referral").check()
    page.get_by_role("button", name="Send referral").click()
    # Then the referral appears in their list, waiting for triage
    expect(page.locator("table")).to_contain_text("Jordan Blackwood")
    expect(page.locator("table")).to_contain_text("Waiting for triage")


def test_public_pages_are_accessible_without_signing_in(live_server, page, demo):
    for path, heading in (
        ("/accessibility/", "Accessibility statement"),
        ("/demo/personas/", "Demo log-ins"),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_have_text(heading)
        assert axe_violations(page) == [], path
