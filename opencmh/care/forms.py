import datetime as dt

from django import forms
from django.utils import timezone

from opencmh.care.models import AssessmentSection
from opencmh.core.codes import (
    AttendStatus,
    ConsultationMechanism,
    intervention_choices,
    procedure_choices,
)
from opencmh.nhsuk_forms.fields import DateInputField


class AssessmentForm(forms.Form):
    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in AssessmentSection.choices:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea,
                max_length=8000,
                initial=current.get(key, ""),
            )


class CarePlanForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput)
    goal_1 = forms.CharField(
        label="Goal 1, in the person's own words",
        max_length=500,
        error_messages={"required": "Write at least one goal, in the person's own words"},
    )
    goal_1_score = forms.IntegerField(
        label="Goal 1 score (0 to 10)", min_value=0, max_value=10, required=False
    )
    goal_2 = forms.CharField(label="Goal 2 (optional)", max_length=500, required=False)
    goal_2_score = forms.IntegerField(
        label="Goal 2 score (0 to 10)", min_value=0, max_value=10, required=False
    )
    goal_3 = forms.CharField(label="Goal 3 (optional)", max_length=500, required=False)
    goal_3_score = forms.IntegerField(
        label="Goal 3 score (0 to 10)", min_value=0, max_value=10, required=False
    )
    interventions = forms.MultipleChoiceField(
        label="Interventions planned",
        choices=intervention_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    provided_by = forms.CharField(
        label="Who provides them",
        max_length=500,
        required=False,
        help_text="For example: psychology team, Riverside Mind, Citizens Advice",
    )
    crisis_and_contingency = forms.CharField(
        label="Crisis and contingency: what to do if things get worse",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Write what to do in a crisis, with the person"},
    )
    review_on = DateInputField(
        label="Review date", error_messages={"required": "Enter a review date"}
    )

    def clean(self):
        data = super().clean()
        for n in (1, 2, 3):
            if (
                data.get(f"goal_{n}_score") is not None
                and not (data.get(f"goal_{n}") or "").strip()
            ):
                self.add_error(
                    f"goal_{n}", f"Write goal {n} in the person's own words, or remove its score"
                )
        review = data.get("review_on")
        if review and review <= timezone.localdate():
            self.add_error("review_on", "The review date must be in the future")
        return data

    def goals(self) -> list[dict]:
        d = self.cleaned_data
        return [
            {"text": d[f"goal_{n}"].strip(), "score": d[f"goal_{n}_score"]}
            for n in (1, 2, 3)
            if (d.get(f"goal_{n}") or "").strip()
        ]

    def interventions_list(self) -> list[dict]:
        return [
            {"procedure": code, "provider": self.cleaned_data["provided_by"]}
            for code in self.cleaned_data["interventions"]
        ]


class AgreementForm(forms.Form):
    agreed_on = DateInputField(
        label="Date the person agreed this plan",
        error_messages={"required": "Enter the date the person agreed the plan"},
    )
    agreed_by = forms.ChoiceField(
        label="Who agreed it",
        choices=[("person", "The person"), ("person_and_carer", "The person and their carer")],
        widget=forms.RadioSelect,
        initial="person",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_on"].max_date = timezone.localdate()


class ContactForm(forms.Form):
    on = DateInputField(label="Date", error_messages={"required": "Enter the date of the contact"})
    at = forms.CharField(
        label="Time",
        max_length=8,
        help_text="For example, 14:30",
        error_messages={"required": "Enter the time of the contact"},
    )
    mechanism = forms.ChoiceField(
        label="How",
        choices=ConsultationMechanism.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the contact happened"},
    )
    attend_status = forms.ChoiceField(
        label="Did the person attend?",
        choices=[("", "Not yet: this books the contact")] + AttendStatus.choices,
        required=False,
    )
    duration_minutes = forms.IntegerField(
        label="Duration in minutes", min_value=1, max_value=600, required=False
    )
    procedures = forms.MultipleChoiceField(
        label="What was done (SNOMED CT procedures)",
        choices=procedure_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, max_length=8000, required=False)

    def clean(self):
        data = super().clean()
        text = (data.get("at") or "").strip().replace(".", ":")
        if data.get("on") and text:
            try:
                time = dt.datetime.strptime(text, "%H:%M").time()
            except ValueError:
                self.add_error("at", "Enter a time like 14:30")
            else:
                data["starts_at"] = timezone.make_aware(dt.datetime.combine(data["on"], time))
        return data


class SafetyPlanForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput)
    warning_signs = forms.CharField(
        label="Warning signs that a crisis may be coming",
        widget=forms.Textarea,
        max_length=4000,
        required=False,
    )
    coping_strategies = forms.CharField(
        label="Things I can do to help myself",
        widget=forms.Textarea,
        max_length=4000,
        required=False,
    )
    people_and_places = forms.CharField(
        label="People and places that help", widget=forms.Textarea, max_length=4000, required=False
    )
    who_to_contact = forms.CharField(
        label="Who I can contact for help, and when",
        widget=forms.Textarea,
        max_length=4000,
        required=False,
    )
    safer_environment = forms.CharField(
        label="Making my surroundings safer", widget=forms.Textarea, max_length=4000, required=False
    )
    crisis_lines = forms.CharField(
        label="Crisis lines",
        widget=forms.Textarea,
        max_length=2000,
        required=False,
        initial="NHS 111, option 2 (mental health crisis), any time\nSamaritans: 116 123, any time\nShout: text SHOUT to 85258\nIn an emergency: 999",
    )
    formulation = forms.CharField(
        label="Safety formulation (clinician's written understanding)",
        widget=forms.Textarea,
        max_length=8000,
        required=False,
        help_text="Describe what is happening and why, in words. Do not use scores or ratings.",
    )
    review_on = DateInputField(
        label="Review date", error_messages={"required": "Enter a review date"}
    )
