import datetime as dt

from django import forms
from django.utils import timezone

from opencmh.bereavement.models import (
    OnwardReferral,
    PracticalHelp,
    ReferralSource,
    Relationship,
    SupportContact,
)
from opencmh.nhsuk_forms.fields import DateInputField


class _DatedForm(forms.Form):
    """Dates may not be in the future; a date plus a time field become an aware datetime."""

    date_field = "on"
    time_field: str | None = None
    combined = "at"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, DateInputField):
                field.max_date = timezone.localdate()

    def clean(self):
        data = super().clean()
        if self.time_field is None:
            return data
        text = (data.get(self.time_field) or "").strip().replace(".", ":")
        if data.get(self.date_field) and text:
            try:
                time = dt.datetime.strptime(text, "%H:%M").time()
            except ValueError:
                self.add_error(self.time_field, "Enter a time like 14:30")
            else:
                data[self.combined] = timezone.make_aware(
                    dt.datetime.combine(data[self.date_field], time)
                )
        return data


class ReferralForm(_DatedForm):
    date_field, time_field, combined = "received_on", "received_time", "received_at"

    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter their first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    phone = forms.CharField(label="Phone number", max_length=40, required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    address = forms.CharField(
        label="Address", widget=forms.Textarea, max_length=500, required=False
    )
    safe_contact_times = forms.CharField(
        label="Good times to contact them", max_length=200, required=False
    )
    relationship = forms.ChoiceField(
        label="Relationship to the person who died",
        choices=[("", "Choose a relationship")] + Relationship.choices,
        error_messages={"required": "Choose their relationship to the person who died"},
    )
    deceased_name = forms.CharField(
        label="Name of the person who died (optional)", max_length=200, required=False
    )
    date_of_death = DateInputField(label="Date of death (optional)", required=False)
    source = forms.ChoiceField(
        label="Who made the referral",
        choices=ReferralSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who made the referral"},
    )
    referrer_name = forms.CharField(label="Referrer's name", max_length=200, required=False)
    referrer_contact = forms.CharField(
        label="Referrer's phone or email", max_length=200, required=False
    )
    received_on = DateInputField(
        label="Date the referral was received",
        error_messages={"required": "Enter the date the referral was received"},
    )
    received_time = forms.CharField(
        label="Time the referral was received",
        max_length=8,
        help_text="For example, 14:30. The first-contact clock starts from this time.",
        error_messages={"required": "Enter the time the referral was received"},
    )
    consent_to_contact = forms.BooleanField(
        label="The person agreed to be contacted by the service", required=False
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, max_length=4000, required=False)

    def clean(self):
        data = super().clean()
        if not any((data.get(k) or "").strip() for k in ("phone", "email", "address")):
            self.add_error("phone", "Give at least one way to contact the person")
        return data


class ContactForm(_DatedForm):
    time_field = "time"

    on = DateInputField(label="Date", error_messages={"required": "Enter the date of the contact"})
    time = forms.CharField(
        label="Time",
        max_length=8,
        help_text="For example, 14:30",
        error_messages={"required": "Enter the time of the contact"},
    )
    method = forms.ChoiceField(
        label="How",
        choices=SupportContact.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you made contact"},
    )
    outcome = forms.ChoiceField(
        label="What happened",
        choices=SupportContact.Outcome.choices,
        widget=forms.RadioSelect,
        help_text="Only speaking with the person counts as first contact",
        error_messages={"required": "Choose what happened"},
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, max_length=4000, required=False)


class PracticalHelpForm(_DatedForm):
    on = DateInputField(label="Date", error_messages={"required": "Enter the date"})
    kind = forms.ChoiceField(
        label="Help given",
        choices=PracticalHelp.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the help given"},
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, max_length=4000, required=False)


class OnwardReferralForm(_DatedForm):
    on = DateInputField(label="Date", error_messages={"required": "Enter the date"})
    kind = forms.ChoiceField(
        label="Type of service",
        choices=OnwardReferral.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of service"},
    )
    service_name = forms.CharField(
        label="Service name",
        max_length=200,
        error_messages={"required": "Enter the name of the service"},
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, max_length=4000, required=False)
