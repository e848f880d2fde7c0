"""Given the demo ICS, the person rates DIALOG on their phone by keyboard, and their key
worker sees the new ratings and the change since baseline. Axe runs on every page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

# Alex Carter's baseline DIALOG in the demo is 2,4,2,3,2,3,4,3,4,3,4: these answers
# improve every area by a point or more except physical health (unchanged).
ANSWERS = [6, 4, 4, 5, 5, 5, 6, 6, 5, 5, 6]
MORE_HELP = {3}  # job situation


def _sign_in_as(page, live_server, username):
    page.goto(f"{live_server.url}/demo/personas/")
    page.get_by_role("button", name=f"Sign in as {username}").click()


def _answer_by_keyboard(page, item: int, rating: int, more_help: bool) -> None:
    # Focus the first rating, choose it with Space, then arrow down to the rating.
    page.locator(f"#item_{item}").focus()
    page.keyboard.press("Space")
    for _ in range(rating - 1):
        page.keyboard.press("ArrowDown")
    # Tab into the "more help?" question: Space chooses Yes, an arrow moves to No.
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    if not more_help:
        page.keyboard.press("ArrowRight")


def test_person_completes_dialog_on_a_phone_and_key_worker_sees_the_change(
    live_server, browser, demo
):
    # Given the person signed in on a 320px-wide phone screen
    phone = browser.new_context(viewport={"width": 320, "height": 640})
    page = phone.new_page()
    page.set_default_timeout(15000)
    _sign_in_as(page, live_server, "person")
    expect(page.locator("h1")).to_have_text("Alex Carter")
    assert axe_violations(page) == []

    # When they open DIALOG from the header and send it with one question unanswered
    link = page.get_by_role("link", name="Rate how things are (DIALOG)")
    if not link.is_visible():  # narrow screens fold the navigation under "More"
        page.locator(".nhsuk-header__menu-toggle").click()
    link.click()
    expect(page.locator("h1")).to_have_text("How things are for you")
    assert axe_violations(page) == []
    for item, rating in enumerate(ANSWERS[:-1], start=1):
        _answer_by_keyboard(page, item, rating, item in MORE_HELP)
    page.get_by_role("button", name="Send my answers").click()

    # Then they are told, in plain English, what is missing
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text(
        "Choose how satisfied you are with your meetings with mental health professionals"
    )
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []

    # When they answer the last question and send again, by keyboard
    _answer_by_keyboard(page, 11, ANSWERS[-1], False)
    page.get_by_role("button", name="Send my answers").focus()
    page.keyboard.press("Enter")

    # Then they see a confirmation with their answers
    expect(page.locator("h1")).to_have_text("Your answers have been sent")
    expect(page.locator("main")).to_contain_text("6 - Very satisfied")
    expect(page.locator("main")).to_contain_text("4 - In the middle (you would like more help)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_violations(page) == []
    phone.close()

    # Given their key worker signed in on a desktop
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    page.set_default_timeout(15000)
    _sign_in_as(page, live_server, "keyworker")
    assert axe_violations(page) == []

    # When they find Alex Carter and open the outcome measures
    page.get_by_role("link", name="People").first.click()
    page.get_by_label("Search by name or NHS number").fill("Alex Carter")
    page.get_by_role("button", name="Search").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Alex Carter").first.click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Outcome measures").click()
    expect(page.locator("h1")).to_have_text("Outcome measures")

    # Then the new ratings are there, marked as completed by the person
    dialog = page.locator("section", has=page.locator("#dialog-heading"))
    expect(dialog).to_contain_text("Completed by the person")
    over_time = dialog.locator("table").nth(1)
    expect(over_time.locator("tbody tr").last).to_contain_text("Completed by the person")
    expect(over_time.locator("tbody tr").last).to_contain_text("job situation")
    # And the change since baseline is marked in words, item by item
    expect(dialog).to_contain_text(
        "10 areas improved, 1 area no reliable change, 0 areas deteriorated."
    )
    change = dialog.locator("table").first
    physical = change.locator("tr", has=page.locator("th", has_text="2. Physical health"))
    expect(physical).to_contain_text("No reliable change")
    mental = change.locator("tr", has=page.locator("th", has_text="1. Mental health"))
    expect(mental.locator("td")).to_have_text(["2", "6", "+4", "Improved", "No"])
    # And every chart has a text alternative and a table of the same numbers
    charts = page.locator("svg.app-outcome-chart")
    expect(charts).to_have_count(3)
    for i in range(3):
        expect(charts.nth(i)).to_have_attribute("role", "img")
    expect(page.locator("main")).to_contain_text("Reliable recovery: yes")
    assert axe_violations(page) == []
    desk.close()
