"""Demo IPS records: caseloads, job search, job starts with sustainment, in-work support,
and two fidelity reviews of the Riverside IPS team. Non-production only."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from opencmh.employment import fidelity
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
from opencmh.organisations.models import Team
from opencmh.referrals.models import Referral, ReferralStatusChange

EMPLOYERS = [
    ("Riverside Co-op", "retail", "Shop assistant"),
    ("Harbour Cafe", "hospitality", "Kitchen porter"),
    ("Docklands Logistics", "transport", "Warehouse operative"),
    ("Northgate Care Homes", "health_care", "Care assistant"),
    ("City Council Parks", "public", "Grounds maintenance"),
    ("BrightClean Services", "cleaning", "Office cleaner"),
    ("Riverside Library", "public", "Library assistant"),
    ("Quayside Print", "manufacturing", "Print finisher"),
    ("Moorland Garden Centre", "agriculture", "Nursery assistant"),
    ("TechFix Repairs", "it", "Repair technician"),
]
GOALS = [
    "Work outdoors, ideally with plants",
    "Something with computers, part-time to start",
    "Back into care work, which I did before",
    "Kitchen work: I like being busy",
    "Retail, mornings only",
]
# Item scores for the two Riverside reviews: a fair first review, a good one after the action plan.
FIRST_REVIEW = [4, 4, 3, 3, 3, 2, 4, 3, 5, 4, 3, 3, 4, 4, 3, 4, 3, 3, 4, 4, 5, 4, 5, 4, 3]
SECOND_REVIEW = [5, 5, 4, 4, 4, 3, 5, 4, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 4, 5, 4, 4]


def add_employment(rng: random.Random, referrals: list, users: dict) -> None:
    today = timezone.localdate()
    grace = users["employment"]
    riverside_ips = Team.objects.get(team_type="D05", place__code="91R")

    # People on the Riverside CMHT caseloads also referred to IPS, so the employment
    # specialist persona has a caseload whatever the demo size, and two waiting to start.
    extra, changes = [], []
    candidates = [
        r
        for r in referrals
        if r.status == "accepted"
        and r.team.team_type == "A06"
        and r.team.place_id == riverside_ips.place_id
        and r.received_on < today - dt.timedelta(days=60)
    ]
    for k, source in enumerate(rng.sample(candidates, min(10, len(candidates)))):
        received = today - dt.timedelta(days=rng.randrange(20, 420) if k >= 2 else 5 + k)
        at = timezone.make_aware(dt.datetime.combine(received, dt.time(11)))
        referral = Referral(
            person=source.person,
            team=riverside_ips,
            key_worker=grace,
            source_of_referral="I2",
            primary_reason="31",
            received_on=received,
            status="accepted",
            status_changed_at=at,
            reason_for_referral="Wants help to find paid work.",
        )
        extra.append(referral)
        changes += [
            ReferralStatusChange(referral=referral, status="received", at=at),
            ReferralStatusChange(referral=referral, status="accepted", at=at, by=grace),
        ]
    Referral.objects.bulk_create(extra)
    ReferralStatusChange.objects.bulk_create(changes)

    ips_rows, profiles, contacts, jobs, sustainments, support = [], [], [], [], [], []
    ips_referrals = [
        r for r in referrals if r.status == "accepted" and r.team.team_type == "D05"
    ] + extra[2:]
    for referral in ips_referrals:
        specialist = referral.key_worker or grace
        ips = IPSReferral(
            referral=referral, employment_specialist=specialist, started_by=specialist
        )
        ips_rows.append(ips)
        profiles.append(
            VocationalProfile(
                ips=ips,
                job_goals=rng.choice(GOALS),
                preferred_hours=rng.choice(["16 hours a week", "Mornings", "Full-time"]),
                work_history="Worked in retail and warehouses before becoming unwell.",
                strengths="Reliable, friendly, good with customers.",
                benefits_advice=rng.random() < 0.8,
                disclosure=rng.choice(["disclose", "not_disclose", "undecided"]),
                updated_by=specialist,
            )
        )
        days_in = (today - referral.received_on).days
        first = rng.choice([7, 14, 21, 28, 30, 35, 45])
        if first > days_in:
            continue  # still searching for a first employer contact
        for n in range(rng.randrange(1, 5)):
            on = referral.received_on + dt.timedelta(days=first + 12 * n)
            if on > today:
                break
            name, sector, _ = rng.choice(EMPLOYERS)
            contacts.append(
                EmployerContact(
                    ips=ips,
                    contacted_on=on,
                    employer_name=name,
                    sector=sector,
                    purpose=rng.choice(EmployerContact.Purpose.values),
                    recorded_by=specialist,
                )
            )
        start = referral.received_on + dt.timedelta(days=first + rng.randrange(20, 90))
        if start > today - dt.timedelta(days=3) or rng.random() < 0.35:
            continue
        name, sector, title = rng.choice(EMPLOYERS)
        job = JobStart(
            ips=ips,
            started_on=start,
            employer_name=name,
            job_title=title,
            sector=sector,
            hours_per_week=Decimal(rng.choice([8, 12, 16, 20, 22.5, 30, 37.5])),
            recorded_by=specialist,
        )
        jobs.append(job)
        for weeks in (13, 26):
            due = start + dt.timedelta(weeks=weeks)
            if due > today or rng.random() < 0.2:
                break  # not due yet, or due and not yet recorded
            held = rng.random() < 0.8
            sustainments.append(
                Sustainment(
                    job=job,
                    weeks=weeks,
                    sustained=held,
                    recorded_on=min(due + dt.timedelta(days=rng.randrange(0, 7)), today),
                    recorded_by=specialist,
                )
            )
            if not held:
                job.ended_on = due - dt.timedelta(days=rng.randrange(1, 30))
                break
        for n in range(1, 4):
            on = start + dt.timedelta(days=14 * n)
            if on <= today and (job.ended_on is None or on <= job.ended_on):
                support.append(
                    InWorkSupport(
                        job=job,
                        on=on,
                        with_whom=rng.choice(InWorkSupport.With.values),
                        notes="Checked how work is going; talked through shifts and breaks.",
                        recorded_by=specialist,
                    )
                )
    IPSReferral.objects.bulk_create(ips_rows)
    VocationalProfile.objects.bulk_create(profiles)
    EmployerContact.objects.bulk_create(contacts)
    JobStart.objects.bulk_create(jobs)
    Sustainment.objects.bulk_create(sustainments)
    InWorkSupport.objects.bulk_create(support)

    for months_ago, scores, reviewers, plan in (
        (
            14,
            FIRST_REVIEW,
            "Regional IPS fidelity reviewer; IPS team lead",
            "Agree caseload limits with the trust; employment specialists to join CMHT "
            "meetings weekly; start a benefits advice partnership.",
        ),
        (
            2,
            SECOND_REVIEW,
            "Regional IPS fidelity reviewer; peer reviewer from Moorland IPS",
            "Keep weekly CMHT meetings; widen job development to more employers and sectors.",
        ),
    ):
        by_item = dict(zip(fidelity.ITEM_NUMBERS, scores, strict=True))
        total = fidelity.total(by_item)
        review = FidelityReview.objects.create(
            team=riverside_ips,
            reviewed_on=today - dt.timedelta(days=30 * months_ago),
            reviewers=reviewers,
            total=total,
            band=fidelity.band_for_total(total).code,
            action_plan=plan,
            recorded_by=grace,
        )
        FidelityItemScore.objects.bulk_create(
            FidelityItemScore(review=review, item=n, score=s) for n, s in by_item.items()
        )
