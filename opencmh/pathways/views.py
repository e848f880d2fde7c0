"""Pathway pages: each specialist team's waiting list and caseload through the shared
referral and care machinery, plus the EIP package and eating disorder monitoring."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opencmh.core import access
from opencmh.core.audit import record_event
from opencmh.core.formatting import age_on
from opencmh.core.models import CLINICAL_ROLES, AuditEvent
from opencmh.outcomes.charts import line_chart
from opencmh.pathways import selectors, services
from opencmh.pathways.forms import MonitoringForm, PackageForm, StayForm
from opencmh.pathways.models import PackageElement, PackageStatus
from opencmh.people.presenters import person_page_context
from opencmh.referrals.presenters import ReferralPresenter


def _require_clinical(user):
    if user.role not in CLINICAL_ROLES:
        raise PermissionDenied


@login_required
def pathway(request, team_type):
    _require_clinical(request.user)
    if team_type not in selectors.PATHWAYS:
        raise Http404
    today = timezone.localdate()
    caseload = list(
        selectors.caseload(request.user, team_type).select_related("person", "team", "key_worker")
    )
    rows = []
    for referral in caseload:
        row = {"r": ReferralPresenter(referral, today=today)}
        if team_type == "A14":
            age = age_on(referral.person.date_of_birth, today)
            row["age"] = age
            row["outside_age_policy"] = not settings.EIP_MIN_AGE <= age <= settings.EIP_MAX_AGE
            statuses = selectors.package_status(referral)
            row["package"] = sum(
                1
                for s in statuses.values()
                if s in (PackageStatus.ACCEPTED, PackageStatus.COMPLETED)
            )
        rows.append(row)
    waiting = [
        ReferralPresenter(r, today=today) for r in selectors.waiting_list(request.user, team_type)
    ]
    record_event(
        user=request.user,
        action=AuditEvent.Action.LIST,
        description=f"Viewed {selectors.pathway_name(team_type)} pathway",
    )
    return render(
        request,
        "pathways/pathway.jinja",
        {
            "page_title": selectors.pathway_name(team_type),
            "team_type": team_type,
            "rows": rows,
            "waiting": waiting,
            "concordance": selectors.concordance(caseload) if team_type == "A14" else None,
            "package_size": len(PackageElement.values),
            "age_policy": (settings.EIP_MIN_AGE, settings.EIP_MAX_AGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def eip_package(request, referral_id):
    _require_clinical(request.user)
    referral = access.referral_for(request.user, referral_id)
    if referral.team.team_type != "A14":
        raise Http404
    current = selectors.package_status(referral)
    form = PackageForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        changed = [(e, s) for e, s in form.cleaned_data.items() if s and s != current.get(e)]
        for element, status in changed:
            services.update_package(
                user=request.user, referral=referral, element=element, status=status
            )
        messages.success(
            request, f"{len(changed)} part{'s' if len(changed) != 1 else ''} of the package updated"
        )
        return redirect("pathways:pathway", team_type="A14")
    record_event(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        obj=referral,
        person=referral.person,
        description="Viewed EIP package",
    )
    return render(
        request,
        "pathways/package.jinja",
        {
            "page_title": "NICE-recommended EIP package",
            "form": form,
            "r": ReferralPresenter(referral),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def monitoring(request, person_id):
    _require_clinical(request.user)
    grant = access.person_access(request.user, person_id)
    if not grant.allowed:
        return redirect("people:break_glass", person_id=person_id)
    person = grant.person
    form = MonitoringForm(request.POST if "monitoring" in request.POST else None, prefix="m")
    stay_form = StayForm(request.POST if "stay" in request.POST else None, prefix="s")
    if request.method == "POST":
        target, act = (form, "monitoring") if "monitoring" in request.POST else (stay_form, "stay")
        if target.is_valid():
            data = dict(target.cleaned_data)
            try:
                if act == "monitoring":
                    services.record_monitoring(user=request.user, person=person, **data)
                else:
                    services.record_stay(user=request.user, person=person, **data)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        target.add_error(field if field in target.fields else None, errors)
                else:
                    target.add_error(None, exc)
            else:
                messages.success(request, "Saved")
                return redirect("pathways:monitoring", person_id=person.pk)
    rows = list(person.physical_monitoring.all())
    chart = None
    if rows:
        chart = line_chart(
            chart_id="bmi",
            title=f"BMI over time for {person.full_name}",
            description="Body mass index at each measurement; the table below gives the same numbers.",
            series=[("BMI", [(r.measured_on, r.bmi) for r in rows])],
            y_min=10,
            y_max=40,
            y_step=5,
            reference=(17.5, "BMI 17.5"),
        )
    record_event(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        obj=person,
        person=person,
        description="Viewed physical monitoring",
    )
    return render(
        request,
        "pathways/monitoring.jinja",
        person_page_context(
            person,
            page_title="Physical monitoring",
            rows=rows,
            c=chart,
            stays=person.hospital_stays.all(),
            form=form if form.is_bound else stay_form if stay_form.is_bound else form,
            monitoring_form=form,
            stay_form=stay_form,
        ),
    )
