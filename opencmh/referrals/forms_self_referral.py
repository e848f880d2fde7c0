"""One small form per question of the public self-referral, with plain-English messages."""

import re

from django import forms
from django.utils import timezone

from opencmh.nhsuk_forms.fields import DateInputField, NHSNumberField
from opencmh.referrals.self_referral import MAIN_REASONS, NOT_REGISTERED

YES_NO = [("yes", "Yes"), ("no", "No")]
# A UK postcode, spaces optional: "LS1 4AP", "ls14ap", "SW1A 1AA".
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()-]+$")
TEXT_LIMIT = 2000
SHORT_TEXT_LIMIT = 500
CHOOSE_PRACTICE = (
    "Search for your GP practice and choose it, or select \u2018I am not registered with a GP\u2019"
)


def _radios(label, *, required_message, choices=YES_NO, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={
            "required": required_message,
            "invalid_choice": required_message,
        },
    )


class DangerForm(forms.Form):
    in_danger = _radios(
        "Are you in danger now or thinking about ending your life?",
        required_message="Select yes if you are in danger now or thinking about ending your life",
    )


class NameForm(forms.Form):
    given_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={
            "required": "Enter your first name",
            "max_length": "First name must be 100 characters or fewer",
        },
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={
            "required": "Enter your last name",
            "max_length": "Last name must be 100 characters or fewer",
        },
    )


class DateOfBirthForm(forms.Form):
    date_of_birth = DateInputField(
        label="What is your date of birth?",
        help_text="For example, 27 3 1980",
        error_messages={
            "required": "Enter your date of birth",
            "incomplete": "Enter your date of birth",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Let a part-filled date reach the field's own check, which names the missing part.
        for part in self.fields["date_of_birth"].fields:
            part.required = False

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value >= timezone.localdate():
            raise forms.ValidationError("Date of birth must be in the past")
        return value


class NHSNumberForm(forms.Form):
    nhs_number = NHSNumberField(
        label="What is your NHS number?",
        required=False,
        help_text=(
            "This is a 10 digit number, like 999 123 4567. You can find it on a letter from "
            "the NHS or in the NHS App. If you do not know it, leave this blank and continue."
        ),
    )


class PostcodeForm(forms.Form):
    postcode = forms.CharField(
        label="What is your postcode?",
        required=False,
        max_length=10,
        help_text="For example, LS1 4AP. Leave this blank if you do not have a fixed address.",
        error_messages={"max_length": "Enter a real postcode, like LS1 4AP"},
    )

    def clean_postcode(self):
        squashed = "".join(self.cleaned_data["postcode"].upper().split())
        if not squashed:
            return ""
        if not POSTCODE.match(squashed):
            raise forms.ValidationError("Enter a real postcode, like LS1 4AP")
        return f"{squashed[:-3]} {squashed[-3:]}"


class GPPracticeForm(forms.Form):
    """Search for a practice (server-side, so it works without JavaScript), then choose one."""

    q = forms.CharField(
        label="Search for your GP practice",
        required=False,
        max_length=100,
        help_text="Enter the practice name, its postcode or its code",
        error_messages={"max_length": "Search must be 100 characters or fewer"},
    )
    gp_practice = forms.ChoiceField(
        label="Choose your GP practice",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": CHOOSE_PRACTICE},
    )

    def __init__(self, *args, choices=(), searching=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.searching = searching
        self.fields["gp_practice"].choices = [
            *choices,
            (NOT_REGISTERED, "I am not registered with a GP"),
        ]

    def clean(self):
        cleaned = super().clean()
        if self.searching:
            if not cleaned.get("q", "").strip():
                self.add_error("q", "Enter the name, postcode or code of your GP practice")
        elif not cleaned.get("gp_practice") and not self.has_error("gp_practice"):
            self.add_error("gp_practice", CHOOSE_PRACTICE)
        return cleaned


class ContactForm(forms.Form):
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=20,
        help_text="For example, 07700 900 982 or 0113 496 0000",
        error_messages={"max_length": "Enter a phone number, like 07700 900 982"},
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.com"
        },
    )
    ok_to_leave_voicemail = _radios(
        "Can we leave you a voicemail?",
        required_message="Select yes if we can leave you a voicemail",
        help_text="We will only say our name and that we are from the NHS",
    )
    no_letters = forms.BooleanField(label="Do not send me letters", required=False)
    safe_contact_times = forms.CharField(
        label="When is it safe to contact you?",
        required=False,
        max_length=200,
        help_text="For example, weekday mornings, or not after 5pm",
        error_messages={"max_length": "Safe times must be 200 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ok_to_leave_voicemail"].required = False

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if not phone:
            return ""
        digits = re.sub(r"\D", "", phone)
        if not PHONE_CHARACTERS.match(phone) or not 10 <= len(digits) <= 13:
            raise forms.ValidationError("Enter a phone number, like 07700 900 982")
        return phone

    def clean(self):
        cleaned = super().clean()
        phone, email = cleaned.get("phone"), cleaned.get("email")
        if not phone and not email and not self.has_error("phone") and not self.has_error("email"):
            self.add_error("phone", "Enter a phone number or an email address, or both")
        if phone and not cleaned.get("ok_to_leave_voicemail"):
            self.add_error("ok_to_leave_voicemail", "Select yes if we can leave you a voicemail")
        if not phone:
            cleaned["ok_to_leave_voicemail"] = ""
        return cleaned


class MainReasonForm(forms.Form):
    main_reason = _radios(
        "What is it mainly about?",
        required_message="Select what it is mainly about",
        choices=[(r.value, r.label) for r in MAIN_REASONS],
        help_text="Choose the one that fits best. You can tell us more on the next page.",
    )


class WhatsHappeningForm(forms.Form):
    reason_for_referral = forms.CharField(
        label="What is happening for you?",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea,
        help_text="For example, how you have been feeling, for how long, and how it affects your day",
        error_messages={
            "required": "Tell us what is happening for you",
            "max_length": f"What is happening must be {TEXT_LIMIT} characters or fewer",
        },
    )
    help_wanted = forms.CharField(
        label="What would you like help with? (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"What you would like help with must be {TEXT_LIMIT} characters or fewer"
        },
    )


class CommunicationForm(forms.Form):
    preferred_language = forms.CharField(
        label="What language would you like us to use?",
        required=False,
        max_length=60,
        help_text="Leave blank for English",
        error_messages={"max_length": "Language must be 60 characters or fewer"},
    )
    interpreter_needed = _radios(
        "Do you need an interpreter?",
        required_message="Select yes if you need an interpreter",
        help_text="This includes British Sign Language (BSL)",
    )
    communication_needs = forms.CharField(
        label="Anything else that would help us communicate with you (optional)",
        required=False,
        max_length=SHORT_TEXT_LIMIT,
        widget=forms.Textarea,
        help_text="For example, easy read, large print, a hearing loop, or someone to support you",
        error_messages={
            "max_length": f"This must be {SHORT_TEXT_LIMIT} characters or fewer",
        },
    )


class ShareWithGPForm(forms.Form):
    consent_to_share_with_gp = _radios(
        "Can we share this with your GP?",
        required_message="Select yes if we can share this with your GP",
        help_text=(
            "Your GP can help us support you. If you say no, we will still look at your "
            "request and contact you."
        ),
    )


FORMS = {
    "danger": DangerForm,
    "name": NameForm,
    "date-of-birth": DateOfBirthForm,
    "nhs-number": NHSNumberForm,
    "postcode": PostcodeForm,
    "gp-practice": GPPracticeForm,
    "contact": ContactForm,
    "main-reason": MainReasonForm,
    "whats-happening": WhatsHappeningForm,
    "communication": CommunicationForm,
    "share-with-gp": ShareWithGPForm,
}
