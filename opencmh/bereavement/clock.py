"""The first-contact clock for suicide bereavement referrals. Pure: times in, state out.

The target (hours from referral to first contact that reached the person) is the
setting BEREAVEMENT_FIRST_CONTACT_HOURS, default 72, so a clinical safety officer can
change it without a code change. Contact at exactly the target time meets it.
"""

import datetime as dt
import enum
from dataclasses import dataclass

from django.conf import settings


class ClockState(enum.Enum):
    MET = "met"
    MISSED = "missed"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class FirstContactClock:
    received_at: dt.datetime
    deadline: dt.datetime
    first_contact_at: dt.datetime | None
    state: ClockState
    target_hours: int
    #: Until the deadline (negative once overdue); None once contact was made.
    time_left: dt.timedelta | None
    #: From referral to first contact; None before contact.
    time_taken: dt.timedelta | None


def target_hours() -> int:
    return settings.BEREAVEMENT_FIRST_CONTACT_HOURS


def first_contact_clock(
    *,
    received_at: dt.datetime,
    first_contact_at: dt.datetime | None,
    now: dt.datetime,
    hours: int | None = None,
) -> FirstContactClock:
    hours = target_hours() if hours is None else hours
    deadline = received_at + dt.timedelta(hours=hours)
    if first_contact_at is not None:
        state = ClockState.MET if first_contact_at <= deadline else ClockState.MISSED
        return FirstContactClock(
            received_at,
            deadline,
            first_contact_at,
            state,
            hours,
            None,
            first_contact_at - received_at,
        )
    left = deadline - now
    state = ClockState.DUE if left >= dt.timedelta(0) else ClockState.OVERDUE
    return FirstContactClock(received_at, deadline, None, state, hours, left, None)


def describe_duration(delta: dt.timedelta) -> str:
    """'2 days 3 hours', '5 hours 20 minutes', '45 minutes' — for text, not colour."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)

    def part(n: int, unit: str) -> str:
        return f"{n} {unit}{'' if n == 1 else 's'}"

    if days:
        return part(days, "day") + (f" {part(hours, 'hour')}" if hours else "")
    if hours:
        return part(hours, "hour") + (f" {part(mins, 'minute')}" if mins else "")
    return part(mins, "minute")
