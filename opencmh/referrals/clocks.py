"""Waiting clocks shown in the triage queue.

- The four-week clock (CMHF four-week wait, measures.md): it stops when all four first
  events have happened: a direct contact, a baseline outcome measure, a meaningful
  assessment and an agreed care plan or intervention. It stops on the latest of them.
- The EIP two-week clock: for suspected first episode psychosis (reason 01) referred to
  an EIP team (A14); it stops on the later of the first direct contact and the
  allocation of a care coordinator.
"""

import datetime as dt
from dataclasses import dataclass

from opencmh.referrals.models import ClockEvent, Referral

FOUR_WEEKS = 28
TWO_WEEKS = 14
FOUR_WEEK_EVENTS = (
    ClockEvent.Kind.FIRST_CONTACT,
    ClockEvent.Kind.BASELINE_OUTCOME,
    ClockEvent.Kind.ASSESSMENT,
    ClockEvent.Kind.CARE_PLAN_OR_INTERVENTION,
)
EIP_EVENTS = (ClockEvent.Kind.FIRST_CONTACT, ClockEvent.Kind.CARE_COORDINATOR)
NEAR_BREACH_DAYS = {FOUR_WEEKS: 7, TWO_WEEKS: 3}


@dataclass(frozen=True)
class Clock:
    label: str
    limit_days: int
    started_on: dt.date
    events: dict  # kind -> date or None
    today: dt.date

    @property
    def stopped_on(self) -> dt.date | None:
        dates = list(self.events.values())
        return max(dates) if dates and all(dates) else None

    @property
    def days(self) -> int:
        end = self.stopped_on or self.today
        return (end - self.started_on).days

    @property
    def days_left(self) -> int:
        return self.limit_days - self.days

    @property
    def state(self) -> str:
        """'met', 'missed' (stopped late), 'breached', 'near' or 'on_track'."""
        if self.stopped_on is not None:
            return "met" if self.days <= self.limit_days else "missed"
        if self.days > self.limit_days:
            return "breached"
        if self.days_left <= NEAR_BREACH_DAYS[self.limit_days]:
            return "near"
        return "on_track"

    @property
    def summary(self) -> str:
        if self.state == "met":
            return f"Stopped at day {self.days}: within {self.limit_days} days"
        if self.state == "missed":
            return f"Stopped at day {self.days}: over {self.limit_days} days"
        if self.state == "breached":
            return f"Day {self.days}: over {self.limit_days} days"
        left = self.days_left
        return f"Day {self.days}: {left} day{'s' if left != 1 else ''} left"

    @property
    def tag(self) -> dict:
        text, colour = {
            "met": ("Met", "green"),
            "missed": ("Missed", "orange"),
            "breached": ("Breached", "red"),
            "near": ("Near breach", "yellow"),
            "on_track": ("On track", "blue"),
        }[self.state]
        return {"text": text, "classes": f"nhsuk-tag--{colour}"}

    def event_rows(self) -> list[tuple[str, dt.date | None]]:
        return [(ClockEvent.Kind(kind).label, date) for kind, date in self.events.items()]


def _first_events(referral: Referral) -> dict:
    # Uses prefetched clock_events when the queue prefetched them.
    return {e.kind: e.occurred_on for e in referral.clock_events.all()}


def is_eip_referral(referral: Referral) -> bool:
    return referral.primary_reason == "01" and referral.team.team_type == "A14"


def four_week_clock(referral: Referral, today: dt.date) -> Clock:
    events = _first_events(referral)
    return Clock(
        "Four-week wait",
        FOUR_WEEKS,
        referral.received_on,
        {k: events.get(k) for k in FOUR_WEEK_EVENTS},
        today,
    )


def eip_clock(referral: Referral, today: dt.date) -> Clock | None:
    if not is_eip_referral(referral):
        return None
    events = _first_events(referral)
    return Clock(
        "EIP two-week",
        TWO_WEEKS,
        referral.received_on,
        {k: events.get(k) for k in EIP_EVENTS},
        today,
    )
