"""Adding a person: validation in plain words, and no duplicate records."""

from django.urls import reverse

from opencmh.core.models import AuditEvent, Role
from opencmh.people.models import Person
from tests.factories import PersonFactory


def _form(**overrides):
    data = {
        "nhs_number": "",
        "given_name": "Morgan",
        "family_name": "Riley",
        "date_of_birth_day": "3",
        "date_of_birth_month": "11",
        "date_of_birth_year": "1979",
        "sex": "1",
        "gender_identity": "1",
        "ethnic_category": "A",
        "postcode": "ls6 2ab",
        "gp_practice": "",
        "preferred_language": "English",
        "phone": "",
        "safe_contact_times": "",
    }
    data.update(overrides)
    for part in ("day", "month", "year"):  # the date-input component's field names
        data[f"date_of_birth[{part}]"] = data.pop(f"date_of_birth_{part}")
    return data


def test_a_clinician_adds_a_person_and_it_is_audited(world, client_for):
    client = client_for(world.users[Role.KEY_WORKER])
    response = client.post(reverse("people:create"), _form(nhs_number="943 476 5919"))
    assert response.status_code == 302
    person = Person.objects.get(nhs_number="9434765919")
    assert person.postcode == "LS6 2AB"
    assert AuditEvent.objects.filter(person=person, action="create").count() == 1


def test_bad_input_gets_clear_errors_and_nothing_is_saved(world, client_for):
    client = client_for(world.users[Role.KEY_WORKER])
    before = Person.objects.count()
    response = client.post(
        reverse("people:create"),
        _form(
            nhs_number="9434765918", given_name="", date_of_birth_day="31", date_of_birth_month="2"
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Add a person" in body
    assert "There is a problem" in body
    assert "This is not a valid NHS number" in body
    assert "Enter a first name" in body
    assert "Date must be a real date" in body
    assert Person.objects.count() == before


def test_a_future_date_of_birth_is_refused(world, client_for):
    response = client_for(world.users[Role.KEY_WORKER]).post(
        reverse("people:create"), _form(date_of_birth_year="2999")
    )
    assert "Date must be today or in the past" in response.content.decode()


def test_an_existing_nhs_number_is_never_added_twice(world, client_for):
    existing = world.in_scope
    client = client_for(world.users[Role.KEY_WORKER])
    response = client.post(reverse("people:create"), _form(nhs_number=existing.nhs_number))
    assert "already has a record" in response.content.decode()
    assert Person.objects.filter(nhs_number=existing.nhs_number).count() == 1


def test_likely_matches_are_shown_before_a_new_record_is_made(world, client_for):
    import datetime as dt

    PersonFactory(
        given_name="Morgan",
        family_name="Riley",
        date_of_birth=dt.date(1979, 11, 3),
        postcode="LS6 2AB",
    )
    client = client_for(world.users[Role.KEY_WORKER])
    response = client.post(reverse("people:create"), _form())
    body = response.content.decode()
    assert "This person may already have a record" in body
    assert Person.objects.filter(family_name="Riley").count() == 1
    confirmed = client.post(reverse("people:create"), _form(confirm_not_duplicate="on"))
    assert confirmed.status_code == 302
    assert Person.objects.filter(family_name="Riley").count() == 2
