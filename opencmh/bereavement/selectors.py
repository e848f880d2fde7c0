"""Reads for bereavement pages, over querysets already scoped by opencmh.core.access."""

from django.db.models import Case, IntegerField, Min, Q, QuerySet, Value, When

from opencmh.bereavement.models import BereavementReferral, SupportContact


def with_first_contact(referrals: QuerySet[BereavementReferral]) -> QuerySet[BereavementReferral]:
    return referrals.annotate(
        first_contact_at=Min(
            "contacts__at", filter=Q(contacts__outcome=SupportContact.Outcome.REACHED)
        )
    )


def queue(referrals: QuerySet[BereavementReferral]) -> QuerySet[BereavementReferral]:
    """Open referrals: those still waiting for first contact first, least time left first
    (the target is the same for all, so the earliest received has least time left), then
    those already contacted."""
    return (
        with_first_contact(referrals.filter(status=BereavementReferral.Status.OPEN))
        .annotate(
            contacted=Case(
                When(first_contact_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("contacted", "received_at")
    )


def referral_detail(referral: BereavementReferral) -> BereavementReferral:
    return (
        with_first_contact(BereavementReferral.objects.filter(pk=referral.pk))
        .select_related("bereaved_person", "worker", "recorded_by")
        .prefetch_related("contacts__worker", "practical_help__worker", "onward_referrals__worker")
        .get()
    )
