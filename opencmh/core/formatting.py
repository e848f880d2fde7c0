"""Formatting used by presenters and templates (GOV.UK / NHS.UK style)."""

import datetime as dt

from django.utils import timezone


def format_date(value: dt.date | None) -> str:
    if value is None:
        return "Not known"
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return "Not known"
    local = timezone.localtime(value)
    hour = local.strftime("%I").lstrip("0")
    return f"{format_date(local.date())} at {hour}:{local:%M}{local:%p}".replace(
        "AM", "am"
    ).replace("PM", "pm")


def format_nhs_number(value: str | None) -> str:
    if not value:
        return "Not known"
    return f"{value[:3]} {value[3:6]} {value[6:]}"


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
