"""Suicide bereavement support pages. Only suicide bereavement support workers reach
them; reads go through opencmh.core.access, writes through services, all audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from opencmh.bereavement import clock, selectors, services
from opencmh.bereavement.forms import (
    ContactForm,
    OnwardReferralForm,
    PracticalHelpForm,
    ReferralForm,
)
from opencmh.bereavement.presenters import QueueRow
from opencmh.core import access
from opencmh.core.audit import record_event
from opencmh.core.models import AuditEvent, Role


def _require_worker(user):
    if user.role != Role.BEREAVEMENT_SUPPORT_WORKER:
        raise PermissionDenied


@login_required
def queue(request):
    _require_worker(request.user)
    now = timezone.now()
    rows = [
        QueueRow(r, now) for r in selectors.queue(access.bereavement_referrals_for(request.user))
    ]
    record_event(
        user=request.user,
        action=AuditEvent.Action.LIST,
        description=f"Viewed bereavement support queue ({len(rows)} referrals)",
    )
    return render(
        request,
        "bereavement/queue.jinja",
        {
            "page_title": "Suicide bereavement support",
            "waiting": [r for r in rows if r.referral.first_contact_at is None],
            "contacted": [r for r in rows if r.referral.first_contact_at is not None],
            "target_hours": clock.target_hours(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request):
    _require_worker(request.user)
    now = timezone.localtime()
    form = ReferralForm(
        request.POST or None,
        initial={"received_on": now.date(), "received_time": now.strftime("%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("received_on")
        data.pop("received_time")
        try:
            referral = services.record_referral(user=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Referral recorded for {referral.bereaved_person.full_name}")
            return redirect("bereavement:referral", referral_id=referral.pk)
    return render(
        request,
        "bereavement/form_page.jinja",
        {
            "page_title": "Record a bereavement referral",
            "form": form,
            "referral": None,
            "intro": "For someone bereaved or affected by a suicide. They are not a patient of "
            "the service: their record is kept apart from clinical records.",
        },
    )


@login_required
def referral_detail(request, referral_id):
    referral = selectors.referral_detail(access.bereavement_referral_for(request.user, referral_id))
    record_event(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        obj=referral.bereaved_person,
        person=None,
        description="Viewed bereavement support record",
    )
    return render(
        request,
        "bereavement/referral.jinja",
        {
            "page_title": referral.bereaved_person.full_name,
            "referral": referral,
            "person": referral.bereaved_person,
            "row": QueueRow(referral, timezone.now()),
        },
    )


def _form(request, referral_id, form_class, title, save, success, intro="", initial=None):
    referral = access.bereavement_referral_for(request.user, referral_id)
    form = form_class(request.POST or None, initial=initial or {"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            save(referral, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success)
            return redirect("bereavement:referral", referral_id=referral.pk)
    return render(
        request,
        "bereavement/form_page.jinja",
        {"page_title": title, "form": form, "referral": referral, "intro": intro},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_new(request, referral_id):
    def save(referral, data):
        services.record_contact(
            user=request.user,
            referral=referral,
            at=data["at"],
            method=data["method"],
            outcome=data["outcome"],
            notes=data["notes"],
        )

    now = timezone.localtime()
    return _form(
        request,
        referral_id,
        ContactForm,
        "Record a contact",
        save,
        "Contact recorded",
        "Record attempts too: only a contact where you spoke with the person stops the "
        "first-contact clock.",
        initial={"on": now.date(), "time": now.strftime("%H:%M")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def practical_help_new(request, referral_id):
    def save(referral, data):
        services.record_practical_help(user=request.user, referral=referral, **data)

    return _form(
        request, referral_id, PracticalHelpForm, "Record practical help", save, "Help recorded"
    )


@login_required
@require_http_methods(["GET", "POST"])
def onward_referral_new(request, referral_id):
    def save(referral, data):
        services.record_onward_referral(user=request.user, referral=referral, **data)

    return _form(
        request,
        referral_id,
        OnwardReferralForm,
        "Record an onward referral",
        save,
        "Onward referral recorded",
    )


@login_required
@require_POST
def close(request, referral_id):
    referral = access.bereavement_referral_for(request.user, referral_id)
    try:
        services.close_referral(user=request.user, referral=referral)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Referral closed")
    return redirect("bereavement:referral", referral_id=referral.pk)
