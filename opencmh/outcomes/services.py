"""Recording outcome measures. Each function validates through scoring, writes in one
transaction with an audit event, and stops the referral's baseline-outcome clock."""

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction

from opencmh.core.audit import record_event
from opencmh.core.models import AuditEvent
from opencmh.outcomes import scoring
from opencmh.outcomes.models import CompletedBy, OutcomeItemScore, OutcomeMeasurement, Tool
from opencmh.referrals.models import ClockEvent
from opencmh.referrals.services import record_clock_event


def _check_referral(person, referral) -> None:
    if referral is not None and referral.person_id != person.pk:
        raise PermissionDenied("The referral belongs to someone else.")


def _finish(*, user, measurement: OutcomeMeasurement, items: list[OutcomeItemScore], what: str):
    OutcomeItemScore.objects.bulk_create(items)
    record_event(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=measurement,
        person=measurement.person,
        description=f"Recorded {what}",
    )
    referral = measurement.referral
    if referral is not None and referral.is_open:
        # The first outcome measure on a referral is its baseline, which can stop the
        # four-week clock; record_clock_event keeps the earliest date.
        record_clock_event(
            user=user,
            referral=referral,
            kind=ClockEvent.Kind.BASELINE_OUTCOME,
            occurred_on=measurement.completed_at.date(),
        )
    return measurement


@transaction.atomic
def record_dialog(
    *,
    user,
    person,
    referral,
    ratings: Mapping[int, object],
    more_help: Mapping[int, bool | None],
    completed_at: dt.datetime,
    completed_by: str,
) -> OutcomeMeasurement:
    """Record a DIALOG rated by the person (themselves, or with a clinician)."""
    _check_referral(person, referral)
    score = scoring.score_dialog(ratings)
    measurement = OutcomeMeasurement.objects.create(
        person=person,
        referral=referral,
        tool=Tool.DIALOG,
        completed_at=completed_at,
        completed_by=completed_by,
        recorded_by=user,
    )
    items = [
        OutcomeItemScore(
            measurement=measurement,
            item=item.number,
            score=score.ratings[item.number],
            snomed_code=item.snomed_code,
            more_help_wanted=more_help.get(item.number),
        )
        for item in scoring.DIALOG_ITEMS
    ]
    who = " by the person" if completed_by == CompletedBy.PERSON else ""
    return _finish(user=user, measurement=measurement, items=items, what=f"DIALOG{who}")


@transaction.atomic
def record_reqol10(
    *, user, person, referral, scores: Mapping[int, object], completed_at: dt.datetime
) -> OutcomeMeasurement:
    _check_referral(person, referral)
    score = scoring.score_reqol10(scores)
    measurement = OutcomeMeasurement.objects.create(
        person=person,
        referral=referral,
        tool=Tool.REQOL10,
        completed_at=completed_at,
        completed_by=CompletedBy.CLINICIAN,
        recorded_by=user,
        total_score=score.total,
        total_snomed_code=scoring.REQOL10_TOTAL_CODE,
    )
    items = [
        OutcomeItemScore(measurement=measurement, item=number, score=value)
        for number, value in sorted(score.items.items())
    ]
    return _finish(user=user, measurement=measurement, items=items, what="ReQoL-10")


@transaction.atomic
def record_gbo(
    *,
    user,
    person,
    referral,
    goals: Sequence[tuple[object, object]],
    completed_at: dt.datetime,
) -> OutcomeMeasurement:
    """Record Goal Based Outcomes: up to three (goal text, score 0-10) pairs."""
    _check_referral(person, referral)
    clean = scoring.validate_gbo(goals)
    measurement = OutcomeMeasurement.objects.create(
        person=person,
        referral=referral,
        tool=Tool.GBO,
        completed_at=completed_at,
        completed_by=CompletedBy.CLINICIAN,
        recorded_by=user,
    )
    items = [
        OutcomeItemScore(
            measurement=measurement,
            item=goal.number,
            score=goal.score,
            snomed_code=scoring.GBO_GOAL_CODES[goal.number - 1],
            goal_text=goal.text,
        )
        for goal in clean
    ]
    return _finish(user=user, measurement=measurement, items=items, what="Goal Based Outcomes")
