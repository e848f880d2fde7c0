"""A small IPS world on top of the platform `world`: an IPS (D05) team, its employment
specialist, and an accepted referral of the in-scope person to it."""

from dataclasses import dataclass

from opencmh.core.models import Role
from tests.factories import ReferralFactory, TeamFactory, UserFactory


@dataclass
class IPSWorld:
    team: object
    specialist: object
    referral: object


def make_ips_world(world, *, received_on=None) -> IPSWorld:
    team = TeamFactory(place=world.team.place, name="Riverside IPS", team_type="D05")
    specialist = UserFactory(
        role=Role.EMPLOYMENT_SPECIALIST, teams=[team], first_name="Grace", last_name="Lewis"
    )
    extra = {"received_on": received_on} if received_on else {}
    referral = ReferralFactory(
        person=world.in_scope,
        team=team,
        status="accepted",
        key_worker=specialist,
        source_of_referral="I2",
        primary_reason="31",
        **extra,
    )
    return IPSWorld(team, specialist, referral)
