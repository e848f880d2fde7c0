"""Writes to care records: one transaction each, with an audit event.

Plans are versioned with optimistic locking: a save names the version it was based on,
and if someone saved a newer version meanwhile the save is refused (StaleVersion) with
who and when, and the user's text is kept in the form to re-apply.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from opencmh.care.models import (
    Assessment,
    AssessmentEntry,
    AssessmentSection,
    CareActivity,
    CareContact,
    CarePlan,
    CarePlanAgreement,
    CarePlanVersion,
    SafetyPlanVersion,
)
from opencmh.core.audit import record_event
from opencmh.core.codes import ATTENDED_CODES, DIRECT_MECHANISMS, is_intervention
from opencmh.core.models import AuditEvent
from opencmh.outcomes import services as outcome_services
from opencmh.referrals.models import OPEN_STATUSES, ClockEvent
from opencmh.referrals.services import record_clock_event

REQUIRED_TO_COMPLETE = (
    AssessmentSection.MENTAL_HEALTH,
    AssessmentSection.WHAT_MATTERS,
    AssessmentSection.SAFETY,
)


class StaleVersion(Exception):
    def __init__(self, latest):
        self.latest = latest
        when = timezone.localtime(latest.written_at).strftime("%d %B %Y at %H:%M")
        super().__init__(
            f"{latest.written_by.display_name} saved a newer version on {when} while you were editing. "
            "Your changes have not been saved yet: they are still in the form below. Check the latest "
            "version, then save again."
        )


def _open_referrals(person):
    return person.referrals.filter(status__in=OPEN_STATUSES)


def _clock(user, person, kind, on: dt.date):
    for referral in _open_referrals(person):
        if referral.received_on <= on:
            record_clock_event(user=user, referral=referral, kind=kind, occurred_on=on)


@transaction.atomic
def update_assessment(*, user, person, sections: dict[str, str], team=None) -> Assessment:
    """Add an entry for each section whose text changed; unchanged sections are left alone."""
    assessment, _ = Assessment.objects.get_or_create(person=person)
    current = current_assessment_text(assessment)
    changed = [
        key
        for key, text in sections.items()
        if text.strip() and text.strip() != current.get(key, "")
    ]
    AssessmentEntry.objects.bulk_create(
        [
            AssessmentEntry(
                assessment=assessment,
                section=key,
                text=sections[key].strip(),
                written_by=user,
                team=team,
            )
            for key in changed
        ]
    )
    if changed:
        labels = ", ".join(AssessmentSection(k).label.lower() for k in changed)
        record_event(
            user=user,
            action=AuditEvent.Action.UPDATE,
            obj=assessment,
            person=person,
            description=f"Assessment updated: {labels}",
        )
    return assessment


def current_assessment_text(assessment: Assessment) -> dict[str, str]:
    latest: dict[str, str] = {}
    for entry in assessment.entries.all():
        latest[entry.section] = entry.text
    return latest


@transaction.atomic
def complete_assessment(*, user, person) -> Assessment:
    """Mark the shared assessment complete: the 'meaningful assessment' clock event."""
    assessment = Assessment.objects.select_for_update().filter(person=person).first()
    text = current_assessment_text(assessment) if assessment else {}
    missing = [AssessmentSection(k).label for k in REQUIRED_TO_COMPLETE if not text.get(k)]
    if missing:
        raise ValidationError(
            f"Before completing the assessment, write about: {', '.join(missing).lower()}"
        )
    if assessment.completed_at is None:
        assessment.completed_at = timezone.now()
        assessment.completed_by = user
        assessment.save(update_fields=["completed_at", "completed_by", "updated_at"])
    _clock(user, person, ClockEvent.Kind.ASSESSMENT, timezone.localdate())
    record_event(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=assessment,
        person=person,
        description="Assessment completed",
    )
    return assessment


def _record_goal_scores(*, user, person, goals: list[dict], previous) -> None:
    """Goal scores in the plan are Goal Based Outcomes: record them as a measurement (one
    source of GBO for the outcomes page and the extract) when they are new or changed."""
    scored = [(g["text"], g["score"]) for g in goals if g.get("score") is not None]
    before = [
        (g["text"], g.get("score"))
        for g in (previous.goals if previous else [])
        if g.get("score") is not None
    ]
    if not scored or scored == before:
        return
    referral = _open_referrals(person).filter(status="accepted").order_by("-received_on").first()
    outcome_services.record_gbo(
        user=user, person=person, referral=referral, goals=scored, completed_at=timezone.now()
    )


def _validate_goals(goals: list[dict]) -> None:
    if len(goals) > 3:
        raise ValidationError("A plan can have up to three goals")
    for n, goal in enumerate(goals, start=1):
        if not goal.get("text", "").strip():
            raise ValidationError(f"Goal {n} needs the person's own words")
        score = goal.get("score")
        if score is not None and not (isinstance(score, int) and 0 <= score <= 10):
            raise ValidationError(f"Goal {n} score must be a whole number from 0 to 10")


@transaction.atomic
def save_care_plan(
    *,
    user,
    person,
    based_on: int,
    goals: list[dict],
    interventions: list[dict],
    key_worker,
    crisis_and_contingency: str,
    review_on: dt.date,
) -> CarePlanVersion:
    """Write a new version of the person's care plan, unless someone saved one since BASED_ON."""
    _validate_goals(goals)
    if not crisis_and_contingency.strip():
        raise ValidationError("Write what to do in a crisis, with the person")
    plan, _ = CarePlan.objects.get_or_create(person=person)
    updated = CarePlan.objects.filter(pk=plan.pk, current_version=based_on).update(
        current_version=F("current_version") + 1, updated_at=timezone.now()
    )
    if updated == 0:
        raise StaleVersion(plan.versions.order_by("-number").first())
    version = CarePlanVersion.objects.create(
        plan=plan,
        number=based_on + 1,
        goals=goals,
        interventions=interventions,
        key_worker=key_worker,
        crisis_and_contingency=crisis_and_contingency.strip(),
        review_on=review_on,
        written_by=user,
    )
    _record_goal_scores(
        user=user,
        person=person,
        goals=goals,
        previous=plan.versions.filter(number=based_on).first(),
    )
    record_event(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=version,
        person=person,
        description=f"Care plan version {version.number} written",
    )
    return version


@transaction.atomic
def agree_care_plan(
    *, user, version: CarePlanVersion, agreed_on: dt.date, agreed_by: str = "person"
) -> CarePlanAgreement:
    """The person agreed this version: the MHSDS care plan agreement, a four-week clock event."""
    if agreed_on > timezone.localdate():
        raise ValidationError("The date the plan was agreed cannot be in the future")
    if hasattr(version, "agreement"):
        raise ValidationError("This version has already been agreed")
    agreement = CarePlanAgreement.objects.create(
        version=version, agreed_on=agreed_on, agreed_by=agreed_by, recorded_by=user
    )
    _clock(user, version.plan.person, ClockEvent.Kind.CARE_PLAN_OR_INTERVENTION, agreed_on)
    record_event(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=version,
        person=version.plan.person,
        description=f"Care plan version {version.number} agreed",
    )
    return agreement


@transaction.atomic
def record_contact(
    *,
    user,
    referral,
    professional,
    starts_at: dt.datetime,
    mechanism: str,
    attend_status: str = "",
    duration_minutes: int | None = None,
    procedures: list[str] = (),
    notes: str = "",
) -> CareContact:
    """Record (or book, with no attend status) a care contact and its activities."""
    if attend_status and starts_at > timezone.now():
        raise ValidationError(
            "A contact in the future cannot have an attendance yet: leave it blank to book it"
        )
    if not attend_status and starts_at <= timezone.now():
        raise ValidationError("Say whether the person attended this contact")
    contact = CareContact.objects.create(
        referral=referral,
        team=referral.team,
        professional=professional,
        starts_at=starts_at,
        mechanism=mechanism,
        attend_status=attend_status,
        duration_minutes=duration_minutes,
        notes=notes,
        recorded_by=user,
    )
    CareActivity.objects.bulk_create(
        [CareActivity(contact=contact, procedure=code) for code in procedures]
    )
    _contact_clock_events(user, contact, procedures)
    record_event(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=contact,
        person=referral.person,
        description="Care contact recorded" if attend_status else "Care contact booked",
    )
    return contact


def _contact_clock_events(user, contact: CareContact, procedures) -> None:
    if contact.attend_status in ATTENDED_CODES and contact.mechanism in DIRECT_MECHANISMS:
        on = timezone.localtime(contact.starts_at).date()
        record_clock_event(
            user=user, referral=contact.referral, kind=ClockEvent.Kind.FIRST_CONTACT, occurred_on=on
        )
        if any(is_intervention(code) for code in procedures):
            record_clock_event(
                user=user,
                referral=contact.referral,
                kind=ClockEvent.Kind.CARE_PLAN_OR_INTERVENTION,
                occurred_on=on,
            )


@transaction.atomic
def record_attendance(
    *, user, contact: CareContact, attend_status: str, procedures: list[str] = ()
) -> CareContact:
    """Record whether a booked contact happened."""
    if contact.attend_status:
        raise ValidationError("Attendance is already recorded for this contact")
    if contact.starts_at > timezone.now():
        raise ValidationError("This contact has not happened yet")
    updated = CareContact.objects.filter(pk=contact.pk, attend_status="").update(
        attend_status=attend_status, updated_at=timezone.now()
    )
    if updated == 0:
        raise ValidationError("Attendance was recorded by someone else a moment ago")
    contact.refresh_from_db()
    CareActivity.objects.bulk_create(
        [CareActivity(contact=contact, procedure=code) for code in procedures]
    )
    _contact_clock_events(user, contact, procedures)
    record_event(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=contact,
        person=contact.referral.person,
        description="Attendance recorded",
    )
    return contact


SAFETY_FIELDS = (
    "warning_signs",
    "coping_strategies",
    "people_and_places",
    "who_to_contact",
    "crisis_lines",
    "formulation",
)


@transaction.atomic
def save_safety_plan(
    *, user, person, based_on: int, review_on: dt.date, safer_environment: str = "", **fields
) -> SafetyPlanVersion:
    missing = [name.replace("_", " ") for name in SAFETY_FIELDS if not fields.get(name, "").strip()]
    if missing:
        raise ValidationError(
            f"Complete these parts of the safety plan with the person: {', '.join(missing)}"
        )
    latest = person.safety_plans.order_by("-number").first()
    if (latest.number if latest else 0) != based_on:
        raise StaleVersion(latest)
    try:
        with transaction.atomic():
            version = SafetyPlanVersion.objects.create(
                person=person,
                number=based_on + 1,
                review_on=review_on,
                safer_environment=safer_environment.strip(),
                written_by=user,
                **{k: fields[k].strip() for k in SAFETY_FIELDS},
            )
    except IntegrityError:  # another clinician saved the same version number a moment ago
        raise StaleVersion(person.safety_plans.order_by("-number").first()) from None
    record_event(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=version,
        person=person,
        description=f"Safety plan version {version.number} written",
    )
    return version
