"""SMI physical health pages: the register and lists per PCN, practice and team, a person's
checks over time, recording a check, and closing follow-up actions.

Reads go through opencmh.physical_health.selectors (built on opencmh.core.access); every
page that shows personal data writes an audit event.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencmh.core.audit import record_event, record_person_view
from opencmh.core.models import AuditEvent
from opencmh.people.presenters import person_page_context
from opencmh.physical_health import presenters, selectors, services
from opencmh.physical_health.forms import (
    AntipsychoticForm,
    CheckForm,
    CloseActionForm,
    FilterForm,
    RegisterForm,
)
from opencmh.physical_health.models import CareSetting

PAGE_SIZE = 50


def _require(user):
    if not selectors.may_use(user):
        raise PermissionDenied


def _filters(request):
    _require(request.user)
    scope = selectors.scope_for(request.user)
    form = FilterForm(request.GET or None, scope=scope)
    filters = selectors.filters_for(
        request.user,
        pcn_id=request.GET.get("pcn", ""),
        practice_id=request.GET.get("practice", ""),
        team_id=request.GET.get("team", ""),
    )
    return filters, form, selectors.is_gp_user(request.user)


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _pagination(request, page) -> dict | None:
    if page.paginator.num_pages <= 1:
        return None
    query = request.GET.copy()
    params = {}
    if page.has_previous():
        query["page"] = page.previous_page_number()
        params["previous"] = {"href": "?" + query.urlencode(), "labelText": "Previous page"}
    if page.has_next():
        query["page"] = page.next_page_number()
        params["next"] = {"href": "?" + query.urlencode(), "labelText": "Next page"}
    return params


def _annual(today):
    return lambda entry: presenters.annual_tag(entry.last_complete_check, today)


def _audit_list(request, what, filters):
    record_event(
        user=request.user,
        action=AuditEvent.Action.LIST,
        description=f"Viewed {what}: {filters.describe()}",
    )


def _list_page(request, template, title, what, rows, filters, form, gp, extra=None):
    page = _page(request, rows)
    _audit_list(request, what, filters)
    return render(
        request,
        template,
        {
            "page_title": title,
            "filter_form": form,
            "filters": filters,
            "gp": gp,
            "page": page,
            "page_links": _pagination(request, page),
            "query": request.GET.urlencode(),
            **(extra or {}),
        },
    )


@login_required
def home(request):
    filters, form, gp = _filters(request)
    today = timezone.localdate()
    _audit_list(request, "SMI physical health summary", filters)
    return render(
        request,
        "physical_health/home.jinja",
        {
            "page_title": "SMI physical health",
            "filter_form": form,
            "filters": filters,
            "gp": gp,
            "query": request.GET.urlencode(),
            "register_count": selectors.register(request.user, filters).count(),
            "due_count": selectors.due_or_overdue(request.user, filters, today).count(),
            "action_count": selectors.open_actions(request.user, filters).count(),
        },
    )


@login_required
def register(request):
    filters, form, gp = _filters(request)
    return _list_page(
        request,
        "physical_health/register.jinja",
        "SMI register",
        "SMI register",
        selectors.register(request.user, filters),
        filters,
        form,
        gp,
        {"annual": _annual(timezone.localdate())},
    )


@login_required
def due(request):
    filters, form, gp = _filters(request)
    today = timezone.localdate()
    monitoring = [
        row
        for row in (
            presenters.MonitoringRow(course, today)
            for course in selectors.monitoring_courses(request.user, filters)
        )
        if row.outstanding
    ]
    return _list_page(
        request,
        "physical_health/due.jinja",
        "Physical health checks due or overdue",
        "physical health checks due or overdue",
        selectors.due_or_overdue(request.user, filters, today),
        filters,
        form,
        gp,
        {
            "annual": _annual(today),
            "monitoring": monitoring[:PAGE_SIZE],
            "monitoring_count": len(monitoring),
        },
    )


@login_required
def actions(request):
    filters, form, gp = _filters(request)
    return _list_page(
        request,
        "physical_health/actions.jinja",
        "Open follow-up actions",
        "open physical health follow-up actions",
        selectors.open_actions(request.user, filters),
        filters,
        form,
        gp,
    )


def _person(request, person_id):
    _require(request.user)
    grant = selectors.person_for(request.user, person_id)
    if not grant.allowed:
        return None, redirect("people:break_glass", person_id=person_id)
    return grant, None


@login_required
def person(request, person_id):
    grant, denied = _person(request, person_id)
    if denied:
        return denied
    person = grant.person
    record_person_view(user=request.user, grant=grant, description="Viewed physical health record")
    today = timezone.localdate()
    checks = selectors.checks_for(person)
    last_complete = max((c.checked_on for c in checks if c.all_six_elements), default=None)
    courses = [
        (
            course,
            presenters.relevant_schedule(presenters.schedule_for(course, checks, today), today),
        )
        for course in selectors.courses_for(person)
    ]
    return render(
        request,
        "physical_health/person.jinja",
        person_page_context(
            person,
            page_title=f"Physical health: {person.full_name}",
            entry=selectors.register_entry_for(person),
            checks=list(reversed(checks)),
            cells=presenters.check_cells,
            headings=presenters.HISTORY_HEADINGS,
            charts=presenters.history_charts(person, checks),
            annual=presenters.annual_tag(last_complete, today),
            actions=[presenters.ActionRow(a) for a in selectors.actions_for(person)],
            courses=courses,
            schedule_tag=presenters.schedule_tag,
            is_clinical=request.user.is_clinical,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_new(request, person_id):
    grant, denied = _person(request, person_id)
    if denied:
        return denied
    person = grant.person
    gp = selectors.is_gp_user(request.user)
    initial = {
        "checked_on": timezone.localdate(),
        "setting": CareSetting.PRIMARY if gp else CareSetting.SECONDARY,
    }
    form = CheckForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _, raised = services.record_check(
                user=request.user,
                person=person,
                checked_on=form.cleaned_data["checked_on"],
                setting=form.cleaned_data["setting"],
                values=form.values(),
                team=None if gp else selectors.team_for(request.user, person),
                gp_practice=request.user.gp_practice if gp else None,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if raised:
                listed = "; ".join(a.get_kind_display() for a in raised)
                messages.success(
                    request, f"Check saved. Follow-up needed ({len(raised)}): {listed}"
                )
            else:
                messages.success(request, "Check saved. No results in the red zone")
            return redirect("physical_health:person", person_id=person.pk)
    return render(
        request,
        "physical_health/check_form.jinja",
        person_page_context(person, page_title="Record a physical health check", form=form),
    )


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_http_methods(["GET", "POST"])
def register_edit(request, person_id):
    grant, denied = _person(request, person_id)
    if denied:
        return denied
    person = grant.person
    entry = selectors.register_entry_for(person)
    initial = {}
    if entry is not None:
        initial = {
            "diagnosis": entry.diagnosis,
            "diagnosed_on": entry.diagnosed_on,
            "in_remission": entry.in_remission,
            "remission_recorded_on": entry.remission_recorded_on,
        }
    form = RegisterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_register_entry(user=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "SMI register updated")
            return redirect("physical_health:person", person_id=person.pk)
    return render(
        request,
        "physical_health/register_form.jinja",
        person_page_context(person, page_title="SMI register", form=form, entry=entry),
    )


@login_required
@require_http_methods(["GET", "POST"])
def antipsychotic_new(request, person_id):
    grant, denied = _person(request, person_id)
    if denied:
        return denied
    person = grant.person
    form = AntipsychoticForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_antipsychotic(user=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Antipsychotic recorded: its monitoring schedule is shown")
            return redirect("physical_health:person", person_id=person.pk)
    return render(
        request,
        "physical_health/antipsychotic_form.jinja",
        person_page_context(person, page_title="Record an antipsychotic", form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_close(request, action_id):
    _require(request.user)
    action = selectors.action_for(request.user, action_id)
    back = request.GET.get("next") or request.POST.get("next") or ""
    if not back.startswith("/physical-health/"):
        back = reverse("physical_health:person", args=[action.person_id])
    form = CloseActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_action(
                user=request.user,
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"{action.get_kind_display()} for {action.person.full_name}: marked "
                f"{'done' if form.cleaned_data['status'] == 'done' else 'declined'}",
            )
            return redirect(back)
    record_event(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        obj=action,
        person=action.person,
        description="Viewed a physical health follow-up action",
    )
    return render(
        request,
        "physical_health/action_close.jinja",
        {
            "page_title": "Close a follow-up action",
            "form": form,
            "action": presenters.ActionRow(action),
            "back": back,
        },
    )
