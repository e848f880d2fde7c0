"""The demo ICS loads with every persona able to reach a working home page."""

from django.core.management import call_command

from opencmh.core.models import Role, User
from opencmh.nonprod.demo import load_demo
from opencmh.nonprod.personas import PERSONAS
from opencmh.organisations.models import GPPractice, PrimaryCareNetwork, SubICBLocation, Team
from opencmh.people.models import Person


def test_demo_has_the_shape_of_an_ics_and_valid_synthetic_people(db):
    counts = load_demo(people=400, seed=3)
    assert counts["people"] == 400
    assert SubICBLocation.objects.count() == 2
    assert PrimaryCareNetwork.objects.count() == 6
    assert GPPractice.objects.count() == 30
    types = set(Team.objects.values_list("team_type", flat=True))
    assert {"A05", "A06", "A08", "A09", "A12", "A13", "A14", "A16", "A18", "C10", "D05"} <= types
    numbers = [n for n in Person.objects.values_list("nhs_number", flat=True) if n]
    assert numbers and all(n.startswith("999") for n in numbers)
    # The urban place is more ethnically diverse than the rural one.
    urban = Person.objects.filter(gp_practice__pcn__place__code="91R")
    rural = Person.objects.filter(gp_practice__pcn__place__code="92M")
    assert (
        urban.exclude(ethnic_category="A").count() / urban.count()
        > rural.exclude(ethnic_category="A").count() / rural.count()
    )


def test_every_persona_lands_on_a_working_home_page(db, client):
    load_demo(people=300, seed=4)
    for persona in PERSONAS:
        user = User.objects.get(username=persona.username)
        client.force_login(user)
        response = client.get("/", follow=True)
        assert response.status_code == 200, persona.username
        assert "Sign in" not in response.content.decode()[:200]
    keyworker = User.objects.get(username="keyworker")
    assert keyworker.key_worker_for.filter(status="accepted").exists()
    person = User.objects.get(role=Role.PERSON)
    assert person.person.referrals.filter(key_worker=keyworker).exists()


def test_load_demo_if_empty_does_not_load_twice(db):
    call_command("load_demo", people=200, if_empty=True)
    call_command("load_demo", people=200, if_empty=True)
    assert Person.objects.count() == 200
