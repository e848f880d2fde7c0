"""Writes to person records: one transaction each, with its audit event."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from opencmh.core.audit import record_event
from opencmh.core.models import AuditEvent
from opencmh.people.models import Person


def normalise_postcode(postcode: str) -> str:
    return "".join(postcode.upper().split())


def existing_by_nhs_number(nhs_number: str) -> Person | None:
    if not nhs_number:
        return None
    return Person.objects.filter(nhs_number=nhs_number).first()


def likely_duplicates(
    *, given_name: str, family_name: str, date_of_birth, postcode: str
) -> QuerySet[Person]:
    """People with the same date of birth and family name whose first name or postcode match too.

    Duplicate detection must look beyond the user's own caseload, so it returns only the
    few records that match closely; the user sees them before any new record is made.
    """
    candidates = Person.objects.filter(
        date_of_birth=date_of_birth, family_name__iexact=family_name.strip()
    )
    matches = []
    wanted_postcode = normalise_postcode(postcode)
    for person in candidates[:20]:
        same_name = person.given_name.strip().lower() == given_name.strip().lower()
        same_postcode = (
            bool(wanted_postcode) and normalise_postcode(person.postcode) == wanted_postcode
        )
        if same_name or same_postcode:
            matches.append(person.pk)
    return Person.objects.filter(pk__in=matches).select_related("gp_practice")


class DuplicatePerson(Exception):
    def __init__(self, existing: Person):
        super().__init__("A person with this NHS number already exists")
        self.existing = existing


@transaction.atomic
def create_person(*, user, **fields) -> Person:
    """Create a person record, refusing a second record with the same NHS number."""
    nhs_number = fields.get("nhs_number") or ""
    existing = existing_by_nhs_number(nhs_number)
    if existing is not None:
        raise DuplicatePerson(existing)
    person = Person(**fields)
    person.full_clean()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a concurrent request created the same NHS number
        existing = existing_by_nhs_number(nhs_number)
        if existing is None:
            raise ValidationError("The person could not be saved. Try again.") from exc
        raise DuplicatePerson(existing) from exc
    record_event(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=person,
        person=person,
        description="Person record created",
    )
    return person
