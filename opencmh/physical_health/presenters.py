"""Formatting for SMI physical health pages: statuses as tags with words, values with units."""

import datetime as dt
from dataclasses import dataclass

from opencmh.core.formatting import format_date
from opencmh.physical_health import charts, rules
from opencmh.physical_health.defaults import LOWER_BMI_ETHNIC_CATEGORIES
from opencmh.physical_health.selectors import recorded_dates


def annual_tag(last_complete: dt.date | None, today: dt.date) -> dict:
    status = rules.annual_check_status(last_complete, today)
    if status.status == "never":
        return {"text": "Never had a full check", "classes": "nhsuk-tag--red"}
    if status.status == "overdue":
        return {"text": f"Overdue since {format_date(status.due_on)}", "classes": "nhsuk-tag--red"}
    if status.status == "due_soon":
        return {"text": f"Due by {format_date(status.due_on)}", "classes": "nhsuk-tag--yellow"}
    return {"text": f"Next due {format_date(status.due_on)}", "classes": "nhsuk-tag--green"}


@dataclass
class RegisterRow:
    entry: object
    today: dt.date

    @property
    def person(self):
        return self.entry.person

    @property
    def practice(self) -> str:
        practice = self.entry.person.gp_practice
        return str(practice) if practice else "Not registered with a GP"

    @property
    def diagnosis(self) -> str:
        return self.entry.get_diagnosis_display()

    @property
    def remission(self) -> str:
        if self.entry.in_remission:
            return f"In remission (recorded {format_date(self.entry.remission_recorded_on)})"
        return ""

    @property
    def last_check(self) -> str:
        last = self.entry.last_check
        complete = self.entry.last_complete_check
        if last is None:
            return "None recorded"
        if complete == last:
            return f"{format_date(last)} (all six elements)"
        return f"{format_date(last)} (not all six elements)"

    @property
    def status(self) -> dict:
        return annual_tag(self.entry.last_complete_check, self.today)


@dataclass
class ActionRow:
    action: object

    @property
    def person(self):
        return self.action.person

    @property
    def practice(self) -> str:
        practice = self.action.person.gp_practice
        return practice.name if practice else "Not registered with a GP"

    @property
    def what(self) -> str:
        return self.action.get_kind_display()

    @property
    def why(self) -> str:
        return self.action.reason

    @property
    def raised(self) -> str:
        return format_date(self.action.check_record.checked_on)

    @property
    def closed(self) -> str:
        if self.action.closed_by_id is None:
            return ""
        return (
            f"{self.action.get_status_display()} by {self.action.closed_by.display_name} "
            f"on {format_date(self.action.closed_at.date())}"
        )


STATUS_TAGS = {
    "done": ("Done", "nhsuk-tag--green"),
    "due": ("Due now", "nhsuk-tag--yellow"),
    "overdue": ("Overdue", "nhsuk-tag--red"),
    "upcoming": ("Upcoming", "nhsuk-tag--grey"),
}


def schedule_tag(item: rules.ScheduledItem) -> dict:
    text, classes = STATUS_TAGS[item.status]
    if item.status == "done":
        text = f"Done {format_date(item.done_on)}"
    return {"text": text, "classes": classes}


def schedule_for(course, checks, today: dt.date) -> list[rules.ScheduledItem]:
    return rules.monitoring_schedule(
        course.started_on, today, recorded_dates(checks), stopped_on=course.stopped_on
    )


def relevant_schedule(items, today: dt.date) -> list[rules.ScheduledItem]:
    """Overdue, due and done points, and the next upcoming point of each element."""
    shown, next_seen = [], set()
    for item in items:
        if item.status == "upcoming":
            if item.element in next_seen:
                continue
            next_seen.add(item.element)
        shown.append(item)
    return shown


@dataclass
class MonitoringRow:
    course: object
    today: dt.date

    def __post_init__(self):
        checks = self.course.person.physical_health_checks.all()
        self.items = schedule_for(self.course, checks, self.today)

    @property
    def outstanding(self) -> list[rules.ScheduledItem]:
        return [i for i in self.items if i.status in ("due", "overdue")]


def check_cells(check) -> list[str]:
    """One row of the history table."""

    def v(name):
        value = getattr(check, name)
        return "" if value is None else rules.format_number(value)

    bp = f"{check.systolic_bp}/{check.diastolic_bp}" if check.systolic_bp else ""
    glucose = []
    if check.hba1c is not None:
        glucose.append(f"HbA1c {check.hba1c}")
    if check.fasting_glucose is not None:
        glucose.append(f"FPG {v('fasting_glucose')}")
    if check.random_glucose is not None:
        glucose.append(f"RPG {v('random_glucose')}")
    lipids = []
    if check.total_cholesterol is not None:
        lipids.append(f"TC {v('total_cholesterol')}")
    if check.cholesterol_hdl_ratio is not None:
        lipids.append(f"TC:HDL {check.cholesterol_hdl_ratio}")
    if check.qrisk_percent is not None:
        lipids.append(f"QRISK {v('qrisk_percent')}%")
    alcohol = []
    if check.alcohol_units_per_week is not None:
        alcohol.append(f"{check.alcohol_units_per_week} units a week")
    if check.audit_c_score is not None:
        alcohol.append(f"AUDIT-C {check.audit_c_score}")
    return [
        format_date(check.checked_on),
        f"{v('bmi')} ({v('weight_kg')} kg)" if check.bmi is not None else v("weight_kg"),
        bp,
        "; ".join(lipids),
        "; ".join(glucose),
        "; ".join(alcohol),
        check.get_smoking_status_display() if check.smoking_status else "",
        f"{check.elements_recorded} of 6",
    ]


HISTORY_HEADINGS = [
    {"text": text}
    for text in (
        "Date",
        "BMI (kg/m²)",
        "Blood pressure (mmHg)",
        "Lipids (mmol/L)",
        "Glucose (mmol/mol, mmol/L)",
        "Alcohol",
        "Smoking",
        "Elements",
    )
]


def bmi_threshold_for(person) -> str:
    return "23" if person.ethnic_category in LOWER_BMI_ETHNIC_CATEGORIES.split(",") else "25"


def history_charts(person, checks) -> list[charts.Chart]:
    def series(name):
        return [(c.checked_on, getattr(c, name)) for c in checks if getattr(c, name) is not None]

    bmi_limit = bmi_threshold_for(person)
    return [
        charts.line_chart(
            "bmi",
            "BMI",
            "kg/m²",
            [("BMI", series("bmi"))],
            threshold=(bmi_limit, f"{bmi_limit}: above this, offer lifestyle advice"),
        ),
        charts.line_chart(
            "bp",
            "Blood pressure",
            "mmHg",
            [("Systolic", series("systolic_bp")), ("Diastolic", series("diastolic_bp"))],
            threshold=("140", "140 systolic"),
        ),
        charts.line_chart(
            "hba1c",
            "HbA1c",
            "mmol/mol",
            [("HbA1c", series("hba1c"))],
            threshold=("48", "48: diabetes range"),
        ),
    ]
