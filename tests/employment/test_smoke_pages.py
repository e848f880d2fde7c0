"""Every IPS and bereavement page renders for its users on the demo ICS."""

from django.urls import reverse

from opencmh.bereavement.models import BereavementReferral
from opencmh.core.models import User
from opencmh.employment.models import IPSReferral
from opencmh.nonprod.demo import load_demo
from opencmh.organisations.models import Team


def test_demo_pages_render(db, client):
    load_demo(people=300, seed=4)
    grace = User.objects.get(username="employment")
    client.force_login(grace)
    assert client.get(reverse("employment:caseload")).status_code == 200
    ips = IPSReferral.objects.filter(employment_specialist=grace).first()
    assert ips is not None
    for name in ("record", "profile", "employer_contact", "job"):
        response = client.get(reverse(f"employment:{name}", args=[ips.pk]))
        assert response.status_code == 200, name
    team = Team.objects.get(team_type="D05", place__code="91R")
    for name in ("fidelity_team", "fidelity_new"):
        assert client.get(reverse(f"employment:{name}", args=[team.pk])).status_code == 200
    assert client.get(reverse("employment:fidelity")).status_code == 200
    review = team.fidelity_reviews.first()
    assert (
        client.get(reverse("employment:fidelity_review", args=[team.pk, review.pk])).status_code
        == 200
    )
    client.force_login(User.objects.get(username="bereavement"))
    assert client.get(reverse("bereavement:queue")).status_code == 200
    assert client.get(reverse("bereavement:new")).status_code == 200
    referral = BereavementReferral.objects.first()
    for name in ("referral", "contact", "help", "onward"):
        response = client.get(reverse(f"bereavement:{name}", args=[referral.pk]))
        assert response.status_code == 200, name
