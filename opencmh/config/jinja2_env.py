"""The Jinja2 environment: our templates first, then the NHS.UK design-system macros."""

from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from opencmh.core.formatting import format_date, format_datetime, format_nhs_number
from opencmh.core.models import Role
from opencmh.core.navigation import navigation_items
from opencmh.nhsuk_forms.fields import (
    checkbox_params,
    choice_params,
    date_params,
    error_summary_params,
    field_params,
)


def role_label(code: str) -> str:
    return Role(code).label if code in Role.values else "Member of the public"


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    # The design-system macros read optional params like params.search.action.
    options["undefined"] = ChainableUndefined
    env = Environment(**options)
    env.loader = ChoiceLoader([env.loader, PackageLoader("nhsuk_frontend_jinja", "templates")])
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": messages.get_messages,
            "navigation_items": navigation_items,
            "role_label": role_label,
            "field_params": field_params,
            "choice_params": choice_params,
            "checkbox_params": checkbox_params,
            "date_params": date_params,
            "error_summary_params": error_summary_params,
        }
    )
    env.filters.update(
        {
            "date": format_date,
            "datetime": format_datetime,
            "nhs_number": format_nhs_number,
        }
    )
    return env
