"""Writes to bereavement records: keyword-only, one transaction each, with an audit event.

Bereaved people have no opencmh.people record, so audit events name the bereavement
object (type and id) with no person.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencmh.bereavement.models import (
    BereavedPerson,
    BereavementReferral,
    OnwardReferral,
    PracticalHelp,
    SupportContact,
)
from opencmh.core.audit import record_event
from opencmh.core.models import AuditEvent


def _audit(user, action, obj, description: str) -> None:
    record_event(user=user, action=action, obj=obj, person=None, description=description)


def _open(referral: BereavementReferral) -> None:
    if referral.status != BereavementReferral.Status.OPEN:
        raise ValidationError("This referral is closed")


@transaction.atomic
def record_referral(
    *,
    user,
    given_name: str,
    family_name: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    safe_contact_times: str = "",
    source: str,
    received_at: dt.datetime,
    relationship: str,
    referrer_name: str = "",
    referrer_contact: str = "",
    deceased_name: str = "",
    date_of_death: dt.date | None = None,
    consent_to_contact: bool = False,
    notes: str = "",
) -> BereavementReferral:
    if received_at > timezone.now():
        raise ValidationError("The time the referral was received cannot be in the future")
    if not (phone.strip() or email.strip() or address.strip()):
        raise ValidationError("Give at least one way to contact the person")
    person = BereavedPerson.objects.create(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        address=address.strip(),
        safe_contact_times=safe_contact_times.strip(),
    )
    referral = BereavementReferral.objects.create(
        bereaved_person=person,
        source=source,
        received_at=received_at,
        relationship=relationship,
        referrer_name=referrer_name.strip(),
        referrer_contact=referrer_contact.strip(),
        deceased_name=deceased_name.strip(),
        date_of_death=date_of_death,
        consent_to_contact=consent_to_contact,
        notes=notes,
        recorded_by=user,
    )
    _audit(user, AuditEvent.Action.CREATE, referral, "Bereavement referral recorded")
    return referral


@transaction.atomic
def record_contact(
    *, user, referral: BereavementReferral, at: dt.datetime, method: str, outcome: str, notes=""
) -> SupportContact:
    _open(referral)
    if at > timezone.now():
        raise ValidationError("The contact time cannot be in the future")
    if at < referral.received_at:
        raise ValidationError("The contact time must be after the referral was received")
    contact = SupportContact.objects.create(
        referral=referral, at=at, method=method, outcome=outcome, notes=notes, worker=user
    )
    if referral.worker_id is None and outcome == SupportContact.Outcome.REACHED:
        referral.worker = user
        referral.save(update_fields=["worker", "updated_at"])
    _audit(user, AuditEvent.Action.CREATE, contact, "Bereavement support contact recorded")
    return contact


@transaction.atomic
def record_practical_help(
    *, user, referral: BereavementReferral, on: dt.date, kind: str, notes: str = ""
) -> PracticalHelp:
    _open(referral)
    help_given = PracticalHelp.objects.create(
        referral=referral, on=on, kind=kind, notes=notes, worker=user
    )
    _audit(user, AuditEvent.Action.CREATE, help_given, "Practical help recorded")
    return help_given


@transaction.atomic
def record_onward_referral(
    *, user, referral: BereavementReferral, on: dt.date, kind: str, service_name: str, notes=""
) -> OnwardReferral:
    _open(referral)
    onward = OnwardReferral.objects.create(
        referral=referral,
        on=on,
        kind=kind,
        service_name=service_name.strip(),
        notes=notes,
        worker=user,
    )
    _audit(user, AuditEvent.Action.CREATE, onward, "Onward referral recorded")
    return onward


@transaction.atomic
def close_referral(*, user, referral: BereavementReferral) -> BereavementReferral:
    _open(referral)
    referral.status = BereavementReferral.Status.CLOSED
    referral.closed_at = timezone.now()
    referral.save(update_fields=["status", "closed_at", "updated_at"])
    _audit(user, AuditEvent.Action.UPDATE, referral, "Bereavement referral closed")
    return referral
