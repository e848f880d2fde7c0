from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from opencmh.nhsuk_forms.fields import DateInputField
from opencmh.physical_health import rules
from opencmh.physical_health.models import (
    CareSetting,
    FollowUpAction,
    Screening,
    SMIDiagnosis,
    SmokingStatus,
    SubstanceUse,
    YesNo,
)


class MeasurementField(forms.CharField):
    """A measurement with its unit and plausible range, explained in plain English."""

    def __init__(self, name: str, **kwargs):
        self.spec = rules.MEASUREMENTS[name]
        self.measure = name
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", self.spec.label)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, ""):
            return None
        try:
            number = rules.parse_measurement(self.measure, value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        return int(number) if self.spec.places == 0 else number

    @property
    def unit(self) -> str:
        return self.spec.unit


def _choices(choices, none_label=None):
    return [("", none_label or "Not recorded"), *choices]


class CheckForm(forms.Form):
    checked_on = DateInputField(
        label="Date of the check",
        error_messages={"required": "Enter the date of the check"},
        help_text="For example, 27 3 2026",
    )
    setting = forms.ChoiceField(
        label="Where was the check done?",
        choices=CareSetting.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the check was done"},
    )
    height_cm = MeasurementField("height_cm")
    weight_kg = MeasurementField("weight_kg")
    waist_cm = MeasurementField("waist_cm")
    systolic_bp = MeasurementField("systolic_bp")
    diastolic_bp = MeasurementField("diastolic_bp")
    pulse = MeasurementField("pulse")
    total_cholesterol = MeasurementField("total_cholesterol")
    hdl_cholesterol = MeasurementField("hdl_cholesterol")
    qrisk_percent = MeasurementField(
        "qrisk_percent", help_text="The 10-year cardiovascular risk from QRISK, as a percentage"
    )
    hba1c = MeasurementField("hba1c")
    fasting_glucose = MeasurementField("fasting_glucose")
    random_glucose = MeasurementField("random_glucose")
    alcohol_units_per_week = MeasurementField("alcohol_units_per_week")
    audit_c_score = MeasurementField("audit_c_score", help_text="0 to 12")
    smoking_status = forms.ChoiceField(
        label="Smoking",
        choices=SmokingStatus.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    poor_diet_or_inactive = forms.ChoiceField(
        label="Does the person have a poor diet or do little physical activity?",
        choices=YesNo.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    substance_use = forms.ChoiceField(
        label="Substance use", choices=_choices(SubstanceUse.choices), required=False
    )
    blood_borne_virus_screening = forms.ChoiceField(
        label="Blood-borne virus screening", choices=_choices(Screening.choices), required=False
    )
    liver_screening = forms.ChoiceField(
        label="Liver screening", choices=_choices(Screening.choices), required=False
    )
    medical_history = forms.CharField(
        label="Medical history", widget=forms.Textarea, required=False, max_length=4000
    )
    family_history = forms.CharField(
        label="Family history",
        widget=forms.Textarea,
        required=False,
        max_length=4000,
        help_text="For example heart disease, stroke or diabetes in close family",
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False, max_length=4000)

    MEASUREMENT_GROUPS = [
        ("Height, weight and waist", ["height_cm", "weight_kg", "waist_cm"]),
        ("Blood pressure and pulse", ["systolic_bp", "diastolic_bp", "pulse"]),
        (
            "Lipids and cardiovascular risk",
            ["total_cholesterol", "hdl_cholesterol", "qrisk_percent"],
        ),
        ("Blood glucose", ["hba1c", "fasting_glucose", "random_glucose"]),
        ("Alcohol", ["alcohol_units_per_week", "audit_c_score"]),
    ]

    def clean_checked_on(self):
        value = self.cleaned_data["checked_on"]
        if value and value > timezone.localdate():
            raise ValidationError("Date of the check must be today or in the past")
        return value

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name) for name in self.fields if name not in ("checked_on", "setting")
        }


class RegisterForm(forms.Form):
    diagnosis = forms.ChoiceField(
        label="SMI diagnosis",
        choices=SMIDiagnosis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the diagnosis"},
    )
    diagnosed_on = DateInputField(label="Date of diagnosis (if known)", required=False)
    in_remission = forms.BooleanField(label="In remission", required=False)
    remission_recorded_on = DateInputField(label="Date remission was recorded", required=False)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("diagnosed_on", "remission_recorded_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, "Date must be today or in the past")
        if data.get("in_remission") and not data.get("remission_recorded_on"):
            self.add_error("remission_recorded_on", "Enter the date remission was recorded")
        return data


class CloseActionForm(forms.Form):
    status = forms.ChoiceField(
        label="What happened?",
        choices=[
            (FollowUpAction.Status.DONE, "Done"),
            (FollowUpAction.Status.DECLINED, "The person declined"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the follow-up was done or declined"},
    )
    note = forms.CharField(
        label="Notes (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="For example: referred to the stop smoking service on 3 March",
    )


class AntipsychoticForm(forms.Form):
    medication = forms.CharField(
        label="Antipsychotic",
        max_length=100,
        help_text="For example, olanzapine",
        error_messages={"required": "Enter the antipsychotic"},
    )
    started_on = DateInputField(
        label="Start date", error_messages={"required": "Enter the start date"}
    )


class FilterForm(forms.Form):
    pcn = forms.ChoiceField(label="Primary care network", required=False)
    practice = forms.ChoiceField(label="GP practice", required=False)
    team = forms.ChoiceField(label="Team", required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pcn"].choices = [("", "All")] + [(str(p.pk), p.name) for p in scope.pcns]
        self.fields["practice"].choices = [("", "All")] + [
            (str(p.pk), str(p)) for p in scope.practices
        ]
        self.fields["team"].choices = [("", "All")] + [(str(t.pk), t.name) for t in scope.teams]
