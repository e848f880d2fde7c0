"""Outcome measure pages. Reads go through opencmh.core.access; every view is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from opencmh.core import access
from opencmh.core.audit import record_event, record_person_view
from opencmh.core.models import CLINICAL_ROLES, AuditEvent, Role
from opencmh.outcomes import selectors, services
from opencmh.outcomes.forms import DialogForm, GboForm, MyDialogForm, ReqolForm
from opencmh.outcomes.models import CompletedBy
from opencmh.outcomes.presenters import DialogConfirmation, outcome_sections
from opencmh.people.presenters import PersonPresenter


def _person_in_scope(request, person_id):
    """The person, if the user may see them; otherwise a redirect to emergency access."""
    grant = access.person_access(request.user, person_id)
    if not grant.allowed:
        return None, grant, redirect("people:break_glass", person_id=person_id)
    return grant.person, grant, None


@login_required
def person_outcomes(request, person_id):
    person, grant, refusal = _person_in_scope(request, person_id)
    if refusal:
        return refusal
    record_person_view(user=request.user, grant=grant, description="Viewed outcome measures")
    is_self = request.user.role == Role.PERSON
    sections = outcome_sections(
        list(selectors.measurements_for(person)), reqol_wording=selectors.reqol_wording()
    )
    return render(
        request,
        "outcomes/person.jinja",
        {
            "page_title": f"Outcome measures: {person.full_name}",
            "person": PersonPresenter(person),
            "person_id": person.pk,
            "sections": sections,
            "is_self": is_self,
            "can_record": request.user.role in CLINICAL_ROLES,
        },
    )


def _record(request, person_id, *, form_class, template, title, save):
    if request.user.role not in CLINICAL_ROLES:
        raise PermissionDenied
    person, _grant, refusal = _person_in_scope(request, person_id)
    if refusal:
        return refusal
    extra = {"wording": selectors.reqol_wording()} if form_class is ReqolForm else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        save(
            user=request.user,
            person=person,
            referral=selectors.current_referral(request.user, person),
            form=form,
        )
        messages.success(request, f"{title} recorded")
        return redirect("outcomes:person", person_id=person.pk)
    return render(
        request,
        template,
        {
            "page_title": f"Record {title}",
            "tool_name": title,
            "form": form,
            "person": PersonPresenter(person),
            "person_id": person.pk,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_dialog(request, person_id):
    def save(*, user, person, referral, form):
        services.record_dialog(
            user=user,
            person=person,
            referral=referral,
            ratings=form.cleaned_data["ratings"],
            more_help=form.cleaned_data["more_help"],
            completed_at=form.completed_at(),
            completed_by=CompletedBy.CLINICIAN,
        )

    return _record(
        request,
        person_id,
        form_class=DialogForm,
        template="outcomes/record_dialog.jinja",
        title="DIALOG",
        save=save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_reqol(request, person_id):
    def save(*, user, person, referral, form):
        services.record_reqol10(
            user=user,
            person=person,
            referral=referral,
            scores=form.cleaned_data["scores"],
            completed_at=form.completed_at(),
        )

    return _record(
        request,
        person_id,
        form_class=ReqolForm,
        template="outcomes/record_reqol.jinja",
        title="ReQoL-10",
        save=save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_gbo(request, person_id):
    def save(*, user, person, referral, form):
        services.record_gbo(
            user=user,
            person=person,
            referral=referral,
            goals=form.cleaned_data["goals"],
            completed_at=form.completed_at(),
        )

    return _record(
        request,
        person_id,
        form_class=GboForm,
        template="outcomes/record_gbo.jinja",
        title="Goal Based Outcomes",
        save=save,
    )


def _own_person(request):
    if request.user.role != Role.PERSON or not request.user.person_id:
        raise PermissionDenied
    return access.person_access(request.user, request.user.person_id).person


@login_required
@require_http_methods(["GET", "POST"])
def my_dialog(request):
    person = _own_person(request)
    form = MyDialogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_dialog(
            user=request.user,
            person=person,
            referral=selectors.current_referral(request.user, person),
            ratings=form.cleaned_data["ratings"],
            more_help=form.cleaned_data["more_help"],
            completed_at=form.completed_at(),
            completed_by=CompletedBy.PERSON,
        )
        return redirect("outcomes:my_dialog_done")
    return render(
        request,
        "outcomes/my_dialog.jinja",
        {"page_title": "How things are for you", "form": form},
    )


@login_required
def my_dialog_done(request):
    person = _own_person(request)
    measurement = selectors.latest_self_completed_dialog(person)
    if measurement is None:
        return redirect("outcomes:my_dialog")
    record_event(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        obj=measurement,
        person=person,
        description="Viewed own DIALOG ratings",
    )
    return render(
        request,
        "outcomes/my_dialog_done.jinja",
        {
            "page_title": "Your ratings have been sent",
            "confirmation": DialogConfirmation(measurement),
        },
    )
