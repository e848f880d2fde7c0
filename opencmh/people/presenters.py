"""Plain formatting objects for person pages."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from opencmh.core.formatting import age_on, format_date, format_nhs_number
from opencmh.people.models import Person, upper_ethnic_group


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


@dataclass
class PersonPresenter:
    person: Person

    @property
    def name(self) -> str:
        return self.person.full_name

    @property
    def nhs_number(self) -> str:
        return (
            format_nhs_number(self.person.nhs_number)
            if self.person.nhs_number
            else "Not yet traced"
        )

    @property
    def date_of_birth(self) -> str:
        today = timezone.localdate()
        return f"{format_date(self.person.date_of_birth)} (aged {age_on(self.person.date_of_birth, today)})"

    @property
    def gp_practice(self) -> str:
        return (
            str(self.person.gp_practice) if self.person.gp_practice else "Not registered with a GP"
        )

    @property
    def deprivation(self) -> str:
        if self.person.imd_decile is None:
            return "Not known"
        return f"IMD decile {self.person.imd_decile} (1 is most deprived)"

    def summary_rows(self) -> list[dict]:
        p = self.person
        rows = [
            ("NHS number", self.nhs_number),
            ("Date of birth", self.date_of_birth),
            ("Sex", p.get_sex_display()),
            ("Gender identity", p.get_gender_identity_display()),
            (
                "Ethnic category",
                f"{p.get_ethnic_category_display()} ({upper_ethnic_group(p.ethnic_category)})",
            ),
            ("Postcode", p.postcode or "Not known"),
            ("Deprivation", self.deprivation),
            ("GP practice", self.gp_practice),
        ]
        return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]

    def needs_rows(self) -> list[dict]:
        p = self.person
        rows = [
            ("Preferred language", p.preferred_language),
            ("Needs an interpreter", _yes_no(p.interpreter_needed)),
            ("Accessibility needs", p.accessibility_needs or "None recorded"),
            ("Communication needs", p.communication_needs or "None recorded"),
            ("Phone", p.phone or "Not known"),
            ("Email", p.email or "Not known"),
            ("Letters", "Do not send letters" if p.no_letters else "Letters are OK"),
            ("Safe times to contact", p.safe_contact_times or "Any time"),
            (
                "Voicemail",
                "OK to leave a message" if p.ok_to_leave_voicemail else "Do not leave a message",
            ),
        ]
        return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def days_since(day: dt.date) -> int:
    return (timezone.localdate() - day).days


def person_page_context(person: Person, **extra) -> dict:
    """The context every page about one person shares: its presenter and id, plus EXTRA."""
    return {"person": PersonPresenter(person), "person_id": person.pk, **extra}
