"""Forms for triage decisions. Each carries the referral version it was loaded at."""

import datetime as dt

from django import forms
from django.utils import timezone

from opencmh.nhsuk_forms.fields import DateInputField
from opencmh.organisations.models import DirectoryService, Team
from opencmh.referrals.models import ClosureReason


def _time(value: str) -> dt.time:
    text = value.strip().lower().replace(".", ":")
    for fmt in ("%H:%M", "%I:%M%p", "%I%p", "%H%M"):
        try:
            return dt.datetime.strptime(text.replace(" ", ""), fmt).time()
        except ValueError:
            continue
    raise forms.ValidationError("Enter a time like 14:30 or 2:30pm")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AcceptForm(VersionedForm):
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.none(), error_messages={"required": "Choose a team"}
    )
    key_worker = forms.ChoiceField(label="Key worker (optional)", required=False)
    first_contact_date = DateInputField(
        label="First contact date (optional)", required=False, help_text="For example, 4 12 2026"
    )
    first_contact_time = forms.CharField(
        label="First contact time", required=False, help_text="For example, 14:30"
    )

    def __init__(self, *args, teams, key_workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["key_worker"].choices = [("", "Allocate later")] + [
            (str(u.pk), f"{u.display_name} ({', '.join(t.name for t in u.teams.all())})")
            for u in key_workers
        ]
        self._key_workers = {str(u.pk): u for u in key_workers}

    def clean(self):
        data = super().clean()
        day, time_text = (
            data.get("first_contact_date"),
            (data.get("first_contact_time") or "").strip(),
        )
        data["first_contact_at"] = None
        if day and not time_text:
            self.add_error("first_contact_time", "Enter the time of the first contact")
        elif time_text and not day:
            self.add_error("first_contact_date", "Enter the date of the first contact")
        elif day:
            try:
                at = timezone.make_aware(dt.datetime.combine(day, _time(time_text)))
            except forms.ValidationError as exc:
                self.add_error("first_contact_time", exc)
            else:
                if at < timezone.now():
                    self.add_error("first_contact_date", "The first contact must be in the future")
                data["first_contact_at"] = at
        data["key_worker_user"] = self._key_workers.get(data.get("key_worker") or "")
        return data


class ConnectForm(VersionedForm):
    service = forms.ModelChoiceField(
        label="Service they are connected to",
        queryset=DirectoryService.objects.filter(active=True).order_by("category", "name"),
        empty_label="Choose a service",
        error_messages={"required": "Choose the service from the directory"},
    )
    spoken_to = forms.CharField(
        label="Who did you speak to at the service?",
        max_length=200,
        error_messages={"required": "Enter who you spoke to at the service"},
    )
    spoken_on = DateInputField(
        label="When did you speak to them?",
        error_messages={"required": "Enter the date you spoke to them"},
    )
    notes = forms.CharField(
        label="What was agreed (optional)", widget=forms.Textarea, required=False, max_length=2000
    )
    referrer_told = forms.BooleanField(label="I have told the referrer", required=False)
    person_told = forms.BooleanField(label="I have told the person", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spoken_on"].max_date = timezone.localdate()

    def clean(self):
        data = super().clean()
        if not data.get("person_told"):
            self.add_error(
                "person_told",
                "Tell the person where they have been connected to before closing the referral",
            )
        return data


class AskForInformationForm(VersionedForm):
    question = forms.CharField(
        label="What do you need to know from the referrer?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter what you need to know"},
        help_text="The waiting clock keeps running while you wait for an answer",
    )


class MatchForm(VersionedForm):
    decision = forms.ChoiceField(
        label="Is this the same person?",
        choices=[
            ("same", "Yes, it is the same person: use the existing record"),
            ("different", "No, they are different people"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether this is the same person"},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter your answer"},
    )


class QueueFilterForm(forms.Form):
    SORTS = [
        ("waiting", "Longest waiting first"),
        ("clock", "Closest to breach first"),
        ("priority", "Most urgent priority first"),
    ]
    SHOW = [
        ("waiting", "Waiting for triage"),
        ("open", "All open referrals"),
        ("breach", "Breached or near breach"),
    ]
    team = forms.ChoiceField(label="Team", required=False)
    show = forms.ChoiceField(label="Show", choices=SHOW, required=False)
    sort = forms.ChoiceField(label="Sort by", choices=SORTS, required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All your teams")] + [
            (str(t.pk), t.name) for t in teams
        ]


class AllocateForm(VersionedForm):
    key_worker = forms.ChoiceField(
        label="Key worker (care coordinator)", error_messages={"required": "Choose a key worker"}
    )
    note = forms.CharField(
        label="Reason for the change (optional)",
        max_length=300,
        required=False,
        help_text="For example: transfer after a move",
    )

    def __init__(self, *args, key_workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_worker"].choices = [("", "Choose a key worker")] + [
            (str(u.pk), u.display_name) for u in key_workers
        ]
        self._key_workers = {str(u.pk): u for u in key_workers}

    def clean_key_worker(self):
        return self._key_workers[self.cleaned_data["key_worker"]]


class DischargeForm(VersionedForm):
    closure_reason = forms.ChoiceField(
        label="Why is care ending?",
        choices=[(v, label) for v, label in ClosureReason.choices if v != "connected_elsewhere"],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why care is ending"},
    )
    summary = forms.CharField(
        label="Discharge summary",
        widget=forms.Textarea,
        max_length=8000,
        error_messages={"required": "Write a discharge summary"},
    )
    follow_up = forms.CharField(
        label="Follow-up arrangements",
        widget=forms.Textarea,
        max_length=4000,
        help_text="Who follows up (for example the GP), and how the person can come back quickly",
        error_messages={"required": "Write the follow-up arrangements"},
    )
