"""Referral writes: receiving, triage decisions and clock events.

Each is one transaction with its status-history row and audit event. Triage decisions
use optimistic locking (Referral.version), so when two clinicians act on the same
referral at once, one wins and the other is told what happened; nothing is lost.
"""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from opencmh.core.audit import record_event
from opencmh.core.models import AuditEvent, Role
from opencmh.organisations.models import PartnerOrganisation
from opencmh.people import services as people_services
from opencmh.referrals.models import (
    WAITING_STATUSES,
    ClockEvent,
    ClosureReason,
    Handover,
    InformationRequest,
    Referral,
    ReferralRoute,
    ReferralStatus,
    ReferralStatusChange,
    SourceOfReferral,
)
from opencmh.referrals.routing import route

SOURCE_FOR_PARTNER_KIND = {
    PartnerOrganisation.Kind.VCSE: SourceOfReferral.VOLUNTARY,
    PartnerOrganisation.Kind.PHARMACY: SourceOfReferral.PHARMACY,
    PartnerOrganisation.Kind.LOCAL_AUTHORITY: SourceOfReferral.SOCIAL_SERVICES,
    PartnerOrganisation.Kind.POLICE: SourceOfReferral.POLICE,
    PartnerOrganisation.Kind.EDUCATION: SourceOfReferral.EDUCATION,
    PartnerOrganisation.Kind.HOUSING: SourceOfReferral.HOUSING,
}


class StaleReferral(Exception):
    """Someone else changed the referral first."""

    def __init__(self, referral: Referral):
        self.referral = referral
        last = referral.status_history.order_by("-at", "-id").first()
        who = last.by.display_name if last and last.by else "someone else"
        when = timezone.localtime(last.at).strftime("%H:%M") if last else ""
        super().__init__(
            f"{who} changed this referral at {when}: it is now '{referral.get_status_display()}'. "
            "Nothing you entered has been saved; check the referral and try again if still needed."
        )


def _audit_update(user, referral: Referral, description: str) -> None:
    record_event(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=referral,
        person=referral.person,
        description=description,
    )


def source_for_user(user) -> str:
    if user.role == Role.PARTNER_REFERRER and user.partner_organisation_id:
        return SOURCE_FOR_PARTNER_KIND[user.partner_organisation.kind]
    return SourceOfReferral.GP


def _referrer_place(user):
    if user is None or not user.is_authenticated:
        return None
    if user.partner_organisation_id:
        return user.partner_organisation.place
    if user.gp_practice_id:
        return user.gp_practice.pcn.place
    team = user.teams.first()
    return team.place if team else None


def receive_referral(
    *,
    user,
    submission_key: uuid.UUID,
    person_fields: dict,
    referral_fields: dict,
    source_of_referral: str,
    route_taken: str,
) -> Referral:
    """Receive a referral from anyone. The same submission key always yields one referral.

    The person is matched by NHS number; otherwise a new record is made and any likely
    match (same date of birth and last name, and first name or postcode) is kept on the
    referral for triage to confirm.
    """
    existing = Referral.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    try:
        return _create_referral(
            user=user,
            submission_key=submission_key,
            person_fields=person_fields,
            referral_fields=referral_fields,
            source_of_referral=source_of_referral,
            route_taken=route_taken,
        )
    except IntegrityError:
        # The same form arrived twice at once: the second attempt rolled back whole
        # (person included) and the first request's referral stands.
        return Referral.objects.get(submission_key=submission_key)


@transaction.atomic
def _create_referral(
    *, user, submission_key, person_fields, referral_fields, source_of_referral, route_taken
):
    acting_user = user if user is not None and user.is_authenticated else None
    person = people_services.existing_by_nhs_number(person_fields.get("nhs_number") or "")
    possible_match = None
    if person is None:
        matches = people_services.likely_duplicates(
            given_name=person_fields["given_name"],
            family_name=person_fields["family_name"],
            date_of_birth=person_fields["date_of_birth"],
            postcode=person_fields.get("postcode", ""),
        )
        possible_match = matches.first()
        person = people_services.create_person(user=user, **person_fields)
    team = route(
        person=person,
        primary_reason=referral_fields["primary_reason"],
        fallback_place=_referrer_place(user),
    )
    now = timezone.now()
    referral = Referral(
        person=person,
        team=team,
        referred_by=acting_user,
        source_of_referral=source_of_referral,
        route=route_taken,
        received_on=timezone.localdate(),
        status=ReferralStatus.RECEIVED,
        status_changed_at=now,
        submission_key=submission_key,
        possible_match=possible_match,
        **referral_fields,
    )
    referral.full_clean(exclude=["submission_key", "possible_match"])
    referral.save()
    ReferralStatusChange.objects.create(
        referral=referral, status=ReferralStatus.RECEIVED, at=now, by=acting_user
    )
    record_event(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=referral,
        person=person,
        description=f"Referral received for {team.name}",
    )
    return referral


def make_partner_referral(
    *, user, submission_key: uuid.UUID, person_fields: dict, referral_fields: dict
) -> Referral:
    return receive_referral(
        user=user,
        submission_key=submission_key,
        person_fields=person_fields,
        referral_fields=referral_fields,
        source_of_referral=source_for_user(user),
        route_taken=ReferralRoute.PARTNER_ONLINE,
    )


def _transition(
    *, user, referral: Referral, expected_version: int, status: str, note: str = "", **fields
) -> Referral:
    """Change status only if nobody has changed the referral since the user loaded it."""
    now = timezone.now()
    updated = Referral.objects.filter(pk=referral.pk, version=expected_version).update(
        status=status, status_changed_at=now, version=F("version") + 1, **fields
    )
    if updated == 0:
        raise StaleReferral(Referral.objects.get(pk=referral.pk))
    ReferralStatusChange.objects.create(
        referral=referral, status=status, at=now, by=user, note=note
    )
    referral.refresh_from_db()
    return referral


def _require_waiting(referral: Referral, expected_version: int):
    if referral.version != expected_version or referral.status not in WAITING_STATUSES:
        raise StaleReferral(referral)


@transaction.atomic
def accept_referral(
    *,
    user,
    referral: Referral,
    expected_version: int,
    team,
    key_worker=None,
    first_contact_at: dt.datetime | None = None,
) -> Referral:
    """Accept into a team, optionally allocate a key worker and book the first contact."""
    _require_waiting(referral, expected_version)
    if key_worker is not None and not key_worker.teams.filter(pk=team.pk).exists():
        raise ValidationError("The key worker must be a member of the team")
    referral = _transition(
        user=user,
        referral=referral,
        expected_version=expected_version,
        status=ReferralStatus.ACCEPTED,
        note=f"Accepted by {team.name}",
        team=team,
        key_worker=key_worker,
        first_contact_booked_for=first_contact_at,
    )
    if key_worker is not None:
        record_clock_event(
            user=user,
            referral=referral,
            kind=ClockEvent.Kind.CARE_COORDINATOR,
            occurred_on=timezone.localdate(),
        )
    _audit_update(user, referral, "Referral accepted")
    return referral


@transaction.atomic
def connect_elsewhere(
    *,
    user,
    referral: Referral,
    expected_version: int,
    service,
    spoken_to: str,
    spoken_at: dt.datetime,
    notes: str = "",
    referrer_told: bool,
    person_told: bool,
) -> Referral:
    """Close the referral by connecting the person to a named service with a warm handover."""
    _require_waiting(referral, expected_version)
    if not spoken_to.strip():
        raise ValidationError("Enter who you spoke to at the service")
    referral = _transition(
        user=user,
        referral=referral,
        expected_version=expected_version,
        status=ReferralStatus.CONNECTED_ELSEWHERE,
        note=f"Connected to {service}",
        closure_reason=ClosureReason.CONNECTED_ELSEWHERE,
    )
    Handover.objects.create(
        referral=referral,
        service=service,
        spoken_to=spoken_to.strip(),
        spoken_at=spoken_at,
        notes=notes,
        referrer_told=referrer_told,
        person_told=person_told,
        by=user,
    )
    _audit_update(user, referral, f"Connected to {service}")
    return referral


@transaction.atomic
def ask_for_information(
    *, user, referral: Referral, expected_version: int, question: str
) -> Referral:
    """Ask the referrer for more; the waiting clock keeps running."""
    _require_waiting(referral, expected_version)
    if not question.strip():
        raise ValidationError("Enter what you need to know")
    referral = _transition(
        user=user,
        referral=referral,
        expected_version=expected_version,
        status=ReferralStatus.MORE_INFORMATION,
        note=question.strip(),
    )
    InformationRequest.objects.create(referral=referral, question=question.strip(), asked_by=user)
    _audit_update(user, referral, "More information requested")
    return referral


@transaction.atomic
def answer_information_request(
    *, user, request: InformationRequest, answer: str
) -> InformationRequest:
    """The referrer answers; the referral goes back to the triage queue."""
    if not answer.strip():
        raise ValidationError("Enter your answer")
    if request.answered_at is not None:
        raise ValidationError("This question has already been answered")
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answered_at"])
    referral = request.referral
    if referral.status == ReferralStatus.MORE_INFORMATION:
        _transition(
            user=user,
            referral=referral,
            expected_version=referral.version,
            status=ReferralStatus.RECEIVED,
            note="Referrer answered",
        )
    _audit_update(user, referral, "Referrer answered a question")
    return request


@transaction.atomic
def confirm_same_person(*, user, referral: Referral, expected_version: int) -> Referral:
    """Triage confirms the likely match: the referral moves to the existing record."""
    if referral.version != expected_version or referral.possible_match_id is None:
        raise StaleReferral(referral)
    existing, duplicate = referral.possible_match, referral.person
    updated = Referral.objects.filter(pk=referral.pk, version=expected_version).update(
        person=existing, possible_match=None, version=F("version") + 1
    )
    if updated == 0:
        raise StaleReferral(Referral.objects.get(pk=referral.pk))
    type(duplicate).objects.filter(pk=duplicate.pk).update(merged_into=existing)
    referral.refresh_from_db()
    record_event(
        user=user,
        action=AuditEvent.Action.UPDATE,
        obj=referral,
        person=existing,
        description="Referral matched to existing record",
    )
    return referral


@transaction.atomic
def dismiss_possible_match(*, user, referral: Referral, expected_version: int) -> Referral:
    updated = Referral.objects.filter(pk=referral.pk, version=expected_version).update(
        possible_match=None, version=F("version") + 1
    )
    if updated == 0:
        raise StaleReferral(Referral.objects.get(pk=referral.pk))
    referral.refresh_from_db()
    _audit_update(user, referral, "Possible match ruled out")
    return referral


def record_clock_event(*, user, referral: Referral, kind: str, occurred_on: dt.date) -> ClockEvent:
    """Record the first occurrence of a clock event; later ones do not move the clock."""
    event, _ = ClockEvent.objects.get_or_create(
        referral=referral, kind=kind, defaults={"occurred_on": occurred_on, "recorded_by": user}
    )
    if occurred_on < event.occurred_on:
        event.occurred_on = occurred_on
        event.save(update_fields=["occurred_on"])
    return event


@transaction.atomic
def allocate_key_worker(
    *, user, referral: Referral, expected_version: int, key_worker, note: str = ""
) -> Referral:
    """Allocate (or transfer to) a key worker / care coordinator on an accepted referral.

    History is kept: the status history records the change, and the first allocation is
    the care coordinator clock event (EIP two-week clock).
    """
    if referral.status != ReferralStatus.ACCEPTED:
        raise ValidationError("Only an accepted referral can have a key worker")
    if not key_worker.teams.filter(pk=referral.team_id).exists():
        raise ValidationError("The key worker must be a member of the referral's team")
    updated = Referral.objects.filter(pk=referral.pk, version=expected_version).update(
        key_worker=key_worker, version=F("version") + 1
    )
    if updated == 0:
        raise StaleReferral(Referral.objects.get(pk=referral.pk))
    ReferralStatusChange.objects.create(
        referral=referral,
        status=referral.status,
        at=timezone.now(),
        by=user,
        note=note or f"Key worker: {key_worker.display_name}",
    )
    referral.refresh_from_db()
    record_clock_event(
        user=user,
        referral=referral,
        kind=ClockEvent.Kind.CARE_COORDINATOR,
        occurred_on=timezone.localdate(),
    )
    _audit_update(user, referral, f"Key worker allocated: {key_worker.display_name}")
    return referral


@transaction.atomic
def discharge_referral(
    *,
    user,
    referral: Referral,
    expected_version: int,
    closure_reason: str,
    summary: str,
    follow_up: str,
) -> Referral:
    """Discharge with a summary and follow-up arrangements (never simply closed)."""
    if referral.status != ReferralStatus.ACCEPTED:
        raise ValidationError("Only an accepted referral can be discharged")
    if (
        closure_reason not in ClosureReason.values
        or closure_reason == ClosureReason.CONNECTED_ELSEWHERE
    ):
        raise ValidationError("Choose why care is ending")
    if not summary.strip() or not follow_up.strip():
        raise ValidationError("Write a discharge summary and the follow-up arrangements")
    referral = _transition(
        user=user,
        referral=referral,
        expected_version=expected_version,
        status=ReferralStatus.DISCHARGED,
        note=ClosureReason(closure_reason).label,
        closure_reason=closure_reason,
        discharge_summary=summary.strip(),
        follow_up_arrangements=follow_up.strip(),
    )
    _audit_update(user, referral, "Discharged")
    return referral
