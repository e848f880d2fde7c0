"""First contact within the target (default 72 hours; a setting): met at 71h59m, missed at
72h01m; queue states due / overdue either side of the deadline."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from opencmh.bereavement import services
from opencmh.bereavement.clock import ClockState, describe_duration, first_contact_clock
from tests.bereavement.factories import bereavement_referral, bereavement_worker

RECEIVED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("after", "state"),
    [
        (dt.timedelta(hours=71, minutes=59), ClockState.MET),
        (dt.timedelta(hours=72), ClockState.MET),
        (dt.timedelta(hours=72, minutes=1), ClockState.MISSED),
    ],
)
def test_first_contact_target_boundary(after, state):
    clock = first_contact_clock(
        received_at=RECEIVED, first_contact_at=RECEIVED + after, now=RECEIVED + after
    )
    assert clock.state is state


@pytest.mark.parametrize(
    ("after", "state"),
    [
        (dt.timedelta(hours=71, minutes=59), ClockState.DUE),
        (dt.timedelta(hours=72, minutes=1), ClockState.OVERDUE),
    ],
)
def test_waiting_referral_is_due_then_overdue(after, state):
    clock = first_contact_clock(received_at=RECEIVED, first_contact_at=None, now=RECEIVED + after)
    assert clock.state is state


def test_the_target_is_a_setting(settings):
    settings.BEREAVEMENT_FIRST_CONTACT_HOURS = 48
    clock = first_contact_clock(
        received_at=RECEIVED, first_contact_at=None, now=RECEIVED + dt.timedelta(hours=49)
    )
    assert clock.state is ClockState.OVERDUE
    assert clock.deadline == RECEIVED + dt.timedelta(hours=48)


def test_durations_are_written_out():
    assert describe_duration(dt.timedelta(minutes=1)) == "1 minute"
    assert describe_duration(dt.timedelta(hours=71, minutes=59)) == "2 days 23 hours"
    assert describe_duration(dt.timedelta(hours=5, minutes=20)) == "5 hours 20 minutes"


@pytest.mark.parametrize(
    ("after", "text"),
    [
        (dt.timedelta(hours=71, minutes=59), "Due: 1 minute left"),
        (dt.timedelta(hours=72, minutes=1), "Overdue by 1 minute"),
    ],
)
def test_queue_shows_due_and_overdue_in_text(db, client_for, after, text):
    worker = bereavement_worker()
    with time_machine.travel(RECEIVED, tick=False):
        bereavement_referral(worker, received_at=timezone.now())
    with time_machine.travel(RECEIVED + after, tick=False):
        body = client_for(worker).get(reverse("bereavement:queue")).content.decode()
    assert text in body


@pytest.mark.parametrize(
    ("after", "text"),
    [
        (dt.timedelta(hours=71, minutes=59), "Met: first contact after 2 days 23 hours"),
        (dt.timedelta(hours=72, minutes=1), "Missed: first contact after 3 days"),
    ],
)
def test_contact_that_reaches_the_person_stops_the_clock(db, client_for, after, text):
    worker = bereavement_worker()
    with time_machine.travel(RECEIVED, tick=False):
        referral = bereavement_referral(worker, received_at=timezone.now())
    with time_machine.travel(RECEIVED + dt.timedelta(hours=2), tick=False):
        services.record_contact(
            user=worker, referral=referral, at=timezone.now(), method="phone", outcome="no_answer"
        )
    with time_machine.travel(RECEIVED + after, tick=False):
        services.record_contact(
            user=worker, referral=referral, at=timezone.now(), method="phone", outcome="reached"
        )
        body = client_for(worker).get(reverse("bereavement:queue")).content.decode()
    assert text in body


def test_queue_lists_least_time_left_first(db, client_for):
    worker = bereavement_worker()
    now = timezone.now()
    bereavement_referral(worker, received_at=now - dt.timedelta(hours=5), family_name="Newest")
    bereavement_referral(worker, received_at=now - dt.timedelta(hours=80), family_name="Oldest")
    bereavement_referral(worker, received_at=now - dt.timedelta(hours=40), family_name="Middle")
    body = client_for(worker).get(reverse("bereavement:queue")).content.decode()
    assert body.index("Oldest") < body.index("Middle") < body.index("Newest")
