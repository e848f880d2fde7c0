"""Reads for pathway pages, built on the scoped selectors in opencmh.core.access."""

from collections import Counter

from django.db.models import QuerySet

from opencmh.core import access
from opencmh.organisations.models import TeamType
from opencmh.pathways.models import PackageElement, PackageStatus
from opencmh.referrals.models import WAITING_STATUSES, Referral

PATHWAYS = {
    "A14": "Early intervention in psychosis",
    "C10": "Adult eating disorders",
    "A16": "Complex emotional needs",
    "A09": "Rehabilitation",
}
EIP_REASONS = ("01", "32")  # first episode psychosis, at risk mental state


def pathway_name(team_type: str) -> str:
    return PATHWAYS.get(team_type, TeamType(team_type).label)


def waiting_list(user, team_type: str) -> QuerySet[Referral]:
    return (
        access.triage_queue_for(user, statuses=WAITING_STATUSES)
        .filter(team__team_type=team_type)
        .order_by("received_on")
    )


def caseload(user, team_type: str) -> QuerySet[Referral]:
    referrals = access.referrals_for(user).filter(team__team_type=team_type, status="accepted")
    if team_type == "A14":
        referrals = referrals.filter(primary_reason__in=EIP_REASONS).prefetch_related("eip_package")
    return referrals.prefetch_related("clock_events").order_by(
        "person__family_name", "person__given_name"
    )


def package_status(referral: Referral) -> dict[str, str]:
    """The latest status of each element (uses the prefetched package history)."""
    latest: dict[str, str] = {}
    for update in sorted(referral.eip_package.all(), key=lambda u: (u.at, u.id)):
        latest[update.element] = update.status
    return latest


def concordance(referrals) -> list[dict]:
    """Per element: how many people on the FEP caseload accepted or completed it, of those
    for whom it is indicated."""
    fep = [r for r in referrals if r.primary_reason == "01"]
    taken: Counter = Counter()
    indicated: Counter = Counter()
    for referral in fep:
        statuses = package_status(referral)
        for element in PackageElement.values:
            status = statuses.get(element)
            if status == PackageStatus.NOT_INDICATED:
                continue
            indicated[element] += 1
            if status in (PackageStatus.ACCEPTED, PackageStatus.COMPLETED):
                taken[element] += 1
    rows = []
    for element, label in PackageElement.choices:
        n, d = taken[element], indicated[element]
        rows.append(
            {
                "element": label,
                "taken": n,
                "indicated": d,
                "percent": round(100 * n / d) if d else None,
            }
        )
    return rows
