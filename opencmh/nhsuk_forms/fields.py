"""Django form fields and helpers that render NHS.UK design-system components.

A template calls, for example, ``{{ input(field_params(form["given_name"])) }}``: the
params carry the label, hint, value and the error message in the component's own shape,
so every form shows errors, hints and labels the same way.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from opencmh.core.nhs_number import normalise, validate_nhs_number


class NHSNumberField(forms.CharField):
    """Accepts '943 476 5919' or '9434765919'; stores ten digits; explains mistakes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 14)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise(value) if value else value

    def validate(self, value):
        super().validate(value)
        if value:
            validate_nhs_number(value)


class DateInputWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        super().__init__([forms.TextInput, forms.TextInput, forms.TextInput], attrs)
        # The nhsuk date-input component names its inputs prefix[day], prefix[month], prefix[year].
        self.widgets_names = ["[day]", "[month]", "[year]"]

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    """A day / month / year date, validated with plain-English messages."""

    widget = DateInputWidget

    def __init__(self, *, max_date: dt.date | None = None, **kwargs):
        self.max_date = max_date
        # Parts are optional individually so a missing part gets its own message in compress().
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (part.strip() if part else "" for part in data_list)
        missing = [
            name
            for name, part in zip(("day", "month", "year"), (day, month, year), strict=True)
            if not part
        ]
        if missing:
            raise ValidationError(f"Date must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError("Date must be a real date, written in numbers, like 27 3 1980")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError("Date must be a real date") from None
        if self.max_date is not None and value > self.max_date:
            raise ValidationError("Date must be today or in the past")
        if value.year < 1900:
            raise ValidationError("Year must be 1900 or later")
        return value


def _error_message(bound_field):
    if bound_field.errors:
        return {"text": " ".join(str(e) for e in bound_field.errors)}
    return None


def field_params(bound_field, **overrides) -> dict:
    """Params for nhsuk input / textarea / select components."""
    params = {
        "id": bound_field.id_for_label,
        "name": bound_field.html_name,
        "label": {"text": str(bound_field.label)},
        "value": bound_field.value() if bound_field.value() is not None else "",
        "errorMessage": _error_message(bound_field),
    }
    if bound_field.help_text:
        params["hint"] = {"text": str(bound_field.help_text)}
    if isinstance(bound_field.field, forms.ChoiceField):
        current = str(bound_field.value() or "")
        params["items"] = [
            {"value": str(value), "text": str(text), "selected": str(value) == current}
            for value, text in bound_field.field.choices
        ]
    params.update(overrides)
    return params


def choice_params(bound_field, **overrides) -> dict:
    """Params for nhsuk radios / checkboxes components, with a fieldset legend."""
    current = bound_field.value()
    selected = (
        {str(v) for v in current} if isinstance(current, list | tuple) else {str(current or "")}
    )
    params = {
        "idPrefix": bound_field.html_name,
        "name": bound_field.html_name,
        "fieldset": {"legend": {"text": str(bound_field.label)}},
        "items": [
            {"value": str(value), "text": str(text), "checked": str(value) in selected}
            for value, text in bound_field.field.choices
            if str(value) != ""
        ],
        "errorMessage": _error_message(bound_field),
    }
    if bound_field.help_text:
        params["hint"] = {"text": str(bound_field.help_text)}
    params.update(overrides)
    return params


def checkbox_params(bound_field, **overrides) -> dict:
    """Params for a single yes/no checkbox (a BooleanField)."""
    params = {
        "idPrefix": bound_field.html_name,
        "name": bound_field.html_name,
        "items": [
            {"value": "on", "text": str(bound_field.label), "checked": bool(bound_field.value())}
        ],
        "errorMessage": _error_message(bound_field),
    }
    if bound_field.help_text:
        params["hint"] = {"text": str(bound_field.help_text)}
    params.update(overrides)
    return params


def date_params(bound_field, **overrides) -> dict:
    """Params for the nhsuk date-input component."""
    value = bound_field.value()
    if isinstance(value, dt.date):
        parts = [str(value.day), str(value.month), str(value.year)]
    elif isinstance(value, list | tuple):
        parts = [str(p or "") for p in value]
    else:
        parts = ["", "", ""]
    name = bound_field.html_name
    params = {
        "id": bound_field.auto_id,
        "namePrefix": name,
        "fieldset": {"legend": {"text": str(bound_field.label)}},
        "items": [
            {
                "name": "day",
                "label": "Day",
                "classes": "nhsuk-input--width-2",
                "value": parts[0],
            },
            {
                "name": "month",
                "label": "Month",
                "classes": "nhsuk-input--width-2",
                "value": parts[1],
            },
            {
                "name": "year",
                "label": "Year",
                "classes": "nhsuk-input--width-4",
                "value": parts[2],
            },
        ],
        "errorMessage": _error_message(bound_field),
    }
    if bound_field.help_text:
        params["hint"] = {"text": str(bound_field.help_text)}
    params.update(overrides)
    return params


def error_summary_params(form) -> dict | None:
    """Params for the nhsuk error summary, linking each message to its field."""
    if not form.errors:
        return None
    items = []
    for name, errors in form.errors.items():
        if name == "__all__":
            items.extend({"text": str(e)} for e in errors)
            continue
        bound = form[name]
        if isinstance(bound.field, DateInputField):
            anchor = f"{bound.auto_id}-day"
        elif isinstance(bound.field, forms.ChoiceField) and isinstance(
            bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            anchor = bound.html_name
        else:
            anchor = bound.id_for_label
        items.extend({"text": str(e), "href": f"#{anchor}"} for e in errors)
    return {"titleText": "There is a problem", "errorList": items}
