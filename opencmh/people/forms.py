from django import forms
from django.utils import timezone

from opencmh.nhsuk_forms.fields import DateInputField, NHSNumberField
from opencmh.organisations.models import GPPractice
from opencmh.people.models import EthnicCategory, GenderIdentity, Person, Sex


class PersonForm(forms.Form):
    nhs_number = NHSNumberField(
        label="NHS number",
        required=False,
        help_text="10 digits, for example 999 123 4567. Leave blank if not known yet",
    )
    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter a first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter a last name"}
    )
    date_of_birth = DateInputField(
        label="Date of birth",
        help_text="For example, 27 3 1980",
        error_messages={"required": "Enter a date of birth", "incomplete": "Enter a date of birth"},
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select sex"},
    )
    gender_identity = forms.ChoiceField(
        label="Gender identity", choices=GenderIdentity.choices, initial=GenderIdentity.NOT_KNOWN
    )
    ethnic_category = forms.ChoiceField(
        label="Ethnic category", choices=EthnicCategory.choices, initial=EthnicCategory.NOT_KNOWN
    )
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)
    gp_practice = forms.ModelChoiceField(
        label="GP practice",
        queryset=GPPractice.objects.all(),
        required=False,
        empty_label="Not registered with a GP",
    )
    preferred_language = forms.CharField(
        label="Preferred language", max_length=60, initial="English"
    )
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    phone = forms.CharField(label="Phone number", max_length=20, required=False)
    no_letters = forms.BooleanField(label="Do not send letters", required=False)
    safe_contact_times = forms.CharField(
        label="Safe times to contact", max_length=200, required=False
    )
    confirm_not_duplicate = forms.BooleanField(
        label="None of these is the person I am adding", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].max_date = timezone.localdate()

    def clean_postcode(self):
        return " ".join(self.cleaned_data["postcode"].upper().split())

    def person_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("confirm_not_duplicate", None)
        return data


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to see this record?",
        help_text="This is recorded and may be reviewed. The person can see that you looked at their record.",
        widget=forms.Textarea,
        max_length=1000,
        error_messages={"required": "Enter why you need to see this record"},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError(
                "Enter why you need to see this record, in at least 10 characters"
            )
        return reason


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Search by name or NHS number", required=False)


__all__ = ["BreakGlassForm", "Person", "PersonForm", "PersonSearchForm"]
