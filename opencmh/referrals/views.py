from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from opencmh.core import access
from opencmh.core.audit import record_event
from opencmh.core.models import AuditEvent, Role
from opencmh.referrals import services
from opencmh.referrals.forms import PartnerReferralForm
from opencmh.referrals.presenters import ReferralPresenter


def _require_partner(user):
    if user.role != Role.PARTNER_REFERRER:
        raise PermissionDenied


@login_required
def my_referrals(request):
    _require_partner(request.user)
    referrals = access.referrals_for(request.user).order_by("-received_on", "-created_at")
    record_event(
        user=request.user, action=AuditEvent.Action.LIST, description="Viewed referrals they made"
    )
    organisation = request.user.partner_organisation or request.user.gp_practice
    return render(
        request,
        "referrals/mine.jinja",
        {
            "page_title": "Your referrals",
            "referrals": [ReferralPresenter(r) for r in referrals[:200]],
            "organisation": organisation,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def make_referral(request):
    _require_partner(request.user)
    form = PartnerReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referral = services.make_partner_referral(
            user=request.user,
            submission_key=form.cleaned_data["submission_key"],
            person_fields=form.person_fields(),
            referral_fields=form.referral_fields(),
        )
        messages.success(request, f"Referral {referral.reference} sent to {referral.team.name}")
        return redirect("referrals:mine")
    return render(request, "referrals/make.jinja", {"page_title": "Make a referral", "form": form})
