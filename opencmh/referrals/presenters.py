from dataclasses import dataclass

from django.utils import timezone

from opencmh.core.formatting import format_date
from opencmh.referrals.models import Referral


@dataclass
class ReferralPresenter:
    referral: Referral

    @property
    def person_name(self) -> str:
        return self.referral.person.full_name

    @property
    def received(self) -> str:
        return format_date(self.referral.received_on)

    @property
    def days_waiting(self) -> int:
        return (timezone.localdate() - self.referral.received_on).days

    @property
    def days_waiting_text(self) -> str:
        days = self.days_waiting
        return "1 day" if days == 1 else f"{days} days"

    @property
    def status_tag(self) -> dict:
        colours = {
            "received": "nhsuk-tag--blue",
            "more_information": "nhsuk-tag--yellow",
            "accepted": "nhsuk-tag--green",
            "connected_elsewhere": "nhsuk-tag--purple",
            "discharged": "nhsuk-tag--grey",
        }
        return {
            "text": self.referral.get_status_display(),
            "classes": colours.get(self.referral.status, ""),
        }
