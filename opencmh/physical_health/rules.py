"""The clinical rules of the SMI physical health check, as pure functions (no Django).

- plausible ranges for each measurement, with plain-English messages;
- BMI from height and weight, and which of the six elements a check covers;
- the cardiometabolic follow-up rules: each rule is data (a FollowUpRule row that a
  clinical safety officer edits in the admin site) turned into a ``Rule`` here, and a
  result in the red zone becomes a follow-up action ("don't just screen, intervene");
- when the annual check is due, and the antipsychotic monitoring schedule (NICE CG178).
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# --- Measurements and plausible ranges -------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    label: str  # sentence case, starts a sentence: "Systolic blood pressure"
    unit: str  # as written after a number: "mmHg"
    minimum: Decimal
    maximum: Decimal
    places: int  # decimal places allowed
    example: str

    def describe(self, value) -> str:
        unit = f" {self.unit}" if self.unit and self.unit != "%" else self.unit
        return f"{self.label} {format_number(value)}{unit}"


def _m(label, unit, low, high, places, example) -> Measurement:
    return Measurement(label, unit, Decimal(low), Decimal(high), places, example)


#: Values outside these ranges are almost certainly typing mistakes (or the wrong unit).
MEASUREMENTS: dict[str, Measurement] = {
    "height_cm": _m("Height", "cm", "100", "250", 1, "172"),
    "weight_kg": _m("Weight", "kg", "25", "350", 1, "80.5"),
    "bmi": _m("BMI", "kg/m²", "10", "90", 1, "27.4"),
    "waist_cm": _m("Waist circumference", "cm", "40", "250", 1, "94"),
    "systolic_bp": _m("Systolic blood pressure", "mmHg", "60", "260", 0, "128"),
    "diastolic_bp": _m("Diastolic blood pressure", "mmHg", "30", "160", 0, "82"),
    "pulse": _m("Pulse", "beats per minute", "25", "250", 0, "72"),
    "total_cholesterol": _m("Total cholesterol", "mmol/L", "1.0", "20.0", 1, "5.2"),
    "hdl_cholesterol": _m("HDL cholesterol", "mmol/L", "0.2", "5.0", 1, "1.3"),
    "qrisk_percent": _m("QRISK cardiovascular risk", "%", "0", "100", 1, "8.5"),
    "hba1c": _m("HbA1c", "mmol/mol", "20", "200", 0, "38"),
    "fasting_glucose": _m("Fasting plasma glucose", "mmol/L", "1.0", "40.0", 1, "5.1"),
    "random_glucose": _m("Random plasma glucose", "mmol/L", "1.0", "50.0", 1, "6.2"),
    "alcohol_units_per_week": _m("Alcohol", "units a week", "0", "300", 0, "10"),
    "audit_c_score": _m("AUDIT-C score", "", "0", "12", 0, "3"),
}

#: Derived values the rules may use as well as the measurements above.
DERIVED = {
    "weight_gain_3_months": Measurement(
        "Weight gain in 3 months", "kg", Decimal(0), Decimal(999), 1, "6"
    ),
    "cholesterol_hdl_ratio": Measurement(
        "Cholesterol:HDL ratio", "", Decimal(0), Decimal(99), 1, "4.0"
    ),
}

#: Categorical answers the rules may use, and how an answer reads as a reason.
CATEGORICAL = {
    "smoking_status": "Smoking",
    "poor_diet_or_inactive": "Poor diet or physically inactive",
}
ANSWERS = {
    ("smoking_status", "current"): "Current smoker",
    ("smoking_status", "ex"): "Ex-smoker",
    ("smoking_status", "never"): "Never smoked",
    ("poor_diet_or_inactive", "yes"): "Poor diet or physically inactive",
    ("poor_diet_or_inactive", "no"): "Healthy diet and physically active",
}


def format_number(value) -> str:
    value = Decimal(value)
    text = f"{value.normalize():f}"
    return text


def parse_measurement(name: str, raw: str) -> Decimal:
    """A typed value as a Decimal, or ValueError with a message a clinician can act on."""
    spec = MEASUREMENTS[name]
    text = raw.strip().replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{spec.label} must be a number, like {spec.example}") from None
    if not value.is_finite():
        raise ValueError(f"{spec.label} must be a number, like {spec.example}")
    # The range first: a height in metres or a weight in stones is the likelier mistake.
    check_range(name, value)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > spec.places:
        if spec.places == 0:
            raise ValueError(f"{spec.label} must be a whole number, like {spec.example}")
        raise ValueError(
            f"{spec.label} must have no more than {spec.places} decimal place, like {spec.example}"
        )
    return value


def check_range(name: str, value) -> None:
    spec = MEASUREMENTS[name]
    if not (spec.minimum <= Decimal(value) <= spec.maximum):
        unit = f" {spec.unit}" if spec.unit and spec.unit != "%" else spec.unit
        raise ValueError(
            f"{spec.label} must be between {format_number(spec.minimum)} and "
            f"{format_number(spec.maximum)}{unit}"
        )


def bmi(height_cm, weight_kg) -> Decimal:
    """Body mass index in kg/m², to one decimal place (half up, as the chart is read)."""
    metres = Decimal(height_cm) / 100
    return (Decimal(weight_kg) / (metres * metres)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def weight_gain_3_months(
    on: dt.date, weight_kg, earlier: Iterable[tuple[dt.date, Decimal]]
) -> Decimal | None:
    """Gain since the lowest weight recorded in the three months (91 days) before ON."""
    window = [w for when, w in earlier if on - dt.timedelta(days=91) <= when < on and w is not None]
    if weight_kg is None or not window:
        return None
    return Decimal(weight_kg) - min(Decimal(w) for w in window)


# --- The six elements -------------------------------------------------------------------

ELEMENTS = {
    "bmi": "BMI",
    "blood_pressure": "Blood pressure",
    "lipids": "Lipids",
    "glucose": "Blood glucose or HbA1c",
    "alcohol": "Alcohol",
    "smoking": "Smoking",
}


def elements_recorded(values: Mapping[str, object]) -> dict[str, bool]:
    """Which of the six elements VALUES cover."""

    def has(*names):
        return any(values.get(n) not in (None, "") for n in names)

    return {
        "bmi": has("bmi"),
        "blood_pressure": has("systolic_bp") and has("diastolic_bp"),
        "lipids": has("total_cholesterol", "hdl_cholesterol", "qrisk_percent"),
        "glucose": has("hba1c", "fasting_glucose", "random_glucose"),
        "alcohol": has("alcohol_units_per_week", "audit_c_score"),
        "smoking": has("smoking_status"),
    }


# --- Follow-up rules --------------------------------------------------------------------

GTE, GT, BETWEEN, EQUALS = "gte", "gt", "between", "equals"


@dataclass(frozen=True)
class Rule:
    code: str
    measure: str
    comparison: str
    action: str
    threshold: Decimal | None = None
    upper: Decimal | None = None  # BETWEEN is inclusive at both ends
    value: str = ""  # for EQUALS on a categorical answer
    # A different threshold for some ethnic categories (NHS Data Dictionary codes).
    ethnic_threshold: Decimal | None = None
    ethnic_categories: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Trigger:
    action: str
    rule_code: str
    reason: str


#: A stronger action makes a weaker one for the same result redundant.
SUPERSEDES = {"diabetes_review": frozenset({"diabetes_prevention"})}


def threshold_for(rule: Rule, ethnic_category: str) -> Decimal | None:
    if rule.ethnic_threshold is not None and ethnic_category in rule.ethnic_categories:
        return rule.ethnic_threshold
    return rule.threshold


def fires(rule: Rule, value, ethnic_category: str = "") -> bool:
    if value is None or value == "":
        return False
    if rule.comparison == EQUALS:
        return str(value) == rule.value
    value = Decimal(value)
    threshold = threshold_for(rule, ethnic_category)
    if rule.comparison == GTE:
        return value >= threshold
    if rule.comparison == GT:
        return value > threshold
    if rule.comparison == BETWEEN:
        return threshold <= value <= rule.upper
    raise ValueError(f"Unknown comparison {rule.comparison!r}")


def describe(rule: Rule, value, ethnic_category: str = "") -> str:
    """Why the rule fired, in words: 'HbA1c 50 mmol/mol (48 or more)'."""
    if rule.comparison == EQUALS:
        return ANSWERS.get(
            (rule.measure, str(value)), f"{CATEGORICAL.get(rule.measure, rule.measure)}: {value}"
        )
    spec = MEASUREMENTS.get(rule.measure) or DERIVED[rule.measure]
    threshold = format_number(threshold_for(rule, ethnic_category))
    if rule.comparison == GTE:
        limit = f"{threshold} or more"
    elif rule.comparison == GT:
        limit = f"over {threshold}"
    else:
        limit = f"{threshold} to {format_number(rule.upper)}"
    if rule.ethnic_threshold is not None and ethnic_category in rule.ethnic_categories:
        limit += ", the threshold for the person's ethnic group"
    return f"{spec.describe(value)} ({limit})"


def evaluate(rules: Iterable[Rule], values: Mapping[str, object], ethnic_category: str = ""):
    """One trigger per follow-up action for the results in the red zone."""
    by_action: dict[str, list[Trigger]] = {}
    for rule in rules:
        value = values.get(rule.measure)
        if fires(rule, value, ethnic_category):
            by_action.setdefault(rule.action, []).append(
                Trigger(rule.action, rule.code, describe(rule, value, ethnic_category))
            )
    redundant = set()
    for action in by_action:
        redundant |= SUPERSEDES.get(action, frozenset())
    return [
        Trigger(action, triggers[0].rule_code, "; ".join(t.reason for t in triggers))
        for action, triggers in by_action.items()
        if action not in redundant
    ]


# --- When things are due ----------------------------------------------------------------

ANNUAL_DUE_SOON_DAYS = 30


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class AnnualStatus:
    status: str  # never, overdue, due_soon, up_to_date
    due_on: dt.date | None


def annual_check_status(last_complete: dt.date | None, today: dt.date) -> AnnualStatus:
    """A six-element check is due 12 months after the last complete one; never is overdue."""
    if last_complete is None:
        return AnnualStatus("never", None)
    due_on = add_years(last_complete, 1)
    if today > due_on:
        return AnnualStatus("overdue", due_on)
    if (due_on - today).days <= ANNUAL_DUE_SOON_DAYS:
        return AnnualStatus("due_soon", due_on)
    return AnnualStatus("up_to_date", due_on)


#: What each antipsychotic monitoring element means in a check.
MONITORING_ELEMENTS = {
    "weight": ("Weight", ("weight_kg",)),
    "waist": ("Waist circumference", ("waist_cm",)),
    "blood_pressure": ("Pulse and blood pressure", ("systolic_bp",)),
    "glucose": ("Fasting glucose or HbA1c", ("hba1c", "fasting_glucose")),
    "lipids": ("Lipids", ("total_cholesterol", "hdl_cholesterol")),
}


@dataclass(frozen=True)
class Point:
    label: str
    offset_days: int
    early: int  # days before the due date that still count
    late: int  # days after the due date before it is overdue


BASELINE = Point("Baseline", 0, 30, 7)
WEEK_12 = Point("12 weeks", 84, 14, 14)
YEAR_1 = Point("1 year", 365, 30, 30)


def _points(element: str) -> list[Point]:
    """NICE CG178 1.3.6.1 and 1.3.6.3, as clinical.md summarises them."""
    if element == "weight":
        weekly = [Point(f"Week {w}", 7 * w, 3, 3) for w in range(1, 7)]
        return [BASELINE, *weekly, WEEK_12, YEAR_1]
    if element == "waist":
        return [BASELINE, YEAR_1]
    return [BASELINE, WEEK_12, YEAR_1]


@dataclass(frozen=True)
class ScheduledItem:
    element: str
    element_label: str
    label: str
    due_on: dt.date
    window_start: dt.date
    window_end: dt.date
    status: str  # done, due, overdue, upcoming
    done_on: dt.date | None = None


def monitoring_schedule(
    started_on: dt.date,
    today: dt.date,
    recorded: Mapping[str, Iterable[dt.date]],
    stopped_on: dt.date | None = None,
) -> list[ScheduledItem]:
    """Every monitoring point from the start date to the next annual one after TODAY.

    RECORDED maps a measurement name (weight_kg, systolic_bp, ...) to the dates it was
    recorded. A point is done when the element was recorded within its window.
    """
    items = []
    for element, (element_label, names) in MONITORING_ELEMENTS.items():
        dates = sorted({d for n in names for d in recorded.get(n, ())})
        points = list(_points(element))
        year = 2
        while add_years(started_on, year - 1) - dt.timedelta(days=30) <= today:
            points.append(Point(f"Year {year}", 365 * year, 30, 30))
            year += 1
        for point in points:
            due = (
                add_years(started_on, point.offset_days // 365)
                if point.offset_days % 365 == 0 and point.offset_days
                else started_on + dt.timedelta(days=point.offset_days)
            )
            if stopped_on is not None and due > stopped_on:
                break
            start, end = due - dt.timedelta(days=point.early), due + dt.timedelta(days=point.late)
            done = next((d for d in dates if start <= d <= end), None)
            if done is not None:
                status = "done"
            elif today > end:
                status = "overdue"
            elif today >= start:
                status = "due"
            else:
                status = "upcoming"
            items.append(
                ScheduledItem(element, element_label, point.label, due, start, end, status, done)
            )
    return sorted(items, key=lambda i: (i.due_on, list(MONITORING_ELEMENTS).index(i.element)))
