"""Suicide bereavement support: people bereaved by suicide, their referrals, contacts,
practical help and onward referrals.

Bereaved people are not patients of a mental health team. Their records are kept apart
from clinical records: nothing here links to opencmh.people or opencmh.referrals, and
only suicide bereavement support workers may open them (opencmh.core.access).
"""

from django.conf import settings
from django.db import models

from opencmh.core.models import BaseModel


class BereavedPerson(BaseModel):
    PERSONAL_DATA = True

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    safe_contact_times = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "bereaved person"
        verbose_name_plural = "bereaved people"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class ReferralSource(models.TextChoices):
    POLICE = "police", "Police"
    CORONER = "coroner", "Coroner's office"
    GP = "gp", "GP"
    VOLUNTARY = "voluntary", "Voluntary sector"
    SELF = "self", "Self-referral"


class Relationship(models.TextChoices):
    PARTNER = "partner", "Partner or spouse"
    PARENT = "parent", "Parent"
    CHILD = "child", "Son or daughter"
    SIBLING = "sibling", "Brother or sister"
    OTHER_FAMILY = "other_family", "Other family member"
    FRIEND = "friend", "Friend"
    COLLEAGUE = "colleague", "Colleague"
    OTHER = "other", "Other"


class BereavementReferral(BaseModel):
    """One referral for support. The first-contact clock runs from RECEIVED_AT."""

    PERSONAL_DATA = True

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    bereaved_person = models.ForeignKey(
        BereavedPerson, on_delete=models.PROTECT, related_name="referrals"
    )
    source = models.CharField(max_length=12, choices=ReferralSource.choices)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_contact = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(db_index=True)
    relationship = models.CharField(
        "Relationship to the person who died", max_length=16, choices=Relationship.choices
    )
    deceased_name = models.CharField("Name of the person who died", max_length=200, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    consent_to_contact = models.BooleanField(
        "The person agreed to be contacted by the service", default=False
    )
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bereavement_referrals",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", closed_at__isnull=True)
                | models.Q(status="closed", closed_at__isnull=False),
                name="bereavement_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Bereavement referral {self.reference}"

    @property
    def reference(self) -> str:
        return str(self.id).split("-")[0].upper()


class SupportContact(BaseModel):
    """A contact or attempt. Only a contact that reached the person stops the clock."""

    PERSONAL_DATA = True

    class Method(models.TextChoices):
        PHONE = "phone", "Phone call"
        VISIT = "visit", "Home visit"
        MEETING = "meeting", "Meeting elsewhere"
        VIDEO = "video", "Video call"
        TEXT = "text", "Text message"
        LETTER = "letter", "Letter or email"

    class Outcome(models.TextChoices):
        REACHED = "reached", "Spoke with the person"
        NO_ANSWER = "no_answer", "No answer"
        MESSAGE_LEFT = "message_left", "Left a message"

    referral = models.ForeignKey(
        BereavementReferral, on_delete=models.PROTECT, related_name="contacts"
    )
    at = models.DateTimeField()
    method = models.CharField(max_length=8, choices=Method.choices)
    outcome = models.CharField(max_length=14, choices=Outcome.choices)
    notes = models.TextField(blank=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["referral", "outcome", "at"])]

    def __str__(self) -> str:
        return f"{self.get_method_display()} at {self.at:%Y-%m-%d %H:%M}"


class PracticalHelp(BaseModel):
    PERSONAL_DATA = True

    class Kind(models.TextChoices):
        INFORMATION_PACK = "information_pack", "Gave the 'Help is at Hand' guide"
        INQUEST = "inquest", "Explained the coroner's inquest"
        FUNERAL = "funeral", "Help with funeral arrangements"
        MONEY = "money", "Money, benefits or bereavement payments"
        HOUSING = "housing", "Housing"
        WORK_OR_SCHOOL = "work_or_school", "Talking to an employer or school"
        MEDIA = "media", "Dealing with the media"
        CHILDREN = "children", "Supporting children in the family"
        OTHER = "other", "Other"

    referral = models.ForeignKey(
        BereavementReferral, on_delete=models.PROTECT, related_name="practical_help"
    )
    on = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    notes = models.TextField(blank=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-created_at"]
        verbose_name_plural = "practical help"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"


class OnwardReferral(BaseModel):
    PERSONAL_DATA = True

    class Kind(models.TextChoices):
        PEER_SUPPORT = "peer_support", "Peer support group for people bereaved by suicide"
        COUNSELLING = "counselling", "Bereavement counselling"
        TALKING_THERAPIES = "talking_therapies", "NHS talking therapies"
        GP = "gp", "Their GP"
        CHILDREN = "children", "Children and young people's bereavement service"
        CRISIS = "crisis", "Mental health crisis service"
        OTHER = "other", "Other"

    referral = models.ForeignKey(
        BereavementReferral, on_delete=models.PROTECT, related_name="onward_referrals"
    )
    on = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    service_name = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-created_at"]

    def __str__(self) -> str:
        return f"Onward referral to {self.service_name} on {self.on}"
