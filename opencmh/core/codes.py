"""Shared code lists: MHSDS attendance and consultation mechanism, and the SNOMED CT
procedures the platform records for assessments and interventions.

Refset membership here mirrors the synthetic extract's reference data (the real
membership comes from the UK SNOMED CT release loaded by the deploying organisation).
"""

from django.db import models


class AttendStatus(models.TextChoices):
    """MHSDS AttendOrDNACode."""

    ATTENDED = "5", "Attended on time, or arrived late and was seen"
    LATE_SEEN = "6", "Arrived late but was seen"
    LATE_NOT_SEEN = "7", "Arrived late and could not be seen"
    DID_NOT_ATTEND = "3", "Did not attend, no advance warning"
    CANCELLED_BY_PERSON = "2", "Cancelled by the person"
    CANCELLED_BY_SERVICE = "4", "Cancelled or postponed by the service"


ATTENDED_CODES = frozenset({"5", "6"})


class ConsultationMechanism(models.TextChoices):
    """MHSDS ConsMechanismMH."""

    FACE_TO_FACE = "01", "Face to face"
    TELEPHONE = "02", "Telephone"
    TALK_TYPE = "04", "Talk type for a person unable to speak"
    VIDEO = "11", "Video consultation"
    EMAIL = "05", "Email"
    TEXT = "09", "Text message"
    MESSAGING = "10", "Instant messaging"
    OTHER = "98", "Other"


DIRECT_MECHANISMS = frozenset({"01", "02", "04", "11"})

REFSET_ASSESSMENT = "1853441000000109"
REFSET_PSYCHOLOGICAL_THERAPY = "1853461000000105"
REFSET_PSYCHOSOCIAL = "1853481000000101"
REFSET_MEDICATION_PHYSICAL = "1853451000000107"

#: SNOMED procedure -> (label, refset). Labels are what clinicians pick from.
PROCEDURES = {
    "386053000": ("Assessment (evaluation procedure)", REFSET_ASSESSMENT),
    "710841007": ("Assessment of needs", REFSET_ASSESSMENT),
    "304891004": ("Cognitive behavioural therapy", REFSET_PSYCHOLOGICAL_THERAPY),
    "75516001": ("Psychotherapy", REFSET_PSYCHOLOGICAL_THERAPY),
    "228557008": ("Cognitive and behavioural therapy (other)", REFSET_PSYCHOLOGICAL_THERAPY),
    "385989002": ("Psychosocial support", REFSET_PSYCHOSOCIAL),
    "410223002": ("Family intervention", REFSET_PSYCHOSOCIAL),
    "1082621000000104": ("Individual placement and support", REFSET_PSYCHOSOCIAL),
    "182832007": ("Medicines management and review", REFSET_MEDICATION_PHYSICAL),
    "698094009": ("Physical health check: body mass index", REFSET_MEDICATION_PHYSICAL),
    "11429006": ("Consultation (does not count as an intervention)", None),
    "975131000000104": ("Signposting (does not count as an intervention)", None),
}
ASSESSMENT_PROCEDURE = "710841007"
INTERVENTION_REFSETS = frozenset(
    {REFSET_PSYCHOLOGICAL_THERAPY, REFSET_PSYCHOSOCIAL, REFSET_MEDICATION_PHYSICAL}
)


def is_intervention(code: str) -> bool:
    return PROCEDURES.get(code, ("", None))[1] in INTERVENTION_REFSETS


def intervention_choices() -> list[tuple[str, str]]:
    return [
        (code, label)
        for code, (label, refset) in PROCEDURES.items()
        if refset in INTERVENTION_REFSETS
    ]


def procedure_choices() -> list[tuple[str, str]]:
    return [(code, f"{label} ({code})") for code, (label, _) in PROCEDURES.items()]
