"""Writes to IPS records: keyword-only, one transaction each, with an audit event."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencmh.core.audit import record_event
from opencmh.core.models import AuditEvent
from opencmh.employment import fidelity, rules
from opencmh.employment.models import (
    EmployerContact,
    FidelityItemScore,
    FidelityReview,
    InWorkSupport,
    IPSReferral,
    JobStart,
    Sustainment,
    VocationalProfile,
)
from opencmh.referrals.models import OPEN_STATUSES


def _audit(user, action, obj, ips: IPSReferral, description: str) -> None:
    record_event(
        user=user, action=action, obj=obj, person=ips.referral.person, description=description
    )


def _not_in_future(on: dt.date, what: str) -> None:
    if on > timezone.localdate():
        raise ValidationError(f"The {what} date must be today or in the past")


@transaction.atomic
def start_ips(*, user, referral, employment_specialist=None) -> IPSReferral:
    """Open the IPS record for a referral to an IPS (D05) team. No eligibility questions."""
    if referral.team.team_type != "D05":
        raise ValidationError("IPS records belong to referrals to an IPS (D05) team")
    if referral.status not in OPEN_STATUSES:
        raise ValidationError("This referral is closed: IPS support cannot start on it")
    existing = IPSReferral.objects.filter(referral=referral).first()
    if existing is not None:
        return existing
    ips = IPSReferral.objects.create(
        referral=referral, employment_specialist=employment_specialist or user, started_by=user
    )
    _audit(user, AuditEvent.Action.CREATE, ips, ips, "Started IPS support")
    return ips


@transaction.atomic
def save_profile(*, user, ips: IPSReferral, **fields) -> VocationalProfile:
    profile = VocationalProfile.objects.filter(ips=ips).first()
    action = AuditEvent.Action.UPDATE if profile else AuditEvent.Action.CREATE
    if profile is None:
        profile = VocationalProfile(ips=ips)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.updated_by = user
    profile.full_clean(exclude=["ips", "updated_by"])
    profile.save()
    _audit(user, action, profile, ips, "Vocational profile saved")
    return profile


@transaction.atomic
def record_employer_contact(
    *,
    user,
    ips: IPSReferral,
    contacted_on: dt.date,
    employer_name: str,
    sector: str,
    purpose: str,
    notes: str = "",
) -> EmployerContact:
    _not_in_future(contacted_on, "contact")
    if contacted_on < ips.referred_on:
        raise ValidationError("The contact date must be on or after the IPS referral date")
    contact = EmployerContact.objects.create(
        ips=ips,
        contacted_on=contacted_on,
        employer_name=employer_name.strip(),
        sector=sector,
        purpose=purpose,
        notes=notes,
        recorded_by=user,
    )
    _audit(user, AuditEvent.Action.CREATE, contact, ips, "Employer contact recorded")
    return contact


@transaction.atomic
def record_job_start(
    *,
    user,
    ips: IPSReferral,
    started_on: dt.date,
    employer_name: str,
    job_title: str,
    sector: str,
    hours_per_week: Decimal,
) -> JobStart:
    _not_in_future(started_on, "start")
    if not Decimal(0) < hours_per_week <= Decimal(60):
        raise ValidationError("Hours per week must be more than 0 and no more than 60")
    job = JobStart.objects.create(
        ips=ips,
        started_on=started_on,
        employer_name=employer_name.strip(),
        job_title=job_title.strip(),
        sector=sector,
        hours_per_week=hours_per_week,
        recorded_by=user,
    )
    _audit(user, AuditEvent.Action.CREATE, job, ips, "Job start recorded")
    return job


@transaction.atomic
def record_sustainment(
    *, user, job: JobStart, weeks: int, sustained: bool, recorded_on: dt.date
) -> Sustainment:
    """Record once whether JOB was still held at WEEKS (13 or 26).

    A job can only be confirmed as sustained once the milestone has passed; that it was
    not sustained can be recorded earlier (the job ended).
    """
    due = rules.sustainment_due_on(job.started_on, weeks)
    _not_in_future(recorded_on, "recorded")
    if sustained and recorded_on < due:
        raise ValidationError(
            f"A job can be recorded as sustained at {weeks} weeks from {due:%d %B %Y}"
        )
    if Sustainment.objects.filter(job=job, weeks=weeks).exists():
        raise ValidationError(f"Sustainment at {weeks} weeks is already recorded for this job")
    if weeks == 26 and sustained:
        thirteen = Sustainment.objects.filter(job=job, weeks=13).first()
        if thirteen is not None and not thirteen.sustained:
            raise ValidationError("This job was recorded as not sustained at 13 weeks")
    row = Sustainment.objects.create(
        job=job, weeks=weeks, sustained=sustained, recorded_on=recorded_on, recorded_by=user
    )
    if not sustained and job.ended_on is None:
        job.ended_on = max(job.started_on, min(recorded_on, due))
        job.save(update_fields=["ended_on", "updated_at"])
    _audit(
        user,
        AuditEvent.Action.CREATE,
        row,
        job.ips,
        f"{weeks}-week sustainment recorded: {'sustained' if sustained else 'not sustained'}",
    )
    return row


@transaction.atomic
def record_in_work_support(
    *, user, job: JobStart, on: dt.date, with_whom: str, notes: str
) -> InWorkSupport:
    _not_in_future(on, "support")
    if on < job.started_on:
        raise ValidationError("In-work support starts on or after the job start date")
    row = InWorkSupport.objects.create(
        job=job, on=on, with_whom=with_whom, notes=notes, recorded_by=user
    )
    _audit(user, AuditEvent.Action.CREATE, row, job.ips, "In-work support recorded")
    return row


@transaction.atomic
def record_fidelity_review(
    *,
    user,
    team,
    reviewed_on: dt.date,
    reviewers: str,
    scores: dict[int, int],
    comments: dict[int, str],
    action_plan: str,
) -> FidelityReview:
    """Score a team against the 25-item scale; the total and band come from opencmh.employment.fidelity."""
    if team.team_type != "D05":
        raise ValidationError("Fidelity reviews are for IPS (D05) teams")
    _not_in_future(reviewed_on, "review")
    try:
        total = fidelity.total(scores)
    except fidelity.InvalidScores as exc:
        raise ValidationError(str(exc)) from exc
    if FidelityReview.objects.filter(team=team, reviewed_on=reviewed_on).exists():
        raise ValidationError("This team already has a fidelity review on that date")
    review = FidelityReview.objects.create(
        team=team,
        reviewed_on=reviewed_on,
        reviewers=reviewers.strip(),
        total=total,
        band=fidelity.band_for_total(total).code,
        action_plan=action_plan.strip(),
        recorded_by=user,
    )
    FidelityItemScore.objects.bulk_create(
        FidelityItemScore(
            review=review, item=n, score=scores[n], comment=comments.get(n, "").strip()
        )
        for n in fidelity.ITEM_NUMBERS
    )
    return review
