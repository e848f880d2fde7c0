"""IPS timing rules as pure functions of dates: rapid job search and job sustainment.

"Within one month" for the first employer contact follows the IPS fidelity scale's rapid
search item, which counts 30 days from entry to the service: the clock starts on the
day the referral to the IPS team was received, a contact on day 30 meets the target and
one on day 31 misses it. Sustainment is checked 13 and 26 weeks (91 and 182 days) after
the job start.
"""

import datetime as dt
import enum
from dataclasses import dataclass

FIRST_EMPLOYER_CONTACT_DAYS = 30
SUSTAINMENT_WEEKS = (13, 26)


class TargetState(enum.Enum):
    MET = "met"
    MISSED = "missed"
    DUE = "due"  # no contact yet, still within the month
    OVERDUE = "overdue"  # no contact yet, the month has passed


@dataclass(frozen=True)
class FirstContactTarget:
    referred_on: dt.date
    first_contact_on: dt.date | None
    due_by: dt.date
    state: TargetState
    days_taken: int | None
    days_left: int | None


def first_employer_contact(
    *, referred_on: dt.date, first_contact_on: dt.date | None, today: dt.date
) -> FirstContactTarget:
    due_by = referred_on + dt.timedelta(days=FIRST_EMPLOYER_CONTACT_DAYS)
    if first_contact_on is not None:
        taken = (first_contact_on - referred_on).days
        state = TargetState.MET if first_contact_on <= due_by else TargetState.MISSED
        return FirstContactTarget(referred_on, first_contact_on, due_by, state, taken, None)
    left = (due_by - today).days
    state = TargetState.DUE if left >= 0 else TargetState.OVERDUE
    return FirstContactTarget(referred_on, None, due_by, state, None, left)


def sustainment_due_on(started_on: dt.date, weeks: int) -> dt.date:
    if weeks not in SUSTAINMENT_WEEKS:
        raise ValueError(f"Sustainment is checked at 13 and 26 weeks, not {weeks}")
    return started_on + dt.timedelta(weeks=weeks)


class SustainmentState(enum.Enum):
    NOT_YET_DUE = "not_yet_due"
    DUE = "due"
    SUSTAINED = "sustained"
    NOT_SUSTAINED = "not_sustained"


def sustainment_state(
    *, started_on: dt.date, weeks: int, recorded: bool | None, today: dt.date
) -> SustainmentState:
    """RECORDED is None while nothing is recorded, else whether the job was sustained."""
    if recorded is True:
        return SustainmentState.SUSTAINED
    if recorded is False:
        return SustainmentState.NOT_SUSTAINED
    if today < sustainment_due_on(started_on, weeks):
        return SustainmentState.NOT_YET_DUE
    return SustainmentState.DUE
