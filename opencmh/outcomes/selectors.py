"""Reads of outcome measurements. Callers pass a person they have already been authorised
to see (through opencmh.core.access), so these never widen what a user can reach."""

from django.db.models import QuerySet

from opencmh.core import access
from opencmh.outcomes.models import CompletedBy, OutcomeMeasurement, ReqolWording, Tool
from opencmh.referrals.models import OPEN_STATUSES, ReferralStatus


def measurements_for(person) -> QuerySet[OutcomeMeasurement]:
    """Every outcome measurement of PERSON, oldest first, with item scores prefetched."""
    return (
        OutcomeMeasurement.objects.filter(person=person)
        .select_related("recorded_by", "referral__team")
        .prefetch_related("items")
        .order_by("completed_at", "created_at")
    )


def latest_self_completed_dialog(person) -> OutcomeMeasurement | None:
    return (
        measurements_for(person)
        .filter(tool=Tool.DIALOG, completed_by=CompletedBy.PERSON)
        .order_by("-completed_at", "-created_at")
        .first()
    )


def current_referral(user, person):
    """The open referral new outcomes belong to: accepted first, then the most recent."""
    referrals = access.referrals_for(user).filter(person=person, status__in=OPEN_STATUSES)
    accepted = referrals.filter(status=ReferralStatus.ACCEPTED).order_by("-received_on").first()
    return accepted or referrals.order_by("-received_on").first()


def reqol_wording() -> dict[int, str]:
    """Item wording an organisation has loaded under the ReQoL licence (may be empty)."""
    return dict(ReqolWording.objects.values_list("item", "wording"))
