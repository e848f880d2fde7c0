"""Outcome measurements: DIALOG, ReQoL-10 and Goal Based Outcomes, with their item scores.

Each measurement keeps its item scores with the SNOMED CT code MHSDS uses for them
(MHS606/607: CodedAssToolType and PersScore), so the MHSDS extract can be written from
these rows without re-scoring. Measurements are records: a correction is a new one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from opencmh.core.models import BaseModel
from opencmh.outcomes import scoring


class Tool(models.TextChoices):
    DIALOG = scoring.Tool.DIALOG.value, "DIALOG"
    REQOL10 = scoring.Tool.REQOL10.value, "ReQoL-10"
    GBO = scoring.Tool.GBO.value, "Goal Based Outcomes"


class CompletedBy(models.TextChoices):
    PERSON = "person", "The person"
    CLINICIAN = "clinician", "A clinician with the person"


class OutcomeMeasurement(BaseModel):
    """One completed outcome measure for a person, on a referral where there is one."""

    PERSONAL_DATA = True

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="outcome_measurements"
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcome_measurements",
    )
    tool = models.CharField(max_length=16, choices=Tool.choices)
    completed_at = models.DateTimeField()
    completed_by = models.CharField(max_length=16, choices=CompletedBy.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # ReQoL-10 only: the total (0-40) and its SNOMED code, which is what MHSDS carries.
    total_score = models.PositiveSmallIntegerField(null=True, blank=True)
    total_snomed_code = models.CharField(max_length=18, blank=True)

    class Meta:
        ordering = ["completed_at"]
        indexes = [models.Index(fields=["person", "tool", "completed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(tool__in=Tool.values), name="outcome_measurement_known_tool"
            ),
            models.CheckConstraint(
                condition=Q(completed_by__in=CompletedBy.values),
                name="outcome_measurement_completed_by_known",
            ),
            models.CheckConstraint(
                condition=(
                    Q(tool=Tool.REQOL10, total_score__isnull=False, total_score__lte=40)
                    | (~Q(tool=Tool.REQOL10) & Q(total_score__isnull=True))
                ),
                name="outcome_measurement_reqol_has_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tool_display()} on {self.completed_at:%Y-%m-%d}"

    def scores(self) -> dict[int, int]:
        return {i.item: i.score for i in self.items.all()}

    def coded_scores(self) -> list[tuple[str, int]]:
        """MHSDS rows for this measurement: (CodedAssToolType, PersScore)."""
        return scoring.coded_scores(scoring.Tool(self.tool), self.scores(), self.total_score)


class OutcomeItemScore(BaseModel):
    """One item's score: a DIALOG rating, a ReQoL-10 item or a goal's score."""

    PERSONAL_DATA = True

    measurement = models.ForeignKey(
        OutcomeMeasurement, on_delete=models.CASCADE, related_name="items"
    )
    item = models.PositiveSmallIntegerField(help_text="Item or goal number, from 1")
    score = models.PositiveSmallIntegerField()
    # The item's SNOMED CT code where it has its own (DIALOG items, GBO goals).
    snomed_code = models.CharField(max_length=18, blank=True)
    more_help_wanted = models.BooleanField(
        null=True, blank=True, help_text="DIALOG: would like more help in this area"
    )
    goal_text = models.TextField(
        blank=True, help_text="Goal Based Outcomes: the goal in the person's words"
    )

    class Meta:
        ordering = ["item"]
        constraints = [
            models.UniqueConstraint(fields=["measurement", "item"], name="one_score_per_item"),
            models.CheckConstraint(
                condition=Q(item__gte=1, item__lte=11), name="outcome_item_number_in_range"
            ),
            models.CheckConstraint(condition=Q(score__lte=10), name="outcome_item_score_in_range"),
        ]

    def __str__(self) -> str:
        return f"Item {self.item}: {self.score}"


class ReqolWording(BaseModel):
    """ReQoL-10 item wording, loaded by a deploying organisation under its licence.

    The wording is copyright, so OpenCMH does not ship it; pages say "Item 1" and so on
    until an organisation loads it here (through the admin site).
    """

    item = models.PositiveSmallIntegerField(unique=True)
    wording = models.TextField()

    class Meta:
        ordering = ["item"]
        verbose_name = "ReQoL-10 item wording"
        verbose_name_plural = "ReQoL-10 item wording"
        constraints = [
            models.CheckConstraint(
                condition=Q(item__gte=1, item__lte=10), name="reqol_wording_item_in_range"
            )
        ]

    def __str__(self) -> str:
        return f"Item {self.item}"
