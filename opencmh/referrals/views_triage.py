"""The triage queue and the decisions made on a referral: accept, connect elsewhere, ask."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencmh.core import access
from opencmh.core.audit import record_event
from opencmh.core.models import CLINICAL_ROLES, AuditEvent, Role
from opencmh.organisations.models import Team
from opencmh.referrals import queue, services
from opencmh.referrals.forms_triage import (
    AcceptForm,
    AllocateForm,
    AskForInformationForm,
    ConnectForm,
    DischargeForm,
    MatchForm,
    QueueFilterForm,
)
from opencmh.referrals.models import OPEN_STATUSES, WAITING_STATUSES
from opencmh.referrals.presenters import ReferralPresenter


def _require_clinical(user):
    if user.role not in CLINICAL_ROLES:
        raise PermissionDenied


@login_required
def triage_queue(request):
    _require_clinical(request.user)
    teams = list(request.user.teams.all())
    form = QueueFilterForm(request.GET or None, teams=teams)
    form.is_valid()
    chosen = getattr(form, "cleaned_data", {})
    show = chosen.get("show") or "waiting"
    sort = chosen.get("sort") or "waiting"
    team_id = chosen.get("team") or None
    statuses = WAITING_STATUSES if show == "waiting" else OPEN_STATUSES
    today = timezone.localdate()
    referrals = queue.annotate_clocks(
        access.triage_queue_for(request.user, team_id=team_id, statuses=statuses)
    )
    if show == "breach":
        referrals = queue.breached_or_near(referrals, today)
    referrals = queue.ordered(referrals, sort)
    page = Paginator(referrals, 50).get_page(request.GET.get("page"))
    page.object_list = [ReferralPresenter(r, today=today) for r in page.object_list]
    count = page.paginator.count
    record_event(
        user=request.user,
        action=AuditEvent.Action.LIST,
        description=f"Viewed triage queue ({count} referrals)",
    )
    return render(
        request,
        "referrals/queue.jinja",
        {
            "page_title": "Triage queue",
            "form": form,
            "page": page,
            "count": count,
            "query_string": request.GET.urlencode(),
        },
    )


@login_required
def referral_detail(request, referral_id):
    referral = access.referral_for(request.user, referral_id)
    record_event(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        obj=referral,
        person=referral.person,
        description="Viewed referral",
    )
    return render(
        request,
        "referrals/detail.jinja",
        {
            "page_title": f"Referral {referral.reference}",
            "r": ReferralPresenter(referral),
            "can_triage": request.user.role in CLINICAL_ROLES
            and referral.status in WAITING_STATUSES,
            "is_partner": request.user.role == Role.PARTNER_REFERRER,
        },
    )


def _decision(request, referral_id, form_class, template, title, act, initial=None, **form_kwargs):
    _require_clinical(request.user)
    referral = access.referral_for(request.user, referral_id)
    initial = {"version": referral.version, **(initial(referral) if initial else {})}
    form = form_class(request.POST or None, initial=initial, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            act(referral, form)
        except services.StaleReferral as exc:
            messages.error(request, str(exc))
            return redirect("referrals:detail", referral_id=referral.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(
        request, template, {"page_title": title, "form": form, "r": ReferralPresenter(referral)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def accept(request, referral_id):
    teams = Team.objects.filter(place__in=request.user.teams.values("place")).order_by("name")
    key_workers = (
        get_user_model()
        .objects.filter(
            teams__in=request.user.teams.all(), role__in=list(CLINICAL_ROLES), is_active=True
        )
        .distinct()
        .prefetch_related("teams")
        .order_by("last_name")
    )

    def act(referral, form):
        services.accept_referral(
            user=request.user,
            referral=referral,
            expected_version=form.cleaned_data["version"],
            team=form.cleaned_data["team"],
            key_worker=form.cleaned_data["key_worker_user"],
            first_contact_at=form.cleaned_data["first_contact_at"],
        )
        messages.success(request, "Referral accepted")

    return _decision(
        request,
        referral_id,
        AcceptForm,
        "referrals/accept.jinja",
        "Accept the referral",
        act,
        initial=lambda referral: {"team": referral.team_id},
        teams=teams,
        key_workers=list(key_workers),
    )


@login_required
@require_http_methods(["GET", "POST"])
def connect(request, referral_id):
    import datetime as dt

    from django.utils import timezone

    def act(referral, form):
        d = form.cleaned_data
        service = d["service"]
        services.connect_elsewhere(
            user=request.user,
            referral=referral,
            expected_version=d["version"],
            service=service,
            spoken_to=d["spoken_to"],
            spoken_at=timezone.make_aware(dt.datetime.combine(d["spoken_on"], dt.time(12))),
            notes=d["notes"],
            referrer_told=d["referrer_told"],
            person_told=d["person_told"],
        )
        messages.success(request, f"Connected to {service.name}")

    return _decision(
        request,
        referral_id,
        ConnectForm,
        "referrals/connect.jinja",
        "Connect to another service",
        act,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask(request, referral_id):
    def act(referral, form):
        services.ask_for_information(
            user=request.user,
            referral=referral,
            expected_version=form.cleaned_data["version"],
            question=form.cleaned_data["question"],
        )
        messages.success(request, "Question sent to the referrer")

    return _decision(
        request,
        referral_id,
        AskForInformationForm,
        "referrals/ask.jinja",
        "Ask the referrer for more information",
        act,
    )


@login_required
@require_http_methods(["GET", "POST"])
def match(request, referral_id):
    def act(referral, form):
        kwargs = {
            "user": request.user,
            "referral": referral,
            "expected_version": form.cleaned_data["version"],
        }
        if form.cleaned_data["decision"] == "same":
            services.confirm_same_person(**kwargs)
            messages.success(request, "Referral moved to the existing record")
        else:
            services.dismiss_possible_match(**kwargs)
            messages.success(request, "Recorded as a different person")

    return _decision(
        request,
        referral_id,
        MatchForm,
        "referrals/match.jinja",
        "Check for an existing record",
        act,
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocate(request, referral_id):
    """Allocate or transfer the key worker of an accepted referral; history is kept."""
    referral = access.referral_for(request.user, referral_id)
    team_members = (
        get_user_model()
        .objects.filter(teams=referral.team, role__in=list(CLINICAL_ROLES), is_active=True)
        .order_by("last_name", "first_name")
    )

    def act(referral, form):
        services.allocate_key_worker(
            user=request.user,
            referral=referral,
            expected_version=form.cleaned_data["version"],
            key_worker=form.cleaned_data["key_worker"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            request, f"Key worker is now {form.cleaned_data['key_worker'].display_name}"
        )

    return _decision(
        request,
        referral_id,
        AllocateForm,
        "referrals/allocate.jinja",
        "Allocate a key worker",
        act,
        key_workers=list(team_members),
    )


@login_required
@require_http_methods(["GET", "POST"])
def discharge(request, referral_id):
    def act(referral, form):
        d = form.cleaned_data
        services.discharge_referral(
            user=request.user,
            referral=referral,
            expected_version=d["version"],
            closure_reason=d["closure_reason"],
            summary=d["summary"],
            follow_up=d["follow_up"],
        )
        messages.success(request, "Discharged, with summary and follow-up arrangements")

    return _decision(
        request, referral_id, DischargeForm, "referrals/discharge.jinja", "Discharge", act
    )
