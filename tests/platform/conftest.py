"""Role fixtures: one small ICS with two teams, people on each, and a user per role."""

from dataclasses import dataclass

import pytest

from opencmh.core.models import Role
from tests.factories import (
    PartnerFactory,
    PersonFactory,
    PlaceFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)


@dataclass
class World:
    team: object
    other_team: object
    in_scope: object  # a person referred to `team`
    out_of_scope: object  # a person referred only to `other_team`
    own_person: object  # the person-using-services persona's record
    partner_referral: object
    users: dict


@pytest.fixture
def world(db):
    place = PlaceFactory()
    team = TeamFactory(place=place, name="North CMHT")
    other_team = TeamFactory(place=place, name="South CMHT")
    partner_org = PartnerFactory(place=place)
    in_scope = PersonFactory(given_name="Inscope", family_name="Ardmore")
    out_of_scope = PersonFactory(given_name="Hidden", family_name="Elsewhere")
    own_person = PersonFactory(given_name="Selfie", family_name="Quillfeather")
    users = {
        Role.TRIAGE_CLINICIAN: UserFactory(role=Role.TRIAGE_CLINICIAN, teams=[team]),
        Role.KEY_WORKER: UserFactory(role=Role.KEY_WORKER, teams=[team]),
        Role.EMPLOYMENT_SPECIALIST: UserFactory(role=Role.EMPLOYMENT_SPECIALIST, teams=[team]),
        Role.TEAM_MANAGER: UserFactory(role=Role.TEAM_MANAGER, teams=[team]),
        Role.PARTNER_REFERRER: UserFactory(
            role=Role.PARTNER_REFERRER, partner_organisation=partner_org
        ),
        Role.ICS_MANAGER: UserFactory(role=Role.ICS_MANAGER),
        Role.PERSON: UserFactory(role=Role.PERSON, person=own_person),
        Role.SYSTEM_ADMIN: UserFactory(role=Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True),
        Role.BEREAVEMENT_SUPPORT_WORKER: UserFactory(role=Role.BEREAVEMENT_SUPPORT_WORKER),
    }
    ReferralFactory(
        person=in_scope, team=team, status="accepted", key_worker=users[Role.KEY_WORKER]
    )
    ReferralFactory(person=out_of_scope, team=other_team)
    ReferralFactory(
        person=own_person, team=team, status="accepted", key_worker=users[Role.KEY_WORKER]
    )
    partner_referral = ReferralFactory(
        person=PersonFactory(given_name="Partnered", family_name="Referral"),
        team=other_team,
        referred_by=users[Role.PARTNER_REFERRER],
    )
    return World(team, other_team, in_scope, out_of_scope, own_person, partner_referral, users)


@pytest.fixture
def client_for(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def directory_service(world):
    from opencmh.organisations.models import DirectoryService

    return DirectoryService.objects.create(
        name="Crisis cafe",
        organisation_name="Riverside Mind",
        category="crisis",
        description="A safe place to go in the evening when you are struggling.",
        place=world.team.place,
    )
