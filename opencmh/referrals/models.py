"""Referrals to community mental health teams and their status history."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models

from opencmh.core.models import BaseModel


class SourceOfReferral(models.TextChoices):
    """MHSDS SourceOfReferralMH codes most used by community mental health services."""

    GP = "A1", "Primary health care: general medical practitioner"
    HEALTH_VISITOR = "A2", "Primary health care: health visitor"
    OTHER_PRIMARY = "A3", "Other primary health care"
    SELF = "B1", "Self"
    CARER = "B2", "Carer"
    SOCIAL_SERVICES = "C1", "Local authority social services"
    EDUCATION = "D1", "Education service"
    POLICE = "E1", "Justice system: police"
    COURT = "E2", "Justice system: courts"
    PRISON = "E4", "Justice system: prison"
    VOLUNTARY = "F3", "Voluntary sector"
    ACUTE = "H1", "Acute secondary care: emergency care department"
    OTHER_MH = "I1", "Other mental health NHS trust"
    INTERNAL = "I2", "Internal referral"
    PHARMACY = "N3", "Community pharmacy"
    HOUSING = "M6", "Housing service"
    DROP_IN = "Q1", "Drop-in services"


class PrimaryReason(models.TextChoices):
    """MHSDS PrimReasonReferralMH codes."""

    FEP = "01", "(Suspected) first episode psychosis"
    ONGOING_PSYCHOSIS = "02", "Ongoing or recurrent psychosis"
    BIPOLAR = "03", "Bipolar disorder"
    DEPRESSION = "04", "Depression"
    ANXIETY = "05", "Anxiety"
    OCD = "06", "Obsessive compulsive disorder"
    PHOBIAS = "07", "Phobias"
    ORGANIC = "08", "Organic brain disorder"
    DRUGS_ALCOHOL = "09", "Drug and alcohol difficulties"
    UNEXPLAINED = "10", "Unexplained physical symptoms"
    PTSD = "11", "Post-traumatic stress disorder"
    EATING = "12", "Eating disorders"
    PERINATAL = "13", "Perinatal mental health issues"
    PERSONALITY = "14", "Personality disorders"
    SELF_HARM = "15", "Self harm behaviours"
    CONDUCT = "16", "Conduct disorders"
    IN_CRISIS = "18", "In crisis"
    RELATIONSHIP = "20", "Relationship difficulties"
    GENDER = "21", "Gender discomfort issues"
    ATTACHMENT = "22", "Attachment difficulties"
    SELF_CARE = "23", "Self-care issues"
    ADJUSTMENT = "25", "Adjustment to health issues"
    EMPLOYMENT = "31", "Employment support"
    ARMS = "32", "At risk mental state"


class ClinicalPriority(models.TextChoices):
    """MHSDS ClinRespPriorityType."""

    EMERGENCY = "1", "Emergency"
    URGENT = "2", "Urgent or serious"
    ROUTINE = "3", "Routine"
    VERY_URGENT = "4", "Very urgent"


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "Waiting for triage"
    MORE_INFORMATION = "more_information", "More information needed"
    ACCEPTED = "accepted", "Accepted"
    CONNECTED_ELSEWHERE = "connected_elsewhere", "Connected to another service"
    DISCHARGED = "discharged", "Discharged"


OPEN_STATUSES = (ReferralStatus.RECEIVED, ReferralStatus.MORE_INFORMATION, ReferralStatus.ACCEPTED)
WAITING_STATUSES = (ReferralStatus.RECEIVED, ReferralStatus.MORE_INFORMATION)


class ClosureReason(models.TextChoices):
    """Why a referral closed. Never simply 'rejected': onward connection is recorded."""

    CONNECTED_ELSEWHERE = "connected_elsewhere", "Connected to a more suitable service"
    TREATMENT_COMPLETE = "treatment_complete", "Care completed"
    PERSON_DECLINED = "person_declined", "The person chose not to continue"
    MOVED_AWAY = "moved_away", "Moved out of the area (care transferred)"
    DIED = "died", "Died"


class ReferralRoute(models.TextChoices):
    """How the referral reached us."""

    SELF_ONLINE = "self_online", "Self-referral online"
    PARTNER_ONLINE = "partner_online", "Partner referral online"
    PHONE = "phone", "Phone call"
    WALK_IN = "walk_in", "Walk-in"
    LETTER = "letter", "Letter or email"


class Referral(BaseModel):
    PERSONAL_DATA = True

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    team = models.ForeignKey(
        "organisations.Team", on_delete=models.PROTECT, related_name="referrals"
    )
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="key_worker_for",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_made",
    )
    source_of_referral = models.CharField(max_length=2, choices=SourceOfReferral.choices)
    primary_reason = models.CharField(max_length=2, choices=PrimaryReason.choices)
    clinical_priority = models.CharField(
        max_length=1, choices=ClinicalPriority.choices, default=ClinicalPriority.ROUTINE
    )
    received_on = models.DateField()
    status = models.CharField(
        max_length=24, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    reason_for_referral = models.TextField(blank=True)
    help_wanted = models.TextField("What help they would like", blank=True)
    urgent_concern = models.BooleanField(
        "Said they may be at risk now", default=False, help_text="Crisis line details were shown"
    )
    route = models.CharField(
        max_length=16, choices=ReferralRoute.choices, default=ReferralRoute.PARTNER_ONLINE
    )
    referrer_name = models.CharField(
        max_length=200, blank=True, help_text="For phone, walk-in and letter referrals"
    )
    referrer_contact = models.CharField(max_length=200, blank=True)
    possible_match = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An existing record that may be the same person, for triage to confirm",
    )
    first_contact_booked_for = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=24, choices=ClosureReason.choices, blank=True)
    discharge_summary = models.TextField(blank=True)
    follow_up_arrangements = models.TextField(
        blank=True, help_text="Who follows up, and how to come back"
    )
    # Optimistic locking: every status change bumps this, so two triage clinicians
    # acting on the same referral cannot both succeed.
    version = models.PositiveIntegerField(default=0)
    already_tried = models.TextField(blank=True)
    consent_to_share_with_gp = models.BooleanField(default=False)
    # A form's one-time key: resubmitting the same form finds this referral instead of
    # making a second one.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-received_on"]
        indexes = [models.Index(fields=["team", "status"])]

    def __str__(self) -> str:
        return f"Referral {self.reference}"

    @property
    def reference(self) -> str:
        return str(self.id).split("-")[0].upper()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReferralStatusChange(models.Model):
    """An immutable row for every change of a referral's status."""

    PERSONAL_DATA = True

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="status_history")
    status = models.CharField(max_length=24, choices=ReferralStatus.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Status history is append-only: record a new status instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Status history is append-only.")


class ClockEvent(models.Model):
    """An event that counts towards stopping a waiting clock (see measures.md, four-week waits).

    Care services write these as contacts, outcome measures, assessments and care plans are
    recorded; the triage queue shows which have happened.
    """

    PERSONAL_DATA = True

    class Kind(models.TextChoices):
        FIRST_CONTACT = "first_contact", "First direct contact"
        BASELINE_OUTCOME = "baseline_outcome", "Baseline outcome measure"
        ASSESSMENT = "assessment", "Meaningful assessment"
        CARE_PLAN_OR_INTERVENTION = "care_plan_or_intervention", "Agreed care plan or intervention"
        CARE_COORDINATOR = "care_coordinator", "Care coordinator allocated"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="clock_events")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    occurred_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["occurred_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "kind"], name="one_clock_event_of_each_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"


class Handover(models.Model):
    """A warm handover to an onward service: who was spoken to, when, and who was told."""

    PERSONAL_DATA = True

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="handover")
    service = models.ForeignKey(
        "organisations.DirectoryService", on_delete=models.PROTECT, related_name="handovers"
    )
    spoken_to = models.CharField(max_length=200)
    spoken_at = models.DateTimeField()
    notes = models.TextField(blank=True)
    referrer_told = models.BooleanField(default=False)
    person_told = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Handover to {self.service} on {self.spoken_at:%Y-%m-%d}"


class InformationRequest(models.Model):
    """A question back to the referrer; the waiting clock keeps running meanwhile."""

    PERSONAL_DATA = True

    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="information_requests"
    )
    question = models.TextField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at"]

    def __str__(self) -> str:
        return f"Question asked {self.asked_at:%Y-%m-%d}"


class RoutingRule(models.Model):
    """Referrals with this primary reason go to a team of this type (editable by administrators).

    Reasons with no rule go to the community team aligned to the person's PCN.
    """

    primary_reason = models.CharField(max_length=2, choices=PrimaryReason.choices, unique=True)
    team_type = models.CharField(max_length=3)
    note = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["primary_reason"]

    def __str__(self) -> str:
        return f"{self.get_primary_reason_display()} -> {self.team_type}"
