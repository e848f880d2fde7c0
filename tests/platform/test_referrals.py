"""Partner referrals: routed to the right team, and never duplicated by a resubmission."""

import uuid

import pytest
from django.urls import reverse

from opencmh.core.models import Role
from opencmh.referrals.models import Referral, ReferralStatusChange
from tests.factories import PCNFactory, PracticeFactory, TeamFactory


def _referral_form(key, **overrides):
    data = {
        "submission_key": str(key),
        "nhs_number": "",
        "given_name": "Robin",
        "family_name": "Ashdown",
        "date_of_birth_day": "14",
        "date_of_birth_month": "2",
        "date_of_birth_year": "1990",
        "sex": "2",
        "postcode": "",
        "gp_practice": "",
        "phone": "",
        "primary_reason": "04",
        "clinical_priority": "3",
        "reason_for_referral": "Low mood for three months, struggling to leave the house.",
        "already_tried": "Talking therapies self-referral; peer support group.",
        "consent_to_share_with_gp": "on",
    }
    data.update(overrides)
    for part in ("day", "month", "year"):  # the date-input component's field names
        data[f"date_of_birth[{part}]"] = data.pop(f"date_of_birth_{part}")
    return data


def test_submitting_the_same_form_twice_makes_one_referral(world, client_for):
    client = client_for(world.users[Role.PARTNER_REFERRER])
    key = uuid.uuid4()
    first = client.post(reverse("referrals:make"), _referral_form(key))
    second = client.post(reverse("referrals:make"), _referral_form(key))
    assert first.status_code == second.status_code == 302
    referrals = Referral.objects.filter(person__family_name="Ashdown")
    assert referrals.count() == 1
    referral = referrals.get()
    assert referral.source_of_referral == "F3"  # voluntary sector
    assert referral.referred_by == world.users[Role.PARTNER_REFERRER]
    assert ReferralStatusChange.objects.filter(referral=referral).count() == 1


def test_routing_sends_suspected_psychosis_to_eip_and_others_to_the_pcn_team(world, client_for):
    pcn = PCNFactory(place=world.team.place)
    practice = PracticeFactory(pcn=pcn)
    pcn_team = TeamFactory(place=world.team.place, team_type="A06", name="PCN aligned team")
    pcn_team.pcns.add(pcn)
    eip = TeamFactory(place=world.team.place, team_type="A14", name="EIP team")
    client = client_for(world.users[Role.PARTNER_REFERRER])
    client.post(
        reverse("referrals:make"), _referral_form(uuid.uuid4(), gp_practice=str(practice.pk))
    )
    client.post(
        reverse("referrals:make"),
        _referral_form(
            uuid.uuid4(), family_name="Fenwick", gp_practice=str(practice.pk), primary_reason="01"
        ),
    )
    assert Referral.objects.get(person__family_name="Ashdown").team == pcn_team
    assert Referral.objects.get(person__family_name="Fenwick").team == eip


def test_missing_consent_and_reason_are_explained_and_nothing_saved(world, client_for):
    client = client_for(world.users[Role.PARTNER_REFERRER])
    before = Referral.objects.count()
    response = client.post(
        reverse("referrals:make"),
        _referral_form(uuid.uuid4(), consent_to_share_with_gp="", primary_reason=""),
    )
    body = response.content.decode()
    assert "Confirm the person agrees to the referral" in body
    assert "Choose the main reason for the referral" in body
    assert Referral.objects.count() == before


def test_an_existing_person_is_matched_by_nhs_number(world, client_for):
    client = client_for(world.users[Role.PARTNER_REFERRER])
    client.post(
        reverse("referrals:make"),
        _referral_form(uuid.uuid4(), nhs_number=world.in_scope.nhs_number),
    )
    assert Referral.objects.filter(person=world.in_scope).count() == 2


def test_not_registered_with_a_gp_routes_by_postcode(world, client_for):
    from tests.factories import PlaceFactory

    other_place = PlaceFactory(postcode_districts="MD1, MD2")
    moorland_spa = TeamFactory(
        place=other_place, team_type="A18", name="Moorland single point of access"
    )
    client = client_for(world.users[Role.PARTNER_REFERRER])
    client.post(reverse("referrals:make"), _referral_form(uuid.uuid4(), postcode="md2 4xy"))
    assert Referral.objects.get(person__family_name="Ashdown").team == moorland_spa


def test_over_long_text_is_refused_with_a_clear_message(world, client_for):
    client = client_for(world.users[Role.PARTNER_REFERRER])
    response = client.post(
        reverse("referrals:make"), _referral_form(uuid.uuid4(), reason_for_referral="x" * 4001)
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Ensure this value has at most 4000 characters (it has 4001)" in body
    assert not Referral.objects.filter(person__family_name="Ashdown").exists()


def test_script_in_free_text_is_rendered_inert(world, client_for):
    partner = world.users[Role.PARTNER_REFERRER]
    script = "<script>alert('x')</script>"
    client_for(partner).post(
        reverse("referrals:make"),
        _referral_form(uuid.uuid4(), given_name=script, reason_for_referral=script),
    )
    referral = Referral.objects.get(person__family_name="Ashdown")
    for user in (partner, world.users[Role.TRIAGE_CLINICIAN]):
        body = (
            client_for(user).get(reverse("referrals:detail", args=[referral.pk])).content.decode()
        )
        assert script not in body
        assert "&lt;script&gt;alert(" in body


def test_every_required_field_missing_is_named(world, client_for):
    response = client_for(world.users[Role.PARTNER_REFERRER]).post(
        reverse("referrals:make"), {"submission_key": str(uuid.uuid4())}
    )
    body = response.content.decode()
    for message in (
        "Enter a first name",
        "Enter a last name",
        "Enter a date of birth",
        "Select sex",
        "Choose the main reason for the referral",
        "Choose how soon they should be seen",
        "Describe what is happening for them",
        "Confirm the person agrees to the referral",
    ):
        assert message in body, message


def test_status_history_is_append_only(world):
    from django.core.exceptions import PermissionDenied

    change = ReferralStatusChange.objects.create(
        referral=world.partner_referral, status="received", at=world.partner_referral.created_at
    )
    change.note = "rewritten"
    with pytest.raises(PermissionDenied):
        change.save()
    with pytest.raises(PermissionDenied):
        change.delete()
