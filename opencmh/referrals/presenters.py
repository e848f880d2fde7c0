import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from opencmh.core.formatting import format_date, format_datetime
from opencmh.referrals import clocks
from opencmh.referrals.models import Referral

STATUS_COLOURS = {
    "received": "nhsuk-tag--blue",
    "more_information": "nhsuk-tag--yellow",
    "accepted": "nhsuk-tag--green",
    "connected_elsewhere": "nhsuk-tag--purple",
    "discharged": "nhsuk-tag--grey",
}
PRIORITY_ORDER = {"1": 0, "4": 1, "2": 2, "3": 3}


@dataclass
class ReferralPresenter:
    referral: Referral
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def person_name(self) -> str:
        return self.referral.person.full_name

    @property
    def received(self) -> str:
        return format_date(self.referral.received_on)

    @property
    def days_waiting(self) -> int:
        return (self.today - self.referral.received_on).days

    @property
    def days_waiting_text(self) -> str:
        days = self.days_waiting
        return "1 day" if days == 1 else f"{days} days"

    @property
    def status_tag(self) -> dict:
        return {
            "text": self.referral.get_status_display(),
            "classes": STATUS_COLOURS.get(self.referral.status, ""),
        }

    @property
    def priority_order(self) -> int:
        return PRIORITY_ORDER.get(self.referral.clinical_priority, 9)

    @property
    def four_week(self) -> clocks.Clock:
        return clocks.four_week_clock(self.referral, self.today)

    @property
    def eip(self) -> clocks.Clock | None:
        return clocks.eip_clock(self.referral, self.today)

    @property
    def most_urgent_clock(self) -> clocks.Clock:
        eip = self.eip
        return eip if eip is not None else self.four_week

    @property
    def first_contact_booked(self) -> str:
        booked = self.referral.first_contact_booked_for
        return format_datetime(booked) if booked else "Not booked"

    def outcome_text(self) -> str:
        """What a referrer is told about the outcome."""
        r = self.referral
        if r.status == "accepted":
            return f"Accepted by {r.team.name}"
        if r.status == "connected_elsewhere" and hasattr(r, "handover"):
            return f"Connected to {r.handover.service}"
        if r.status == "more_information":
            return "The team has asked you for more information"
        if r.status == "received":
            return "Waiting for triage"
        return r.get_status_display()

    def mhsds_dates(self) -> dict:
        """MHSDS referral dates, derived from the status history."""
        history = list(self.referral.status_history.all())
        first = {}
        for change in history:
            first.setdefault(change.status, timezone.localtime(change.at).date())
        closed = first.get("connected_elsewhere") or first.get("discharged")
        return {
            "ReferralRequestReceivedDate": self.referral.received_on,
            "ServiceRequestAcceptedDate": first.get("accepted"),
            "ServDischDate": first.get("discharged"),
            "ReferClosureDate": closed,
            "ReferClosReason": self.referral.get_closure_reason_display()
            if self.referral.closure_reason
            else None,
        }
