"""The default cardiometabolic follow-up rules (clinical.md, "SMI physical health check").

These seed the FollowUpRule table; after that the table is the truth, and a clinical
safety officer changes it in the admin site. ``ensure_default_rules`` adds any default
that is missing and never overwrites a rule someone has edited.
"""

#: Lower BMI threshold (23 rather than 25): South Asian (H Indian, J Pakistani,
#: K Bangladeshi, L any other Asian), Chinese (R), and Black African or Caribbean
#: (M, N, P), as NICE's obesity guidance recommends for these family backgrounds.
LOWER_BMI_ETHNIC_CATEGORIES = "H,J,K,L,M,N,P,R"

DEFAULT_RULES = [
    {
        "code": "smoking-current",
        "measure": "smoking_status",
        "comparison": "equals",
        "value": "current",
        "action": "stop_smoking",
        "source": "Current smoker: brief intervention, stop-smoking service, nicotine replacement",
    },
    {
        "code": "lifestyle-poor-diet-or-inactive",
        "measure": "poor_diet_or_inactive",
        "comparison": "equals",
        "value": "yes",
        "action": "diet_activity",
        "source": "Poor diet and/or sedentary: diet and physical activity advice",
    },
    {
        "code": "bmi-overweight",
        "measure": "bmi",
        "comparison": "gte",
        "threshold": "25.0",
        "ethnic_threshold": "23.0",
        "ethnic_categories": LOWER_BMI_ETHNIC_CATEGORIES,
        "action": "weight",
        "source": "BMI 25 or more (23 or more for South Asian, Chinese, Black African or "
        "Caribbean family backgrounds): lifestyle advice, medication review",
    },
    {
        "code": "weight-gain-5kg-3-months",
        "measure": "weight_gain_3_months",
        "comparison": "gt",
        "threshold": "5.0",
        "action": "weight",
        "source": "Weight gain over 5 kg in 3 months: lifestyle advice, medication review",
    },
    {
        "code": "bp-systolic-over-140",
        "measure": "systolic_bp",
        "comparison": "gt",
        "threshold": "140",
        "action": "bp_review",
        "source": "Systolic over 140 mmHg: follow NICE hypertension guidance (NG136)",
    },
    {
        "code": "bp-diastolic-over-90",
        "measure": "diastolic_bp",
        "comparison": "gt",
        "threshold": "90",
        "action": "bp_review",
        "source": "Diastolic over 90 mmHg: follow NICE hypertension guidance (NG136)",
    },
    {
        "code": "hba1c-high-risk",
        "measure": "hba1c",
        "comparison": "between",
        "threshold": "42",
        "upper": "47",
        "action": "diabetes_prevention",
        "source": "HbA1c 42 to 47 mmol/mol: high risk of diabetes",
    },
    {
        "code": "hba1c-diabetes",
        "measure": "hba1c",
        "comparison": "gte",
        "threshold": "48",
        "action": "diabetes_review",
        "source": "HbA1c 48 mmol/mol or more: diabetes range",
    },
    {
        "code": "fpg-high-risk",
        "measure": "fasting_glucose",
        "comparison": "between",
        "threshold": "5.5",
        "upper": "6.9",
        "action": "diabetes_prevention",
        "source": "Fasting plasma glucose 5.5 to 6.9 mmol/L: high risk of diabetes",
    },
    {
        "code": "fpg-diabetes",
        "measure": "fasting_glucose",
        "comparison": "gte",
        "threshold": "7.0",
        "action": "diabetes_review",
        "source": "Fasting plasma glucose 7.0 mmol/L or more: diabetes range",
    },
    {
        "code": "rpg-diabetes",
        "measure": "random_glucose",
        "comparison": "gte",
        "threshold": "11.1",
        "action": "diabetes_review",
        "source": "Random plasma glucose 11.1 mmol/L or more: diabetes range",
    },
    {
        "code": "qrisk-10",
        "measure": "qrisk_percent",
        "comparison": "gte",
        "threshold": "10.0",
        "action": "lipid_review",
        "source": "QRISK 10% or more: lipid modification (NICE NG238)",
    },
    {
        "code": "total-cholesterol-over-6",
        "measure": "total_cholesterol",
        "comparison": "gt",
        "threshold": "6.0",
        "action": "lipid_review",
        "active": False,
        "source": "Older charts: total cholesterol over 6.0 mmol/L (off by default; QRISK is used)",
    },
    {
        "code": "audit-c-5",
        "measure": "audit_c_score",
        "comparison": "gte",
        "threshold": "5",
        "action": "alcohol",
        "source": "AUDIT-C 5 or more: above low-risk drinking",
    },
    {
        "code": "alcohol-over-14-units",
        "measure": "alcohol_units_per_week",
        "comparison": "gt",
        "threshold": "14",
        "action": "alcohol",
        "source": "Over 14 units a week: above the UK Chief Medical Officers' low-risk guidance",
    },
]


def ensure_default_rules() -> None:
    """Add each default rule that is missing (the demo calls this after a database flush)."""
    from opencmh.physical_health.models import FollowUpRule

    for rule in DEFAULT_RULES:
        FollowUpRule.objects.get_or_create(
            code=rule["code"], defaults={k: v for k, v in rule.items() if k != "code"}
        )
