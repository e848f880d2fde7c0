from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from opencmh.core import access
from opencmh.core.audit import record_event
from opencmh.core.models import CLINICAL_ROLES, AuditEvent, Role
from opencmh.referrals import services
from opencmh.referrals.forms import ClinicianReferralForm, PartnerReferralForm
from opencmh.referrals.forms_triage import AnswerForm
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
            "referrals": [
                ReferralPresenter(r) for r in referrals.select_related("handover__service")[:200]
            ],
            "organisation": organisation,
            "questions": access.information_requests_for(request.user),
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


@login_required
@require_http_methods(["GET", "POST"])
def answer_question(request, request_id):
    _require_partner(request.user)
    question = access.information_requests_for(request.user).filter(id=request_id).first()
    if question is None:
        raise Http404
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.answer_information_request(
            user=request.user, request=question, answer=form.cleaned_data["answer"]
        )
        messages.success(request, "Answer sent. The referral is back with the triage team")
        return redirect("referrals:mine")
    return render(
        request,
        "referrals/answer.jinja",
        {"page_title": "Answer a question", "form": form, "question": question},
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_referral(request):
    """A clinician records a referral that came by phone, walk-in or letter."""
    if request.user.role not in CLINICAL_ROLES:
        raise PermissionDenied
    form = ClinicianReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referral = services.receive_referral(
            user=request.user,
            submission_key=form.cleaned_data["submission_key"],
            person_fields=form.person_fields(),
            referral_fields=form.referral_fields(),
            source_of_referral=form.cleaned_data["source_of_referral"],
            route_taken=form.cleaned_data["route"],
        )
        messages.success(
            request, f"Referral {referral.reference} recorded for {referral.team.name}"
        )
        return redirect("referrals:detail", referral_id=referral.pk)
    return render(
        request, "referrals/record.jinja", {"page_title": "Record a referral", "form": form}
    )
