"""Forms for outcome measures. Range and completeness checks come from scoring, so the
messages a person sees are the same wherever scores are entered."""

import datetime as dt

from django import forms
from django.utils import timezone

from opencmh.nhsuk_forms.fields import DateInputField
from opencmh.outcomes import scoring

YES_NO = [("yes", "Yes"), ("no", "No")]


class ScoreChoiceField(forms.ChoiceField):
    """Radios whose answers scoring checks, so a tampered or missing value gets the same
    plain-English message as any other invalid score."""

    def validate(self, value):
        forms.Field.validate(self, value)


def _radios(label: str, choices, help_text: str = "") -> forms.ChoiceField:
    # Not required here: scoring explains what is missing in its own words.
    return ScoreChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class ScoresForm(forms.Form):
    """Collects raw answers; subclasses turn them into scores through scoring."""

    with_date = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.with_date:
            self.fields["completed_on"] = DateInputField(
                label="Date completed",
                help_text="For example, 4 12 2026",
                max_date=timezone.localdate(),
                error_messages={"required": "Enter the date the measure was completed"},
            )
            if not self.is_bound:
                self.initial["completed_on"] = timezone.localdate()

    def _raise_into_fields(self, exc: scoring.InvalidScores) -> None:
        for key, message in exc.errors.items():
            self.add_error(None if key == "__all__" or key not in self.fields else key, message)

    def completed_at(self) -> dt.datetime:
        day = self.cleaned_data.get("completed_on") if self.with_date else None
        now = timezone.localtime()
        if day is None or day == now.date():
            return now
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


class DialogForm(ScoresForm):
    """DIALOG: a 1-7 rating and 'more help?' for each of the 11 areas."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in scoring.DIALOG_ITEMS:
            self.fields[scoring.dialog_key(item.number)] = _radios(
                f"How satisfied are you with {item.about}?",
                [(str(value), f"{value} - {text}") for value, text in scoring.DIALOG_SCALE],
            )
            self.fields[f"help_{item.number}"] = _radios(
                "Would you like more help with this?", YES_NO
            )
        if self.with_date:
            self.order_fields([*self.fields][1:] + ["completed_on"])

    def clean(self):
        data = super().clean()
        ratings = {
            i.number: data.get(scoring.dialog_key(i.number)) or None for i in scoring.DIALOG_ITEMS
        }
        try:
            data["ratings"] = scoring.validate_dialog(ratings)
        except scoring.InvalidScores as exc:
            self._raise_into_fields(exc)
        data["more_help"] = {
            i.number: {"yes": True, "no": False}.get(data.get(f"help_{i.number}") or "")
            for i in scoring.DIALOG_ITEMS
        }
        return data

    def questions(self) -> list[dict]:
        """Each DIALOG item with its two fields, for the template."""
        return [
            {
                "item": item,
                "rating": self[scoring.dialog_key(item.number)],
                "help": self[f"help_{item.number}"],
            }
            for item in scoring.DIALOG_ITEMS
        ]


class MyDialogForm(DialogForm):
    """The person's own DIALOG, completed before an appointment: always dated today."""

    with_date = False


class ReqolForm(ScoresForm):
    """ReQoL-10: ten item scores 0 (worst) to 4 (best). Wording only if a licence holder loaded it."""

    def __init__(self, *args, wording: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        wording = wording or {}
        for number in range(1, scoring.REQOL10_ITEMS + 1):
            text = wording.get(number)
            self.fields[scoring.reqol_key(number)] = _radios(
                f"Item {number}: {text}" if text else f"Item {number}",
                [(str(v), str(v)) for v in range(scoring.REQOL10_MIN, scoring.REQOL10_MAX + 1)],
                help_text="Score from 0 (worst) to 4 (best)",
            )
        self.order_fields([*self.fields][1:] + ["completed_on"])

    def clean(self):
        data = super().clean()
        scores = {
            n: data.get(scoring.reqol_key(n)) or None for n in range(1, scoring.REQOL10_ITEMS + 1)
        }
        try:
            data["scores"] = scoring.validate_reqol10(scores)
        except scoring.InvalidScores as exc:
            self._raise_into_fields(exc)
        return data


class GboForm(ScoresForm):
    """Goal Based Outcomes: up to three goals in the person's words, each scored 0-10."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, scoring.GBO_MAX_GOALS + 1):
            text_key, score_key = scoring.goal_keys(number)
            optional = "" if number == 1 else " (optional)"
            self.fields[text_key] = forms.CharField(
                label=f"Goal {number}{optional}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="In the person's own words" if number == 1 else "",
            )
            self.fields[score_key] = forms.CharField(
                label=f"Score for goal {number}",
                required=False,
                help_text="From 0 (not at all met) to 10 (fully met)",
            )
        self.order_fields([*self.fields][1:] + ["completed_on"])

    def clean(self):
        data = super().clean()
        goals = [
            (data.get(text_key, ""), data.get(score_key, ""))
            for text_key, score_key in (
                scoring.goal_keys(n) for n in range(1, scoring.GBO_MAX_GOALS + 1)
            )
        ]
        try:
            scoring.validate_gbo(goals)
            # Blank goals stay in place so each goal keeps its number (and its pairing).
            data["goals"] = goals
        except scoring.InvalidScores as exc:
            self._raise_into_fields(exc)
        return data

    def goal_fields(self) -> list[tuple]:
        return [
            (self[t], self[s])
            for t, s in (scoring.goal_keys(n) for n in range(1, scoring.GBO_MAX_GOALS + 1))
        ]
