"""SMI physical health: the register, the annual six-element check, follow-up actions for
results in the red zone, the rules (as data) that raise them, and antipsychotic courses.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from opencmh.core.models import BaseModel
from opencmh.physical_health import rules


class SMIDiagnosis(models.TextChoices):
    """SNOMED CT concepts for the SMI register (the QOF mental health register)."""

    SCHIZOPHRENIA = "58214004", "Schizophrenia"
    BIPOLAR = "13746004", "Bipolar affective disorder"
    OTHER_PSYCHOSIS = "69322001", "Other psychosis"


class SMIRegisterEntry(BaseModel):
    """A person on the SMI register of their GP practice, with diagnosis and remission."""

    PERSONAL_DATA = True

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="smi_register_entry"
    )
    diagnosis = models.CharField(max_length=18, choices=SMIDiagnosis.choices)
    diagnosed_on = models.DateField(null=True, blank=True)
    in_remission = models.BooleanField(default=False)
    remission_recorded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "SMI register entry"
        verbose_name_plural = "SMI register entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(in_remission=False, remission_recorded_on__isnull=True)
                | Q(in_remission=True, remission_recorded_on__isnull=False),
                name="smi_remission_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_diagnosis_display()} ({self.person_id})"


class CareSetting(models.TextChoices):
    PRIMARY = "primary", "Primary care (GP practice)"
    SECONDARY = "secondary", "Secondary care (mental health team)"


class SmokingStatus(models.TextChoices):
    CURRENT = "current", "Current smoker"
    EX = "ex", "Ex-smoker"
    NEVER = "never", "Never smoked"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class Screening(models.TextChoices):
    DONE = "done", "Done"
    OFFERED_DECLINED = "declined", "Offered and declined"
    NOT_NEEDED = "not_needed", "Not needed"


class SubstanceUse(models.TextChoices):
    NONE = "none", "No substance use"
    CURRENT = "current", "Current substance use"
    PAST = "past", "Past substance use"


def _measure(name: str, *, integer: bool = False, digits: int = 5):
    spec = rules.MEASUREMENTS[name]
    label = f"{spec.label} ({spec.unit})" if spec.unit else spec.label
    if integer:
        return models.PositiveSmallIntegerField(label, null=True, blank=True)
    return models.DecimalField(
        label, max_digits=digits, decimal_places=spec.places, null=True, blank=True
    )


class PhysicalHealthCheck(BaseModel):
    """One physical health check: the six elements and the fuller check items.

    A check is a record of what was found on a day and is never changed afterwards: a
    correction is a new check. Missing values mean the element was not done.
    """

    PERSONAL_DATA = True

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="physical_health_checks"
    )
    checked_on = models.DateField()
    setting = models.CharField(max_length=10, choices=CareSetting.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "organisations.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gp_practice = models.ForeignKey(
        "organisations.GPPractice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # BMI (SNOMED 698094009), weight and height
    height_cm = _measure("height_cm")
    weight_kg = _measure("weight_kg")
    bmi = _measure("bmi", digits=4)
    waist_cm = _measure("waist_cm")
    # Blood pressure (SNOMED 171222001 screening; systolic 72313002, diastolic 1091811000000102)
    systolic_bp = _measure("systolic_bp", integer=True)
    diastolic_bp = _measure("diastolic_bp", integer=True)
    pulse = _measure("pulse", integer=True)
    # Lipids: total cholesterol 121868005, HDL 17888004, ratio 166842003; QRISK 763243004
    total_cholesterol = _measure("total_cholesterol", digits=4)
    hdl_cholesterol = _measure("hdl_cholesterol", digits=3)
    qrisk_percent = _measure("qrisk_percent", digits=4)
    # Glucose: HbA1c 43396009, fasting 271062006, random 271061004
    hba1c = _measure("hba1c", integer=True)
    fasting_glucose = _measure("fasting_glucose", digits=3)
    random_glucose = _measure("random_glucose", digits=3)
    # Alcohol and smoking (smoking assessment 196771000000101)
    alcohol_units_per_week = _measure("alcohol_units_per_week", integer=True)
    audit_c_score = _measure("audit_c_score", integer=True)
    smoking_status = models.CharField(max_length=8, choices=SmokingStatus.choices, blank=True)
    # Lifestyle assessment (443781008)
    poor_diet_or_inactive = models.CharField(
        "Poor diet or physically inactive", max_length=3, choices=YesNo.choices, blank=True
    )
    # The fuller check
    substance_use = models.CharField(max_length=8, choices=SubstanceUse.choices, blank=True)
    medical_history = models.TextField(blank=True)
    family_history = models.TextField(
        blank=True, help_text="For example heart disease, stroke or diabetes in close family"
    )
    blood_borne_virus_screening = models.CharField(
        max_length=10, choices=Screening.choices, blank=True
    )
    liver_screening = models.CharField(max_length=10, choices=Screening.choices, blank=True)
    notes = models.TextField(blank=True)
    # Derived when the check is recorded, so lists can filter in the database.
    weight_gain_3_months = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    elements_recorded = models.PositiveSmallIntegerField(default=0)
    all_six_elements = models.BooleanField(default=False)

    class Meta:
        ordering = ["-checked_on", "-created_at"]
        indexes = [models.Index(fields=["person", "checked_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(systolic_bp__isnull=True)
                | Q(diastolic_bp__isnull=True)
                | Q(systolic_bp__gt=models.F("diastolic_bp")),
                name="phc_systolic_above_diastolic",
            ),
            models.CheckConstraint(
                condition=Q(elements_recorded__lte=6), name="phc_at_most_six_elements"
            ),
        ]

    def __str__(self) -> str:
        return f"Physical health check on {self.checked_on}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("A physical health check is a record: add a new check instead.")
        super().save(*args, **kwargs)

    @property
    def cholesterol_hdl_ratio(self):
        if self.total_cholesterol and self.hdl_cholesterol:
            return round(self.total_cholesterol / self.hdl_cholesterol, 1)
        return None

    def values(self) -> dict:
        """The measurements and answers by name, as the rules read them."""
        names = [*rules.MEASUREMENTS, *rules.CATEGORICAL, "weight_gain_3_months"]
        values = {name: getattr(self, name) for name in names}
        values["cholesterol_hdl_ratio"] = self.cholesterol_hdl_ratio
        return values


class FollowUpKind(models.TextChoices):
    STOP_SMOKING = "stop_smoking", "Stop smoking: brief intervention and stop-smoking referral"
    DIET_ACTIVITY = "diet_activity", "Diet and physical activity advice"
    WEIGHT = "weight", "Weight: lifestyle advice and medication review"
    BP_REVIEW = "bp_review", "Blood pressure review (NICE hypertension guidance)"
    DIABETES_PREVENTION = (
        "diabetes_prevention",
        "High risk of diabetes: structured lifestyle programme, consider metformin",
    )
    DIABETES_REVIEW = "diabetes_review", "Diabetes review"
    LIPID_REVIEW = "lipid_review", "Lipid modification review"
    ALCOHOL = "alcohol", "Alcohol: brief advice and alcohol service"


class FollowUpRule(models.Model):
    """One cardiometabolic follow-up rule. Edited by the clinical safety officer."""

    class Comparison(models.TextChoices):
        GTE = rules.GTE, "is at least"
        GT = rules.GT, "is more than"
        BETWEEN = rules.BETWEEN, "is between (inclusive)"
        EQUALS = rules.EQUALS, "is"

    MEASURE_CHOICES = [
        *((name, m.label) for name, m in rules.MEASUREMENTS.items()),
        *((name, m.label) for name, m in rules.DERIVED.items()),
        *rules.CATEGORICAL.items(),
    ]

    code = models.SlugField(max_length=40, unique=True)
    measure = models.CharField(max_length=30, choices=MEASURE_CHOICES)
    comparison = models.CharField(max_length=8, choices=Comparison.choices)
    threshold = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    upper = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True, help_text="Only for 'between'"
    )
    value = models.CharField(max_length=20, blank=True, help_text="Only for 'is', e.g. current")
    ethnic_threshold = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="A different threshold for the ethnic categories below",
    )
    ethnic_categories = models.CharField(
        max_length=60,
        blank=True,
        help_text="NHS Data Dictionary ethnic category codes, comma separated (e.g. H,J,K,R)",
    )
    action = models.CharField(max_length=24, choices=FollowUpKind.choices)
    active = models.BooleanField(default=True)
    source = models.CharField(max_length=300, blank=True, help_text="Guidance this follows")

    class Meta:
        ordering = ["measure", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(comparison=rules.EQUALS, value__gt="")
                | (~Q(comparison=rules.EQUALS) & Q(threshold__isnull=False)),
                name="phc_rule_has_threshold_or_value",
            ),
            models.CheckConstraint(
                condition=~Q(comparison=rules.BETWEEN) | Q(upper__isnull=False),
                name="phc_rule_between_has_upper",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def as_rule(self) -> rules.Rule:
        categories = frozenset(
            c.strip().upper() for c in self.ethnic_categories.split(",") if c.strip()
        )
        return rules.Rule(
            code=self.code,
            measure=self.measure,
            comparison=self.comparison,
            action=self.action,
            threshold=self.threshold,
            upper=self.upper,
            value=self.value,
            ethnic_threshold=self.ethnic_threshold,
            ethnic_categories=categories,
        )


class FollowUpAction(BaseModel):
    """What a red-zone result calls for, tracked until it is done or declined."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        OPEN = "open", "To do"
        DONE = "done", "Done"
        DECLINED = "declined", "Declined by the person"

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="physical_health_actions"
    )
    check_record = models.ForeignKey(
        PhysicalHealthCheck, on_delete=models.PROTECT, related_name="actions"
    )
    kind = models.CharField(max_length=24, choices=FollowUpKind.choices)
    rule_code = models.CharField(max_length=40)
    reason = models.CharField(max_length=300)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "person"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True, closed_by__isnull=True)
                | (~Q(status="open") & Q(closed_at__isnull=False, closed_by__isnull=False)),
                name="phc_action_closed_with_who_and_when",
            ),
            models.UniqueConstraint(
                fields=["check_record", "kind"], name="phc_one_action_per_kind_per_check"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class AntipsychoticCourse(BaseModel):
    """An antipsychotic the person started: its monitoring schedule runs from STARTED_ON."""

    PERSONAL_DATA = True

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="antipsychotic_courses"
    )
    medication = models.CharField(max_length=100)
    started_on = models.DateField()
    stopped_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stopped_on__isnull=True) | Q(stopped_on__gte=models.F("started_on")),
                name="antipsychotic_stops_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.medication} from {self.started_on}"
