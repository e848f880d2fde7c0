import uuid

from django import forms

from opencmh.people.forms import PersonForm
from opencmh.referrals.models import (
    ClinicalPriority,
    PrimaryReason,
    ReferralRoute,
    SourceOfReferral,
)


class PartnerReferralForm(PersonForm):
    primary_reason = forms.ChoiceField(
        label="Main reason for the referral",
        choices=[("", "Choose a reason")] + PrimaryReason.choices,
        error_messages={"required": "Choose the main reason for the referral"},
    )
    clinical_priority = forms.ChoiceField(
        label="How soon should they be seen?",
        choices=ClinicalPriority.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how soon they should be seen"},
    )
    reason_for_referral = forms.CharField(
        label="What is happening for them?",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Describe what is happening for them"},
    )
    already_tried = forms.CharField(
        label="What has already been tried?", widget=forms.Textarea, max_length=4000, required=False
    )
    consent_to_share_with_gp = forms.BooleanField(
        label="They agree to this referral and to us sharing it with their GP",
        error_messages={"required": "Confirm the person agrees to the referral"},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "gender_identity",
            "ethnic_category",
            "preferred_language",
            "safe_contact_times",
            "confirm_not_duplicate",
        ):
            self.fields[name].required = False

    def referral_fields(self) -> dict:
        d = self.cleaned_data
        return {
            k: d[k]
            for k in (
                "primary_reason",
                "clinical_priority",
                "reason_for_referral",
                "already_tried",
                "consent_to_share_with_gp",
            )
        }

    def person_fields(self) -> dict:
        d = super().person_fields()
        for k in self.referral_fields():
            d.pop(k, None)
        d.pop("submission_key", None)
        d["gender_identity"] = d.get("gender_identity") or "X"
        d["ethnic_category"] = d.get("ethnic_category") or "99"
        d["preferred_language"] = d.get("preferred_language") or "English"
        return d


class ClinicianReferralForm(PartnerReferralForm):
    """A referral taken by phone, in person or by letter, entered by a clinician."""

    route = forms.ChoiceField(
        label="How did the referral reach you?",
        choices=[
            (v, label) for v, label in ReferralRoute.choices if v in ("phone", "walk_in", "letter")
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the referral reached you"},
    )
    source_of_referral = forms.ChoiceField(
        label="Who is referring (source of referral)",
        choices=[("", "Choose the source")] + SourceOfReferral.choices,
        error_messages={"required": "Choose who is referring"},
    )
    referrer_name = forms.CharField(
        label="Referrer's name (if not the person)", max_length=200, required=False
    )
    referrer_contact = forms.CharField(
        label="Referrer's phone or email", max_length=200, required=False
    )

    def referral_fields(self) -> dict:
        fields = super().referral_fields()
        fields.update({k: self.cleaned_data[k] for k in ("referrer_name", "referrer_contact")})
        return fields

    def person_fields(self) -> dict:
        fields = super().person_fields()
        for k in ("route", "source_of_referral", "referrer_name", "referrer_contact"):
            fields.pop(k, None)
        return fields
