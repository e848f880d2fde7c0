"""Header navigation for each role."""

from django.urls import reverse

from opencmh.core.models import CLINICAL_ROLES, Role


def navigation_items(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    items: list[tuple[str, str]] = [("core:home", "Home")]
    if user.role in CLINICAL_ROLES:
        items += [
            ("care:caseload", "Caseload"),
            ("referrals:queue", "Triage queue"),
            ("people:list", "People"),
            ("referrals:record", "Record a referral"),
            ("organisations:directory", "Service directory"),
            ("physical_health:home", "Physical health"),
        ]
        if user.role == Role.EMPLOYMENT_SPECIALIST:
            items += [
                ("employment:caseload", "IPS caseload"),
                ("employment:fidelity", "IPS fidelity"),
            ]
    elif user.role == Role.BEREAVEMENT_SUPPORT_WORKER:
        items += [
            ("bereavement:queue", "Bereavement referrals"),
            ("bereavement:new", "Record a referral"),
            ("organisations:directory", "Service directory"),
        ]
    elif user.role == Role.PARTNER_REFERRER:
        items += [
            ("referrals:mine", "Your referrals"),
            ("organisations:directory", "Service directory"),
        ]
        if user.gp_practice_id:
            items += [("physical_health:home", "Physical health")]
    elif user.role == Role.PERSON:
        items += [("people:me", "Your record"), ("care:my_plan", "Your plans")]
        items += [("outcomes:my_dialog", "Rate how things are (DIALOG)")]
    elif user.role in (Role.ICS_MANAGER, Role.SYSTEM_ADMIN):
        items += [
            ("organisations:overview", "Organisations and teams"),
            ("employment:fidelity", "IPS fidelity"),
        ]
    current = request.path
    result = []
    for name, text in items:
        href = reverse(name)
        result.append({"href": href, "text": text, "current": current == href})
    return result
