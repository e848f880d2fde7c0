"""First employer contact within one month (30 days) of the IPS referral; sustainment at
13 and 26 weeks after the job start."""

import datetime as dt

import pytest

from opencmh.employment import rules

REFERRED = dt.date(2026, 1, 10)


@pytest.mark.parametrize(
    ("day", "state"),
    [(0, rules.TargetState.MET), (30, rules.TargetState.MET), (31, rules.TargetState.MISSED)],
)
def test_first_employer_contact_target_at_day_30_and_31(day, state):
    target = rules.first_employer_contact(
        referred_on=REFERRED,
        first_contact_on=REFERRED + dt.timedelta(days=day),
        today=dt.date(2026, 6, 1),
    )
    assert target.state is state
    assert target.days_taken == day
    assert target.due_by == dt.date(2026, 2, 9)


def test_no_contact_yet_is_due_until_day_30_then_overdue():
    on_day_30 = rules.first_employer_contact(
        referred_on=REFERRED, first_contact_on=None, today=REFERRED + dt.timedelta(days=30)
    )
    assert on_day_30.state is rules.TargetState.DUE
    assert on_day_30.days_left == 0
    on_day_31 = rules.first_employer_contact(
        referred_on=REFERRED, first_contact_on=None, today=REFERRED + dt.timedelta(days=31)
    )
    assert on_day_31.state is rules.TargetState.OVERDUE


def test_sustainment_due_dates_are_13_and_26_weeks_after_the_start():
    start = dt.date(2026, 3, 2)
    assert rules.sustainment_due_on(start, 13) == dt.date(2026, 6, 1)
    assert rules.sustainment_due_on(start, 26) == dt.date(2026, 8, 31)
    with pytest.raises(ValueError):
        rules.sustainment_due_on(start, 52)


def test_sustainment_state_before_on_and_after_the_due_date():
    start = dt.date(2026, 3, 2)
    due = dt.date(2026, 6, 1)

    def state(today, recorded=None):
        return rules.sustainment_state(started_on=start, weeks=13, recorded=recorded, today=today)

    assert state(due - dt.timedelta(days=1)) is rules.SustainmentState.NOT_YET_DUE
    assert state(due) is rules.SustainmentState.DUE
    assert state(due, recorded=True) is rules.SustainmentState.SUSTAINED
    assert state(due, recorded=False) is rules.SustainmentState.NOT_SUSTAINED
