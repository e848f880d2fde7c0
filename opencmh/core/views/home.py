"""Each role's home page, with real content from the database."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from opencmh.core import access
from opencmh.core.models import CLINICAL_ROLES, Role
from opencmh.pathways.selectors import PATHWAYS
from opencmh.referrals.models import ReferralStatus
from opencmh.referrals.presenters import ReferralPresenter


@login_required
def home(request):
    user = request.user
    if user.role in CLINICAL_ROLES:
        return _clinical_home(request)
    if user.role == Role.PARTNER_REFERRER:
        return redirect("referrals:mine")
    if user.role == Role.PERSON:
        return redirect("people:me")
    if user.role == Role.BEREAVEMENT_SUPPORT_WORKER:
        return redirect("bereavement:queue")
    if user.role in (Role.ICS_MANAGER, Role.SYSTEM_ADMIN):
        return redirect("organisations:overview")
    return render(request, "core/no_role.jinja", {"page_title": "No role"}, status=403)


def _clinical_home(request):
    user = request.user
    referrals = access.referrals_for(user)
    waiting = referrals.filter(
        status__in=[ReferralStatus.RECEIVED, ReferralStatus.MORE_INFORMATION]
    ).order_by("received_on")
    caseload = access.caseload_for(user).order_by("person__family_name")
    teams = list(user.teams.all())
    context = {
        "page_title": "Home",
        "teams": teams,
        "waiting": [ReferralPresenter(r) for r in waiting[:25]],
        "waiting_count": waiting.count(),
        "caseload": [ReferralPresenter(r) for r in caseload[:100]],
        "caseload_count": caseload.count(),
        "team_open_count": referrals.filter(status=ReferralStatus.ACCEPTED).count(),
        "show_waiting_first": user.role in (Role.TRIAGE_CLINICIAN, Role.TEAM_MANAGER),
        "people_url": reverse("people:list"),
        "pathways": [
            (code, name)
            for code, name in PATHWAYS.items()
            if any(t.team_type == code for t in teams)
        ],
    }
    return render(request, "core/home_clinical.jinja", context)
