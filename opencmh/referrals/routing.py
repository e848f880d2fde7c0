"""Which team a new referral goes to. The rules are data (RoutingRule), edited in the admin site."""

from opencmh.organisations.models import SubICBLocation, Team
from opencmh.people.models import Person
from opencmh.referrals.models import RoutingRule

DEFAULT_RULES = [
    (
        "01",
        "A14",
        "Suspected first episode psychosis: Early Intervention in Psychosis (two-week clock)",
    ),
    ("32", "A14", "At risk mental state: Early Intervention in Psychosis"),
    ("12", "C10", "Eating disorders: community eating disorder team"),
    ("31", "D05", "Employment support: Individual Placement and Support"),
]


def ensure_default_rules() -> None:
    """Add the default routing rules where a reason has no rule (administrators may change them)."""
    for reason, team_type, note in DEFAULT_RULES:
        RoutingRule.objects.get_or_create(
            primary_reason=reason, defaults={"team_type": team_type, "note": note}
        )


def place_for_postcode(postcode: str) -> SubICBLocation | None:
    """The place whose postcode districts include this postcode's outward code."""
    if not postcode.strip():
        return None
    outward = postcode.upper().split()[0]
    for place in SubICBLocation.objects.filter(postcode_districts__icontains=outward):
        if place.covers_postcode(postcode):
            return place
    return None


def route(*, person: Person, primary_reason: str, fallback_place: SubICBLocation | None) -> Team:
    """A specialist team by reason (per the routing rules), else the community team of the person's PCN.

    The person's place comes from their GP practice; when they are not registered it
    comes from the referrer (FALLBACK_PLACE), and failing that any place.
    """
    practice = person.gp_practice
    place = (
        practice.pcn.place if practice else place_for_postcode(person.postcode) or fallback_place
    )
    local = Team.objects.filter(place=place) if place else Team.objects.all()
    rule = RoutingRule.objects.filter(primary_reason=primary_reason, active=True).first()
    if rule is not None:
        team = (
            local.filter(team_type=rule.team_type).first()
            or Team.objects.filter(team_type=rule.team_type).first()
        )
        if team is not None:
            return team
    if practice is not None:
        team = Team.objects.filter(team_type="A06", pcns=practice.pcn).first()
        if team is not None:
            return team
    team = local.filter(team_type="A18").first() or local.filter(team_type="A06").first()
    team = team or Team.objects.filter(team_type="A06").first()
    if team is None:
        raise LookupError("No community mental health team is set up to receive referrals")
    return team
