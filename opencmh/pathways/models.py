"""Specialist pathways on top of the shared referral and care machinery: the EIP NICE
package, eating disorder physical monitoring, and day-patient or inpatient stays."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models

from opencmh.core.models import BaseModel


class PackageElement(models.TextChoices):
    """The NICE-recommended EIP package, as audited nationally."""

    CBTP = "cbtp", "CBT for psychosis"
    FAMILY = "family", "Family intervention"
    CLOZAPINE = "clozapine", "Clozapine offered (when indicated)"
    CARER_SUPPORT = "carer_support", "Carer education and support"
    PHYSICAL_SCREENING = "physical_screening", "Physical health screening"
    PHYSICAL_INTERVENTIONS = "physical_interventions", "Physical health interventions"
    EDUCATION_EMPLOYMENT = "education_employment", "Education and employment support"
    SMOKING = "smoking", "Smoking cessation"
    HEALTHY_LIFESTYLE = "healthy_lifestyle", "Healthy lifestyle"


class PackageStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    COMPLETED = "completed", "Completed"
    NOT_INDICATED = "not_indicated", "Not indicated"


class PackageUpdate(models.Model):
    """One change to one element of a person's EIP package; the latest per element stands."""

    PERSONAL_DATA = True

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="eip_package"
    )
    element = models.CharField(max_length=24, choices=PackageElement.choices)
    status = models.CharField(max_length=16, choices=PackageStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_element_display()}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Package history is append-only.")
        super().save(*args, **kwargs)


class PhysicalMonitoring(BaseModel):
    """Eating disorder physical monitoring: weight, BMI and observations over time."""

    PERSONAL_DATA = True

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="physical_monitoring"
    )
    measured_on = models.DateField()
    weight_kg = models.DecimalField(max_digits=5, decimal_places=1)
    height_cm = models.DecimalField(max_digits=4, decimal_places=1)
    pulse_bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    systolic_mmhg = models.PositiveSmallIntegerField(null=True, blank=True)
    diastolic_mmhg = models.PositiveSmallIntegerField(null=True, blank=True)
    temperature_c = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["measured_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight_kg__gte=15, weight_kg__lte=300),
                name="monitoring_weight_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(height_cm__gte=100, height_cm__lte=230),
                name="monitoring_height_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"Monitoring on {self.measured_on}"

    @property
    def bmi(self) -> float:
        metres = float(self.height_cm) / 100
        return round(float(self.weight_kg) / (metres * metres), 1)


class HospitalStay(BaseModel):
    """A day-patient or inpatient stay kept on the person's record."""

    PERSONAL_DATA = True

    class Kind(models.TextChoices):
        DAY_PATIENT = "day_patient", "Day-patient care"
        INPATIENT = "inpatient", "Inpatient admission"

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="hospital_stays"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    unit = models.CharField(max_length=200, help_text="Ward or unit, and provider")
    admitted_on = models.DateField()
    discharged_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-admitted_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(discharged_on__isnull=True)
                | models.Q(discharged_on__gte=models.F("admitted_on")),
                name="stay_discharge_after_admission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.admitted_on}"
