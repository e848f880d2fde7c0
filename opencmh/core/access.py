"""The one place that decides which personal data a signed-in user may see.

Views never query personal-data models directly (a lint check enforces it): they call
these selectors, which scope every query to the user's teams, the referrals they made,
or their own record. ICS managers, analysts and administrators see aggregates only.
"""

import datetime as dt
import enum
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from opencmh.bereavement.models import BereavedPerson, BereavementReferral
from opencmh.core.models import CLINICAL_ROLES, AuditEvent, BreakGlassAccess, Role, User
from opencmh.employment.models import IPSReferral
from opencmh.organisations.models import Team
from opencmh.people.models import Person
from opencmh.referrals.models import OPEN_STATUSES, Referral

#: A closed referral keeps the team's access for this long (letters, follow-up, audit).
CLOSED_REFERRAL_ACCESS = dt.timedelta(days=90)
BREAK_GLASS_DURATION = dt.timedelta(hours=4)


class Access(enum.Enum):
    IN_SCOPE = "in_scope"
    BREAK_GLASS = "break_glass"  # outside scope, but an active break-glass grant exists
    BREAK_GLASS_AVAILABLE = "break_glass_available"  # may ask for emergency access
    DENIED = "denied"


def _team_referrals(user: User) -> Q:
    recent = timezone.now() - CLOSED_REFERRAL_ACCESS
    return Q(team__in=user.teams.all()) & (
        Q(status__in=OPEN_STATUSES) | Q(status_changed_at__gte=recent)
    )


def people_for(user: User) -> QuerySet[Person]:
    """People whose records USER may open in the normal course of their work."""
    if not user.is_authenticated:
        return Person.objects.none()
    if user.role in CLINICAL_ROLES:
        referrals = Referral.objects.filter(_team_referrals(user)).values("person_id")
        return Person.objects.filter(id__in=referrals, merged_into__isnull=True)
    if user.role == Role.PERSON and user.person_id:
        return Person.objects.filter(id=user.person_id)
    return Person.objects.none()


def referrals_for(user: User) -> QuerySet[Referral]:
    """Referrals USER may see: their teams' referrals, the ones they made, or their own."""
    if not user.is_authenticated:
        return Referral.objects.none()
    base = Referral.objects.select_related("person", "team", "key_worker")
    if user.role in CLINICAL_ROLES:
        return base.filter(_team_referrals(user))
    if user.role == Role.PARTNER_REFERRER:
        return base.filter(referred_by=user)
    if user.role == Role.PERSON and user.person_id:
        return base.filter(person_id=user.person_id)
    return base.none()


def caseload_for(user: User) -> QuerySet[Referral]:
    """Accepted referrals where USER is the key worker: their caseload."""
    return referrals_for(user).filter(status="accepted", key_worker=user)


@dataclass(frozen=True)
class PersonAccess:
    person: Person
    access: Access

    @property
    def allowed(self) -> bool:
        return self.access in (Access.IN_SCOPE, Access.BREAK_GLASS)


def active_break_glass(user: User, person_id) -> BreakGlassAccess | None:
    return (
        BreakGlassAccess.objects.filter(
            user=user, person_id=person_id, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


def person_access(user: User, person_id) -> PersonAccess:
    """How USER may reach the record PERSON_ID. Raises Http404 when they may not know it exists.

    Only clinical roles can ask for break-glass access; everyone else outside their scope
    gets a plain 'not found', so a denied request reveals nothing about the person.
    """
    if not user.is_authenticated:
        raise Http404
    person = people_for(user).filter(id=person_id).first()
    if person is not None:
        return PersonAccess(person, Access.IN_SCOPE)
    if user.role not in CLINICAL_ROLES:
        raise Http404
    person = Person.objects.filter(id=person_id).first()
    if person is None:
        raise Http404
    if active_break_glass(user, person_id) is not None:
        return PersonAccess(person, Access.BREAK_GLASS)
    return PersonAccess(person, Access.BREAK_GLASS_AVAILABLE)


def audit_events_for(user: User, person: Person) -> QuerySet[AuditEvent]:
    """Who accessed PERSON's record; callers must already have access to the person."""
    return AuditEvent.objects.filter(person=person).select_related("user")


def search_people(user: User, query: str) -> QuerySet[Person]:
    """Search within the user's scope by name or NHS number."""
    people = people_for(user)
    query = query.strip()
    if not query:
        return people
    digits = query.replace(" ", "")
    if digits.isdigit():
        return people.filter(nhs_number__startswith=digits)
    terms = query.split()
    for term in terms:
        people = people.filter(Q(given_name__icontains=term) | Q(family_name__icontains=term))
    return people


def referral_for(user: User, referral_id) -> Referral:
    """One referral the user may see, or 404."""
    referral = (
        referrals_for(user)
        .select_related("possible_match", "referred_by", "team__provider")
        .prefetch_related("clock_events", "status_history__by", "information_requests")
        .filter(id=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def triage_queue_for(user: User, *, team_id=None, statuses=OPEN_STATUSES) -> QuerySet[Referral]:
    """Open referrals to the user's teams, with what the clocks need prefetched."""
    if user.role not in CLINICAL_ROLES:
        return Referral.objects.none()
    queue = referrals_for(user).filter(status__in=statuses).prefetch_related("clock_events")
    if team_id:
        queue = queue.filter(team_id=team_id)
    return queue


def information_requests_for(user: User):
    """Unanswered questions to a partner about referrals they made."""
    from opencmh.referrals.models import InformationRequest

    return InformationRequest.objects.filter(
        referral__in=referrals_for(user), answered_at__isnull=True
    ).select_related("referral__person")


# Individual Placement and Support. IPS records follow the referral to the IPS team:
# whoever may see that referral may see its IPS record. Fidelity reviews are team-level
# (no personal data): the team's members, and ICS managers and administrators.


def ips_referrals_for(user: User) -> QuerySet[IPSReferral]:
    if not user.is_authenticated or user.role not in CLINICAL_ROLES:
        return IPSReferral.objects.none()
    return IPSReferral.objects.filter(referral__in=referrals_for(user)).select_related(
        "referral__person", "referral__team", "employment_specialist"
    )


def ips_caseload_for(user: User, *, whole_team: bool = False):
    """Open IPS records: the employment specialist's own, or their teams' (WHOLE_TEAM)."""
    records = ips_referrals_for(user).filter(closed_on__isnull=True)
    return records if whole_team else records.filter(employment_specialist=user)


def ips_referral_for(user: User, ips_id):
    record = ips_referrals_for(user).filter(id=ips_id).first()
    if record is None:
        raise Http404
    return record


def ips_referrals_waiting_for(user: User) -> QuerySet[Referral]:
    """Accepted referrals to the user's IPS (D05) teams with no IPS record started yet."""
    if user.role not in CLINICAL_ROLES:
        return Referral.objects.none()
    return referrals_for(user).filter(team__team_type="D05", status="accepted", ips__isnull=True)


def ips_teams_for(user: User) -> QuerySet[Team]:
    """IPS (D05) teams whose fidelity reviews USER may see."""
    teams = Team.objects.filter(team_type="D05")
    if not user.is_authenticated:
        return teams.none()
    if user.role in (Role.ICS_MANAGER, Role.SYSTEM_ADMIN):
        return teams
    if user.role in CLINICAL_ROLES:
        return teams.filter(id__in=user.teams.values("id"))
    return teams.none()


def can_record_fidelity_review(user: User, team) -> bool:
    return (
        user.role in (Role.EMPLOYMENT_SPECIALIST, Role.TEAM_MANAGER)
        and user.teams.filter(id=team.pk).exists()
    )


# Suicide bereavement support. Bereaved people are not patients: only suicide
# bereavement support workers open their records, and those workers see no clinical
# record (people_for and referrals_for give them nothing). Everyone else, clinicians and
# administrators included, gets "page not found". The service is one per deployment, so
# every bereavement worker sees the service's whole caseload.


def bereaved_people_for(user: User) -> QuerySet[BereavedPerson]:
    if user.is_authenticated and user.role == Role.BEREAVEMENT_SUPPORT_WORKER:
        return BereavedPerson.objects.all()
    return BereavedPerson.objects.none()


def bereavement_referrals_for(user: User) -> QuerySet[BereavementReferral]:
    if user.is_authenticated and user.role == Role.BEREAVEMENT_SUPPORT_WORKER:
        return BereavementReferral.objects.select_related("bereaved_person", "worker")
    return BereavementReferral.objects.none()


def bereavement_referral_for(user: User, referral_id):
    referral = bereavement_referrals_for(user).filter(id=referral_id).first()
    if referral is None:
        raise Http404
    return referral


def practice_patients_for(user: User) -> QuerySet[Person]:
    """Patients registered at the GP practice of a GP-practice partner user.

    Used for the SMI register and physical health checks, which GP practices run for
    their own patients; it does not open the mental health record.
    """
    if not user.is_authenticated or user.role != Role.PARTNER_REFERRER or not user.gp_practice_id:
        return Person.objects.none()
    return Person.objects.filter(gp_practice_id=user.gp_practice_id, merged_into__isnull=True)
