import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from opencmh.core.codes import PROCEDURES
from opencmh.core.formatting import format_date, format_datetime

#: DIALOG is reviewed at least every six months.
DIALOG_REVIEW_DAYS = 183


def procedure_label(code: str) -> str:
    return PROCEDURES.get(code, (f"SNOMED {code}", None))[0]


@dataclass
class CaseloadRow:
    referral: object
    today: dt.date

    @property
    def name(self) -> str:
        return self.referral.person.full_name

    @property
    def last_contact(self) -> str:
        return (
            format_datetime(self.referral.last_contact)
            if self.referral.last_contact
            else "Not seen yet"
        )

    @property
    def next_contact(self) -> str:
        return (
            format_datetime(self.referral.next_contact)
            if self.referral.next_contact
            else "None booked"
        )

    def _hospital_follow_up(self) -> list[dict]:
        """People discharged from hospital need follow-up within 72 hours (3 days)."""
        discharged = self.referral.hospital_discharge
        if discharged is None or (self.today - discharged).days > 14:
            return []
        last = self.referral.last_contact
        if last is not None and timezone.localtime(last).date() >= discharged:
            return []
        due = discharged + dt.timedelta(days=3)
        if self.today > due:
            return [
                {
                    "text": f"72-hour follow-up after hospital missed (due {format_date(due)})",
                    "classes": "nhsuk-tag--red",
                }
            ]
        return [
            {
                "text": f"72-hour follow-up after hospital due by {format_date(due)}",
                "classes": "nhsuk-tag--yellow",
            }
        ]

    def due(self) -> list[dict]:
        """What is due or overdue, as tags with text (never colour alone)."""
        items = []
        for label, review in (
            ("Care plan review", self.referral.care_plan_review),
            ("Safety plan review", self.referral.safety_plan_review),
        ):
            if review is None:
                items.append({"text": f"{label}: no plan yet", "classes": "nhsuk-tag--orange"})
            elif review < self.today:
                items.append(
                    {
                        "text": f"{label} overdue since {format_date(review)}",
                        "classes": "nhsuk-tag--red",
                    }
                )
            elif (review - self.today).days <= 14:
                items.append(
                    {"text": f"{label} due {format_date(review)}", "classes": "nhsuk-tag--yellow"}
                )
        dialog = self.referral.last_dialog
        if dialog is None:
            items.append({"text": "DIALOG: none yet", "classes": "nhsuk-tag--orange"})
        elif (self.today - timezone.localtime(dialog).date()).days > DIALOG_REVIEW_DAYS:
            items.append(
                {
                    "text": f"DIALOG review overdue (last {format_date(timezone.localtime(dialog).date())})",
                    "classes": "nhsuk-tag--red",
                }
            )
        items.extend(self._hospital_follow_up())
        last = self.referral.last_contact
        threshold = settings.CARE_DISENGAGEMENT_DAYS
        if last is not None and (self.today - timezone.localtime(last).date()).days > threshold:
            items.append(
                {"text": f"Not seen for over {threshold} days", "classes": "nhsuk-tag--red"}
            )
        if self.referral.next_contact is None:
            items.append({"text": "No next contact booked", "classes": "nhsuk-tag--yellow"})
        return items
