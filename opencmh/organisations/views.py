"""The ICS overview: organisations and teams, with aggregate figures only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render

from opencmh.core.models import Role
from opencmh.organisations.models import ICB, DirectoryService, PartnerOrganisation, Team
from opencmh.referrals.models import OPEN_STATUSES


@login_required
def overview(request):
    if request.user.role not in (Role.ICS_MANAGER, Role.SYSTEM_ADMIN):
        raise PermissionDenied
    teams = (
        Team.objects.select_related("provider", "place")
        .annotate(
            open_referrals=Count("referrals", filter=Q(referrals__status__in=OPEN_STATUSES)),
            waiting=Count(
                "referrals", filter=Q(referrals__status__in=["received", "more_information"])
            ),
            pcn_count=Count("pcns", distinct=True),
        )
        .order_by("place__name", "team_type", "name")
    )
    icbs = ICB.objects.annotate(
        place_count=Count("places", distinct=True),
        pcn_count=Count("places__pcns", distinct=True),
        practice_count=Count("places__pcns__practices", distinct=True),
    )
    partners = PartnerOrganisation.objects.values("kind").annotate(n=Count("id")).order_by("kind")
    kinds = dict(PartnerOrganisation.Kind.choices)
    return render(
        request,
        "organisations/overview.jinja",
        {
            "page_title": "Organisations and teams",
            "icbs": icbs,
            "teams": teams,
            "partners": [{"kind": kinds[p["kind"]], "n": p["n"]} for p in partners],
        },
    )


@login_required
def directory(request):
    """Search the service directory (not personal data: any signed-in user)."""
    query = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    services = DirectoryService.objects.filter(active=True).select_related("place")
    if category in DirectoryService.Category.values:
        services = services.filter(category=category)
    for term in query.split():
        services = services.filter(
            Q(name__icontains=term)
            | Q(organisation_name__icontains=term)
            | Q(description__icontains=term)
            | Q(eligibility__icontains=term)
        )
    categories = [{"value": "", "text": "All kinds of help", "selected": not category}] + [
        {"value": v, "text": t, "selected": v == category}
        for v, t in DirectoryService.Category.choices
    ]
    return render(
        request,
        "organisations/directory.jinja",
        {
            "page_title": "Service directory",
            "services": services.order_by("name"),
            "query": query,
            "categories": categories,
        },
    )
