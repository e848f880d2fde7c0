"""Demo care records: assessments, plans, safety plans and contacts. Non-production only."""

import datetime as dt
import random

from django.utils import timezone

from opencmh.care.models import (
    Assessment,
    AssessmentEntry,
    CareActivity,
    CareContact,
    CarePlan,
    CarePlanAgreement,
    CarePlanVersion,
    SafetyPlanVersion,
)

GOALS = [
    "Feel less on edge when I go out",
    "Get back into a routine with sleep",
    "Find some volunteering or paid work",
    "See my friends again",
    "Manage my money without panicking",
    "Cut down my drinking",
    "Understand my medication",
]
SECTIONS = {
    "mental_health": "Low mood and anxiety for several months; hearing a critical voice at times of stress.",
    "physical_health": "Weight gain since starting medication; smokes 10 a day.",
    "housing": "Rents a flat; worried about rent arrears.",
    "money": "Universal Credit; some debt.",
    "work": "Out of work for a year; would like to work again.",
    "safety": "Thoughts of self-harm when overwhelmed; has a safety plan and uses it.",
    "strengths": "Good with people; loves cooking; close to a sister.",
    "what_matters": "Being a good parent and getting back to work.",
}


def add_care(rng: random.Random, referrals: list, users: dict, person_persona_referral) -> None:
    now = timezone.now()
    today = timezone.localdate()
    keyworker = users["keyworker"]
    chosen = [
        r
        for r in referrals
        if r.status == "accepted" and (r.key_worker_id == keyworker.pk or rng.random() < 0.15)
    ]
    if person_persona_referral not in chosen:
        chosen.append(person_persona_referral)
    assessments, entries, plans, versions, agreements, safety, contacts, activities = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    for referral in chosen:
        person, writer = referral.person, referral.key_worker or keyworker
        assessment = Assessment(
            person=person,
            completed_at=now - dt.timedelta(days=rng.randrange(5, 100)),
            completed_by=writer,
        )
        assessments.append(assessment)
        for key, text in SECTIONS.items():
            entries.append(
                AssessmentEntry(
                    assessment=assessment,
                    section=key,
                    text=text,
                    written_by=writer,
                    team=referral.team,
                )
            )
        plan = CarePlan(person=person, current_version=1)
        plans.append(plan)
        version = CarePlanVersion(
            plan=plan,
            number=1,
            goals=[
                {"text": g, "score": rng.randrange(1, 6)}
                for g in rng.sample(GOALS, rng.randrange(1, 4))
            ],
            interventions=[
                {"procedure": "304891004", "provider": "Psychology team"},
                {"procedure": "182832007", "provider": "Key worker and GP"},
            ],
            key_worker=writer,
            crisis_and_contingency="Call the team duty line in working hours; out of hours call NHS 111 option 2.",
            review_on=today + dt.timedelta(days=rng.randrange(-20, 170)),
            written_by=writer,
        )
        versions.append(version)
        if rng.random() < 0.85:
            agreements.append(
                CarePlanAgreement(
                    version=version,
                    agreed_on=referral.received_on + dt.timedelta(days=rng.randrange(10, 40)),
                    agreed_by="person",
                    recorded_by=writer,
                )
            )
        if rng.random() < 0.8:
            safety.append(
                SafetyPlanVersion(
                    person=person,
                    number=1,
                    warning_signs="Not sleeping, stopping eating, pulling away from people.",
                    coping_strategies="Walk the dog, cold water on my face, music.",
                    people_and_places="My sister; the library; the crisis cafe.",
                    who_to_contact="Key worker in the day; my sister in the evening; NHS 111 option 2 at night.",
                    safer_environment="Medication kept by my sister.",
                    crisis_lines="NHS 111, option 2. Samaritans 116 123. Shout: text SHOUT to 85258. Emergency: 999.",
                    formulation="Distress rises with isolation and money worries; connection and routine help.",
                    review_on=today + dt.timedelta(days=rng.randrange(-10, 120)),
                    written_by=writer,
                )
            )
        start = timezone.make_aware(dt.datetime.combine(referral.received_on, dt.time(10)))
        gap = rng.randrange(10, 30)
        when = start + dt.timedelta(days=rng.randrange(3, 14))
        while when < now - dt.timedelta(days=rng.choice([7, 14, 80])):
            attend = rng.choices(["5", "6", "3", "2"], weights=[80, 5, 10, 5])[0]
            contact = CareContact(
                referral=referral,
                team=referral.team,
                professional=writer,
                starts_at=when,
                duration_minutes=rng.choice([30, 45, 60]),
                attend_status=attend,
                mechanism=rng.choices(["01", "02", "11"], weights=[65, 25, 10])[0],
                recorded_by=writer,
            )
            contacts.append(contact)
            if attend in ("5", "6") and rng.random() < 0.4:
                activities.append(
                    CareActivity(
                        contact=contact,
                        procedure=rng.choice(["304891004", "385989002", "182832007"]),
                    )
                )
            when += dt.timedelta(days=gap)
        if rng.random() < 0.8:
            contacts.append(
                CareContact(
                    referral=referral,
                    team=referral.team,
                    professional=writer,
                    mechanism="01",
                    recorded_by=writer,
                    starts_at=now
                    + dt.timedelta(days=rng.randrange(1, 21), hours=rng.randrange(0, 6)),
                )
            )
    Assessment.objects.bulk_create(assessments, batch_size=1000)
    AssessmentEntry.objects.bulk_create(entries, batch_size=2000)
    CarePlan.objects.bulk_create(plans, batch_size=1000)
    CarePlanVersion.objects.bulk_create(versions, batch_size=1000)
    CarePlanAgreement.objects.bulk_create(agreements, batch_size=1000)
    SafetyPlanVersion.objects.bulk_create(safety, batch_size=1000)
    CareContact.objects.bulk_create(contacts, batch_size=2000)
    CareActivity.objects.bulk_create(activities, batch_size=2000)
