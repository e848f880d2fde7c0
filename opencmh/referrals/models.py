"""Referrals to community mental health teams and their status history."""

from django.conf import settings
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
