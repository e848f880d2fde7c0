"""Making referrals: one transaction each, with status history and audit."""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from opencmh.core.audit import record_event
from opencmh.core.models import AuditEvent, Role
from opencmh.organisations.models import PartnerOrganisation
from opencmh.people import services as people_services
from opencmh.referrals.models import (
    Referral,
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


def source_for_user(user) -> str:
    if user.role == Role.PARTNER_REFERRER and user.partner_organisation_id:
        return SOURCE_FOR_PARTNER_KIND[user.partner_organisation.kind]
    return SourceOfReferral.GP


def make_partner_referral(
    *, user, submission_key: uuid.UUID, person_fields: dict, referral_fields: dict
) -> Referral:
    """Refer someone; the same submission key always yields the same single referral."""
    existing = Referral.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    try:
        return _create_referral(
            user=user,
            submission_key=submission_key,
            person_fields=person_fields,
            referral_fields=referral_fields,
        )
    except IntegrityError:
        # The same form arrived twice at once: the whole second attempt rolled back
        # (person included) and the first request's referral stands.
        return Referral.objects.get(submission_key=submission_key)


@transaction.atomic
def _create_referral(*, user, submission_key, person_fields, referral_fields) -> Referral:
    person = people_services.existing_by_nhs_number(person_fields.get("nhs_number") or "")
    if person is None:
        person = people_services.create_person(user=user, **person_fields)
    place = None
    if user.partner_organisation_id:
        place = user.partner_organisation.place
    elif user.gp_practice_id:
        place = user.gp_practice.pcn.place
    team = route(
        person=person, primary_reason=referral_fields["primary_reason"], fallback_place=place
    )
    now = timezone.now()
    referral = Referral(
        person=person,
        team=team,
        referred_by=user,
        source_of_referral=source_for_user(user),
        received_on=timezone.localdate(),
        status=ReferralStatus.RECEIVED,
        status_changed_at=now,
        submission_key=submission_key,
        **referral_fields,
    )
    referral.full_clean(exclude=["submission_key"])
    referral.save()
    ReferralStatusChange.objects.create(
        referral=referral, status=ReferralStatus.RECEIVED, at=now, by=user
    )
    record_event(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=referral,
        person=person,
        description=f"Referral made to {team.name}",
    )
    return referral
