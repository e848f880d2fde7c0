"""Reporting periods and MHSDS month numbers (UniqMonthID: April 1900 is month 1)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


def month_id(d: date) -> int:
    """The UniqMonthID of the month holding `d`."""
    return (d.year - 1900) * 12 + d.month - 3


def month_start(mid: int) -> date:
    """First day of month `mid`."""
    return date(1900 + (mid + 2) // 12, (mid + 2) % 12 + 1, 1)


def month_end(mid: int) -> date:
    """Last day of month `mid`."""
    start = month_start(mid)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def financial_year(mid: int) -> int:
    """Financial years counted from April 1900 (each starts in April)."""
    return (mid - 1) // 12


@dataclass(frozen=True)
class Window:
    """A run of whole months ending at the period end."""

    first_month: int
    last_month: int

    @property
    def start(self) -> date:
        return month_start(self.first_month)

    @property
    def end(self) -> date:
        return month_end(self.last_month)


@dataclass(frozen=True)
class Period:
    """The reporting period a run is for, and the windows its measures use."""

    end: date

    def __post_init__(self) -> None:
        if self.end != month_end(month_id(self.end)):
            last = month_end(month_id(self.end))
            raise ValueError(f"the period end must be the last day of a month (for example {last})")

    @property
    def end_month(self) -> int:
        return month_id(self.end)

    def months(self, n: int) -> Window:
        """The `n` months ending with the period's month."""
        return Window(self.end_month - n + 1, self.end_month)

    @property
    def month(self) -> Window:
        return self.months(1)

    @property
    def quarter(self) -> Window:
        return self.months(3)

    @property
    def rolling_12(self) -> Window:
        return self.months(12)

    @property
    def financial_year_to_date(self) -> Window:
        first = financial_year(self.end_month) * 12 + 1
        return Window(first, self.end_month)

    def minus_days(self, days: int) -> date:
        return self.end - timedelta(days=days)
