"""Writes for specialist pathways: one transaction each, with an audit event."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencmh.core.audit import record_event
from opencmh.core.models import AuditEvent
from opencmh.pathways.models import (
    HospitalStay,
    PackageElement,
    PackageStatus,
    PackageUpdate,
    PhysicalMonitoring,
)

RANGES = {
    # field: (low, high, plain-English name, unit)
    "weight_kg": (15, 300, "Weight", "kg"),
    "height_cm": (100, 230, "Height", "cm"),
    "pulse_bpm": (25, 220, "Pulse", "beats per minute"),
    "systolic_mmhg": (50, 260, "Systolic blood pressure", "mmHg"),
    "diastolic_mmhg": (25, 160, "Diastolic blood pressure", "mmHg"),
    "temperature_c": (Decimal("30.0"), Decimal("43.0"), "Temperature", "°C"),
}


def check_ranges(values: dict) -> dict[str, str]:
    """Plain-English messages for values outside plausible ranges, by field."""
    errors = {}
    for field, (low, high, name, unit) in RANGES.items():
        value = values.get(field)
        if value is not None and not (low <= value <= high):
            errors[field] = f"{name} must be between {low} and {high} {unit}"
    return errors


@transaction.atomic
def update_package(*, user, referral, element: str, status: str) -> PackageUpdate:
    if element not in PackageElement.values or status not in PackageStatus.values:
        raise ValidationError("Choose an element of the package and its status")
    update = PackageUpdate.objects.create(
        referral=referral, element=element, status=status, by=user
    )
    record_event(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=referral,
        person=referral.person,
        description=f"EIP package: {update.get_element_display()} {update.get_status_display().lower()}",
    )
    return update


@transaction.atomic
def record_monitoring(*, user, person, measured_on: dt.date, **values) -> PhysicalMonitoring:
    if measured_on > timezone.localdate():
        raise ValidationError("The date measured cannot be in the future")
    errors = check_ranges(values)
    if errors:
        raise ValidationError(errors)
    row = PhysicalMonitoring.objects.create(
        person=person, measured_on=measured_on, recorded_by=user, **values
    )
    record_event(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=row,
        person=person,
        description="Physical monitoring recorded",
    )
    return row


@transaction.atomic
def record_stay(
    *, user, person, kind: str, unit: str, admitted_on: dt.date, discharged_on: dt.date | None
) -> HospitalStay:
    if discharged_on is not None and discharged_on < admitted_on:
        raise ValidationError(
            {"discharged_on": "The discharge date must be on or after the admission date"}
        )
    stay = HospitalStay.objects.create(
        person=person,
        kind=kind,
        unit=unit,
        admitted_on=admitted_on,
        discharged_on=discharged_on,
        recorded_by=user,
    )
    record_event(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=stay,
        person=person,
        description=f"{stay.get_kind_display()} recorded",
    )
    return stay
