import uuid

from django import forms

from opencmh.people.forms import PersonForm
from opencmh.referrals.models import ClinicalPriority, PrimaryReason


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
