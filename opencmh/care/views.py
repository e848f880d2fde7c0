"""Care pages: the shared assessment, the care and support plan, contacts, the safety plan,
caseloads, and the person's own view. Reads go through opencmh.core.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencmh.care import selectors, services
from opencmh.care.forms import (
    AgreementForm,
    AssessmentForm,
    CarePlanForm,
    ContactForm,
    SafetyPlanForm,
)
from opencmh.care.presenters import CaseloadRow, procedure_label
from opencmh.core import access
from opencmh.core.audit import record_event, record_person_view
from opencmh.core.models import CLINICAL_ROLES, AuditEvent, Role
from opencmh.people.presenters import person_page_context


def _person_for_clinician(request, person_id):
    if request.user.role not in CLINICAL_ROLES:
        raise PermissionDenied
    grant = access.person_access(request.user, person_id)
    if not grant.allowed:
        return None, redirect("people:break_glass", person_id=person_id)
    return grant, None


@login_required
def person_care(request, person_id):
    grant, denied = _person_for_clinician(request, person_id)
    if denied:
        return denied
    person = grant.person
    record_person_view(user=request.user, grant=grant, description="Viewed care record")
    versions = selectors.care_plan_versions(person)
    return render(
        request,
        "care/person.jinja",
        person_page_context(
            person,
            page_title=f"Care: {person.full_name}",
            sections=selectors.assessment_sections(person),
            assessment=getattr(person, "assessment", None),
            plan=versions[0] if versions else None,
            versions=versions,
            safety=selectors.latest_safety_plan(person),
            contacts=selectors.contacts_for(person),
            referrals=access.referrals_for(request.user).filter(person=person, status="accepted"),
            procedure_label=procedure_label,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request, person_id):
    grant, denied = _person_for_clinician(request, person_id)
    if denied:
        return denied
    person = grant.person
    current = {s.key: s.text for s in selectors.assessment_sections(person)}
    form = AssessmentForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.update_assessment(
            user=request.user,
            person=person,
            sections=form.cleaned_data,
            team=request.user.teams.first(),
        )
        completed = True
        if "complete" in request.POST:
            try:
                services.complete_assessment(user=request.user, person=person)
            except ValidationError as exc:
                # The sections are saved; only completion is refused, and the page says why.
                form.add_error(None, exc)
                completed = False
        if completed:
            messages.success(
                request,
                "Assessment saved and marked complete"
                if "complete" in request.POST
                else "Assessment saved",
            )
            return redirect("care:person", person_id=person.pk)
    return render(
        request,
        "care/assessment.jinja",
        person_page_context(
            person,
            page_title="Shared assessment",
            form=form,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def care_plan_edit(request, person_id):
    grant, denied = _person_for_clinician(request, person_id)
    if denied:
        return denied
    person = grant.person
    versions = selectors.care_plan_versions(person)
    latest = versions[0] if versions else None
    initial = {"based_on": latest.number if latest else 0}
    if latest:
        for n, goal in enumerate(latest.goals, start=1):
            initial[f"goal_{n}"], initial[f"goal_{n}_score"] = goal["text"], goal.get("score")
        initial["interventions"] = [i["procedure"] for i in latest.interventions]
        initial["provided_by"] = latest.interventions[0]["provider"] if latest.interventions else ""
        initial["crisis_and_contingency"] = latest.crisis_and_contingency
        initial["review_on"] = latest.review_on
    form = CarePlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        accepted = (
            access.referrals_for(request.user).filter(person=person, status="accepted").first()
        )
        try:
            version = services.save_care_plan(
                user=request.user,
                person=person,
                based_on=form.cleaned_data["based_on"],
                goals=form.goals(),
                interventions=form.interventions_list(),
                key_worker=accepted.key_worker if accepted else None,
                crisis_and_contingency=form.cleaned_data["crisis_and_contingency"],
                review_on=form.cleaned_data["review_on"],
            )
        except services.StaleVersion as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Care plan version {version.number} saved. Ask the person whether they agree it",
            )
            return redirect("care:person", person_id=person.pk)
    return render(
        request,
        "care/care_plan.jinja",
        person_page_context(
            person,
            page_title="Care and support plan",
            form=form,
            latest=latest,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def care_plan_agree(request, person_id, number):
    grant, denied = _person_for_clinician(request, person_id)
    if denied:
        return denied
    person = grant.person
    version = next((v for v in selectors.care_plan_versions(person) if v.number == number), None)
    if version is None:
        raise PermissionDenied
    form = AgreementForm(request.POST or None, initial={"agreed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.agree_care_plan(
                user=request.user,
                version=version,
                agreed_on=form.cleaned_data["agreed_on"],
                agreed_by=form.cleaned_data["agreed_by"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"Recorded that {person.given_name} agreed version {version.number}"
            )
            return redirect("care:person", person_id=person.pk)
    return render(
        request,
        "care/agree.jinja",
        person_page_context(
            person,
            page_title="Record agreement",
            form=form,
            version=version,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_new(request, person_id, referral_id):
    grant, denied = _person_for_clinician(request, person_id)
    if denied:
        return denied
    referral = access.referral_for(request.user, referral_id)
    if referral.person_id != grant.person.pk:
        raise PermissionDenied
    form = ContactForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and "starts_at" in form.cleaned_data:
        d = form.cleaned_data
        try:
            services.record_contact(
                user=request.user,
                referral=referral,
                professional=request.user,
                starts_at=d["starts_at"],
                mechanism=d["mechanism"],
                attend_status=d["attend_status"],
                duration_minutes=d["duration_minutes"],
                procedures=d["procedures"],
                notes=d["notes"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, "Contact recorded" if d["attend_status"] else "Contact booked"
            )
            return redirect("care:person", person_id=grant.person.pk)
    return render(
        request,
        "care/contact.jinja",
        person_page_context(
            grant.person,
            page_title="Record or book a contact",
            form=form,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def safety_plan_edit(request, person_id):
    grant, denied = _person_for_clinician(request, person_id)
    if denied:
        return denied
    person = grant.person
    latest = selectors.latest_safety_plan(person)
    initial = {"based_on": latest.number if latest else 0}
    if latest:
        initial.update(
            {
                f: getattr(latest, f)
                for f in (*services.SAFETY_FIELDS, "safer_environment", "review_on")
            }
        )
    form = SafetyPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        based_on, review_on = d.pop("based_on"), d.pop("review_on")
        try:
            services.save_safety_plan(
                user=request.user, person=person, based_on=based_on, review_on=review_on, **d
            )
        except services.StaleVersion as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Safety plan saved")
            return redirect("care:person", person_id=person.pk)
    return render(
        request,
        "care/safety_plan.jinja",
        person_page_context(
            person,
            page_title="Safety plan",
            form=form,
        ),
    )


@login_required
def caseload(request):
    """The key worker's caseload; a team manager sees the whole team's."""
    if request.user.role not in CLINICAL_ROLES:
        raise PermissionDenied
    referrals = access.caseload_for(request.user)
    if request.user.role == Role.TEAM_MANAGER or request.GET.get("team") == "all":
        referrals = access.referrals_for(request.user).filter(status="accepted")
    today = timezone.localdate()
    rows = [
        CaseloadRow(r, today)
        for r in selectors.caseload_rows(referrals).order_by(
            "person__family_name", "person__given_name"
        )
    ]
    record_event(
        user=request.user,
        action=AuditEvent.Action.LIST,
        description=f"Viewed caseload ({len(rows)} people)",
    )
    return render(
        request,
        "care/caseload.jinja",
        {
            "page_title": "Caseload",
            "rows": rows,
            "whole_team": request.user.role == Role.TEAM_MANAGER
            or request.GET.get("team") == "all",
        },
    )


@login_required
def my_plan(request):
    """The person's own care plan and safety plan, in plain English."""
    if request.user.role != Role.PERSON or not request.user.person_id:
        raise PermissionDenied
    grant = access.person_access(request.user, request.user.person_id)
    person = grant.person
    record_event(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        obj=person,
        person=person,
        description="Viewed their own plans",
    )
    versions = selectors.care_plan_versions(person)
    return render(
        request,
        "care/my_plan.jinja",
        {
            "page_title": "Your plans",
            "plan": versions[0] if versions else None,
            "safety": selectors.latest_safety_plan(person),
            "procedure_label": procedure_label,
            "person_id": person.pk,
        },
    )
