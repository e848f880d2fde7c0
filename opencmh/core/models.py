"""Core: the base model, users and roles, the audit log and break-glass access."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models


class BaseModel(models.Model):
    """UUID primary key and created/updated times, for every OpenCMH model."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Role(models.TextChoices):
    TRIAGE_CLINICIAN = "triage_clinician", "Triage clinician"
    KEY_WORKER = "key_worker", "Key worker / clinician"
    EMPLOYMENT_SPECIALIST = "employment_specialist", "Employment specialist"
    TEAM_MANAGER = "team_manager", "Team manager"
    PARTNER_REFERRER = "partner_referrer", "Partner referrer"
    ICS_MANAGER = "ics_manager", "ICS manager / analyst"
    PERSON = "person", "Person using services"
    SYSTEM_ADMIN = "system_admin", "System administrator"
    BEREAVEMENT_SUPPORT_WORKER = (
        "bereavement_support_worker",
        "Suicide bereavement support worker",
    )


#: Roles that work with a team's caseload and referrals.
CLINICAL_ROLES = frozenset(
    {Role.TRIAGE_CLINICIAN, Role.KEY_WORKER, Role.EMPLOYMENT_SPECIALIST, Role.TEAM_MANAGER}
)


class User(AbstractUser):
    """A member of staff, a partner referrer or a person using services."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(max_length=32, choices=Role.choices)
    job_title = models.CharField(max_length=100, blank=True)
    teams = models.ManyToManyField("organisations.Team", blank=True, related_name="members")
    partner_organisation = models.ForeignKey(
        "organisations.PartnerOrganisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    gp_practice = models.ForeignKey(
        "organisations.GPPractice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    person = models.OneToOneField(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="user"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="person") | models.Q(person__isnull=False),
                name="person_role_has_person_record",
            ),
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_clinical(self) -> bool:
        return self.role in CLINICAL_ROLES


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit log is append-only.")

    def delete(self):
        raise PermissionDenied("The audit log is append-only.")


class AuditEvent(models.Model):
    """One view of or change to personal data. Append-only."""

    PERSONAL_DATA = True

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        BREAK_GLASS = "break_glass", "Emergency access"
        LIST = "list", "Listed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user_display = models.CharField(max_length=200)
    role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=255, blank=True)
    reason = models.TextField(blank=True)
    break_glass = models.BooleanField(default=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["person", "-at"])]

    def __str__(self) -> str:
        return f"{self.user_display} {self.action} {self.object_type} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log is append-only.")


class BreakGlassAccess(models.Model):
    """Time-limited access to one person's record outside the user's scope, with a reason."""

    PERSONAL_DATA = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glass_accesses")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    started_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="break_glass_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"Emergency access by {self.user} until {self.expires_at:%Y-%m-%d %H:%M}"
