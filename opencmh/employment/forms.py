from decimal import Decimal

from django import forms
from django.utils import timezone

from opencmh.employment import fidelity
from opencmh.employment.models import (
    DisclosurePreference,
    EmployerContact,
    EmployerSector,
    InWorkSupport,
)
from opencmh.nhsuk_forms.fields import DateInputField

SECTOR_CHOICES = [("", "Choose a sector")] + EmployerSector.choices


def _past_date(label: str, required_message: str) -> DateInputField:
    field = DateInputField(label=label, error_messages={"required": required_message})
    return field


class _PastDatesForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, DateInputField):
                field.max_date = timezone.localdate()


class ProfileForm(forms.Form):
    job_goals = forms.CharField(
        label="Jobs the person would like",
        widget=forms.Textarea,
        max_length=2000,
        help_text="In their words. IPS looks for jobs that match the person's preferences.",
        error_messages={"required": "Write what jobs the person would like"},
    )
    preferred_hours = forms.CharField(
        label="Hours they would like to work",
        max_length=100,
        help_text="For example, 16 hours a week, mornings",
        error_messages={"required": "Write the hours they would like to work"},
    )
    work_history = forms.CharField(
        label="Work history", widget=forms.Textarea, max_length=4000, required=False
    )
    education_and_skills = forms.CharField(
        label="Education, qualifications and skills",
        widget=forms.Textarea,
        max_length=4000,
        required=False,
    )
    strengths = forms.CharField(
        label="Strengths", widget=forms.Textarea, max_length=2000, required=False
    )
    support_needs = forms.CharField(
        label="What would help at work", widget=forms.Textarea, max_length=2000, required=False
    )
    benefits_advice = forms.BooleanField(
        label="Offered personalised benefits (work incentives) advice", required=False
    )
    disclosure = forms.ChoiceField(
        label="Telling employers about their mental health",
        choices=DisclosurePreference.choices,
        widget=forms.RadioSelect,
        initial=DisclosurePreference.UNDECIDED,
    )


class EmployerContactForm(_PastDatesForm):
    contacted_on = _past_date("Date of the contact", "Enter the date of the contact")
    employer_name = forms.CharField(
        label="Employer",
        max_length=200,
        error_messages={"required": "Enter the employer's name"},
    )
    sector = forms.ChoiceField(
        label="Employer sector",
        choices=SECTOR_CHOICES,
        error_messages={"required": "Choose the employer's sector"},
    )
    purpose = forms.ChoiceField(
        label="What the contact was for",
        choices=EmployerContact.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the contact was for"},
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, max_length=4000, required=False)


class JobStartForm(_PastDatesForm):
    started_on = _past_date("Start date", "Enter the date the job started")
    job_title = forms.CharField(
        label="Job title", max_length=200, error_messages={"required": "Enter the job title"}
    )
    employer_name = forms.CharField(
        label="Employer", max_length=200, error_messages={"required": "Enter the employer's name"}
    )
    sector = forms.ChoiceField(
        label="Employer sector",
        choices=SECTOR_CHOICES,
        error_messages={"required": "Choose the employer's sector"},
    )
    hours_per_week = forms.DecimalField(
        label="Hours per week",
        min_value=Decimal("0.5"),
        max_value=Decimal(60),
        max_digits=4,
        decimal_places=1,
        help_text="Contracted or usual hours, for example 16 or 22.5",
        error_messages={
            "required": "Enter the hours per week",
            "invalid": "Enter the hours per week as a number, like 16 or 22.5",
            "min_value": "Hours per week must be at least 0.5",
            "max_value": "Hours per week must be 60 or fewer",
            "max_decimal_places": "Enter hours to one decimal place at most, like 22.5",
            "max_digits": "Hours per week must be 60 or fewer",
        },
    )


class SustainmentForm(_PastDatesForm):
    sustained = forms.ChoiceField(
        label="Is the person still in this job?",
        choices=[("yes", "Yes, still in this job"), ("no", "No, the job has ended")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the person is still in this job"},
    )
    recorded_on = _past_date("Date checked", "Enter the date you checked")


class InWorkSupportForm(_PastDatesForm):
    on = _past_date("Date", "Enter the date of the support")
    with_whom = forms.ChoiceField(
        label="Support with",
        choices=InWorkSupport.With.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the support was with"},
    )
    notes = forms.CharField(
        label="What support was given",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Write what support was given"},
    )


SCORE_CHOICES = [(str(n), str(n)) for n in range(fidelity.MIN_SCORE, fidelity.MAX_SCORE + 1)]


class FidelityReviewForm(_PastDatesForm):
    """The 25 items, each a 1-5 score with a comment, then the action plan."""

    reviewed_on = _past_date("Date of the review", "Enter the date of the review")
    reviewers = forms.CharField(
        label="Reviewers",
        max_length=300,
        help_text="Names and roles of the people who carried out the review",
        error_messages={"required": "Enter who carried out the review"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in fidelity.ITEMS:
            self.fields[f"item_{item.number}"] = forms.ChoiceField(
                label=f"{item.number}. {item.name}",
                choices=SCORE_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": f"Score item {item.number} ({item.name}) from 1 to 5"},
            )
            self.fields[f"comment_{item.number}"] = forms.CharField(
                label=f"Comment on item {item.number}",
                widget=forms.Textarea,
                max_length=2000,
                required=False,
            )
        self.fields["action_plan"] = forms.CharField(
            label="Action plan",
            widget=forms.Textarea,
            max_length=8000,
            help_text="What the team will do to improve, by whom and when",
            error_messages={"required": "Write the action plan agreed with the team"},
        )

    def scores(self) -> dict[int, int]:
        return {n: int(self.cleaned_data[f"item_{n}"]) for n in fidelity.ITEM_NUMBERS}

    def comments(self) -> dict[int, str]:
        return {n: self.cleaned_data.get(f"comment_{n}", "") for n in fidelity.ITEM_NUMBERS}

    def item_fields(self):
        for item in fidelity.ITEMS:
            yield item, self[f"item_{item.number}"], self[f"comment_{item.number}"]
