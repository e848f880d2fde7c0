"""Writes for SMI physical health: one transaction each, with an audit event.

Recording a check turns every result in the red zone into a follow-up action, using the
rules as they stand in the FollowUpRule table ("don't just screen, intervene").
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencmh.core.audit import record_event
from opencmh.core.models import AuditEvent
from opencmh.physical_health import rules
from opencmh.physical_health.models import (
    AntipsychoticCourse,
    FollowUpAction,
    FollowUpRule,
    PhysicalHealthCheck,
    SMIRegisterEntry,
)

CHECK_FIELDS = (
    *rules.MEASUREMENTS,
    "smoking_status",
    "poor_diet_or_inactive",
    "substance_use",
    "medical_history",
    "family_history",
    "blood_borne_virus_screening",
    "liver_screening",
    "notes",
)


@transaction.atomic
def save_register_entry(
    *,
    user,
    person,
    diagnosis: str,
    diagnosed_on: dt.date | None,
    in_remission: bool,
    remission_recorded_on: dt.date | None,
) -> SMIRegisterEntry:
    """Add the person to the SMI register, or change their diagnosis or remission."""
    if in_remission and remission_recorded_on is None:
        raise ValidationError("Enter the date remission was recorded")
    entry = SMIRegisterEntry.objects.select_for_update().filter(person=person).first()
    created = entry is None
    if created:
        entry = SMIRegisterEntry(person=person)
    entry.diagnosis = diagnosis
    entry.diagnosed_on = diagnosed_on
    entry.in_remission = in_remission
    entry.remission_recorded_on = remission_recorded_on if in_remission else None
    entry.recorded_by = user
    entry.save()
    record_event(
        user=user,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=entry,
        person=person,
        description=f"SMI register: {entry.get_diagnosis_display()}"
        + (" (in remission)" if in_remission else ""),
    )
    return entry


def _validate(values: dict) -> dict:
    """Check every measurement is plausible; return the values with BMI worked out."""
    errors = {}
    for name in rules.MEASUREMENTS:
        value = values.get(name)
        if value is None or name == "bmi":
            continue
        try:
            rules.check_range(name, value)
        except ValueError as exc:
            errors[name] = str(exc)
    if (values.get("height_cm") is None) != (values.get("weight_kg") is None) and not errors:
        missing = "height" if values.get("height_cm") is None else "weight"
        errors["height_cm" if missing == "height" else "weight_kg"] = (
            f"Enter the {missing} as well, so BMI can be worked out"
        )
    systolic, diastolic = values.get("systolic_bp"), values.get("diastolic_bp")
    if (systolic is None) != (diastolic is None):
        errors["diastolic_bp" if diastolic is None else "systolic_bp"] = (
            "Enter both the systolic and the diastolic blood pressure"
        )
    elif systolic is not None and systolic <= diastolic and not errors:
        errors["systolic_bp"] = "Systolic blood pressure must be higher than diastolic"
    if errors:
        raise ValidationError(errors)
    if values.get("height_cm") is not None:
        values["bmi"] = rules.bmi(values["height_cm"], values["weight_kg"])
        try:
            rules.check_range("bmi", values["bmi"])
        except ValueError:
            raise ValidationError(
                {
                    "weight_kg": f"Height and weight give a BMI of {values['bmi']}, which is not "
                    "plausible: check both"
                }
            ) from None
    else:
        values["bmi"] = None
    return values


def active_rules() -> list[rules.Rule]:
    return [r.as_rule() for r in FollowUpRule.objects.filter(active=True)]


@transaction.atomic
def record_check(
    *,
    user,
    person,
    checked_on: dt.date,
    setting: str,
    values: dict,
    team=None,
    gp_practice=None,
) -> tuple[PhysicalHealthCheck, list[FollowUpAction]]:
    """Record a check and raise a follow-up action for each result in the red zone."""
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": "Date of the check must be today or in the past"})
    values = _validate({name: values.get(name) for name in CHECK_FIELDS})
    earlier = PhysicalHealthCheck.objects.filter(
        person=person,
        checked_on__lt=checked_on,
        checked_on__gte=checked_on - dt.timedelta(days=91),
        weight_kg__isnull=False,
    ).values_list("checked_on", "weight_kg")
    gain = rules.weight_gain_3_months(checked_on, values.get("weight_kg"), earlier)
    covered = rules.elements_recorded(values)
    check = PhysicalHealthCheck.objects.create(
        person=person,
        checked_on=checked_on,
        setting=setting,
        recorded_by=user,
        team=team,
        gp_practice=gp_practice,
        weight_gain_3_months=gain if gain is None else max(gain, Decimal(0)),
        elements_recorded=sum(covered.values()),
        all_six_elements=all(covered.values()),
        **{k: ("" if v is None and k not in rules.MEASUREMENTS else v) for k, v in values.items()},
    )
    triggers = rules.evaluate(active_rules(), check.values(), person.ethnic_category)
    actions = FollowUpAction.objects.bulk_create(
        [
            FollowUpAction(
                person=person,
                check_record=check,
                kind=t.action,
                rule_code=t.rule_code,
                reason=t.reason[:300],
            )
            for t in triggers
        ]
    )
    record_event(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=check,
        person=person,
        description=f"Physical health check recorded ({check.elements_recorded} of 6 elements)",
    )
    for action in actions:
        record_event(
            user=user,
            action=AuditEvent.Action.CREATE,
            obj=action,
            person=person,
            description=f"Follow-up action raised: {action.get_kind_display()}",
        )
    return check, actions


class AlreadyClosed(ValidationError):
    pass


@transaction.atomic
def close_action(*, user, action: FollowUpAction, status: str, note: str = "") -> FollowUpAction:
    """Mark a follow-up action done or declined, once, with who and when."""
    if status not in (FollowUpAction.Status.DONE, FollowUpAction.Status.DECLINED):
        raise ValidationError("Choose whether the follow-up was done or declined")
    current = (
        FollowUpAction.objects.select_for_update(of=("self",))
        .select_related("closed_by")
        .get(pk=action.pk)
    )
    if current.status != FollowUpAction.Status.OPEN:
        when = timezone.localtime(current.closed_at).strftime("%d %B %Y at %H:%M")
        raise AlreadyClosed(
            f"{current.closed_by.display_name} already marked this "
            f"{current.get_status_display().lower()} on {when}"
        )
    current.status = status
    current.closed_at = timezone.now()
    current.closed_by = user
    current.outcome_note = note.strip()
    current.save(update_fields=["status", "closed_at", "closed_by", "outcome_note", "updated_at"])
    record_event(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=current,
        person=current.person,
        description=f"Follow-up {current.get_status_display().lower()}: {current.get_kind_display()}",
    )
    return current


@transaction.atomic
def start_antipsychotic(
    *, user, person, medication: str, started_on: dt.date
) -> AntipsychoticCourse:
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "Start date must be today or in the past"})
    course = AntipsychoticCourse.objects.create(
        person=person, medication=medication.strip(), started_on=started_on, recorded_by=user
    )
    record_event(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=course,
        person=person,
        description=f"Antipsychotic started: {course.medication}",
    )
    return course


@transaction.atomic
def stop_antipsychotic(*, user, course: AntipsychoticCourse, stopped_on: dt.date):
    if stopped_on < course.started_on:
        raise ValidationError({"stopped_on": "Stop date must be on or after the start date"})
    course.stopped_on = stopped_on
    course.save(update_fields=["stopped_on", "updated_at"])
    record_event(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=course,
        person=course.person,
        description=f"Antipsychotic stopped: {course.medication}",
    )
    return course
