"""Demo SMI physical health: the register, checks over the years with some results in the
red zone and their follow-up actions, and antipsychotic courses. Non-production only."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from opencmh.physical_health import rules
from opencmh.physical_health.defaults import ensure_default_rules
from opencmh.physical_health.models import (
    AntipsychoticCourse,
    CareSetting,
    FollowUpAction,
    FollowUpRule,
    PhysicalHealthCheck,
    SMIDiagnosis,
    SMIRegisterEntry,
)

SMI_REASONS = {"01", "02", "03"}
ANTIPSYCHOTICS = ["Olanzapine", "Aripiprazole", "Risperidone", "Quetiapine", "Clozapine"]


def _diagnosis(rng: random.Random, reason: str) -> str:
    if reason == "03":
        return SMIDiagnosis.BIPOLAR
    if reason == "02":
        return rng.choices([SMIDiagnosis.SCHIZOPHRENIA, SMIDiagnosis.OTHER_PSYCHOSIS], [3, 1])[0]
    return SMIDiagnosis.OTHER_PSYCHOSIS


def _d(value, places=1) -> Decimal:
    return Decimal(str(round(value, places)))


def _values(rng: random.Random, height: float, weight: float) -> dict:
    """One set of plausible results; about a third of people have something in the red zone."""
    systolic = int(rng.gauss(128, 14))
    values = {
        "height_cm": _d(height),
        "weight_kg": _d(weight),
        "waist_cm": _d(weight * 1.05 + rng.gauss(0, 4)),
        "systolic_bp": systolic,
        "diastolic_bp": min(systolic - 20, int(rng.gauss(80, 9))),
        "pulse": int(rng.gauss(78, 10)),
        "total_cholesterol": _d(max(2.5, rng.gauss(5.1, 0.9))),
        "hdl_cholesterol": _d(max(0.6, rng.gauss(1.3, 0.3))),
        "qrisk_percent": _d(max(0.5, rng.gauss(6, 4))),
        "hba1c": int(max(28, rng.gauss(39, 6))),
        "alcohol_units_per_week": max(0, int(rng.gauss(8, 8))),
        "audit_c_score": rng.choices(range(0, 10), [20, 15, 15, 12, 10, 8, 7, 5, 4, 4])[0],
        "smoking_status": rng.choices(["current", "ex", "never"], [40, 25, 35])[0],
        "poor_diet_or_inactive": rng.choices(["yes", "no"], [35, 65])[0],
    }
    values["bmi"] = rules.bmi(values["height_cm"], values["weight_kg"])
    if rng.random() < 0.15:  # a check where the bloods were not done
        for name in ("total_cholesterol", "hdl_cholesterol", "qrisk_percent", "hba1c"):
            values[name] = None
    return values


def add_physical_health(rng: random.Random, referrals: list, users: dict) -> None:
    ensure_default_rules()
    active = [r.as_rule() for r in FollowUpRule.objects.filter(active=True)]
    today = timezone.localdate()
    now = timezone.now()
    gp, keyworker = users["gp"], users["keyworker"]
    home_team_ids = set(keyworker.teams.values_list("id", flat=True))

    reasons: dict = {}
    for referral in referrals:
        if referral.primary_reason in SMI_REASONS:
            reasons.setdefault(referral.person.pk, (referral.person, referral.primary_reason))
    # Make sure the GP persona's practice has people on the register whom the key worker
    # persona's team also sees, so both personas have real lists.
    shared = [
        r.person
        for r in referrals
        if r.status == "accepted"
        and r.team_id in home_team_ids
        and r.person.gp_practice_id == gp.gp_practice_id
    ]
    for person in shared[:6]:
        reasons.setdefault(person.pk, (person, "02"))

    entries, checks, actions, courses = [], [], [], []
    for n, (person, reason) in enumerate(reasons.values()):
        diagnosed = today - dt.timedelta(days=rng.randrange(200, 6000))
        in_remission = reason == "03" and rng.random() < 0.15
        entries.append(
            SMIRegisterEntry(
                person=person,
                diagnosis=_diagnosis(rng, reason),
                diagnosed_on=diagnosed,
                in_remission=in_remission,
                remission_recorded_on=today - dt.timedelta(days=rng.randrange(30, 400))
                if in_remission
                else None,
                recorded_by=gp if person.gp_practice_id == gp.gp_practice_id else keyworker,
            )
        )
        at_gp = person.gp_practice_id == gp.gp_practice_id
        # Most people had checks; some never, some overdue. The first shared people are
        # left due so the browser journey and the personas find work to do.
        count = 0 if (at_gp and n % 3 == 0) else rng.choices([0, 1, 2, 3], [15, 30, 30, 25])[0]
        height = rng.gauss(170, 9)
        weight = rng.gauss(84, 16)
        last = today - dt.timedelta(days=rng.randrange(20, 520))
        dates = sorted(
            last - dt.timedelta(days=365 * k + rng.randrange(0, 40)) for k in range(count)
        )
        for k, checked_on in enumerate(dates):
            weight += rng.gauss(2.5, 2)
            values = _values(rng, height, weight)
            if k < len(dates) - 1 and rng.random() < 0.3:
                values["smoking_status"] = None  # an older, incomplete check
            covered = rules.elements_recorded(values)
            secondary = not at_gp and rng.random() < 0.5
            check = PhysicalHealthCheck(
                person=person,
                checked_on=checked_on,
                setting=CareSetting.SECONDARY if secondary else CareSetting.PRIMARY,
                recorded_by=keyworker if secondary or not at_gp else gp,
                gp_practice=person.gp_practice if not secondary else None,
                elements_recorded=sum(covered.values()),
                all_six_elements=all(covered.values()),
                **{
                    k: ("" if v is None and k in rules.CATEGORICAL else v)
                    for k, v in values.items()
                },
            )
            checks.append(check)
            latest = k == len(dates) - 1
            for trigger in rules.evaluate(active, values, person.ethnic_category):
                closed = not latest or rng.random() < 0.3
                status = rng.choice(["done", "done", "declined"]) if closed else "open"
                actions.append(
                    FollowUpAction(
                        person=person,
                        check_record=check,
                        kind=trigger.action,
                        rule_code=trigger.rule_code,
                        reason=trigger.reason[:300],
                        status=status,
                        closed_at=now - dt.timedelta(days=(today - checked_on).days // 2)
                        if closed
                        else None,
                        closed_by=(gp if at_gp else keyworker) if closed else None,
                    )
                )
        if rng.random() < 0.45:
            started = today - dt.timedelta(
                days=rng.choice([rng.randrange(10, 120), rng.randrange(200, 3000)])
            )
            courses.append(
                AntipsychoticCourse(
                    person=person,
                    medication=rng.choice(ANTIPSYCHOTICS),
                    started_on=started,
                    recorded_by=keyworker,
                )
            )
    SMIRegisterEntry.objects.bulk_create(entries, batch_size=1000)
    PhysicalHealthCheck.objects.bulk_create(checks, batch_size=1000)
    FollowUpAction.objects.bulk_create(actions, batch_size=1000)
    AntipsychoticCourse.objects.bulk_create(courses, batch_size=1000)
