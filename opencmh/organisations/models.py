"""Where care happens: ICB > sub-ICB location (place) > PCN > GP practice; providers and teams."""

from django.db import models

from opencmh.core.models import BaseModel


class TeamType(models.TextChoices):
    """MHSDS service or team type codes (ServTeamTypeMH) used in community mental health."""

    A02 = "A02", "Crisis resolution and home treatment"
    A05 = "A05", "Primary care mental health"
    A06 = "A06", "Community mental health team - functional"
    A08 = "A08", "Assertive outreach"
    A09 = "A09", "Community rehabilitation"
    A12 = "A12", "Psychotherapy service"
    A13 = "A13", "Psychological therapy (non-IAPT)"
    A14 = "A14", "Early intervention in psychosis"
    A16 = "A16", "Personality disorder (complex emotional needs)"
    A18 = "A18", "Single point of access"
    C03 = "C03", "Community mental health (older adults, legacy)"
    C10 = "C10", "Community eating disorder"
    D05 = "D05", "Individual placement and support"
    F06 = "F06", "Mental health and wellbeing hub"


#: Core community team types for adults and older adults (C03 is legacy C10 per the measures).
CORE_COMMUNITY_TEAM_TYPES = frozenset(
    {"A05", "A06", "A08", "A09", "A12", "A13", "A16", "C03", "C10"}
)


class ICB(BaseModel):
    """Integrated care board (the NHS body of an integrated care system)."""

    code = models.CharField(max_length=5, unique=True, help_text="ODS code, for example QWE")
    name = models.CharField(max_length=200)

    class Meta:
        verbose_name = "ICB"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SubICBLocation(BaseModel):
    """A sub-ICB location: the 'place' level of an ICS."""

    code = models.CharField(max_length=5, unique=True, help_text="ODS code, for example 15A")
    name = models.CharField(max_length=200)
    icb = models.ForeignKey(ICB, on_delete=models.PROTECT, related_name="places")
    postcode_districts = models.CharField(
        max_length=500,
        blank=True,
        help_text="Outward codes the place covers, comma separated (e.g. LS1, LS2): routes referrals "
        "from people not registered with a GP",
    )

    class Meta:
        verbose_name = "sub-ICB location (place)"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def covers_postcode(self, postcode: str) -> bool:
        outward = postcode.upper().split()[0] if postcode.strip() else ""
        districts = {d.strip().upper() for d in self.postcode_districts.split(",") if d.strip()}
        return bool(outward) and outward in districts


class PrimaryCareNetwork(BaseModel):
    code = models.CharField(max_length=6, unique=True, help_text="ODS code, for example U12345")
    name = models.CharField(max_length=200)
    place = models.ForeignKey(SubICBLocation, on_delete=models.PROTECT, related_name="pcns")

    class Meta:
        verbose_name = "primary care network"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GPPractice(BaseModel):
    code = models.CharField(max_length=6, unique=True, help_text="ODS code, for example A81001")
    name = models.CharField(max_length=200)
    pcn = models.ForeignKey(PrimaryCareNetwork, on_delete=models.PROTECT, related_name="practices")
    postcode = models.CharField(max_length=8, blank=True)

    class Meta:
        verbose_name = "GP practice"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Provider(BaseModel):
    """An organisation that provides mental health services (MHSDS OrgIDProv)."""

    code = models.CharField(max_length=5, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(BaseModel):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="teams")
    local_id = models.CharField(
        max_length=20, help_text="The provider's local team ID (MHSDS CareProfTeamLocalID)"
    )
    name = models.CharField(max_length=200)
    team_type = models.CharField(max_length=3, choices=TeamType.choices)
    place = models.ForeignKey(SubICBLocation, on_delete=models.PROTECT, related_name="teams")
    pcns = models.ManyToManyField(PrimaryCareNetwork, blank=True, related_name="teams")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "local_id"], name="team_local_id_unique_per_provider"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerOrganisation(BaseModel):
    """Organisations outside the NHS trust that refer and support people."""

    class Kind(models.TextChoices):
        VCSE = "vcse", "Voluntary and community sector"
        PHARMACY = "pharmacy", "Pharmacy"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        POLICE = "police", "Police"
        EDUCATION = "education", "Education"
        HOUSING = "housing", "Housing"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    place = models.ForeignKey(SubICBLocation, on_delete=models.PROTECT, related_name="partners")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "place"], name="partner_name_unique_per_place")
        ]

    def __str__(self) -> str:
        return self.name


class DirectoryService(BaseModel):
    """A local service that people can be connected to (Open Referral UK core fields)."""

    class Category(models.TextChoices):
        MENTAL_HEALTH = "mental_health", "Mental health"
        CRISIS = "crisis", "Crisis support"
        TALKING_THERAPIES = "talking_therapies", "Talking therapies"
        SUBSTANCE_USE = "substance_use", "Drug and alcohol support"
        HOUSING = "housing", "Housing"
        MONEY = "money", "Money, debt and benefits"
        EMPLOYMENT = "employment", "Work and employment"
        PEER_SUPPORT = "peer_support", "Peer support and social connection"
        CARERS = "carers", "Carers"
        BEREAVEMENT = "bereavement", "Bereavement"
        PHYSICAL_HEALTH = "physical_health", "Physical health and wellbeing"

    name = models.CharField(max_length=200)
    organisation_name = models.CharField(max_length=200, help_text="Who runs it")
    description = models.TextField(help_text="What it offers")
    eligibility = models.TextField("Who it is for", blank=True)
    how_to_refer = models.TextField(blank=True)
    category = models.CharField(max_length=24, choices=Category.choices)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    opening_times = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    place = models.ForeignKey(
        SubICBLocation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directory_services",
        help_text="Blank for services open to the whole ICS or nationally",
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directory_entries",
        help_text="For NHS teams: the team itself",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "service directory entry"
        verbose_name_plural = "service directory"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "organisation_name"], name="directory_service_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation_name})"
