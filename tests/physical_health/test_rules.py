"""The follow-up rules at every threshold boundary, plausible ranges, and the schedules."""

import datetime as dt
from decimal import Decimal

import pytest

from opencmh.physical_health import rules
from opencmh.physical_health.defaults import DEFAULT_RULES


def _rules():
    return [
        rules.Rule(
            code=r["code"],
            measure=r["measure"],
            comparison=r["comparison"],
            action=r["action"],
            threshold=Decimal(r["threshold"]) if "threshold" in r else None,
            upper=Decimal(r["upper"]) if "upper" in r else None,
            value=r.get("value", ""),
            ethnic_threshold=Decimal(r["ethnic_threshold"]) if "ethnic_threshold" in r else None,
            ethnic_categories=frozenset(r.get("ethnic_categories", "").split(",")) - {""},
        )
        for r in DEFAULT_RULES
        if r.get("active", True)
    ]


def actions(values, ethnic_category="A"):
    return sorted(t.action for t in rules.evaluate(_rules(), values, ethnic_category))


@pytest.mark.parametrize(
    ("bmi", "ethnic_category", "expected"),
    [
        ("24.9", "A", []),  # White British: threshold 25
        ("25.0", "A", ["weight"]),
        ("22.9", "A", []),
        ("23.0", "A", []),
        ("22.9", "H", []),  # Indian: threshold 23
        ("23.0", "H", ["weight"]),
        ("22.9", "R", []),  # Chinese
        ("23.0", "R", ["weight"]),
        ("23.0", "J", ["weight"]),  # Pakistani
        ("23.0", "K", ["weight"]),  # Bangladeshi
        ("23.0", "N", ["weight"]),  # Black African
        ("23.0", "M", ["weight"]),  # Black Caribbean
        ("24.9", "99", []),  # not known: the general threshold
        ("25.0", "Z", ["weight"]),
    ],
)
def test_bmi_threshold_by_ethnic_category(bmi, ethnic_category, expected):
    assert actions({"bmi": Decimal(bmi)}, ethnic_category) == expected


@pytest.mark.parametrize(
    ("systolic", "diastolic", "expected"),
    [
        (140, 90, []),
        (141, 91, ["bp_review"]),  # both over: one review, not two
        (141, 90, ["bp_review"]),
        (140, 91, ["bp_review"]),
        (120, 70, []),
    ],
)
def test_blood_pressure_boundaries(systolic, diastolic, expected):
    assert actions({"systolic_bp": systolic, "diastolic_bp": diastolic}) == expected


@pytest.mark.parametrize(
    ("hba1c", "expected"),
    [
        (41, []),
        (42, ["diabetes_prevention"]),
        (47, ["diabetes_prevention"]),
        (48, ["diabetes_review"]),
        (50, ["diabetes_review"]),
    ],
)
def test_hba1c_boundaries(hba1c, expected):
    assert actions({"hba1c": hba1c}) == expected


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("fasting_glucose", "5.4", []),
        ("fasting_glucose", "5.5", ["diabetes_prevention"]),
        ("fasting_glucose", "6.9", ["diabetes_prevention"]),
        ("fasting_glucose", "7.0", ["diabetes_review"]),
        ("random_glucose", "11.0", []),
        ("random_glucose", "11.1", ["diabetes_review"]),
        ("qrisk_percent", "9.9", []),
        ("qrisk_percent", "10.0", ["lipid_review"]),
        ("total_cholesterol", "7.5", []),  # older rule, off by default
        ("audit_c_score", 4, []),
        ("audit_c_score", 5, ["alcohol"]),
        ("alcohol_units_per_week", 14, []),
        ("alcohol_units_per_week", 15, ["alcohol"]),
        ("weight_gain_3_months", "5.0", []),
        ("weight_gain_3_months", "5.1", ["weight"]),
        ("smoking_status", "current", ["stop_smoking"]),
        ("smoking_status", "ex", []),
        ("poor_diet_or_inactive", "yes", ["diet_activity"]),
        ("poor_diet_or_inactive", "no", []),
    ],
)
def test_other_rules(name, value, expected):
    value = Decimal(value) if isinstance(value, str) and value[0].isdigit() else value
    assert actions({name: value}) == expected


def test_diabetes_review_makes_the_prevention_programme_redundant():
    # HbA1c in the high-risk range but fasting glucose in the diabetes range.
    assert actions({"hba1c": 45, "fasting_glucose": Decimal("7.2")}) == ["diabetes_review"]


def test_high_hba1c_and_current_smoker_raise_two_actions_with_reasons():
    triggers = rules.evaluate(_rules(), {"hba1c": 50, "smoking_status": "current"}, "A")
    reasons = {t.action: t.reason for t in triggers}
    assert reasons == {
        "diabetes_review": "HbA1c 50 mmol/mol (48 or more)",
        "stop_smoking": "Current smoker",
    }


def test_the_reason_says_when_the_ethnic_threshold_was_used():
    (trigger,) = rules.evaluate(_rules(), {"bmi": Decimal("23.4")}, "H")
    assert (
        trigger.reason == "BMI 23.4 kg/m² (23 or more, the threshold for the person's ethnic group)"
    )


def test_missing_values_raise_nothing():
    assert actions({}) == []
    assert actions({"hba1c": None, "smoking_status": ""}) == []


@pytest.mark.parametrize(
    ("height", "weight", "expected"),
    [
        ("170", "72.2", "25.0"),
        ("170", "72.1", "24.9"),
        ("180", "74.5", "23.0"),
        ("172", "80", "27.0"),
    ],
)
def test_bmi_is_worked_out_to_one_decimal_place(height, weight, expected):
    assert rules.bmi(Decimal(height), Decimal(weight)) == Decimal(expected)


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("systolic_bp", "59", "Systolic blood pressure must be between 60 and 260 mmHg"),
        ("systolic_bp", "261", "Systolic blood pressure must be between 60 and 260 mmHg"),
        ("diastolic_bp", "29", "Diastolic blood pressure must be between 30 and 160 mmHg"),
        ("systolic_bp", "120.5", "Systolic blood pressure must be a whole number, like 128"),
        ("systolic_bp", "high", "Systolic blood pressure must be a number, like 128"),
        ("hba1c", "19", "HbA1c must be between 20 and 200 mmol/mol"),
        ("height_cm", "1.72", "Height must be between 100 and 250 cm"),
        ("weight_kg", "400", "Weight must be between 25 and 350 kg"),
        ("weight_kg", "80.25", "Weight must have no more than 1 decimal place, like 80.5"),
        ("total_cholesterol", "25", "Total cholesterol must be between 1 and 20 mmol/L"),
        ("fasting_glucose", "0.5", "Fasting plasma glucose must be between 1 and 40 mmol/L"),
        ("qrisk_percent", "101", "QRISK cardiovascular risk must be between 0 and 100%"),
        ("audit_c_score", "13", "AUDIT-C score must be between 0 and 12"),
    ],
)
def test_implausible_values_are_rejected_in_plain_english(name, raw, message):
    with pytest.raises(ValueError) as exc:
        rules.parse_measurement(name, raw)
    assert str(exc.value) == message


@pytest.mark.parametrize(
    ("name", "raw"), [("systolic_bp", "60"), ("systolic_bp", "260"), ("hba1c", "48")]
)
def test_values_at_the_ends_of_the_range_are_accepted(name, raw):
    assert rules.parse_measurement(name, raw) == Decimal(raw)


def test_six_elements():
    values = {
        "bmi": Decimal("25"),
        "systolic_bp": 120,
        "diastolic_bp": 80,
        "qrisk_percent": Decimal("4"),
        "random_glucose": Decimal("5.0"),
        "audit_c_score": 2,
        "smoking_status": "never",
    }
    assert all(rules.elements_recorded(values).values())
    del values["diastolic_bp"]
    assert rules.elements_recorded(values)["blood_pressure"] is False


def test_weight_gain_in_three_months_uses_the_lowest_recent_weight():
    on = dt.date(2026, 6, 1)
    earlier = [
        (dt.date(2026, 1, 1), Decimal("70")),  # more than 91 days before: ignored
        (dt.date(2026, 3, 10), Decimal("74")),
        (dt.date(2026, 4, 1), Decimal("76")),
    ]
    assert rules.weight_gain_3_months(on, Decimal("80"), earlier) == Decimal("6")
    assert rules.weight_gain_3_months(on, Decimal("80"), earlier[:1]) is None


@pytest.mark.parametrize(
    ("last", "status", "due_on"),
    [
        (None, "never", None),
        (dt.date(2025, 5, 31), "overdue", dt.date(2026, 5, 31)),
        (dt.date(2025, 6, 1), "due_soon", dt.date(2026, 6, 1)),  # exactly 12 months: due today
        (dt.date(2025, 7, 1), "due_soon", dt.date(2026, 7, 1)),
        (dt.date(2025, 7, 2), "up_to_date", dt.date(2026, 7, 2)),
        (dt.date(2024, 2, 29), "overdue", dt.date(2025, 2, 28)),
    ],
)
def test_annual_check_status(last, status, due_on):
    result = rules.annual_check_status(last, dt.date(2026, 6, 1))
    assert (result.status, result.due_on) == (status, due_on)


def _by(items, element):
    return [(i.label, i.due_on, i.status) for i in items if i.element == element]


def test_antipsychotic_schedule_from_the_start_date():
    start = dt.date(2026, 1, 5)
    today = dt.date(2026, 2, 10)  # 36 days in
    recorded = {
        "weight_kg": [dt.date(2026, 1, 2), dt.date(2026, 1, 12), dt.date(2026, 1, 20)],
        "systolic_bp": [dt.date(2026, 1, 2)],
    }
    items = rules.monitoring_schedule(start, today, recorded)
    assert _by(items, "weight") == [
        ("Baseline", dt.date(2026, 1, 5), "done"),
        ("Week 1", dt.date(2026, 1, 12), "done"),
        ("Week 2", dt.date(2026, 1, 19), "done"),
        ("Week 3", dt.date(2026, 1, 26), "overdue"),
        ("Week 4", dt.date(2026, 2, 2), "overdue"),
        ("Week 5", dt.date(2026, 2, 9), "due"),
        ("Week 6", dt.date(2026, 2, 16), "upcoming"),
        ("12 weeks", dt.date(2026, 3, 30), "upcoming"),
        ("1 year", dt.date(2027, 1, 5), "upcoming"),
    ]
    assert _by(items, "blood_pressure") == [
        ("Baseline", dt.date(2026, 1, 5), "done"),
        ("12 weeks", dt.date(2026, 3, 30), "upcoming"),
        ("1 year", dt.date(2027, 1, 5), "upcoming"),
    ]
    assert _by(items, "glucose")[0] == ("Baseline", dt.date(2026, 1, 5), "overdue")
    assert _by(items, "waist") == [
        ("Baseline", dt.date(2026, 1, 5), "overdue"),
        ("1 year", dt.date(2027, 1, 5), "upcoming"),
    ]


def test_antipsychotic_schedule_goes_on_every_year_and_stops_with_the_course():
    start = dt.date(2022, 3, 1)
    items = rules.monitoring_schedule(start, dt.date(2026, 2, 20), {})
    lipids = _by(items, "lipids")
    assert [label for label, _, _ in lipids] == [
        "Baseline",
        "12 weeks",
        "1 year",
        "Year 2",
        "Year 3",
        "Year 4",
        "Year 5",
    ]
    assert lipids[-2] == ("Year 4", dt.date(2026, 3, 1), "due")
    assert lipids[-1] == ("Year 5", dt.date(2027, 3, 1), "upcoming")
    stopped = rules.monitoring_schedule(
        start, dt.date(2026, 2, 20), {}, stopped_on=dt.date(2022, 4, 1)
    )
    assert [i.label for i in stopped if i.element == "lipids"] == ["Baseline"]
