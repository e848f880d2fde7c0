"""Person pages. Reads go through opencmh.core.access; every view is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from opencmh.core import access
from opencmh.core.audit import record_event, record_person_view
from opencmh.core.models import CLINICAL_ROLES, AuditEvent, Role
from opencmh.core.services import start_break_glass
from opencmh.people import services
from opencmh.people.forms import BreakGlassForm, PersonForm, PersonSearchForm
from opencmh.people.presenters import PersonPresenter


def _require_clinical(user):
    if user.role not in CLINICAL_ROLES:
        raise PermissionDenied


@login_required
def person_list(request):
    _require_clinical(request.user)
    form = PersonSearchForm(request.GET or None)
    query = form.data.get("q", "") if form.is_bound else ""
    people = access.search_people(request.user, query).select_related("gp_practice")
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    record_event(
        user=request.user,
        action=AuditEvent.Action.LIST,
        description=f"Searched people ({page.paginator.count} found)",
    )
    return render(
        request,
        "people/list.jinja",
        {
            "page_title": "People",
            "form": form,
            "page": page,
            "people": [PersonPresenter(p) for p in page],
            "query": query,
        },
    )


@login_required
def person_detail(request, person_id):
    grant = access.person_access(request.user, person_id)
    if not grant.allowed:
        return redirect("people:break_glass", person_id=person_id)
    person = grant.person
    record_person_view(user=request.user, grant=grant, description="Viewed person record")
    referrals = (
        access.referrals_for(request.user).filter(person=person)
        if request.user.role != Role.PERSON
        else access.referrals_for(request.user)
    )
    return render(
        request,
        "people/detail.jinja",
        {
            "page_title": person.full_name,
            "person": PersonPresenter(person),
            "person_id": person.pk,
            "referrals": referrals,
            "break_glass": grant.access == access.Access.BREAK_GLASS,
            "is_self": request.user.role == Role.PERSON,
        },
    )


@login_required
def my_record(request):
    if request.user.role != Role.PERSON or not request.user.person_id:
        raise PermissionDenied
    return person_detail(request, request.user.person_id)


@login_required
@require_http_methods(["GET", "POST"])
def break_glass(request, person_id):
    grant = access.person_access(request.user, person_id)
    if grant.allowed:
        return redirect("people:detail", person_id=person_id)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            start_break_glass(
                user=request.user, person=grant.person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error("reason", exc)
        else:
            return redirect("people:detail", person_id=person_id)
    # The name is not shown until access is granted.
    return render(
        request,
        "people/break_glass.jinja",
        {"page_title": "Emergency access to a record", "form": form},
    )


@login_required
def access_log(request, person_id):
    grant = access.person_access(request.user, person_id)
    if not grant.allowed:
        return redirect("people:break_glass", person_id=person_id)
    person = grant.person
    record_event(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        obj=person,
        person=person,
        description="Viewed who accessed the record",
    )
    page = Paginator(access.audit_events_for(request.user, person), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "people/access_log.jinja",
        {
            "page_title": f"Who has accessed {person.full_name}'s record",
            "person": PersonPresenter(person),
            "person_id": person.pk,
            "page": page,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    _require_clinical(request.user)
    form = PersonForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.person_fields()
        existing = services.existing_by_nhs_number(data["nhs_number"])
        if existing is not None:
            form.add_error(
                "nhs_number",
                "A person with this NHS number already has a record. Search for them instead of adding them again",
            )
        else:
            duplicates = list(
                services.likely_duplicates(
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    date_of_birth=data["date_of_birth"],
                    postcode=data["postcode"],
                )
            )
            if duplicates and not form.cleaned_data["confirm_not_duplicate"]:
                form.add_error(
                    "confirm_not_duplicate",
                    "Check whether the person already has a record. If none of these is them, confirm it",
                )
            else:
                try:
                    person = services.create_person(user=request.user, **data)
                except services.DuplicatePerson:
                    form.add_error(
                        "nhs_number", "A person with this NHS number already has a record"
                    )
                else:
                    messages.success(request, f"Record created for {person.full_name}")
                    return redirect(reverse("people:detail", args=[person.pk]))
    return render(
        request,
        "people/create.jinja",
        {
            "page_title": "Add a person",
            "form": form,
            "duplicates": [PersonPresenter(p) for p in duplicates],
        },
    )
