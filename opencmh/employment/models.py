"""Individual Placement and Support: the IPS record of a referral to an IPS (D05) team,
vocational profile, employer contacts, job starts with 13- and 26-week sustainment,
in-work support, and the team's fidelity reviews.

IPS has zero exclusion: nothing here records eligibility. Anyone referred who wants
paid work is supported, whatever their diagnosis, substance use or offending history.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models

from opencmh.core.models import BaseModel


class EmployerSector(models.TextChoices):
    """Broad employer sectors (UK SIC 2007 sections, grouped)."""

    RETAIL = "retail", "Retail and wholesale"
    HOSPITALITY = "hospitality", "Hospitality and food"
    HEALTH_CARE = "health_care", "Health and social care"
    EDUCATION = "education", "Education"
    CONSTRUCTION = "construction", "Construction and trades"
    MANUFACTURING = "manufacturing", "Manufacturing"
    TRANSPORT = "transport", "Transport, logistics and warehousing"
    OFFICE = "office", "Office, finance and professional services"
    IT = "it", "Information technology and communications"
    PUBLIC = "public", "Public administration"
    ARTS = "arts", "Arts, leisure and sport"
    CLEANING = "cleaning", "Cleaning, facilities and security"
    AGRICULTURE = "agriculture", "Agriculture and land"
    CHARITY = "charity", "Charity and voluntary sector (paid)"
    OTHER = "other", "Other"


class IPSReferral(BaseModel):
    """A person's time with the IPS service: one per referral to an IPS (D05) team."""

    PERSONAL_DATA = True

    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, related_name="ips"
    )
    employment_specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ips_caseload",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "IPS referral"

    def __str__(self) -> str:
        return f"IPS for referral {self.referral.reference}"

    @property
    def person(self):
        return self.referral.person

    @property
    def referred_on(self):
        return self.referral.received_on


class DisclosurePreference(models.TextChoices):
    DISCLOSE = "disclose", "Happy for employers to know about their mental health"
    NOT_DISCLOSE = "not_disclose", "Does not want employers told"
    UNDECIDED = "undecided", "Not decided yet"


class VocationalProfile(BaseModel):
    """What the person wants from work, their history and strengths, in their words."""

    PERSONAL_DATA = True

    ips = models.OneToOneField(IPSReferral, on_delete=models.PROTECT, related_name="profile")
    job_goals = models.TextField("Jobs the person would like")
    preferred_hours = models.CharField("Hours they would like to work", max_length=100)
    work_history = models.TextField(blank=True)
    education_and_skills = models.TextField("Education, qualifications and skills", blank=True)
    strengths = models.TextField(blank=True)
    support_needs = models.TextField("What would help at work", blank=True)
    benefits_advice = models.BooleanField(
        "Offered personalised benefits (work incentives) advice", default=False
    )
    disclosure = models.CharField(
        max_length=16, choices=DisclosurePreference.choices, default=DisclosurePreference.UNDECIDED
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Vocational profile for {self.ips}"


class EmployerContact(BaseModel):
    """A face-to-face or phone contact with an employer, by or for the person."""

    PERSONAL_DATA = True

    class Purpose(models.TextChoices):
        JOB_DEVELOPMENT = "job_development", "Job development (learning the employer's needs)"
        INTRODUCTION = "introduction", "Introducing the person"
        APPLICATION = "application", "Application"
        INTERVIEW = "interview", "Interview"
        OTHER = "other", "Other"

    ips = models.ForeignKey(IPSReferral, on_delete=models.PROTECT, related_name="employer_contacts")
    contacted_on = models.DateField()
    employer_name = models.CharField(max_length=200)
    sector = models.CharField(max_length=16, choices=EmployerSector.choices)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-contacted_on", "-created_at"]
        indexes = [models.Index(fields=["ips", "contacted_on"])]

    def __str__(self) -> str:
        return f"{self.employer_name} on {self.contacted_on}"


class JobStart(BaseModel):
    """A competitive job the person started: paid at least the going rate, open to anyone."""

    PERSONAL_DATA = True

    ips = models.ForeignKey(IPSReferral, on_delete=models.PROTECT, related_name="jobs")
    started_on = models.DateField()
    employer_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200)
    sector = models.CharField(max_length=16, choices=EmployerSector.choices)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gt=0, hours_per_week__lte=60),
                name="job_hours_between_0_and_60",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="job_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} at {self.employer_name} from {self.started_on}"


class Sustainment(models.Model):
    """Whether a job was still held at 13 or 26 weeks. Written once, never changed."""

    PERSONAL_DATA = True

    class Weeks(models.IntegerChoices):
        THIRTEEN = 13, "13 weeks"
        TWENTY_SIX = 26, "26 weeks"

    job = models.ForeignKey(JobStart, on_delete=models.PROTECT, related_name="sustainments")
    weeks = models.PositiveSmallIntegerField(choices=Weeks.choices)
    sustained = models.BooleanField()
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "weeks"], name="one_sustainment_per_milestone"),
        ]

    def __str__(self) -> str:
        return f"{self.job} at {self.weeks} weeks: {'sustained' if self.sustained else 'not'}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Sustainment is recorded once and never changed.")
        super().save(*args, **kwargs)


class InWorkSupport(BaseModel):
    """Time-unlimited support once in work: with the person, the employer, or both."""

    PERSONAL_DATA = True

    class With(models.TextChoices):
        PERSON = "person", "The person"
        EMPLOYER = "employer", "The employer (with the person's agreement)"
        BOTH = "both", "The person and their employer"

    job = models.ForeignKey(JobStart, on_delete=models.PROTECT, related_name="in_work_support")
    on = models.DateField()
    with_whom = models.CharField(max_length=10, choices=With.choices)
    notes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-created_at"]
        verbose_name_plural = "in-work support"

    def __str__(self) -> str:
        return f"In-work support on {self.on}"


class FidelityReview(BaseModel):
    """A review of an IPS team against the 25-item fidelity scale. Team-level: no personal data."""

    team = models.ForeignKey(
        "organisations.Team", on_delete=models.PROTECT, related_name="fidelity_reviews"
    )
    reviewed_on = models.DateField()
    reviewers = models.CharField(max_length=300)
    total = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=12)
    action_plan = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total__gte=25, total__lte=125), name="fidelity_total_25_to_125"
            ),
            models.UniqueConstraint(
                fields=["team", "reviewed_on"], name="one_fidelity_review_per_team_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"Fidelity review of {self.team} on {self.reviewed_on}"


class FidelityItemScore(models.Model):
    review = models.ForeignKey(FidelityReview, on_delete=models.CASCADE, related_name="items")
    item = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["item"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="one_score_per_fidelity_item"),
            models.CheckConstraint(
                condition=models.Q(item__gte=1, item__lte=25), name="fidelity_item_1_to_25"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="fidelity_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"Item {self.item}: {self.score}"
