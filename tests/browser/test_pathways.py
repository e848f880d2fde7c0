"""Given an EIP referral for suspected first episode psychosis, when the team records the first
contact and then allocates a care coordinator, then the two-week clock stops only after both."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencmh.core.models import User
from opencmh.organisations.models import Team
from opencmh.people.models import Person
from opencmh.referrals.models import Referral
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_eip_two_week_clock_needs_contact_and_care_coordinator(live_server, page, demo):
    eip = Team.objects.get(team_type="A14", place__code="91R")
    manager = User.objects.get(username="manager")
    manager.teams.add(eip)
    person = Person.objects.create(
        given_name="Rowan", family_name="Estrada", date_of_birth=dt.date(2003, 5, 1)
    )
    referral = Referral.objects.create(
        person=person,
        team=eip,
        source_of_referral="A1",
        primary_reason="01",
        status="accepted",
        received_on=timezone.localdate() - dt.timedelta(days=6),
    )
    page.goto(f"{live_server.url}/demo/personas/")
    page.get_by_role("button", name="Sign in as manager").click()
    page.get_by_role("link", name="Early intervention in psychosis").click()
    row = page.locator("tr", has_text="Rowan Estrada")
    expect(row).to_contain_text("Day 6: 8 days left")
    assert axe_violations(page) == []

    # When the first contact is recorded
    page.goto(f"{live_server.url}/care/person/{person.pk}/")
    page.get_by_role("link", name="Record or book a contact with").first.click()
    page.get_by_label("Time").fill("08:30")
    page.get_by_label("Face to face").check()
    page.get_by_label("Did the person attend?").select_option("5")
    page.get_by_role("button", name="Save").click()
    # Then the clock is still running: no care coordinator yet
    page.goto(f"{live_server.url}/pathways/team/A14/")
    expect(page.locator("tr", has_text="Rowan Estrada")).to_contain_text("Day 6: 8 days left")

    # When a care coordinator is allocated
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    page.get_by_role("link", name="Allocate a key worker").click()
    assert axe_violations(page) == []
    page.get_by_label("Key worker (care coordinator)").select_option(label=manager.display_name)
    page.get_by_role("button", name="Allocate").click()
    # Then the clock has stopped within two weeks
    page.goto(f"{live_server.url}/pathways/team/A14/")
    expect(page.locator("tr", has_text="Rowan Estrada")).to_contain_text(
        "Stopped at day 6: within 14 days"
    )
    page.locator("tr", has_text="Rowan Estrada").get_by_role("link", name="Update").click()
    page.get_by_label("CBT for psychosis").select_option("accepted")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("1 part of the package updated")
    assert axe_violations(page) == []
