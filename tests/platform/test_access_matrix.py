"""For every role and every page that shows personal data: allowed or denied, and no leaks."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opencmh.core.models import Role
from opencmh.employment import services as employment_services
from tests.bereavement.factories import bereavement_referral
from tests.employment.factories import make_ips_world

CLINICAL = [Role.TRIAGE_CLINICIAN, Role.KEY_WORKER, Role.EMPLOYMENT_SPECIALIST, Role.TEAM_MANAGER]
# The suicide bereavement support worker is not clinical: no clinical record, ever.
OTHERS = [
    Role.PARTNER_REFERRER,
    Role.ICS_MANAGER,
    Role.PERSON,
    Role.SYSTEM_ADMIN,
    Role.BEREAVEMENT_SUPPORT_WORKER,
]
BEREAVEMENT = Role.BEREAVEMENT_SUPPORT_WORKER
EVERYONE = CLINICAL + OTHERS

# (page, expected status per role). 302 -> the break-glass page.
MATRIX = {
    "detail:in_scope": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 404)},
    "detail:out_of_scope": {**dict.fromkeys(CLINICAL, 302), **dict.fromkeys(OTHERS, 404)},
    "detail:own_person": {
        **dict.fromkeys(CLINICAL, 200),
        **dict.fromkeys(OTHERS, 404),
        Role.PERSON: 200,
    },
    "access_log:in_scope": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 404)},
    "access_log:out_of_scope": {**dict.fromkeys(CLINICAL, 302), **dict.fromkeys(OTHERS, 404)},
    "access_log:own_person": {
        **dict.fromkeys(CLINICAL, 200),
        **dict.fromkeys(OTHERS, 404),
        Role.PERSON: 200,
    },
    "people:list": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 403)},
    "people:create": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 403)},
    "people:me": {**dict.fromkeys(CLINICAL, 403), **dict.fromkeys(OTHERS, 403), Role.PERSON: 200},
    "referrals:mine": {
        **dict.fromkeys(CLINICAL, 403),
        **dict.fromkeys(OTHERS, 403),
        Role.PARTNER_REFERRER: 200,
    },
    "referrals:make": {
        **dict.fromkeys(CLINICAL, 403),
        **dict.fromkeys(OTHERS, 403),
        Role.PARTNER_REFERRER: 200,
    },
    "referrals:queue": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 403)},
    "referrals:record": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 403)},
    "organisations:directory": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 200)},
    "referral:in_scope": {
        **dict.fromkeys(CLINICAL, 200),
        **dict.fromkeys(OTHERS, 404),
        Role.PERSON: 404,
    },
    "referral:out_of_scope": {**dict.fromkeys(CLINICAL, 404), **dict.fromkeys(OTHERS, 404)},
    "referral:partner_referral": {
        **dict.fromkeys(CLINICAL, 404),
        **dict.fromkeys(OTHERS, 404),
        Role.PARTNER_REFERRER: 200,
    },
    "organisations:overview": {
        **dict.fromkeys(CLINICAL, 403),
        **dict.fromkeys(OTHERS, 403),
        Role.ICS_MANAGER: 200,
        Role.SYSTEM_ADMIN: 200,
    },
    "care:out_of_scope": {**dict.fromkeys(CLINICAL, 302), **dict.fromkeys(OTHERS, 403)},
    "outcomes:in_scope": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 404)},
    "outcomes:out_of_scope": {**dict.fromkeys(CLINICAL, 302), **dict.fromkeys(OTHERS, 404)},
    "physical_health:in_scope": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 403)},
    "pathways:A16": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 403)},
    "care:caseload": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 403)},
    "care:in_scope": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 403)},
    # IPS: the record follows the referral to the IPS team, whose members are the
    # employment specialist and the team manager in this world (see _url).
    "employment:caseload": {**dict.fromkeys(CLINICAL, 200), **dict.fromkeys(OTHERS, 403)},
    "ips:in_scope": {
        **dict.fromkeys(EVERYONE, 404),
        Role.EMPLOYMENT_SPECIALIST: 200,
        Role.TEAM_MANAGER: 200,
    },
    "employment:fidelity": {
        **dict.fromkeys(CLINICAL, 200),
        **dict.fromkeys(OTHERS, 403),
        Role.ICS_MANAGER: 200,
        Role.SYSTEM_ADMIN: 200,
    },
    "fidelity:ips_team": {
        **dict.fromkeys(CLINICAL, 404),
        **dict.fromkeys(OTHERS, 403),
        Role.EMPLOYMENT_SPECIALIST: 200,
        Role.TEAM_MANAGER: 200,
        Role.ICS_MANAGER: 200,
        Role.SYSTEM_ADMIN: 200,
    },
    # Suicide bereavement support: bereavement workers only; administrators too are refused.
    "bereavement:queue": {**dict.fromkeys(EVERYONE, 403), BEREAVEMENT: 200},
    "bereavement:new": {**dict.fromkeys(EVERYONE, 403), BEREAVEMENT: 200},
    "bereavement:referral": {**dict.fromkeys(EVERYONE, 404), BEREAVEMENT: 200},
    "bereavement:contact": {**dict.fromkeys(EVERYONE, 404), BEREAVEMENT: 200},
}

CASES = [
    (page, role, status) for page, by_role in MATRIX.items() for role, status in by_role.items()
]


def _ips_world(world):
    ips_world = make_ips_world(world)
    ips_world.specialist.teams.remove(ips_world.team)
    for role in (Role.EMPLOYMENT_SPECIALIST, Role.TEAM_MANAGER):
        world.users[role].teams.add(ips_world.team)
    return ips_world


def _url(page, world):
    if page == "pathways:A16":
        return reverse("pathways:pathway", args=["A16"])
    if page.split(":")[0] in ("care", "outcomes", "physical_health") and page.split(":")[1] in (
        "in_scope",
        "out_of_scope",
    ):
        app, who = page.split(":")
        return reverse(f"{app}:person", args=[getattr(world, who).pk])
    if page == "care:in_scope":
        return reverse("care:person", args=[world.in_scope.pk])
    if page == "ips:in_scope":
        ips_world = _ips_world(world)
        ips = employment_services.start_ips(user=ips_world.specialist, referral=ips_world.referral)
        return reverse("employment:record", args=[ips.pk])
    if page == "fidelity:ips_team":
        return reverse("employment:fidelity_team", args=[_ips_world(world).team.pk])
    if page in ("bereavement:referral", "bereavement:contact"):
        referral = bereavement_referral(
            world.users[BEREAVEMENT],
            received_at=timezone.now() - dt.timedelta(hours=1),
            family_name="Marchbank",
        )
        return reverse(page, args=[referral.pk])
    if page.startswith("referral:"):
        who = page.split(":")[1]
        referral = (
            world.partner_referral
            if who == "partner_referral"
            else getattr(world, who).referrals.first()
        )
        return reverse("referrals:detail", args=[referral.pk])
    if ":" in page and page.split(":")[1] in ("in_scope", "out_of_scope", "own_person"):
        view, who = page.split(":")
        return reverse(f"people:{view}", args=[getattr(world, who).pk])
    return reverse(page)


@pytest.mark.parametrize(("page", "role", "expected"), CASES, ids=[f"{p}-{r}" for p, r, _ in CASES])
def test_authorisation_matrix(world, client_for, page, role, expected):
    client = client_for(world.users[role])
    response = client.get(_url(page, world))
    assert response.status_code == expected
    if expected == 302:
        assert "/emergency-access/" in response["Location"]
        response = client.get(response["Location"])
        assert response.status_code == 200
    if response.status_code != 200 or expected == 302:
        body = response.content.decode()
        # A denied request says nothing about who the record belongs to.
        for person in (world.out_of_scope, world.in_scope, world.own_person):
            assert person.family_name not in body
        assert "Marchbank" not in body


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    for page in ("detail:in_scope", "people:list", "referrals:mine", "organisations:overview"):
        response = client.get(_url(page, world))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:sign_in"))


def test_people_list_shows_only_the_teams_people(world, client_for):
    body = client_for(world.users[Role.KEY_WORKER]).get(reverse("people:list")).content.decode()
    assert world.in_scope.family_name in body
    assert world.out_of_scope.family_name not in body


def test_partner_sees_only_referrals_they_made(world, client_for):
    body = (
        client_for(world.users[Role.PARTNER_REFERRER])
        .get(reverse("referrals:mine"))
        .content.decode()
    )
    assert "Partnered Referral" in body
    assert world.in_scope.family_name not in body
    assert world.out_of_scope.family_name not in body


def test_ics_overview_shows_aggregates_not_names(world, client_for):
    body = (
        client_for(world.users[Role.ICS_MANAGER])
        .get(reverse("organisations:overview"))
        .content.decode()
    )
    assert "North CMHT" in body
    for person in (world.in_scope, world.out_of_scope, world.own_person):
        assert person.family_name not in body
