"""IPS pages: the employment specialist's caseload, each person's IPS record, and the
team's fidelity reviews. Reads go through opencmh.core.access; writes through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencmh.core import access
from opencmh.core.audit import record_event
from opencmh.core.models import CLINICAL_ROLES, AuditEvent, Role
from opencmh.employment import charts, fidelity, selectors, services
from opencmh.employment.forms import (
    EmployerContactForm,
    FidelityReviewForm,
    InWorkSupportForm,
    JobStartForm,
    ProfileForm,
    SustainmentForm,
)
from opencmh.employment.models import EmployerContact, EmployerSector, InWorkSupport
from opencmh.employment.presenters import (
    IPSRecordPresenter,
    JobPresenter,
    band_label,
    band_tag,
)

#: The fidelity scale's highest caseload score allows up to 20-25 people per specialist.
CASELOAD_FIDELITY_LIMIT = 25


def _require_clinical(user):
    if user.role not in CLINICAL_ROLES:
        raise PermissionDenied


@login_required
def caseload(request):
    """The employment specialist's IPS caseload; a team manager sees the whole team's."""
    user = request.user
    _require_clinical(user)
    whole_team = user.role == Role.TEAM_MANAGER or request.GET.get("team") == "all"
    records = selectors.with_progress(access.ips_caseload_for(user, whole_team=whole_team))
    today = timezone.localdate()
    rows = [
        IPSRecordPresenter(r, today)
        for r in records.order_by("referral__person__family_name", "referral__person__given_name")
    ]
    waiting = list(access.ips_referrals_waiting_for(user).order_by("received_on"))
    record_event(
        user=user,
        action=AuditEvent.Action.LIST,
        description=f"Viewed IPS caseload ({len(rows)} people)",
    )
    return render(
        request,
        "employment/caseload.jinja",
        {
            "page_title": "IPS caseload",
            "rows": rows,
            "whole_team": whole_team,
            "waiting": waiting,
            "caseload_limit": CASELOAD_FIDELITY_LIMIT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request, referral_id):
    """Start IPS support for an accepted referral to the IPS team. No eligibility questions."""
    user = request.user
    _require_clinical(user)
    referral = access.ips_referrals_waiting_for(user).filter(id=referral_id).first()
    if referral is None:
        raise Http404
    if request.method == "POST":
        try:
            ips = services.start_ips(user=user, referral=referral)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"IPS support started for {referral.person.full_name}")
            return redirect("employment:record", ips_id=ips.pk)
    record_event(
        user=user,
        action=AuditEvent.Action.VIEW,
        obj=referral,
        person=referral.person,
        description="Viewed referral to start IPS support",
    )
    return render(
        request,
        "employment/start.jinja",
        {"page_title": "Start IPS support", "referral": referral},
    )


def _record(request, ips_id):
    # Outside scope, everyone gets "not found": a denied request reveals no record.
    return access.ips_referral_for(request.user, ips_id)


@login_required
def record(request, ips_id):
    ips = selectors.ips_record(_record(request, ips_id))
    record_event(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        obj=ips,
        person=ips.referral.person,
        description="Viewed IPS record",
    )
    today = timezone.localdate()
    return render(
        request,
        "employment/record.jinja",
        {
            "page_title": f"IPS: {ips.referral.person.full_name}",
            "ips": ips,
            "record": IPSRecordPresenter(ips, today),
            "profile": getattr(ips, "profile", None),
            "contacts": list(ips.employer_contacts.all()),
            "sector_label": lambda code: EmployerSector(code).label,
            "purpose_label": lambda code: EmployerContact.Purpose(code).label,
            "with_label": lambda code: InWorkSupport.With(code).label,
        },
    )


def _form_page(request, ips, form, title, intro=""):
    return render(
        request,
        "employment/form_page.jinja",
        {"page_title": title, "form": form, "ips": ips, "intro": intro},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, ips_id):
    ips = _record(request, ips_id)
    current = getattr(ips, "profile", None)
    initial = {}
    if current is not None:
        initial = {name: getattr(current, name) for name in ProfileForm.base_fields}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_profile(user=request.user, ips=ips, **form.cleaned_data)
        messages.success(request, "Vocational profile saved")
        return redirect("employment:record", ips_id=ips.pk)
    return _form_page(
        request,
        ips,
        form,
        "Vocational profile",
        "What the person wants from work, in their words. Their preferences guide the job search.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def employer_contact_new(request, ips_id):
    ips = _record(request, ips_id)
    form = EmployerContactForm(request.POST or None, initial={"contacted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_employer_contact(user=request.user, ips=ips, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("contacted_on", exc)
        else:
            messages.success(request, "Employer contact recorded")
            return redirect("employment:record", ips_id=ips.pk)
    return _form_page(
        request,
        ips,
        form,
        "Record an employer contact",
        "A contact with an employer by the employment specialist or the person, about a job "
        "for this person. The first one should be within one month (30 days) of the IPS referral.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def job_new(request, ips_id):
    ips = _record(request, ips_id)
    form = JobStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_job_start(user=request.user, ips=ips, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Job start recorded")
            return redirect("employment:record", ips_id=ips.pk)
    return _form_page(
        request,
        ips,
        form,
        "Record a job start",
        "A competitive job: open to anyone, paid at least the minimum wage, not set aside "
        "for people with a disability.",
    )


def _job(ips, job_id):
    job = ips.jobs.prefetch_related("sustainments").filter(id=job_id).first()
    if job is None:
        raise Http404
    return job


@login_required
@require_http_methods(["GET", "POST"])
def sustainment_new(request, ips_id, job_id, weeks):
    ips = _record(request, ips_id)
    job = _job(ips, job_id)
    presenter = JobPresenter(job, timezone.localdate())
    milestone = next((m for m in presenter.milestones() if m.weeks == weeks), None)
    if milestone is None or not milestone.can_record:
        raise Http404
    form = SustainmentForm(request.POST or None, initial={"recorded_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_sustainment(
                user=request.user,
                job=job,
                weeks=weeks,
                sustained=form.cleaned_data["sustained"] == "yes",
                recorded_on=form.cleaned_data["recorded_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{weeks}-week sustainment recorded")
            return redirect("employment:record", ips_id=ips.pk)
    return _form_page(
        request,
        ips,
        form,
        f"{weeks}-week sustainment: {presenter.title}",
        f"Started {job.started_on.day} {job.started_on:%B %Y}. The {weeks}-week check is due "
        f"{milestone.due_on.day} {milestone.due_on:%B %Y}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def in_work_support_new(request, ips_id, job_id):
    ips = _record(request, ips_id)
    job = _job(ips, job_id)
    form = InWorkSupportForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_in_work_support(user=request.user, job=job, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("on", exc)
        else:
            messages.success(request, "In-work support recorded")
            return redirect("employment:record", ips_id=ips.pk)
    return _form_page(
        request,
        ips,
        form,
        f"In-work support: {JobPresenter(job, timezone.localdate()).title}",
        "IPS support continues for as long as the person wants it.",
    )


# Fidelity reviews: team-level, no personal data.


def _teams(user):
    teams = access.ips_teams_for(user)
    if user.role not in CLINICAL_ROLES and user.role not in (Role.ICS_MANAGER, Role.SYSTEM_ADMIN):
        raise PermissionDenied
    return teams


@login_required
def fidelity_teams(request):
    teams = _teams(request.user).prefetch_related("fidelity_reviews")
    rows = []
    for team in teams:
        reviews = sorted(team.fidelity_reviews.all(), key=lambda r: r.reviewed_on)
        rows.append({"team": team, "latest": reviews[-1] if reviews else None})
    return render(
        request,
        "employment/fidelity_teams.jinja",
        {"page_title": "IPS fidelity reviews", "rows": rows, "band_tag": band_tag},
    )


def _team(request, team_id):
    team = _teams(request.user).filter(id=team_id).first()
    if team is None:
        raise Http404
    return team


@login_required
def fidelity_team(request, team_id):
    team = _team(request, team_id)
    history = selectors.fidelity_history(team)
    return render(
        request,
        "employment/fidelity_team.jinja",
        {
            "page_title": f"Fidelity reviews: {team.name}",
            "team": team,
            "history": history,
            "chart": charts.fidelity_chart(history),
            "bands": fidelity.BANDS,
            "band_tag": band_tag,
            "band_label": band_label,
            "can_record": access.can_record_fidelity_review(request.user, team),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def fidelity_new(request, team_id):
    team = _team(request, team_id)
    if not access.can_record_fidelity_review(request.user, team):
        raise PermissionDenied
    form = FidelityReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            review = services.record_fidelity_review(
                user=request.user,
                team=team,
                reviewed_on=form.cleaned_data["reviewed_on"],
                reviewers=form.cleaned_data["reviewers"],
                scores=form.scores(),
                comments=form.comments(),
                action_plan=form.cleaned_data["action_plan"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Fidelity review saved: {review.total} out of 125, {band_label(review.band)}",
            )
            return redirect("employment:fidelity_review", team_id=team.pk, review_id=review.pk)
    return render(
        request,
        "employment/fidelity_new.jinja",
        {
            "page_title": f"New fidelity review: {team.name}",
            "team": team,
            "form": form,
            "bands": fidelity.BANDS,
        },
    )


@login_required
def fidelity_review(request, team_id, review_id):
    team = _team(request, team_id)
    review = next((r for r in selectors.fidelity_history(team) if r.pk == review_id), None)
    if review is None:
        raise Http404
    names = {item.number: item for item in fidelity.ITEMS}
    return render(
        request,
        "employment/fidelity_review.jinja",
        {
            "page_title": f"Fidelity review, {review.reviewed_on.day} {review.reviewed_on:%B %Y}",
            "team": team,
            "review": review,
            "items": [(names[s.item], s) for s in review.items.all()],
            "band_tag": band_tag,
        },
    )
