from django import forms
from django.utils import timezone

from opencmh.nhsuk_forms.fields import DateInputField
from opencmh.pathways.models import HospitalStay, PackageElement, PackageStatus


class PackageForm(forms.Form):
    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for element, label in PackageElement.choices:
            self.fields[element] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", "Not yet discussed")] + PackageStatus.choices,
                initial=current.get(element, ""),
            )


class MonitoringForm(forms.Form):
    measured_on = DateInputField(
        label="Date measured", error_messages={"required": "Enter the date measured"}
    )
    weight_kg = forms.DecimalField(
        label="Weight (kg)",
        max_digits=5,
        decimal_places=1,
        error_messages={"required": "Enter the weight in kilograms"},
    )
    height_cm = forms.DecimalField(
        label="Height (cm)",
        max_digits=4,
        decimal_places=1,
        error_messages={"required": "Enter the height in centimetres"},
    )
    pulse_bpm = forms.IntegerField(label="Pulse (beats per minute)", required=False)
    systolic_mmhg = forms.IntegerField(label="Systolic blood pressure (mmHg)", required=False)
    diastolic_mmhg = forms.IntegerField(label="Diastolic blood pressure (mmHg)", required=False)
    temperature_c = forms.DecimalField(
        label="Temperature (°C)", max_digits=3, decimal_places=1, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measured_on"].max_date = timezone.localdate()


class StayForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of care",
        choices=HospitalStay.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose day-patient or inpatient"},
    )
    unit = forms.CharField(
        label="Ward or unit, and provider",
        max_length=200,
        error_messages={"required": "Enter the ward or unit"},
    )
    admitted_on = DateInputField(
        label="Admission date", error_messages={"required": "Enter the admission date"}
    )
    discharged_on = DateInputField(label="Discharge date (if discharged)", required=False)
