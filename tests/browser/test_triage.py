"""Given the demo ICS, a triage clinician works the queue: every page accessible, decisions recorded."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _sign_in_as(page, live_server, username):
    page.goto(f"{live_server.url}/demo/personas/")
    page.get_by_role("button", name=f"Sign in as {username}").click()


def test_triage_clinician_accepts_and_connects_referrals(live_server, page, demo):
    # Given the triage clinician on the queue, sorted by the clock
    _sign_in_as(page, live_server, "triage")
    page.get_by_role("link", name="Triage queue").first.click()
    expect(page.locator("h1")).to_have_text("Triage queue")
    page.get_by_label("Sort by").select_option("clock")
    page.get_by_role("button", name="Apply").click()
    assert axe_violations(page) == []
    # When they open the first referral and try to connect it elsewhere without a handover
    page.locator("table a").first.click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Connect to another service").click()
    page.get_by_role("button", name="Record the handover and close the referral").click()
    # Then the errors say what is missing, and nothing is closed
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose the service from the directory")
    expect(summary).to_contain_text("Enter who you spoke to at the service")
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []
    # When they complete the warm handover
    page.get_by_label("Service they are connected to").select_option(index=1)
    page.get_by_label("Who did you speak to at the service?").fill("Duty worker Jess")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("I have told the person").check()
    page.get_by_role("button", name="Record the handover and close the referral").click()
    # Then the referral shows the handover and its history
    expect(page.locator("main")).to_contain_text("Connected to")
    expect(page.locator("main")).to_contain_text("Duty worker Jess")
    assert axe_violations(page) == []
    # And the next referral can be accepted with a key worker
    page.get_by_role("link", name="Triage queue").first.click()
    page.locator("table a").first.click()
    page.get_by_role("link", name="Accept").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Accept referral").click()
    expect(page.locator("main")).to_contain_text("Referral accepted")
