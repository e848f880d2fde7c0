"""IPS records: started only on referrals to an IPS team, scoped to that team, every view
and change audited; job starts, sustainment and fidelity reviews validated."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from opencmh.core import access
from opencmh.core.models import AuditEvent, Role
from opencmh.employment import services
from opencmh.employment.models import FidelityReview, JobStart
from tests.employment.factories import make_ips_world
from tests.employment.test_fidelity import scores_totalling


@pytest.fixture
def ips_world(world):
    return make_ips_world(world)


@pytest.fixture
def ips(ips_world):
    return services.start_ips(user=ips_world.specialist, referral=ips_world.referral)


def test_ips_starts_only_on_a_referral_to_an_ips_team(world, ips_world):
    cmht_referral = world.in_scope.referrals.get(team=world.team)
    with pytest.raises(ValidationError, match="D05"):
        services.start_ips(user=ips_world.specialist, referral=cmht_referral)


def test_starting_twice_returns_the_first_record_and_is_audited_once(ips_world, ips):
    again = services.start_ips(user=ips_world.specialist, referral=ips_world.referral)
    assert again == ips
    events = AuditEvent.objects.filter(object_type="employment.IPSReferral", action="create")
    assert events.count() == 1
    assert events.get().person == ips_world.referral.person


def test_ips_record_is_scoped_to_the_ips_team(world, ips_world, ips):
    assert list(access.ips_referrals_for(ips_world.specialist)) == [ips]
    # The key worker's team is the CMHT, not the IPS team.
    assert not access.ips_referrals_for(world.users[Role.KEY_WORKER]).exists()
    for role in (Role.PARTNER_REFERRER, Role.ICS_MANAGER, Role.SYSTEM_ADMIN, Role.PERSON):
        assert not access.ips_referrals_for(world.users[role]).exists()


def test_viewing_the_record_is_audited_with_the_person(client_for, ips_world, ips):
    client = client_for(ips_world.specialist)
    response = client.get(reverse("employment:record", args=[ips.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "zero exclusion" in body.lower()
    event = AuditEvent.objects.filter(action="view", object_type="employment.IPSReferral").get()
    assert event.person == ips_world.referral.person
    assert event.user == ips_world.specialist


def test_start_page_says_zero_exclusion_and_asks_no_eligibility_questions(client_for, ips_world):
    client = client_for(ips_world.specialist)
    body = client.get(reverse("employment:start", args=[ips_world.referral.pk])).content.decode()
    assert "Zero exclusion" in body
    assert "do not ask about diagnosis, substance use or offending history" in body
    # The only control is the button: no questions at all.
    for control in ('type="radio"', 'type="checkbox"', "<select", "<textarea", 'type="text"'):
        assert control not in body


def test_first_employer_contact_and_job_with_sustainment(client_for, ips_world, ips):
    specialist = ips_world.specialist
    today = timezone.localdate()
    services.record_employer_contact(
        user=specialist,
        ips=ips,
        contacted_on=today,
        employer_name="Harbour Cafe",
        sector="hospitality",
        purpose="introduction",
    )
    job = services.record_job_start(
        user=specialist,
        ips=ips,
        started_on=today - dt.timedelta(weeks=13),
        employer_name="Harbour Cafe",
        job_title="Kitchen porter",
        sector="hospitality",
        hours_per_week=Decimal("16"),
    )
    services.record_sustainment(
        user=specialist, job=job, weeks=13, sustained=True, recorded_on=today
    )
    with pytest.raises(ValidationError, match="from"):
        services.record_sustainment(
            user=specialist, job=job, weeks=26, sustained=True, recorded_on=today
        )
    with pytest.raises(ValidationError, match="already recorded"):
        services.record_sustainment(
            user=specialist, job=job, weeks=13, sustained=False, recorded_on=today
        )
    body = client_for(specialist).get(reverse("employment:record", args=[ips.pk])).content.decode()
    assert "Sustained at 13 weeks" in body
    assert "26-week check due" in body
    assert "Met: first employer contact after" in body
    described = set(
        AuditEvent.objects.filter(action="create").values_list("description", flat=True)
    )
    assert {"Employer contact recorded", "Job start recorded"} <= described
    assert "13-week sustainment recorded: sustained" in described


def test_job_hours_are_checked_in_the_database_too(ips_world, ips):
    with pytest.raises(IntegrityError), transaction.atomic():
        JobStart.objects.create(
            ips=ips,
            started_on=timezone.localdate(),
            employer_name="X",
            job_title="Y",
            sector="other",
            hours_per_week=Decimal("0"),
            recorded_by=ips_world.specialist,
        )


def test_job_start_form_rejects_impossible_hours(client_for, ips_world, ips):
    client = client_for(ips_world.specialist)
    response = client.post(
        reverse("employment:job", args=[ips.pk]),
        {
            "started_on[day]": "1",
            "started_on[month]": "2",
            "started_on[year]": "2026",
            "job_title": "Porter",
            "employer_name": "Cafe",
            "sector": "hospitality",
            "hours_per_week": "70",
        },
    )
    assert response.status_code == 200
    assert "Hours per week must be 60 or fewer" in response.content.decode()


def test_fidelity_review_is_scored_and_banded(client_for, ips_world):
    client = client_for(ips_world.specialist)
    scores = scores_totalling(100)
    data = {
        "reviewed_on[day]": "3",
        "reviewed_on[month]": "2",
        "reviewed_on[year]": "2026",
        "reviewers": "Regional reviewer",
        "action_plan": "Weekly team meetings.",
    }
    data.update({f"item_{n}": str(s) for n, s in scores.items()})
    data["comment_1"] = "Caseloads of 18."
    response = client.post(reverse("employment:fidelity_new", args=[ips_world.team.pk]), data)
    assert response.status_code == 302
    review = FidelityReview.objects.get()
    assert (review.total, review.band) == (100, "good")
    assert review.items.get(item=1).comment == "Caseloads of 18."
    page = client.get(response["Location"]).content.decode()
    assert "100 out of 125" in page and "Good fidelity" in page


def test_fidelity_review_needs_every_item(client_for, ips_world):
    client = client_for(ips_world.specialist)
    response = client.post(
        reverse("employment:fidelity_new", args=[ips_world.team.pk]),
        {"reviewers": "R", "action_plan": "P"},
    )
    assert response.status_code == 200
    assert "Score item 25 (Assertive engagement" in response.content.decode()


def test_fidelity_is_for_the_team_and_aggregate_roles_only(world, client_for, ips_world):
    url = reverse("employment:fidelity_team", args=[ips_world.team.pk])
    assert client_for(ips_world.specialist).get(url).status_code == 200
    assert client_for(world.users[Role.ICS_MANAGER]).get(url).status_code == 200
    assert client_for(world.users[Role.KEY_WORKER]).get(url).status_code == 404
    assert client_for(world.users[Role.PARTNER_REFERRER]).get(url).status_code == 403
    new = reverse("employment:fidelity_new", args=[ips_world.team.pk])
    assert client_for(world.users[Role.ICS_MANAGER]).get(new).status_code == 403
