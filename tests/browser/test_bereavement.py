"""Given the demo ICS, a suicide bereavement support worker records a police referral,
sees it on the queue with the time left to first contact, contacts the person, gives
practical help and refers on; a clinician cannot open the record. Every page is checked
with axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencmh.bereavement.models import BereavedPerson
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _sign_in_as(page, live_server, username):
    page.goto(f"{live_server.url}/demo/personas/")
    page.get_by_role("button", name=f"Sign in as {username}").click()


def test_bereavement_worker_queue_referral_contact_and_support(live_server, page, demo):
    # Given the bereavement worker, who lands on the queue with due and overdue written out
    _sign_in_as(page, live_server, "bereavement")
    expect(page.locator("h1")).to_have_text("Suicide bereavement support")
    expect(page.locator("main")).to_contain_text("within 72 hours")
    expect(page.locator("main")).to_contain_text("Overdue by")
    expect(page.locator("main")).to_contain_text("left")
    assert axe_violations(page) == []

    # When they record a referral from the police, received an hour ago
    page.get_by_role("link", name="Record a referral").first.click()
    assert axe_violations(page) == []
    received = timezone.localtime() - dt.timedelta(hours=1)
    page.get_by_label("First name").fill("Mariam")
    page.get_by_label("Last name").fill("Okonedo-Vale")
    page.get_by_label("Phone number").fill("07700 900321")
    page.get_by_label("Relationship to the person who died").select_option("sibling")
    page.get_by_label("Police").check()
    page.get_by_label("The person agreed to be contacted by the service").check()
    group = page.get_by_role("group", name="Date the referral was received")
    group.get_by_label("Day").fill(str(received.day))
    group.get_by_label("Month").fill(str(received.month))
    group.get_by_label("Year").fill(str(received.year))
    page.get_by_label("Time the referral was received").fill(received.strftime("%H:%M"))
    page.get_by_role("button", name="Save").click()

    # Then their record shows the clock, due in text
    expect(page.locator("h1")).to_have_text("Mariam Okonedo-Vale")
    expect(page.locator("main")).to_contain_text("Due: ")
    assert axe_violations(page) == []

    # When they phone and speak with her
    page.get_by_role("link", name="Record a contact").click()
    assert axe_violations(page) == []
    page.get_by_label("Phone call").check()
    page.get_by_label("Spoke with the person").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Met: first contact after")

    # And record practical help and an onward referral
    page.get_by_role("link", name="Record practical help").click()
    assert axe_violations(page) == []
    page.get_by_label("Explained the coroner's inquest").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record an onward referral").click()
    page.get_by_label("Peer support group for people bereaved by suicide").check()
    page.get_by_label("Service name").fill("Riverside SoBS group")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Explained the coroner's inquest")
    expect(page.locator("main")).to_contain_text("Riverside SoBS group")
    assert axe_violations(page) == []

    # Then the queue lists her as in support, with the target met
    page.get_by_role("link", name="Back to the queue").click()
    row = page.get_by_role("row").filter(has_text="Mariam Okonedo-Vale")
    expect(row).to_contain_text("Met: first contact after")

    # And a key worker cannot open her record: bereaved people are not patients
    record_url = f"{live_server.url}/bereavement/referrals/" + str(
        BereavedPerson.objects.get(family_name="Okonedo-Vale").referrals.get().pk
    )
    _sign_in_as(page, live_server, "keyworker")
    response = page.goto(record_url + "/")
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text("Okonedo-Vale")
    assert axe_violations(page) == []
