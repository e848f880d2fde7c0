"""Given a phone-sized screen, when someone asks for help, then they get a reference, by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from opencmh.organisations.models import GPPractice
from opencmh.referrals.models import Referral, RoutingRule
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def check_page(page, heading: str):
    """The page is the one expected, fits a 320px screen and has no serious axe problems."""
    expect(page.locator("h1")).to_contain_text(heading)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), heading
    assert axe_violations(page) == [], heading


def continue_by_keyboard(page):
    page.get_by_role("button", name="Continue").focus()
    page.keyboard.press("Enter")


def test_someone_in_crisis_asks_for_help_on_a_phone_and_gets_a_reference(live_server, phone, demo):
    page = phone
    practice = GPPractice.objects.order_by("name").first()
    # The default rule from the migrations (an earlier live-server test may have flushed it).
    RoutingRule.objects.get_or_create(primary_reason="01", defaults={"team_type": "A14"})

    # Given the public start page, reached from any page's footer without signing in
    page.goto(f"{live_server.url}/accessibility/")
    page.get_by_role("link", name="Ask for help (self-referral)").click()
    check_page(page, "Ask for help from community mental health services")
    expect(page.get_by_text("116 123").first).to_be_visible()

    # When they start, using the keyboard
    page.get_by_role("button", name="Start now").focus()
    page.keyboard.press("Enter")
    check_page(page, "Are you in danger now or thinking about ending your life?")
    # ... and answer yes with the space bar, then Tab to Continue and press Enter
    page.get_by_label("Yes").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Yes")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    # Then the crisis lines come first, and they can still carry on
    check_page(page, "What is your name?")
    callout = page.locator("#crisis-help")
    expect(callout).to_contain_text("NHS 111")
    expect(callout).to_contain_text("option 2")
    expect(callout).to_contain_text("85258")
    expect(callout).to_contain_text("You can still carry on")

    # When they type their name, Tab between fields and press Enter to continue
    page.get_by_label("First name").focus()
    page.keyboard.type("Rowan")
    page.keyboard.press("Tab")
    page.keyboard.type("Keswick")
    page.keyboard.press("Enter")

    # Then a short crisis reminder stays on later pages; a missing date is explained
    check_page(page, "What is your date of birth?")
    expect(page.locator("#crisis-reminder")).to_contain_text("option 2")
    continue_by_keyboard(page)
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter your date of birth")
    assert page.title().startswith("Error:")
    check_page(page, "What is your date of birth?")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("1994")
    continue_by_keyboard(page)

    check_page(page, "What is your NHS number?")
    continue_by_keyboard(page)  # they do not know it

    check_page(page, "What is your postcode?")
    page.get_by_label("What is your postcode?").fill("LS1 4AP")
    continue_by_keyboard(page)

    # When they search for their GP practice (Enter in the search box searches)
    check_page(page, "Which GP practice are you registered with?")
    page.get_by_label("Search for your GP practice").fill(practice.name)
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile("match"))).to_be_visible()
    check_page(page, "Which GP practice are you registered with?")
    page.get_by_label(str(practice)).check()
    continue_by_keyboard(page)

    check_page(page, "How can we contact you safely?")
    page.get_by_label("Phone number").fill("07700 900123")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Do not send me letters").check()
    page.get_by_label("When is it safe to contact you?").fill("After 6pm")
    continue_by_keyboard(page)

    check_page(page, "What is it mainly about?")
    page.get_by_label(re.compile("Hearing voices")).check()
    continue_by_keyboard(page)

    check_page(page, "Tell us what is happening")
    page.get_by_label("What is happening for you?").fill(
        "For a few weeks I have heard voices that other people cannot hear."
    )
    page.get_by_label("What would you like help with? (optional)").fill("Someone to talk to")
    continue_by_keyboard(page)

    check_page(page, "Is there anything that would help us communicate with you?")
    page.get_by_label("No", exact=True).check()
    continue_by_keyboard(page)

    check_page(page, "Can we share this with your GP?")
    page.get_by_label("Yes", exact=True).check()
    continue_by_keyboard(page)

    # Then they check their answers, change one, and send
    check_page(page, "Check your answers before sending")
    answers = page.locator(".nhsuk-summary-list")
    expect(answers).to_contain_text("Rowan Keswick")
    expect(answers).to_contain_text(str(practice))
    page.get_by_role("link", name="Change postcode").click()
    check_page(page, "What is your postcode?")
    page.get_by_label("What is your postcode?").fill("LS2 7UE")
    continue_by_keyboard(page)
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("LS2 7UE")
    page.get_by_role("button", name="Send").focus()
    page.keyboard.press("Enter")

    # Then they see their reference and what happens next
    check_page(page, "Request sent")
    referral = Referral.objects.get(person__family_name="Keswick")
    expect(page.locator(".nhsuk-panel")).to_contain_text(referral.reference)
    expect(page.locator("main")).to_contain_text("within 5 working days")
    expect(page.locator("main")).to_contain_text("After 6pm")
    assert referral.source_of_referral == "B1"
    assert referral.route == "self_online"
    assert referral.urgent_concern is True
    assert referral.team.team_type == "A14"  # suspected first episode psychosis
    assert referral.person.gp_practice == practice

    # And going back and sending again makes no second referral
    page.go_back()
    expect(page.locator("h1")).to_contain_text("Request sent")
    assert Referral.objects.filter(person__family_name="Keswick").count() == 1
