"""Bereavement records are kept apart from clinical records: only suicide bereavement
support workers open them; those workers open no clinical record; every view and change
is audited without a clinical person."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from opencmh.bereavement import services
from opencmh.bereavement.models import BereavedPerson
from opencmh.core import access
from opencmh.core.models import AuditEvent, Role
from tests.bereavement.factories import bereavement_referral, bereavement_worker


@pytest.fixture
def worker(db):
    return bereavement_worker()


@pytest.fixture
def referral(worker):
    return bereavement_referral(worker, received_at=timezone.now() - dt.timedelta(hours=3))


def test_bereavement_models_have_no_link_to_clinical_records():
    for model in apps.get_app_config("bereavement").get_models():
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            if target is not None:
                assert target._meta.app_label in ("bereavement", "core"), (model, field)


def test_only_bereavement_workers_open_bereavement_records(world, client_for, worker, referral):
    url = reverse("bereavement:referral", args=[referral.pk])
    assert client_for(worker).get(url).status_code == 200
    for role, user in world.users.items():
        if role == Role.BEREAVEMENT_SUPPORT_WORKER:
            continue
        response = client_for(user).get(url)
        assert response.status_code == 404, role
        assert "Marchbank" not in response.content.decode()
        assert not access.bereaved_people_for(user).exists()
        assert not access.bereavement_referrals_for(user).exists()


def test_bereavement_worker_sees_no_clinical_record(world, worker):
    assert not access.people_for(worker).exists()
    assert not access.referrals_for(worker).exists()
    assert not access.ips_referrals_for(worker).exists()
    assert not access.triage_queue_for(worker).exists()


def test_the_queue_never_shows_clinical_records(world, client_for, worker, referral):
    body = client_for(worker).get(reverse("bereavement:queue")).content.decode()
    assert "Marchbank" in body
    for person in (world.in_scope, world.out_of_scope, world.own_person):
        assert person.family_name not in body
    assert "/people/" not in body and "/care/" not in body


def test_viewing_and_changes_are_audited_without_a_clinical_person(client_for, worker, referral):
    client_for(worker).get(reverse("bereavement:referral", args=[referral.pk]))
    services.record_contact(
        user=worker, referral=referral, at=timezone.now(), method="phone", outcome="reached"
    )
    services.record_practical_help(
        user=worker, referral=referral, on=timezone.localdate(), kind="inquest"
    )
    services.record_onward_referral(
        user=worker,
        referral=referral,
        on=timezone.localdate(),
        kind="peer_support",
        service_name="Local SoBS group",
    )
    services.close_referral(user=worker, referral=referral)
    events = AuditEvent.objects.filter(user=worker)
    assert all(e.person_id is None for e in events)
    view = events.get(action="view")
    assert view.object_type == "bereavement.BereavedPerson"
    assert view.object_id == str(referral.bereaved_person.pk)
    assert set(events.values_list("description", flat=True)) >= {
        "Bereavement referral recorded",
        "Viewed bereavement support record",
        "Bereavement support contact recorded",
        "Practical help recorded",
        "Onward referral recorded",
        "Bereavement referral closed",
    }


def test_recording_a_referral_through_the_form(client_for, worker):
    client = client_for(worker)
    now = timezone.localtime()
    response = client.post(
        reverse("bereavement:new"),
        {
            "given_name": "Owen",
            "family_name": "Tregarth",
            "phone": "07700 900456",
            "relationship": "sibling",
            "source": "coroner",
            "received_on[day]": str(now.day),
            "received_on[month]": str(now.month),
            "received_on[year]": str(now.year),
            "received_time": "00:00",
            "consent_to_contact": "on",
        },
    )
    assert response.status_code == 302
    person = BereavedPerson.objects.get(family_name="Tregarth")
    assert person.referrals.get().source == "coroner"


def test_a_referral_needs_a_way_to_contact_the_person(client_for, worker):
    response = client_for(worker).post(
        reverse("bereavement:new"), {"given_name": "A", "family_name": "B", "source": "gp"}
    )
    assert response.status_code == 200
    assert "Give at least one way to contact the person" in response.content.decode()
