"""The person record: identity, demographics, needs and contact preferences."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from opencmh.core.models import BaseModel
from opencmh.core.nhs_number import validate_nhs_number


class Sex(models.TextChoices):
    """Person stated sex (NHS Data Dictionary)."""

    MALE = "1", "Male"
    FEMALE = "2", "Female"
    INDETERMINATE = "9", "Indeterminate"
    NOT_KNOWN = "X", "Not known"


class GenderIdentity(models.TextChoices):
    """Gender identity code (NHS Data Dictionary)."""

    MALE = "1", "Male (including trans man)"
    FEMALE = "2", "Female (including trans woman)"
    NON_BINARY = "3", "Non-binary"
    OTHER = "4", "Other (not listed)"
    NOT_KNOWN = "X", "Not known"
    NOT_STATED = "Z", "Not stated (person asked but declined)"


class EthnicCategory(models.TextChoices):
    """Ethnic category (NHS Data Dictionary, 2001 census classification)."""

    A = "A", "White - British"
    B = "B", "White - Irish"
    C = "C", "White - Any other White background"
    D = "D", "Mixed - White and Black Caribbean"
    E = "E", "Mixed - White and Black African"
    F = "F", "Mixed - White and Asian"
    G = "G", "Mixed - Any other mixed background"
    H = "H", "Asian or Asian British - Indian"
    J = "J", "Asian or Asian British - Pakistani"
    K = "K", "Asian or Asian British - Bangladeshi"
    L = "L", "Asian or Asian British - Any other Asian background"
    M = "M", "Black or Black British - Caribbean"
    N = "N", "Black or Black British - African"
    P = "P", "Black or Black British - Any other Black background"
    R = "R", "Other ethnic groups - Chinese"
    S = "S", "Other ethnic groups - Any other ethnic group"
    Z = "Z", "Not stated"
    NOT_KNOWN = "99", "Not known"


UPPER_ETHNIC_GROUPS = {
    "White": "ABC",
    "Mixed": "DEFG",
    "Asian or Asian British": "HJKL",
    "Black or Black British": "MNP",
    "Other ethnic groups": "RS",
}


def upper_ethnic_group(code: str) -> str:
    for group, codes in UPPER_ETHNIC_GROUPS.items():
        if code in codes and len(code) == 1:
            return group
    return "Not stated or not known"


class Person(BaseModel):
    """A person referred to or cared for by community mental health services."""

    PERSONAL_DATA = True

    nhs_number = models.CharField(
        "NHS number",
        max_length=10,
        blank=True,
        validators=[validate_nhs_number],
        help_text="Blank until traced, for example after a self-referral",
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.NOT_KNOWN)
    gender_identity = models.CharField(
        max_length=1, choices=GenderIdentity.choices, default=GenderIdentity.NOT_KNOWN
    )
    ethnic_category = models.CharField(
        max_length=2, choices=EthnicCategory.choices, default=EthnicCategory.NOT_KNOWN
    )
    postcode = models.CharField(max_length=8, blank=True)
    lsoa = models.CharField("LSOA (2011)", max_length=9, blank=True)
    imd_decile = models.PositiveSmallIntegerField(
        "IMD decile",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Index of Multiple Deprivation 2019 decile of the LSOA (1 is most deprived)",
    )
    gp_practice = models.ForeignKey(
        "organisations.GPPractice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="patients",
    )
    preferred_language = models.CharField(max_length=60, default="English")
    interpreter_needed = models.BooleanField(default=False)
    accessibility_needs = models.TextField(blank=True)
    communication_needs = models.TextField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    no_letters = models.BooleanField("Do not send letters", default=False)
    safe_contact_times = models.CharField(max_length=200, blank=True)
    ok_to_leave_voicemail = models.BooleanField(default=True)
    # Set when triage confirms this record duplicates another: the other one is kept.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=~models.Q(nhs_number=""),
                name="unique_nhs_number_when_known",
            ),
            models.CheckConstraint(
                condition=models.Q(imd_decile__isnull=True)
                | models.Q(imd_decile__gte=1, imd_decile__lte=10),
                name="imd_decile_1_to_10",
            ),
        ]
        indexes = [models.Index(fields=["family_name", "date_of_birth"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
