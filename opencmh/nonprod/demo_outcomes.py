"""Demo outcome measures: DIALOG, ReQoL-10 and goal histories. Non-production only.

About half the accepted referrals with a baseline outcome clock event get a history: a
baseline on that date and follow-ups every one to three months, drifting towards
improvement with noise, so some people improve, some do not and a few deteriorate.
The person persona (Alex Carter, the first referral) has a baseline and three follow-ups
on each tool showing improvement, with a ReQoL-10 reliable recovery.
"""

import datetime as dt
import random

from django.utils import timezone

from opencmh.outcomes import scoring
from opencmh.outcomes.models import CompletedBy, OutcomeItemScore, OutcomeMeasurement, Tool
from opencmh.referrals.models import ClockEvent

DEMO_GOALS = [
    "Get back to the allotment",
    "Sleep through the night more often",
    "Meet up with my sister every week",
    "Go to the shops on my own",
    "Start a course at the recovery college",
    "Cook proper meals again",
    "Look for part-time work",
    "Cut down on drinking",
    "Feel safe at home",
]

# Alex Carter: baseline then three follow-ups, improving on every tool.
ALEX_DIALOG = [
    [2, 4, 2, 3, 2, 3, 4, 3, 4, 3, 4],
    [3, 4, 2, 4, 3, 3, 4, 4, 4, 4, 5],
    [4, 4, 3, 4, 4, 4, 5, 5, 5, 5, 5],
    [5, 5, 3, 5, 4, 5, 5, 5, 5, 5, 6],
]
ALEX_MORE_HELP = {3, 5}  # job situation, leisure activities
ALEX_REQOL = [18, 21, 26, 29]
ALEX_GOALS = [
    ("Get back to the allotment", [2, 4, 6, 7]),
    ("Sleep through the night more often", [3, 5, 6, 8]),
    ("Meet up with my sister every week", [1, 3, 5, 6]),
]
ALEX_DAYS = [10, 40, 75, 105]  # days after the referral was received


def _at(day: dt.date, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class _Builder:
    def __init__(self):
        self.measurements: list[OutcomeMeasurement] = []
        self.items: list[OutcomeItemScore] = []

    def measurement(self, referral, tool, day, who, **extra) -> OutcomeMeasurement:
        m = OutcomeMeasurement(
            person_id=referral.person_id,
            referral=referral,
            tool=tool,
            completed_at=_at(day),
            completed_by=who,
            recorded_by=referral.key_worker,
            **extra,
        )
        self.measurements.append(m)
        return m

    def dialog(self, referral, day, ratings, more_help, who=CompletedBy.CLINICIAN):
        m = self.measurement(referral, Tool.DIALOG, day, who)
        for item, score in zip(scoring.DIALOG_ITEMS, ratings, strict=True):
            self.items.append(
                OutcomeItemScore(
                    measurement=m,
                    item=item.number,
                    score=score,
                    snomed_code=item.snomed_code,
                    more_help_wanted=item.number in more_help,
                )
            )

    def reqol(self, referral, day, item_scores):
        m = self.measurement(
            referral,
            Tool.REQOL10,
            day,
            CompletedBy.CLINICIAN,
            total_score=sum(item_scores),
            total_snomed_code=scoring.REQOL10_TOTAL_CODE,
        )
        for number, score in enumerate(item_scores, start=1):
            self.items.append(OutcomeItemScore(measurement=m, item=number, score=score))

    def gbo(self, referral, day, goals):
        m = self.measurement(referral, Tool.GBO, day, CompletedBy.CLINICIAN)
        for number, (text, score) in enumerate(goals, start=1):
            self.items.append(
                OutcomeItemScore(
                    measurement=m,
                    item=number,
                    score=score,
                    snomed_code=scoring.GBO_GOAL_CODES[number - 1],
                    goal_text=text,
                )
            )


def _reqol_items(rng: random.Random, total: int) -> list[int]:
    """Ten item scores 0-4 adding up to TOTAL."""
    items = [0] * scoring.REQOL10_ITEMS
    for _ in range(max(0, min(total, scoring.REQOL10_TOTAL_MAX))):
        i = rng.choice([n for n in range(scoring.REQOL10_ITEMS) if items[n] < 4])
        items[i] += 1
    return items


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def add_outcome_histories(referrals: list, today: dt.date, *, seed: int) -> int:
    """Create outcome histories for a subset of accepted referrals. Returns how many."""
    rng = random.Random(seed)
    persona_referral = referrals[0]
    baselines = dict(
        ClockEvent.objects.filter(
            kind=ClockEvent.Kind.BASELINE_OUTCOME, referral__status="accepted"
        ).values_list("referral_id", "occurred_on")
    )
    b = _Builder()
    _alex(b, persona_referral, today)
    count = 1
    for referral in referrals[1:]:
        start = baselines.get(referral.pk)
        if start is None or referral.status != "accepted" or rng.random() < 0.5:
            continue
        count += 1
        days = [start]
        while len(days) < 5:
            nxt = days[-1] + dt.timedelta(days=rng.randrange(30, 95))
            if nxt >= today:
                break
            days.append(nxt)
        trend = rng.gauss(0.5, 0.7)  # most people improve a little; some do not
        if rng.random() < 0.8:
            base = [rng.randrange(1, 6) for _ in scoring.DIALOG_ITEMS]
            for k, day in enumerate(days):
                ratings = [_clamp(r + trend * k + rng.gauss(0, 0.6), 1, 7) for r in base]
                more_help = {i + 1 for i, r in enumerate(ratings) if r <= 3 and rng.random() < 0.6}
                who = CompletedBy.PERSON if k and rng.random() < 0.3 else CompletedBy.CLINICIAN
                b.dialog(referral, day, ratings, more_help, who)
        if rng.random() < 0.45:
            base_total = rng.randrange(8, 30)
            for k, day in enumerate(days):
                total = _clamp(base_total + 3 * trend * k + rng.gauss(0, 2.5), 0, 40)
                b.reqol(referral, day, _reqol_items(rng, total))
        if rng.random() < 0.45:
            texts = rng.sample(DEMO_GOALS, rng.randrange(1, 4))
            base = [rng.randrange(0, 5) for _ in texts]
            for k, day in enumerate(days):
                scores = [_clamp(s + 1.5 * trend * k + rng.gauss(0, 1), 0, 10) for s in base]
                b.gbo(referral, day, list(zip(texts, scores, strict=True)))
    OutcomeMeasurement.objects.bulk_create(b.measurements, batch_size=2000)
    OutcomeItemScore.objects.bulk_create(b.items, batch_size=5000)
    return count


def _alex(b: _Builder, referral, today: dt.date) -> None:
    days = [referral.received_on + dt.timedelta(days=d) for d in ALEX_DAYS]
    days = [d for d in days if d < today]
    for k, day in enumerate(days):
        b.dialog(referral, day, ALEX_DIALOG[k], ALEX_MORE_HELP)
        rng = random.Random(k)
        b.reqol(referral, day, _reqol_items(rng, ALEX_REQOL[k]))
        b.gbo(referral, day, [(text, scores[k]) for text, scores in ALEX_GOALS])
    if days:
        # The baseline outcome stops the four-week clock on the day it was taken.
        ClockEvent.objects.update_or_create(
            referral=referral,
            kind=ClockEvent.Kind.BASELINE_OUTCOME,
            defaults={"occurred_on": days[0]},
        )
