"""Triage: clocks, decisions, concurrent clinicians, onward connection and questions."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from opencmh.core.models import Role
from opencmh.referrals import clocks, services
from opencmh.referrals.models import ClockEvent, Referral, ReferralStatusChange
from opencmh.referrals.presenters import ReferralPresenter
from tests.factories import PersonFactory, ReferralFactory, TeamFactory, UserFactory

TODAY = dt.date(2026, 11, 23)


def _referral_with_events(db_team, received, events, reason="04"):
    referral = ReferralFactory(team=db_team, received_on=received, primary_reason=reason)
    for kind, day in events.items():
        ClockEvent.objects.create(
            referral=referral, kind=kind, occurred_on=received + dt.timedelta(days=day)
        )
    return Referral.objects.prefetch_related("clock_events").get(pk=referral.pk)


FOUR = {
    ClockEvent.Kind.FIRST_CONTACT: 3,
    ClockEvent.Kind.BASELINE_OUTCOME: 10,
    ClockEvent.Kind.ASSESSMENT: 5,
    ClockEvent.Kind.CARE_PLAN_OR_INTERVENTION: 28,
}


def test_four_week_clock_stops_on_the_latest_of_the_four_events(world):
    referral = _referral_with_events(world.team, TODAY - dt.timedelta(days=60), FOUR)
    clock = clocks.four_week_clock(referral, TODAY)
    assert clock.stopped_on == referral.received_on + dt.timedelta(days=28)
    assert clock.state == "met"  # day 28 is within four weeks


def test_four_week_clock_stopping_on_day_29_is_missed(world):
    referral = _referral_with_events(
        world.team, TODAY - dt.timedelta(days=60), {**FOUR, ClockEvent.Kind.ASSESSMENT: 29}
    )
    assert clocks.four_week_clock(referral, TODAY).state == "missed"


def test_an_unstopped_clock_is_on_track_near_or_breached(world):
    missing_one = {k: v for k, v in FOUR.items() if k != ClockEvent.Kind.BASELINE_OUTCOME}
    for waited, expected in ((10, "on_track"), (22, "near"), (29, "breached")):
        referral = _referral_with_events(world.team, TODAY - dt.timedelta(days=waited), {})
        assert clocks.four_week_clock(referral, TODAY).state == expected, waited
    referral = _referral_with_events(world.team, TODAY - dt.timedelta(days=40), missing_one)
    clock = clocks.four_week_clock(referral, TODAY)
    assert (clock.state, clock.summary) == ("breached", "Day 40: over 28 days")


@pytest.mark.parametrize(("contact_day", "expected"), [(14, "met"), (15, "missed")])
def test_eip_clock_stops_on_the_later_of_contact_and_care_coordinator(world, contact_day, expected):
    eip = TeamFactory(team_type="A14", place=world.team.place)
    events = {ClockEvent.Kind.FIRST_CONTACT: contact_day, ClockEvent.Kind.CARE_COORDINATOR: 2}
    referral = _referral_with_events(eip, TODAY - dt.timedelta(days=30), events, reason="01")
    clock = clocks.eip_clock(referral, TODAY)
    assert clock.days == contact_day
    assert clock.state == expected
    not_fep = _referral_with_events(eip, TODAY - dt.timedelta(days=30), events, reason="32")
    assert clocks.eip_clock(not_fep, TODAY) is None


def test_accepting_allocates_a_key_worker_and_records_history(world):
    triage = world.users[Role.TRIAGE_CLINICIAN]
    referral = world.out_of_scope
    referral = ReferralFactory(team=world.team)
    keyworker = world.users[Role.KEY_WORKER]
    at = timezone.now() + dt.timedelta(days=3)
    services.accept_referral(
        user=triage,
        referral=referral,
        expected_version=0,
        team=world.team,
        key_worker=keyworker,
        first_contact_at=at,
    )
    referral.refresh_from_db()
    assert (referral.status, referral.key_worker, referral.version) == ("accepted", keyworker, 1)
    assert referral.status_history.get(status="accepted").by == triage
    assert referral.clock_events.filter(kind="care_coordinator").exists()
    dates = ReferralPresenter(referral).mhsds_dates()
    assert dates["ServiceRequestAcceptedDate"] == timezone.localdate()
    assert dates["ReferClosureDate"] is None


def test_two_clinicians_at_once_one_wins_and_the_other_is_told(world, client):
    referral = ReferralFactory(team=world.team)
    first = world.users[Role.TRIAGE_CLINICIAN]
    second = UserFactory(
        role=Role.TRIAGE_CLINICIAN, teams=[world.team], first_name="Second", last_name="Clinician"
    )
    # Both open the referral at version 0; the second clinician asks a question first.
    client.force_login(second)
    client.post(
        reverse("referrals:ask", args=[referral.pk]),
        {"version": 0, "question": "Any history of psychosis?"},
    )
    client.force_login(first)
    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        {"version": 0, "team": str(world.team.pk)},
        follow=True,
    )
    body = response.content.decode()
    assert "Second Clinician changed this referral" in body
    assert "Nothing you entered has been saved" in body
    referral.refresh_from_db()
    assert referral.status == "more_information"
    assert list(referral.status_history.values_list("status", flat=True)) == ["more_information"]


def test_connecting_elsewhere_needs_a_named_service_and_a_handover(
    world, client_for, directory_service
):
    referral = ReferralFactory(team=world.team, referred_by=world.users[Role.PARTNER_REFERRER])
    client = client_for(world.users[Role.TRIAGE_CLINICIAN])
    url = reverse("referrals:connect", args=[referral.pk])
    today = timezone.localdate()
    response = client.post(url, {"version": 0, "spoken_to": ""})
    body = response.content.decode()
    assert "Choose the service from the directory" in body
    assert "Enter who you spoke to at the service" in body
    assert "Tell the person where they have been connected to" in body
    referral.refresh_from_db()
    assert referral.status == "received"
    client.post(
        url,
        {
            "version": 0,
            "service": str(directory_service.pk),
            "spoken_to": "Duty worker Jess",
            "spoken_on[day]": str(today.day),
            "spoken_on[month]": str(today.month),
            "spoken_on[year]": str(today.year),
            "person_told": "on",
            "referrer_told": "on",
        },
    )
    referral.refresh_from_db()
    assert (referral.status, referral.closure_reason) == (
        "connected_elsewhere",
        "connected_elsewhere",
    )
    assert referral.handover.service == directory_service
    partner_page = (
        client_for(world.users[Role.PARTNER_REFERRER])
        .get(reverse("referrals:mine"))
        .content.decode()
    )
    assert f"Connected to {directory_service}" in partner_page


def test_asking_the_referrer_keeps_the_clock_running_until_they_answer(world, client_for):
    partner = world.users[Role.PARTNER_REFERRER]
    referral = ReferralFactory(
        team=world.team,
        referred_by=partner,
        received_on=timezone.localdate() - dt.timedelta(days=5),
    )
    services.ask_for_information(
        user=world.users[Role.TRIAGE_CLINICIAN],
        referral=referral,
        expected_version=0,
        question="Is it safe to phone?",
    )
    referral.refresh_from_db()
    assert referral.status == "more_information"
    assert ReferralPresenter(referral).four_week.days == 5  # still counting from the referral date
    client = client_for(partner)
    page = client.get(reverse("referrals:mine")).content.decode()
    assert "Questions for you" in page
    question = referral.information_requests.get()
    empty = client.post(reverse("referrals:answer", args=[question.pk]), {"answer": " "})
    assert "Enter your answer" in empty.content.decode()
    client.post(reverse("referrals:answer", args=[question.pk]), {"answer": "Yes, after 5pm"})
    referral.refresh_from_db()
    assert referral.status == "received"
    assert referral.information_requests.get().answer == "Yes, after 5pm"


def test_confirming_a_likely_match_moves_the_referral_to_the_existing_record(world, client_for):
    existing = world.in_scope
    duplicate = PersonFactory(
        nhs_number="",
        given_name=existing.given_name,
        family_name=existing.family_name,
        date_of_birth=existing.date_of_birth,
    )
    referral = ReferralFactory(person=duplicate, team=world.team, possible_match=existing)
    client = client_for(world.users[Role.TRIAGE_CLINICIAN])
    client.post(reverse("referrals:match", args=[referral.pk]), {"version": 0, "decision": "same"})
    referral.refresh_from_db()
    duplicate.refresh_from_db()
    assert referral.person == existing and referral.possible_match is None
    assert duplicate.merged_into == existing
    listing = client.get(reverse("people:list")).content.decode()
    assert listing.count(existing.family_name) == 1


def test_queue_marks_breaches_in_text_and_filters_them(world, client_for):
    late = ReferralFactory(
        team=world.team, received_on=timezone.localdate() - dt.timedelta(days=35)
    )
    fresh = ReferralFactory(
        team=world.team, received_on=timezone.localdate() - dt.timedelta(days=2)
    )
    client = client_for(world.users[Role.TRIAGE_CLINICIAN])
    body = client.get(reverse("referrals:queue")).content.decode()
    assert "Breached" in body and "Day 35: over 28 days" in body
    assert body.index(late.person.family_name) < body.index(
        fresh.person.family_name
    )  # longest wait first
    breaches = client.get(reverse("referrals:queue"), {"show": "breach"}).content.decode()
    assert late.person.family_name in breaches
    assert fresh.person.family_name not in breaches
    # Another team's referrals never appear.
    assert world.out_of_scope.family_name not in body


def test_clinician_records_a_phone_referral_once(world, client_for):
    client = client_for(world.users[Role.TRIAGE_CLINICIAN])
    key = str(uuid.uuid4())
    data = {
        "submission_key": key,
        "route": "phone",
        "source_of_referral": "E1",
        "referrer_name": "PC Rowe",
        "referrer_contact": "0113 555 0101",
        "given_name": "Casey",
        "family_name": "Oduya",
        "date_of_birth[day]": "1",
        "date_of_birth[month]": "7",
        "date_of_birth[year]": "1992",
        "sex": "1",
        "primary_reason": "18",
        "clinical_priority": "2",
        "reason_for_referral": "Found distressed on a bridge; agreed to be referred.",
        "consent_to_share_with_gp": "on",
    }
    client.post(reverse("referrals:record"), data)
    client.post(reverse("referrals:record"), data)
    referral = Referral.objects.get(person__family_name="Oduya")
    assert (referral.route, referral.source_of_referral, referral.referrer_name) == (
        "phone",
        "E1",
        "PC Rowe",
    )
    assert ReferralStatusChange.objects.filter(referral=referral).count() == 1


def test_directory_search_finds_services_by_what_they_offer(world, client_for, directory_service):
    client = client_for(world.users[Role.PARTNER_REFERRER])
    assert (
        directory_service.name
        in client.get(reverse("organisations:directory"), {"q": "evening"}).content.decode()
    )
    assert (
        directory_service.name
        not in client.get(reverse("organisations:directory"), {"q": "tax"}).content.decode()
    )


def test_a_referral_received_at_2359_is_dated_that_day_and_waits_one_day_next_morning(world):
    import time_machine

    with time_machine.travel(
        dt.datetime(2026, 7, 14, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=1))), tick=False
    ):
        referral = services.receive_referral(
            user=world.users[Role.TRIAGE_CLINICIAN],
            submission_key=uuid.uuid4(),
            person_fields={
                "given_name": "Late",
                "family_name": "Evening",
                "date_of_birth": dt.date(1990, 1, 1),
            },
            referral_fields={"primary_reason": "04"},
            source_of_referral="B1",
            route_taken="phone",
        )
    assert referral.received_on == dt.date(2026, 7, 14)
    referral = Referral.objects.prefetch_related("clock_events").get(pk=referral.pk)
    assert clocks.four_week_clock(referral, dt.date(2026, 7, 15)).days == 1


def test_clock_events_recorded_out_of_order_keep_the_earliest_date(world):
    referral = ReferralFactory(team=world.team, received_on=TODAY - dt.timedelta(days=20))
    user = world.users[Role.KEY_WORKER]
    services.record_clock_event(
        user=user, referral=referral, kind="first_contact", occurred_on=TODAY - dt.timedelta(days=5)
    )
    services.record_clock_event(
        user=user,
        referral=referral,
        kind="first_contact",
        occurred_on=TODAY - dt.timedelta(days=12),
    )
    services.record_clock_event(
        user=user, referral=referral, kind="first_contact", occurred_on=TODAY - dt.timedelta(days=2)
    )
    referral = Referral.objects.prefetch_related("clock_events").get(pk=referral.pk)
    assert clocks.four_week_clock(referral, TODAY).events[
        ClockEvent.Kind.FIRST_CONTACT
    ] == TODAY - dt.timedelta(days=12)


def test_triage_queue_query_count_does_not_grow_with_the_queue(
    world, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.users[Role.TRIAGE_CLINICIAN])

    def queries_for_queue():
        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.get(
                    reverse("referrals:queue"), {"show": "open", "sort": "clock"}
                ).status_code
                == 200
            )
        return len(ctx.captured_queries)

    _bulk_open_referrals(world.team, 20)
    small = queries_for_queue()
    _bulk_open_referrals(world.team, 2000)
    assert queries_for_queue() == small


def _bulk_open_referrals(team, n):
    from opencmh.people.models import Person

    people = Person.objects.bulk_create(
        [
            Person(given_name="Queue", family_name=f"Person{i}", date_of_birth=dt.date(1980, 1, 1))
            for i in range(n)
        ]
    )
    referrals = Referral.objects.bulk_create(
        [
            Referral(
                person=p,
                team=team,
                source_of_referral="A1",
                primary_reason="04",
                received_on=TODAY - dt.timedelta(days=i % 40),
            )
            for i, p in enumerate(people)
        ]
    )
    ClockEvent.objects.bulk_create(
        [
            ClockEvent(referral=r, kind="first_contact", occurred_on=r.received_on)
            for r in referrals[::3]
        ]
    )
