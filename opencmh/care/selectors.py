"""Reads of care records for a person the caller has already been authorised to see
(through opencmh.core.access.person_access)."""

from dataclasses import dataclass

from django.db.models import Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from opencmh.care.models import AssessmentSection, CareContact, CarePlanVersion, SafetyPlanVersion
from opencmh.core.codes import ATTENDED_CODES
from opencmh.outcomes.models import OutcomeMeasurement, Tool
from opencmh.pathways.models import HospitalStay
from opencmh.referrals.models import Referral


@dataclass
class SectionView:
    key: str
    label: str
    text: str
    written_by: str
    team: str
    written_at: object


def assessment_sections(person) -> list[SectionView]:
    assessment = getattr(person, "assessment", None)
    latest = {}
    if assessment is not None:
        for entry in assessment.entries.select_related("written_by", "team"):
            latest[entry.section] = entry
    rows = []
    for key, label in AssessmentSection.choices:
        entry = latest.get(key)
        rows.append(
            SectionView(
                key,
                label,
                entry.text if entry else "",
                entry.written_by.display_name if entry else "",
                entry.team.name if entry and entry.team else "",
                entry.written_at if entry else None,
            )
        )
    return rows


def care_plan_versions(person) -> list[CarePlanVersion]:
    plan = getattr(person, "care_plan", None)
    if plan is None:
        return []
    return list(
        plan.versions.select_related("written_by", "key_worker", "agreement").order_by("-number")
    )


def latest_safety_plan(person) -> SafetyPlanVersion | None:
    return person.safety_plans.select_related("written_by").order_by("-number").first()


def contacts_for(person, limit: int = 50) -> QuerySet[CareContact]:
    return (
        CareContact.objects.filter(referral__person=person)
        .select_related("team", "professional")
        .prefetch_related("activities")
        .order_by("-starts_at")[:limit]
    )


def caseload_rows(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """A caseload with last and next contact and review dates, in a fixed number of queries."""
    now = timezone.now()
    latest_plan = CarePlanVersion.objects.filter(plan__person=OuterRef("person")).order_by(
        "-number"
    )
    latest_safety = SafetyPlanVersion.objects.filter(person=OuterRef("person")).order_by("-number")
    latest_dialog = OutcomeMeasurement.objects.filter(
        person=OuterRef("person"), tool=Tool.DIALOG
    ).order_by("-completed_at")
    latest_discharge = HospitalStay.objects.filter(
        person=OuterRef("person"), kind=HospitalStay.Kind.INPATIENT, discharged_on__isnull=False
    ).order_by("-discharged_on")
    return referrals.select_related("person", "team").annotate(
        last_contact=Max(
            "contacts__starts_at", filter=Q(contacts__attend_status__in=ATTENDED_CODES)
        ),
        next_contact=Min(
            "contacts__starts_at", filter=Q(contacts__attend_status="", contacts__starts_at__gt=now)
        ),
        care_plan_review=Subquery(latest_plan.values("review_on")[:1]),
        safety_plan_review=Subquery(latest_safety.values("review_on")[:1]),
        last_dialog=Subquery(latest_dialog.values("completed_at")[:1]),
        hospital_discharge=Subquery(latest_discharge.values("discharged_on")[:1]),
    )
