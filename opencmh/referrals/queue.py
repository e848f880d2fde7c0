"""Ordering and filtering the triage queue in the database, so it stays fast at any size.

The clocks themselves are defined in clocks.py; here each referral gets the same facts as
database expressions: whether the EIP two-week clock applies, the date its clock falls
due, and whether the clock has stopped (all its events recorded).
"""

import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)

from opencmh.referrals import clocks

EIP = Q(primary_reason="01", team__team_type="A14")


def annotate_clocks(queryset: QuerySet) -> QuerySet:
    four_week_events = Count(
        "clock_events", filter=Q(clock_events__kind__in=clocks.FOUR_WEEK_EVENTS), distinct=True
    )
    eip_events = Count(
        "clock_events", filter=Q(clock_events__kind__in=clocks.EIP_EVENTS), distinct=True
    )
    return queryset.annotate(
        is_eip=Case(When(EIP, then=Value(True)), default=Value(False), output_field=BooleanField()),
        due_on=Case(
            When(
                EIP,
                then=ExpressionWrapper(
                    F("received_on") + dt.timedelta(days=clocks.TWO_WEEKS), output_field=DateField()
                ),
            ),
            default=ExpressionWrapper(
                F("received_on") + dt.timedelta(days=clocks.FOUR_WEEKS), output_field=DateField()
            ),
            output_field=DateField(),
        ),
        four_week_events=four_week_events,
        eip_events=eip_events,
    ).annotate(
        clock_stopped=Case(
            When(EIP & Q(eip_events=len(clocks.EIP_EVENTS)), then=Value(True)),
            When(~EIP & Q(four_week_events=len(clocks.FOUR_WEEK_EVENTS)), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def breached_or_near(queryset: QuerySet, today: dt.date) -> QuerySet:
    """Clocks still running that are past due or within the near-breach window."""
    near_eip = today + dt.timedelta(days=clocks.NEAR_BREACH_DAYS[clocks.TWO_WEEKS])
    near_four = today + dt.timedelta(days=clocks.NEAR_BREACH_DAYS[clocks.FOUR_WEEKS])
    return queryset.filter(clock_stopped=False).filter(
        Q(is_eip=True, due_on__lte=near_eip) | Q(is_eip=False, due_on__lte=near_four)
    )


ORDERINGS = {
    "waiting": ("received_on", "id"),
    "clock": ("clock_stopped", "due_on", "received_on", "id"),
    "priority": (
        Case(
            When(clinical_priority="1", then=Value(0)),
            When(clinical_priority="4", then=Value(1)),
            When(clinical_priority="2", then=Value(2)),
            default=Value(3),
        ),
        "received_on",
        "id",
    ),
}


def ordered(queryset: QuerySet, sort: str) -> QuerySet:
    return queryset.order_by(*ORDERINGS.get(sort, ORDERINGS["waiting"]))
