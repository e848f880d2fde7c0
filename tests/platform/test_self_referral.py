"""The public self-referral: one question per page, answers in the session, one referral sent."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opencmh.organisations.selectors import search_gp_practices
from opencmh.people.models import Person
from opencmh.referrals.models import Referral, ReferralStatusChange
from opencmh.referrals.self_referral import STEP_SLUGS, SelfReferralSession, send_self_referral
from tests.factories import (
    PCNFactory,
    PersonFactory,
    PlaceFactory,
    PracticeFactory,
    TeamFactory,
)

REASON = "I have felt low for three months and stopped going out."

ANSWERS = {
    "danger": {"in_danger": "no"},
    "name": {"given_name": "Morgan", "family_name": "Penrose"},
    "date-of-birth": {
        "date_of_birth[day]": "3",
        "date_of_birth[month]": "9",
        "date_of_birth[year]": "1991",
    },
    "nhs-number": {"nhs_number": ""},
    "postcode": {"postcode": "ls14ap"},
    "gp-practice": {"action": "continue", "q": "", "gp_practice": "none"},
    "contact": {
        "phone": "07700 900982",
        "email": "",
        "ok_to_leave_voicemail": "no",
        "safe_contact_times": "Weekday mornings",
    },
    "main-reason": {"main_reason": "low-mood"},
    "whats-happening": {"reason_for_referral": REASON, "help_wanted": "Someone to talk to"},
    "communication": {
        "preferred_language": "",
        "interpreter_needed": "no",
        "communication_needs": "",
    },
    "share-with-gp": {"consent_to_share_with_gp": "yes"},
}


def url(name: str) -> str:
    return reverse(f"self_referral:{name}")


def start(client):
    response = client.post(url("start"))
    assert response.status_code == 302
    assert response["Location"] == url(STEP_SLUGS[0])


def answer(client, slug: str, **changes):
    data = {**ANSWERS[slug], **changes}
    return client.post(url(slug), {k: v for k, v in data.items() if v is not None})


def answer_up_to(client, last: str | None = None, **changes_by_step):
    """Start and answer every question before LAST (all of them when LAST is None)."""
    start(client)
    for slug in STEP_SLUGS:
        if slug == last:
            return
        response = answer(client, slug, **changes_by_step.get(slug, {}))
        assert response.status_code == 302, (slug, response.content.decode()[:2000])


def send(client):
    return client.post(url("check"))


@pytest.fixture
def teams(world):
    """A PCN-aligned community team with a practice, and an EIP team, in the world's place."""
    pcn = PCNFactory(place=world.team.place)
    practice = PracticeFactory(pcn=pcn, name="Riverbank Surgery", code="B86001", postcode="LS2 7UE")
    pcn_team = TeamFactory(place=world.team.place, team_type="A06", name="Riverbank CMHT")
    pcn_team.pcns.add(pcn)
    eip = TeamFactory(place=world.team.place, team_type="A14", name="Riverside EIP")
    return {"practice": practice, "pcn_team": pcn_team, "eip": eip}


# The start page


def test_start_page_is_public_with_urgent_help_and_a_footer_link(db, client):
    response = client.get(url("start"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ask for help from community mental health services" in body
    assert "18 and over" in body
    for line in ("NHS 111", "option 2", "999", "116 123", "85258"):
        assert line in body
    assert 'href="/refer/"' in body and "Ask for help (self-referral)" in body


# The whole journey


def test_the_whole_journey_makes_one_self_referral(world, client):
    people_before = Person.objects.count()
    start(client)
    for slug in STEP_SLUGS:
        page = client.get(url(slug))
        assert page.status_code == 200, slug
        assert 'class="nhsuk-back-link"' in page.content.decode()
        response = answer(client, slug)
        # Personal data never travels in a URL: each page leads to the next by name only.
        assert response["Location"] in {url(s) for s in STEP_SLUGS} | {url("check")}
    check = client.get(url("check"))
    body = check.content.decode()
    assert "Check your answers before sending" in body
    assert "Morgan Penrose" in body and "3 September 1991" in body and "LS1 4AP" in body
    assert body.count(">Change") == 14
    response = send(client)
    assert response["Location"] == url("sent")

    referral = Referral.objects.get(person__family_name="Penrose")
    assert referral.source_of_referral == "B1"
    assert referral.route == "self_online"
    assert referral.referred_by is None
    assert referral.primary_reason == "04"
    assert referral.clinical_priority == "3"
    assert referral.urgent_concern is False
    assert referral.consent_to_share_with_gp is True
    assert referral.reason_for_referral == REASON
    assert referral.help_wanted == "Someone to talk to"
    assert referral.team.team_type == "A06"
    assert ReferralStatusChange.objects.filter(referral=referral).count() == 1
    person = referral.person
    assert Person.objects.count() == people_before + 1
    assert (person.postcode, person.phone, person.nhs_number) == ("LS1 4AP", "07700 900982", "")
    assert person.ok_to_leave_voicemail is False
    assert person.safe_contact_times == "Weekday mornings"
    assert person.preferred_language == "English"
    assert person.gp_practice is None

    confirmation = client.get(url("sent")).content.decode()
    assert "nhsuk-panel" in confirmation
    assert referral.reference in confirmation
    assert "within 5 working days" in confirmation
    assert "Weekday mornings" in confirmation
    # The answers are gone from the session once sent.
    assert "answers" not in client.session[SelfReferralSession.SESSION_KEY]


def test_suspected_psychosis_is_routed_to_early_intervention(teams, client):
    answer_up_to(client, **{"main-reason": {"main_reason": "psychosis"}})
    send(client)
    referral = Referral.objects.get(person__family_name="Penrose")
    assert referral.primary_reason == "01"
    assert referral.team == teams["eip"]


def test_a_practice_found_by_search_routes_to_its_pcn_team(teams, client):
    answer_up_to(client, "gp-practice")
    results = client.post(url("gp-practice"), {"action": "search", "q": "riverbank"})
    body = results.content.decode()
    assert results.status_code == 200
    assert "Riverbank Surgery (B86001)" in body
    assert "I am not registered with a GP" in body
    response = answer(client, "gp-practice", gp_practice=str(teams["practice"].pk), q="riverbank")
    assert response["Location"] == url("contact")
    for slug in STEP_SLUGS[STEP_SLUGS.index("contact") :]:
        answer(client, slug)
    assert "Riverbank Surgery (B86001)" in client.get(url("check")).content.decode()
    send(client)
    referral = Referral.objects.get(person__family_name="Penrose")
    assert referral.person.gp_practice == teams["practice"]
    assert referral.team == teams["pcn_team"]


def test_someone_not_registered_with_a_gp_is_routed_by_their_postcode(world, client):
    other_place = PlaceFactory(postcode_districts="HX1, HX2")
    local = TeamFactory(place=other_place, team_type="A18", name="Halvern single point of access")
    answer_up_to(client, postcode={"postcode": "hx1 2ab"})
    send(client)
    referral = Referral.objects.get(person__family_name="Penrose")
    assert referral.person.postcode == "HX1 2AB"
    assert referral.team == local


def test_saying_no_to_sharing_with_the_gp_is_still_accepted(world, client):
    answer_up_to(client, **{"share-with-gp": {"consent_to_share_with_gp": "no"}})
    send(client)
    assert Referral.objects.get(person__family_name="Penrose").consent_to_share_with_gp is False


# Safety of submission


def test_sending_twice_or_back_and_send_again_makes_one_referral(world, client):
    answer_up_to(client)
    first = send(client)
    second = send(client)
    assert first["Location"] == second["Location"] == url("sent")
    assert Referral.objects.filter(person__family_name="Penrose").count() == 1
    reference = Referral.objects.get(person__family_name="Penrose").reference
    # Back from the confirmation, to the check page or any question, leads to the same one.
    for name in ("check", "share-with-gp", "danger"):
        assert client.get(url(name))["Location"] == url("sent")
    assert reference in client.get(url("sent")).content.decode()


def test_two_sends_of_the_same_answers_at_once_make_one_referral(world):
    # Two requests that both still carry the answers (a double click racing itself).
    session: dict = {}
    journey = SelfReferralSession(session)
    journey.begin()
    for slug, cleaned in {
        "danger": {"in_danger": "no"},
        "name": {"given_name": "Morgan", "family_name": "Penrose"},
        "date-of-birth": {"date_of_birth": dt.date(1991, 9, 3)},
        "nhs-number": {"nhs_number": ""},
        "postcode": {"postcode": ""},
        "gp-practice": {"gp_practice": "none", "q": ""},
        "contact": {"phone": "", "email": "m@example.com", "ok_to_leave_voicemail": ""},
        "main-reason": {"main_reason": "anxiety"},
        "whats-happening": {"reason_for_referral": REASON, "help_wanted": ""},
        "communication": {"interpreter_needed": "yes", "preferred_language": "Polish"},
        "share-with-gp": {"consent_to_share_with_gp": "yes"},
    }.items():
        journey.set_answers(slug, cleaned)
    copy = {SelfReferralSession.SESSION_KEY: dict(session[SelfReferralSession.SESSION_KEY])}
    first = send_self_referral(user=None, journey=journey)
    second = send_self_referral(user=None, journey=SelfReferralSession(copy))
    assert first.pk == second.pk
    assert Referral.objects.filter(person__family_name="Penrose").count() == 1
    assert first.person.interpreter_needed is True
    assert first.person.preferred_language == "Polish"
    assert first.primary_reason == "05"


def test_a_failure_while_sending_leaves_nothing_and_the_answers_kept(world, client, monkeypatch):
    answer_up_to(client)
    people_before = Person.objects.count()

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("opencmh.referrals.services.record_event", fail)
    client.raise_request_exception = False
    assert send(client).status_code == 500
    assert Person.objects.count() == people_before
    assert not Referral.objects.filter(person__family_name="Penrose").exists()
    monkeypatch.undo()
    # The person can simply press Send again.
    assert send(client)["Location"] == url("sent")
    assert Referral.objects.filter(person__family_name="Penrose").count() == 1


# Someone at risk now


def test_saying_you_are_in_danger_shows_crisis_lines_and_never_blocks(world, client):
    start(client)
    response = answer(client, "danger", in_danger="yes")
    assert response["Location"] == url("name")
    next_page = client.get(url("name")).content.decode()
    assert "Get help now" in next_page
    for line in ("NHS 111", "option 2", "999", "116 123", "85258"):
        assert line in next_page
    assert "You can still carry on" in next_page
    answer(client, "name")
    for slug in STEP_SLUGS[2:]:
        later = client.get(url(slug)).content.decode()
        assert 'id="crisis-reminder"' in later, slug
        assert "option 2" in later
        answer(client, slug)
    assert "Get help now" in client.get(url("check")).content.decode()
    send(client)
    referral = Referral.objects.get(person__family_name="Penrose")
    assert referral.urgent_concern is True
    assert referral.clinical_priority == "2"
    assert "Get help now" in client.get(url("sent")).content.decode()


def test_no_crisis_box_when_not_in_danger(world, client):
    answer_up_to(client, "date-of-birth")
    assert "crisis-reminder" not in client.get(url("date-of-birth")).content.decode()


# Skipping ahead


def test_pages_before_starting_lead_to_the_start_page(db, client):
    for name in ("danger", "contact", "check"):
        assert client.get(url(name))["Location"] == url("start")
    assert client.get(url("sent"))["Location"] == url("start")
    assert client.post(url("check"))["Location"] == url("start")
    assert not Referral.objects.exists()


def test_skipping_ahead_leads_to_the_first_unanswered_question(world, client):
    start(client)
    answer(client, "danger")
    assert client.get(url("contact"))["Location"] == url("name")
    assert client.post(url("contact"), ANSWERS["contact"])["Location"] == url("name")
    assert client.get(url("check"))["Location"] == url("name")
    assert client.post(url("check"))["Location"] == url("name")
    assert not Referral.objects.filter(submission_key__isnull=False).exists()


def test_change_link_returns_to_the_check_page(world, client):
    answer_up_to(client)
    page = client.get(url("name")).content.decode()
    assert f'href="{url("check")}"' in page  # the back link
    assert 'value="Morgan"' in page
    response = answer(client, "name", given_name="Morgana")
    assert response["Location"] == url("check")
    assert "Morgana Penrose" in client.get(url("check")).content.decode()


# Matching people


def test_a_known_nhs_number_reuses_the_person_record(world, client):
    people_before = Person.objects.count()
    answer_up_to(client, **{"nhs-number": {"nhs_number": world.in_scope.nhs_number}})
    send(client)
    referral = Referral.objects.get(submission_key__isnull=False)
    assert referral.person == world.in_scope
    assert Person.objects.count() == people_before


def test_same_name_birth_date_and_postcode_is_kept_as_a_possible_match(world, client):
    existing = PersonFactory(
        given_name="Morgan",
        family_name="Penrose",
        date_of_birth=dt.date(1991, 9, 3),
        postcode="LS1 4AP",
        nhs_number="",
    )
    answer_up_to(client)
    send(client)
    referral = Referral.objects.get(submission_key__isnull=False)
    assert referral.person != existing
    assert referral.possible_match == existing


# Under 18s: told about children's services, never turned away


def test_under_18s_are_told_about_childrens_services_and_can_still_send(world, client):
    sixteen = timezone.localdate().replace(year=timezone.localdate().year - 16, day=1)
    dob = {
        "date_of_birth[day]": str(sixteen.day),
        "date_of_birth[month]": str(sixteen.month),
        "date_of_birth[year]": str(sixteen.year),
    }
    answer_up_to(client, "nhs-number", **{"date-of-birth": dob})
    page = client.get(url("nhs-number")).content.decode()
    assert "18 and over" in page and "CYPMHS" in page
    for slug in STEP_SLUGS[STEP_SLUGS.index("nhs-number") :]:
        answer(client, slug)
    send(client)
    assert Referral.objects.filter(person__date_of_birth=sixteen).count() == 1
    assert "CYPMHS" in client.get(url("sent")).content.decode()


# Each page's messages

TOMORROW = timezone.localdate() + dt.timedelta(days=1)
LONG = "x" * 2001


@pytest.mark.parametrize(
    ("slug", "data", "messages"),
    [
        (
            "danger",
            {"in_danger": None},
            ["Select yes if you are in danger now or thinking about ending your life"],
        ),
        (
            "name",
            {"given_name": "", "family_name": ""},
            ["Enter your first name", "Enter your last name"],
        ),
        ("name", {"given_name": "x" * 101}, ["First name must be 100 characters or fewer"]),
        (
            "date-of-birth",
            {"date_of_birth[day]": "", "date_of_birth[month]": "", "date_of_birth[year]": ""},
            ["Enter your date of birth"],
        ),
        (
            "date-of-birth",
            {
                "date_of_birth[day]": str(TOMORROW.day),
                "date_of_birth[month]": str(TOMORROW.month),
                "date_of_birth[year]": str(TOMORROW.year),
            },
            ["Date of birth must be in the past"],
        ),
        (
            "date-of-birth",
            {"date_of_birth[day]": "31", "date_of_birth[month]": "2"},
            ["Date must be a real date"],
        ),
        ("date-of-birth", {"date_of_birth[month]": ""}, ["Date must include a month"]),
        ("nhs-number", {"nhs_number": "999 123 4568"}, ["This is not a valid NHS number"]),
        ("nhs-number", {"nhs_number": "12345"}, ["NHS number must be 10 digits long"]),
        ("postcode", {"postcode": "not a postcode"}, ["Enter a real postcode, like LS1 4AP"]),
        (
            "gp-practice",
            {"action": "search", "q": " "},
            ["Enter the name, postcode or code of your GP practice"],
        ),
        ("gp-practice", {"gp_practice": ""}, ["Search for your GP practice and choose it"]),
        (
            "gp-practice",
            {"gp_practice": "not-a-practice"},
            ["Search for your GP practice and choose it"],
        ),
        (
            "contact",
            {"phone": "", "email": ""},
            ["Enter a phone number or an email address, or both"],
        ),
        (
            "contact",
            {"phone": "call me", "email": ""},
            ["Enter a phone number, like 07700 900 982"],
        ),
        (
            "contact",
            {"phone": "", "email": "not-an-email"},
            ["Enter an email address in the right format"],
        ),
        ("contact", {"ok_to_leave_voicemail": ""}, ["Select yes if we can leave you a voicemail"]),
        ("main-reason", {"main_reason": ""}, ["Select what it is mainly about"]),
        ("main-reason", {"main_reason": "99"}, ["Select what it is mainly about"]),
        ("whats-happening", {"reason_for_referral": ""}, ["Tell us what is happening for you"]),
        ("whats-happening", {"reason_for_referral": LONG}, ["must be 2000 characters or fewer"]),
        ("whats-happening", {"help_wanted": LONG}, ["must be 2000 characters or fewer"]),
        ("communication", {"interpreter_needed": ""}, ["Select yes if you need an interpreter"]),
        ("communication", {"communication_needs": "x" * 501}, ["must be 500 characters or fewer"]),
        (
            "share-with-gp",
            {"consent_to_share_with_gp": ""},
            ["Select yes if we can share this with your GP"],
        ),
    ],
)
def test_each_page_explains_what_is_wrong(world, client, slug, data, messages):
    answer_up_to(client, slug)
    response = answer(client, slug, **data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert "nhsuk-error-summary" in body
    for message in messages:
        assert body.count(message) >= 2, message  # in the summary and by the field
    assert client.session[SelfReferralSession.SESSION_KEY]["answers"].get(slug) is None


def test_script_in_free_text_is_shown_as_text(world, client):
    answer_up_to(
        client,
        **{"whats-happening": {"reason_for_referral": "<script>alert('x')</script>\nSecond line"}},
    )
    body = client.get(url("check")).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;<br>Second line" in body


def test_an_email_alone_is_enough_and_voicemail_is_not_asked(world, client):
    answer_up_to(
        client,
        **{"contact": {"phone": "", "email": "morgan@example.com", "ok_to_leave_voicemail": ""}},
    )
    send(client)
    person = Referral.objects.get(person__family_name="Penrose").person
    assert (person.email, person.phone, person.ok_to_leave_voicemail) == (
        "morgan@example.com",
        "",
        False,
    )


# Finding a GP practice


def test_practices_are_found_by_name_code_or_postcode(db):
    practice = PracticeFactory(name="Hillside Medical Centre", code="C12345", postcode="LS6 2QB")
    PracticeFactory(name="Lakeside Surgery", code="C99999", postcode="HX1 1AA")
    assert search_gp_practices("hillside medical") == [practice]
    assert search_gp_practices("c12345") == [practice]
    assert search_gp_practices("ls62qb") == [practice]
    assert search_gp_practices("LS6 2") == [practice]
    assert search_gp_practices("   ") == []
    assert search_gp_practices("nowhere") == []


def test_a_search_with_no_results_says_so(world, client):
    answer_up_to(client, "gp-practice")
    body = client.post(url("gp-practice"), {"action": "search", "q": "Nowhere"}).content.decode()
    assert "No GP practices match" in body
    assert "I am not registered with a GP" in body
    assert "Error: " not in body
