"""Specialist pathways: EIP clock and package, eating disorder monitoring, shared machinery."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opencmh.care import services as care_services
from opencmh.core.models import Role
from opencmh.pathways import selectors, services
from opencmh.referrals import clocks
from opencmh.referrals import services as referral_services
from opencmh.referrals.models import Referral
from tests.factories import PersonFactory, ReferralFactory, TeamFactory, UserFactory


@pytest.fixture
def eip(world):
    team = TeamFactory(team_type="A14", place=world.team.place, name="EIP team")
    worker = UserFactory(
        role=Role.KEY_WORKER, teams=[team], first_name="Eip", last_name="Coordinator"
    )
    referral = ReferralFactory(
        team=team,
        primary_reason="01",
        status="accepted",
        received_on=timezone.localdate() - dt.timedelta(days=10),
    )
    return team, worker, referral


def _clock(referral):
    referral = (
        Referral.objects.prefetch_related("clock_events").select_related("team").get(pk=referral.pk)
    )
    return clocks.eip_clock(referral, timezone.localdate())


def test_eip_clock_stops_only_when_both_contact_and_care_coordinator_have_happened(eip):
    team, worker, referral = eip
    care_services.record_contact(
        user=worker,
        referral=referral,
        professional=worker,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        mechanism="01",
        attend_status="5",
    )
    assert _clock(referral).stopped_on is None
    referral_services.allocate_key_worker(
        user=worker, referral=referral, expected_version=0, key_worker=worker
    )
    clock = _clock(referral)
    assert clock.stopped_on == timezone.localdate()
    assert clock.state == "met"  # day 10


def test_allocating_a_key_worker_keeps_history_and_refuses_stale_versions(eip, world):
    team, worker, referral = eip
    other = UserFactory(role=Role.KEY_WORKER, teams=[team])
    referral_services.allocate_key_worker(
        user=worker, referral=referral, expected_version=0, key_worker=worker
    )
    referral_services.allocate_key_worker(
        user=worker, referral=referral, expected_version=1, key_worker=other, note="Transfer"
    )
    with pytest.raises(referral_services.StaleReferral):
        referral_services.allocate_key_worker(
            user=worker, referral=referral, expected_version=1, key_worker=worker
        )
    referral.refresh_from_db()
    assert referral.key_worker == other
    assert [c.note for c in referral.status_history.all()][-1] == "Transfer"
    with pytest.raises(ValidationError, match="member of the referral's team"):
        referral_services.allocate_key_worker(
            user=worker,
            referral=referral,
            expected_version=2,
            key_worker=world.users[Role.KEY_WORKER],
        )


def test_package_concordance_counts_only_where_indicated(eip):
    team, worker, referral = eip
    second = ReferralFactory(team=team, primary_reason="01", status="accepted")
    services.update_package(user=worker, referral=referral, element="cbtp", status="offered")
    services.update_package(
        user=worker, referral=referral, element="cbtp", status="accepted"
    )  # latest stands
    services.update_package(user=worker, referral=second, element="cbtp", status="declined")
    services.update_package(
        user=worker, referral=referral, element="clozapine", status="not_indicated"
    )
    rows = {r["element"]: r for r in selectors.concordance(list(selectors.caseload(worker, "A14")))}
    assert (
        rows["CBT for psychosis"]["taken"],
        rows["CBT for psychosis"]["indicated"],
        rows["CBT for psychosis"]["percent"],
    ) == (1, 2, 50)
    assert rows["Clozapine offered (when indicated)"]["indicated"] == 1


def test_people_outside_the_eip_age_policy_are_flagged_not_excluded(eip, client_for, settings):
    team, worker, referral = eip
    young = ReferralFactory(
        team=team,
        primary_reason="01",
        status="accepted",
        person=PersonFactory(date_of_birth=timezone.localdate() - dt.timedelta(days=365 * 13 + 10)),
    )
    body = client_for(worker).get(reverse("pathways:pathway", args=["A14"])).content.decode()
    assert young.person.family_name in body and "Aged 13: outside age policy" in body
    settings.EIP_MIN_AGE = 12
    body = client_for(worker).get(reverse("pathways:pathway", args=["A14"])).content.decode()
    assert "outside age policy" not in body


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"weight_kg": Decimal("14.9")}, "Weight must be between 15 and 300 kg"),
        ({"pulse_bpm": 240}, "Pulse must be between 25 and 220 beats per minute"),
        ({"temperature_c": Decimal("44.0")}, "Temperature must be between 30.0 and 43.0 °C"),
    ],
)
def test_implausible_observations_are_rejected_in_plain_words(world, values, message):
    base = {"weight_kg": Decimal("45.0"), "height_cm": Decimal("165.0")}
    with pytest.raises(ValidationError) as excinfo:
        services.record_monitoring(
            user=world.users[Role.KEY_WORKER],
            person=world.in_scope,
            measured_on=timezone.localdate(),
            **{**base, **values},
        )
    assert message in str(excinfo.value)


def test_monitoring_page_shows_bmi_chart_with_table_and_stays(world, client_for):
    user = world.users[Role.KEY_WORKER]
    services.record_monitoring(
        user=user,
        person=world.in_scope,
        measured_on=timezone.localdate() - dt.timedelta(days=7),
        weight_kg=Decimal("44.0"),
        height_cm=Decimal("165.0"),
    )
    services.record_monitoring(
        user=user,
        person=world.in_scope,
        measured_on=timezone.localdate(),
        weight_kg=Decimal("45.5"),
        height_cm=Decimal("165.0"),
    )
    with pytest.raises(ValidationError):
        services.record_stay(
            user=user,
            person=world.in_scope,
            kind="inpatient",
            unit="Ward 3",
            admitted_on=timezone.localdate(),
            discharged_on=timezone.localdate() - dt.timedelta(days=1),
        )
    services.record_stay(
        user=user,
        person=world.in_scope,
        kind="inpatient",
        unit="Ward 3",
        admitted_on=timezone.localdate() - dt.timedelta(days=30),
        discharged_on=None,
    )
    body = (
        client_for(user)
        .get(reverse("pathways:monitoring", args=[world.in_scope.pk]))
        .content.decode()
    )
    assert "<svg" in body and "16.7" in body  # 45.5 kg at 1.65 m
    assert "Ward 3" in body and "still admitted" in body


def test_pathway_pages_are_for_clinical_roles_only(world, client_for):
    for role in (Role.PARTNER_REFERRER, Role.ICS_MANAGER, Role.PERSON):
        assert (
            client_for(world.users[role]).get(reverse("pathways:pathway", args=["A16"])).status_code
            == 403
        )
    assert (
        client_for(world.users[Role.KEY_WORKER])
        .get(reverse("pathways:pathway", args=["A16"]))
        .status_code
        == 200
    )
    assert (
        client_for(world.users[Role.KEY_WORKER])
        .get(reverse("pathways:pathway", args=["Z99"]))
        .status_code
        == 404
    )
