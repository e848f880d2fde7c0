"""Which team a new referral goes to."""

from opencmh.organisations.models import SubICBLocation, Team
from opencmh.people.models import Person

#: Primary reasons for referral that go to a specialist team rather than the PCN's team.
SPECIALIST_TEAM_FOR_REASON = {
    "01": "A14",  # suspected first episode psychosis -> Early Intervention in Psychosis
    "12": "C10",  # eating disorders -> community eating disorder team
    "31": "D05",  # employment support -> Individual Placement and Support
}


def route(*, person: Person, primary_reason: str, fallback_place: SubICBLocation | None) -> Team:
    """The team for a referral: a specialist team by reason, else the community team of the person's PCN."""
    practice = person.gp_practice
    place = practice.pcn.place if practice else fallback_place
    teams = Team.objects.filter(place=place) if place else Team.objects.all()
    specialist = SPECIALIST_TEAM_FOR_REASON.get(primary_reason)
    if specialist:
        team = (
            teams.filter(team_type=specialist).first()
            or Team.objects.filter(team_type=specialist).first()
        )
        if team:
            return team
    if practice:
        team = Team.objects.filter(team_type="A06", pcns=practice.pcn).first()
        if team:
            return team
    team = teams.filter(team_type="A06").first() or Team.objects.filter(team_type="A06").first()
    if team is None:
        raise LookupError("No community mental health team is set up to receive referrals")
    return team
