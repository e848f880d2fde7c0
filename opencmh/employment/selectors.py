"""Reads of IPS records the caller was already given through opencmh.core.access."""

from django.db.models import Count, Min, Prefetch, QuerySet

from opencmh.employment.models import FidelityReview, IPSReferral, JobStart


def with_progress(records: QuerySet[IPSReferral]) -> QuerySet[IPSReferral]:
    """Add the first employer contact date and the jobs, in a fixed number of queries."""
    jobs = JobStart.objects.prefetch_related("sustainments").order_by("-started_on")
    return records.annotate(
        first_employer_contact_on=Min("employer_contacts__contacted_on"),
        employer_contact_count=Count("employer_contacts", distinct=True),
    ).prefetch_related(Prefetch("jobs", queryset=jobs))


def ips_record(record: IPSReferral) -> IPSReferral:
    """One record with everything its page shows."""
    return (
        with_progress(IPSReferral.objects.filter(pk=record.pk))
        .select_related("referral__person", "referral__team", "employment_specialist")
        .prefetch_related(
            "employer_contacts__recorded_by",
            "jobs__in_work_support__recorded_by",
            "jobs__sustainments__recorded_by",
        )
        .get()
    )


def fidelity_history(team) -> list[FidelityReview]:
    """A team's reviews, oldest first, with their item scores."""
    return list(
        FidelityReview.objects.filter(team=team)
        .select_related("recorded_by")
        .prefetch_related("items")
        .order_by("reviewed_on")
    )
