"""Formatting for bereavement pages: the first-contact clock in words, never colour alone."""

import datetime as dt
from dataclasses import dataclass

from opencmh.bereavement.clock import ClockState, describe_duration, first_contact_clock
from opencmh.bereavement.models import BereavementReferral
from opencmh.core.formatting import format_datetime

_CLASSES = {
    ClockState.MET: "nhsuk-tag--green",
    ClockState.MISSED: "nhsuk-tag--orange",
    ClockState.DUE: "nhsuk-tag--yellow",
    ClockState.OVERDUE: "nhsuk-tag--red",
}


@dataclass
class QueueRow:
    referral: BereavementReferral
    now: dt.datetime

    @property
    def name(self) -> str:
        return self.referral.bereaved_person.full_name

    @property
    def clock(self):
        return first_contact_clock(
            received_at=self.referral.received_at,
            first_contact_at=self.referral.first_contact_at,
            now=self.now,
        )

    @property
    def tag(self) -> dict:
        clock = self.clock
        if clock.state is ClockState.MET:
            text = f"Met: first contact after {describe_duration(clock.time_taken)}"
        elif clock.state is ClockState.MISSED:
            text = f"Missed: first contact after {describe_duration(clock.time_taken)}"
        elif clock.state is ClockState.DUE:
            text = f"Due: {describe_duration(clock.time_left)} left"
        else:
            text = f"Overdue by {describe_duration(clock.time_left)}"
        return {"text": text, "classes": _CLASSES[clock.state]}

    @property
    def deadline(self) -> str:
        return format_datetime(self.clock.deadline)

    @property
    def source(self) -> str:
        return self.referral.get_source_display()

    @property
    def worker(self) -> str:
        return self.referral.worker.display_name if self.referral.worker else "Not yet allocated"
