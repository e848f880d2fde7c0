"""Scoped reads for SMI physical health, built on opencmh.core.access.

Clinical roles see the people their teams may see (``access.people_for``) and reach a
person through ``access.person_access`` (with break-glass outside scope). A partner
referrer attached to a GP practice (a GP) sees the SMI register, the lists and the
physical health records of their own practice's patients and nobody else's.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Max, Q, QuerySet
from django.http import Http404

from opencmh.core import access
from opencmh.core.models import CLINICAL_ROLES, Role
from opencmh.organisations.models import GPPractice, PrimaryCareNetwork, Team
from opencmh.people.models import Person
from opencmh.physical_health import rules
from opencmh.physical_health.models import (
    AntipsychoticCourse,
    FollowUpAction,
    PhysicalHealthCheck,
    SMIRegisterEntry,
)
from opencmh.referrals.models import OPEN_STATUSES


def is_gp_user(user) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.PARTNER_REFERRER
        and user.gp_practice_id is not None
    )


def may_use(user) -> bool:
    """Clinical roles and GP-practice partners use SMI physical health."""
    return user.is_authenticated and (user.role in CLINICAL_ROLES or is_gp_user(user))


def people_in_scope(user) -> QuerySet[Person]:
    if not user.is_authenticated:
        return Person.objects.none()
    if user.role in CLINICAL_ROLES:
        return access.people_for(user)
    return access.practice_patients_for(user)


def person_for(user, person_id) -> access.PersonAccess:
    """The person's physical health record, if USER may open it (else 404, or break-glass)."""
    if user.is_authenticated and user.role in CLINICAL_ROLES:
        return access.person_access(user, person_id)
    person = people_in_scope(user).filter(id=person_id).first()
    if person is None:
        raise Http404
    return access.PersonAccess(person, access.Access.IN_SCOPE)


@dataclass(frozen=True)
class Scope:
    """What USER may filter the lists by: their teams, those teams' PCNs and practices."""

    pcns: list
    practices: list
    teams: list


def scope_for(user) -> Scope:
    if is_gp_user(user):
        return Scope([], [user.gp_practice], [])
    if not (user.is_authenticated and user.role in CLINICAL_ROLES):
        return Scope([], [], [])
    teams = list(user.teams.all().order_by("name"))
    pcns = list(PrimaryCareNetwork.objects.filter(teams__in=teams).distinct().order_by("name"))
    practices = list(GPPractice.objects.filter(pcn__in=pcns).order_by("name"))
    return Scope(pcns, practices, teams)


@dataclass(frozen=True)
class Filters:
    pcn: PrimaryCareNetwork | None = None
    practice: GPPractice | None = None
    team: Team | None = None

    def describe(self) -> str:
        parts = [str(x) for x in (self.pcn, self.practice, self.team) if x is not None]
        return ", ".join(parts) or "everyone you can see"


def filters_for(user, *, pcn_id="", practice_id="", team_id="") -> Filters:
    """Filters chosen from the user's scope; anything outside it is ignored. GPs: their practice."""
    scope = scope_for(user)
    if is_gp_user(user):
        return Filters(practice=user.gp_practice)

    def pick(items, wanted):
        return next((i for i in items if str(i.pk) == str(wanted)), None) if wanted else None

    return Filters(
        pick(scope.pcns, pcn_id), pick(scope.practices, practice_id), pick(scope.teams, team_id)
    )


def _filtered_people(user, filters: Filters) -> QuerySet[Person]:
    people = people_in_scope(user)
    if filters.pcn is not None:
        people = people.filter(gp_practice__pcn=filters.pcn)
    if filters.practice is not None:
        people = people.filter(gp_practice=filters.practice)
    if filters.team is not None:
        people = people.filter(referrals__team=filters.team, referrals__status__in=OPEN_STATUSES)
    return people


def register(user, filters: Filters) -> QuerySet[SMIRegisterEntry]:
    """The SMI register within scope, with the dates of the latest checks."""
    return (
        SMIRegisterEntry.objects.filter(person__in=_filtered_people(user, filters).values("id"))
        .select_related("person__gp_practice__pcn")
        .annotate(
            last_check=Max("person__physical_health_checks__checked_on"),
            last_complete_check=Max(
                "person__physical_health_checks__checked_on",
                filter=Q(person__physical_health_checks__all_six_elements=True),
            ),
        )
        .order_by("person__family_name", "person__given_name", "person_id")
    )


def due_or_overdue(user, filters: Filters, today: dt.date) -> QuerySet[SMIRegisterEntry]:
    """People on the register not in remission whose six-element check is due within
    30 days, overdue (last complete check over 12 months ago) or never done; never first."""
    soon = rules.add_years(today, -1) + dt.timedelta(days=rules.ANNUAL_DUE_SOON_DAYS)
    return (
        register(user, filters)
        .filter(in_remission=False)
        .filter(Q(last_complete_check__isnull=True) | Q(last_complete_check__lte=soon))
        .order_by(F("last_complete_check").asc(nulls_first=True), "person__family_name", "id")
    )


def open_actions(user, filters: Filters) -> QuerySet[FollowUpAction]:
    """Follow-up actions still to do, oldest first."""
    return (
        FollowUpAction.objects.filter(
            status=FollowUpAction.Status.OPEN,
            person__in=_filtered_people(user, filters).values("id"),
        )
        .select_related("person__gp_practice", "check_record")
        .order_by("created_at", "id")
    )


def action_for(user, action_id) -> FollowUpAction:
    action = (
        FollowUpAction.objects.filter(id=action_id, person__in=people_in_scope(user).values("id"))
        .select_related("person", "check_record", "closed_by")
        .first()
    )
    if action is None:
        raise Http404
    return action


def monitoring_courses(user, filters: Filters) -> QuerySet[AntipsychoticCourse]:
    """Current antipsychotic courses within scope, with each person's measurements."""
    return (
        AntipsychoticCourse.objects.filter(
            stopped_on__isnull=True,
            person__in=_filtered_people(user, filters).values("id"),
        )
        .select_related("person__gp_practice")
        .prefetch_related("person__physical_health_checks")
        .order_by("person__family_name", "started_on")
    )


def team_for(user, person) -> Team | None:
    """The user's team that the person is referred to (for recording who did a check)."""
    return (
        user.teams.filter(referrals__person=person, referrals__status__in=OPEN_STATUSES)
        .order_by("name")
        .first()
    )


def checks_for(person) -> list[PhysicalHealthCheck]:
    """The person's checks, oldest first (for the chart and the table)."""
    return list(
        person.physical_health_checks.select_related("recorded_by", "team", "gp_practice")
        .prefetch_related("actions")
        .order_by("checked_on", "created_at")
    )


def actions_for(person) -> list[FollowUpAction]:
    return list(
        person.physical_health_actions.select_related("check_record", "closed_by").order_by(
            "-created_at"
        )
    )


def courses_for(person) -> list[AntipsychoticCourse]:
    return list(person.antipsychotic_courses.order_by("-started_on"))


def register_entry_for(person) -> SMIRegisterEntry | None:
    return SMIRegisterEntry.objects.filter(person=person).first()


def recorded_dates(checks) -> dict[str, list[dt.date]]:
    """Measurement name -> dates it was recorded, for the antipsychotic schedule."""
    names = {n for _, ns in rules.MONITORING_ELEMENTS.values() for n in ns}
    dates: dict[str, list[dt.date]] = {n: [] for n in names}
    for check in checks:
        for name in names:
            if getattr(check, name) is not None:
                dates[name].append(check.checked_on)
    return dates
