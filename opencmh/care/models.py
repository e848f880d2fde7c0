"""Care that follows the person: one shared assessment, a versioned care and support
plan, care contacts and activities, and a versioned safety plan.

State changes are new rows, never overwrites: assessment sections, plan versions and
safety plan versions each record who wrote them and when.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models

from opencmh.core.codes import AttendStatus, ConsultationMechanism
from opencmh.core.models import BaseModel


class AppendOnly(models.Model):
    """Rows that are written once and never changed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied(
                f"{self._meta.verbose_name} is append-only: write a new version instead."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(f"{self._meta.verbose_name} is append-only.")


class AssessmentSection(models.TextChoices):
    MENTAL_HEALTH = "mental_health", "Mental health"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    SUBSTANCE_USE = "substance_use", "Substance and alcohol use"
    SAFETY = "safety", "Self-harm and safety"
    HOUSING = "housing", "Housing"
    MONEY = "money", "Money and benefits"
    WORK = "work", "Work and education"
    RELATIONSHIPS = "relationships", "Relationships"
    FAMILY = "family", "Family and carers"
    CARING = "caring", "Caring responsibilities"
    TRAUMA = "trauma", "Trauma"
    STRENGTHS = "strengths", "Strengths"
    WHAT_MATTERS = "what_matters", "What matters to the person"


class Assessment(BaseModel):
    """The one shared assessment per person, seen and updated by every team involved."""

    PERSONAL_DATA = True

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="assessment"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Assessment for {self.person}"


class AssessmentEntry(AppendOnly):
    """One update to one section: the latest entry per section is the current text."""

    PERSONAL_DATA = True

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="entries")
    section = models.CharField(max_length=24, choices=AssessmentSection.choices)
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "organisations.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_at", "id"]
        verbose_name_plural = "assessment entries"

    def __str__(self) -> str:
        return f"{self.get_section_display()} by {self.written_by} at {self.written_at:%Y-%m-%d}"


class CarePlan(BaseModel):
    """A person's personalised care and support plan; its content lives in versions."""

    PERSONAL_DATA = True

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="care_plan"
    )
    current_version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Care plan for {self.person}"


class CarePlanVersion(AppendOnly):
    PERSONAL_DATA = True

    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    # Up to three goals in the person's own words, each with a Goal Based Outcomes score.
    goals = models.JSONField(default=list)
    interventions = models.JSONField(
        default=list, help_text="[{procedure, provider}] SNOMED procedures"
    )
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    crisis_and_contingency = models.TextField()
    review_on = models.DateField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_care_plan_version_number")
        ]

    def __str__(self) -> str:
        return f"Care plan version {self.number}"


class CarePlanAgreement(AppendOnly):
    """The person agreed this version (MHSDS care plan agreement)."""

    PERSONAL_DATA = True

    version = models.OneToOneField(
        CarePlanVersion, on_delete=models.PROTECT, related_name="agreement"
    )
    agreed_on = models.DateField()
    agreed_by = models.CharField(
        max_length=20,
        choices=[("person", "The person"), ("person_and_carer", "The person and their carer")],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Agreed on {self.agreed_on}"


class CareContact(BaseModel):
    PERSONAL_DATA = True

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="contacts"
    )
    team = models.ForeignKey(
        "organisations.Team", on_delete=models.PROTECT, related_name="contacts"
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    attend_status = models.CharField(
        max_length=1, choices=AttendStatus.choices, blank=True, help_text="Blank while booked"
    )
    mechanism = models.CharField(max_length=2, choices=ConsultationMechanism.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["referral", "starts_at"])]

    def __str__(self) -> str:
        return f"Contact {self.starts_at:%Y-%m-%d %H:%M}"


class CareActivity(models.Model):
    """What was done in a contact (SNOMED procedure)."""

    PERSONAL_DATA = True

    contact = models.ForeignKey(CareContact, on_delete=models.PROTECT, related_name="activities")
    procedure = models.CharField(max_length=18)

    def __str__(self) -> str:
        return self.procedure


class IndirectActivity(BaseModel):
    PERSONAL_DATA = True

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="indirect_activities"
    )
    on = models.DateField()
    procedure = models.CharField(max_length=18, blank=True)
    description = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Indirect activity {self.on}"


class SafetyPlanVersion(AppendOnly):
    """A co-produced safety plan. No risk score or rating, by design (NICE NG225)."""

    PERSONAL_DATA = True

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="safety_plans"
    )
    number = models.PositiveIntegerField()
    warning_signs = models.TextField()
    coping_strategies = models.TextField()
    people_and_places = models.TextField()
    who_to_contact = models.TextField()
    safer_environment = models.TextField(blank=True)
    crisis_lines = models.TextField()
    formulation = models.TextField(help_text="A written safety formulation, not a score")
    review_on = models.DateField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "number"], name="one_safety_plan_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"Safety plan version {self.number}"
