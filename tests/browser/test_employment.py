"""Given the demo ICS, an employment specialist records a job start and its 13-week
sustainment, and scores a fidelity review that is totalled and banded. Every page is
checked with axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencmh.core.models import User
from opencmh.employment import fidelity
from opencmh.employment.models import IPSReferral
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

# Scores totalling exactly 100, the lowest "good" total: item 6 low, items 1-3 high.
GOOD_SCORES = [5, 5, 5, 4, 4, 1] + [4] * 19


def _sign_in_as(page, live_server, username):
    page.goto(f"{live_server.url}/demo/personas/")
    page.get_by_role("button", name=f"Sign in as {username}").click()


def test_employment_specialist_records_a_job_start_and_13_week_sustainment(live_server, page, demo):
    grace = User.objects.get(username="employment")
    ips = (
        IPSReferral.objects.filter(employment_specialist=grace, closed_on__isnull=True)
        .order_by("referral__person__family_name", "referral__person__given_name")
        .first()
    )
    name = ips.referral.person.full_name
    started = timezone.localdate() - dt.timedelta(weeks=13)

    # Given the employment specialist on their IPS caseload, with its size shown
    _sign_in_as(page, live_server, "employment")
    page.goto(f"{live_server.url}/employment/")
    expect(page.locator("h1")).to_have_text("Your IPS caseload")
    expect(page.locator("main")).to_contain_text("Caseload size:")
    assert axe_violations(page) == []
    page.get_by_role("link", name=name).first.click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("main")).to_contain_text("zero exclusion")
    assert axe_violations(page) == []

    # When they record a job start 13 weeks ago
    page.get_by_role("link", name="Record a job start").click()
    assert axe_violations(page) == []
    page.get_by_label("Day").fill(str(started.day))
    page.get_by_label("Month").fill(str(started.month))
    page.get_by_label("Year").fill(str(started.year))
    page.get_by_label("Job title").fill("Library assistant")
    page.get_by_label("Employer", exact=True).fill("Riverside Central Library")
    page.get_by_label("Employer sector").select_option("public")
    page.get_by_label("Hours per week").fill("70")
    page.get_by_role("button", name="Save").click()
    # A mistake is explained, accessibly
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("60 or fewer")
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []
    page.get_by_label("Hours per week").fill("16")
    page.get_by_role("button", name="Save").click()

    # Then the job shows its 13-week check as due today and its 26-week check later
    job_title = "Library assistant at Riverside Central Library"
    expect(page.locator("main")).to_contain_text(job_title)
    expect(page.locator("main")).to_contain_text("13-week check due since")
    expect(page.locator("main")).to_contain_text("26-week check due")
    assert axe_violations(page) == []

    # When they record that the person is still in the job at 13 weeks
    page.get_by_role("link", name=f"Record 13-week sustainment for {job_title}").click()
    assert axe_violations(page) == []
    page.get_by_label("Yes, still in this job").check()
    page.get_by_role("button", name="Save").click()

    # Then it is recorded as sustained, with the date
    expect(page.locator("main")).to_contain_text("Sustained at 13 weeks (recorded")
    expect(
        page.get_by_role("link", name=f"Record 13-week sustainment for {job_title}")
    ).to_have_count(0)
    assert axe_violations(page) == []


def test_fidelity_review_is_scored_and_banded(live_server, page, demo):
    assert sum(GOOD_SCORES) == 100
    # Given the Riverside IPS team's fidelity history, with a chart and a table
    _sign_in_as(page, live_server, "employment")
    page.goto(f"{live_server.url}/employment/fidelity/")
    expect(page.locator("h1")).to_have_text("IPS fidelity reviews")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Riverside individual placement and support").click()
    expect(page.get_by_role("img", name="Fidelity total at each review")).to_be_visible()
    expect(page.locator("table")).to_contain_text("out of 125")
    assert axe_violations(page) == []

    # When they score all 25 items, with a comment, and write an action plan
    page.get_by_role("link", name="Record a new fidelity review").click()
    assert axe_violations(page) == []
    page.get_by_label("Reviewers").fill("IPS team lead; peer reviewer")
    for item, score in zip(fidelity.ITEMS, GOOD_SCORES, strict=True):
        group = page.get_by_role("group", name=f"{item.number}. {item.name}", exact=True)
        group.get_by_label(str(score), exact=True).check()
    page.get_by_label("Comment on item 6").fill("No agreement with the local employment service.")
    page.get_by_label("Action plan").fill("Agree joint working with the local job centre.")
    page.get_by_role("button", name="Save the review").click()

    # Then the review shows its total and band, and the item comment
    expect(page.locator("main")).to_contain_text("100 out of 125")
    expect(page.locator("main")).to_contain_text("Good fidelity")
    expect(page.locator("main")).to_contain_text("No agreement with the local employment service.")
    assert axe_violations(page) == []
