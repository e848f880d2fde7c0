"""Outcome pages and recording: who may see and record, audit rows, the baseline clock."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from opencmh.core.models import AuditEvent, Role
from opencmh.outcomes import services
from opencmh.outcomes.models import CompletedBy, OutcomeMeasurement, Tool
from opencmh.referrals.models import ClockEvent

DIALOG_POST = {f"item_{n}": "4" for n in range(1, 12)} | {"help_1": "yes", "help_2": "no"}


def _today_parts(prefix="completed_on"):
    today = timezone.localdate()
    return {
        f"{prefix}[day]": today.day,
        f"{prefix}[month]": today.month,
        f"{prefix}[year]": today.year,
    }


def _dialog(world, *, ratings, days_ago, completed_by=CompletedBy.CLINICIAN, person=None):
    person = person or world.in_scope
    return services.record_dialog(
        user=world.users[Role.KEY_WORKER],
        person=person,
        referral=person.referrals.first(),
        ratings=ratings,
        more_help={1: True},
        completed_at=timezone.now() - dt.timedelta(days=days_ago),
        completed_by=completed_by,
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.KEY_WORKER, 200),
        (Role.TRIAGE_CLINICIAN, 200),
        (Role.TEAM_MANAGER, 200),
        (Role.EMPLOYMENT_SPECIALIST, 200),
        (Role.PARTNER_REFERRER, 404),
        (Role.ICS_MANAGER, 404),
        (Role.PERSON, 404),
        (Role.SYSTEM_ADMIN, 404),
    ],
)
def test_only_people_who_can_see_the_person_see_their_outcomes(world, client_for, role, status):
    client = client_for(world.users[role])
    response = client.get(reverse("outcomes:person", args=[world.in_scope.pk]))
    assert response.status_code == status


def test_a_clinician_outside_the_team_is_offered_emergency_access_not_the_outcomes(
    world, client_for
):
    client = client_for(world.users[Role.KEY_WORKER])
    response = client.get(reverse("outcomes:person", args=[world.out_of_scope.pk]))
    assert response.status_code == 302
    assert response.url == reverse("people:break_glass", args=[world.out_of_scope.pk])
    response = client.get(reverse("outcomes:record_dialog", args=[world.out_of_scope.pk]))
    assert response.status_code == 302


def test_a_person_sees_their_own_outcomes_and_no_one_elses(world, client_for):
    client = client_for(world.users[Role.PERSON])
    own = client.get(reverse("outcomes:person", args=[world.own_person.pk]))
    assert own.status_code == 200
    assert "Your outcome measures" in own.content.decode()
    assert "Record DIALOG" not in own.content.decode()
    assert client.get(reverse("outcomes:person", args=[world.in_scope.pk])).status_code == 404


@pytest.mark.parametrize("name", ["record_dialog", "record_reqol", "record_gbo"])
@pytest.mark.parametrize("role", [Role.PERSON, Role.PARTNER_REFERRER, Role.ICS_MANAGER])
def test_only_clinicians_record_outcomes(world, client_for, name, role):
    client = client_for(world.users[role])
    person = world.own_person if role == Role.PERSON else world.in_scope
    assert client.get(reverse(f"outcomes:{name}", args=[person.pk])).status_code == 403
    assert (
        client.post(reverse(f"outcomes:{name}", args=[person.pk]), DIALOG_POST).status_code == 403
    )
    assert not OutcomeMeasurement.objects.exists()


def test_the_person_page_links_to_outcome_measures(world, client_for):
    client = client_for(world.users[Role.KEY_WORKER])
    response = client.get(reverse("people:detail", args=[world.in_scope.pk]))
    assert reverse("outcomes:person", args=[world.in_scope.pk]) in response.content.decode()


def test_viewing_outcomes_is_audited(world, client_for):
    user = world.users[Role.KEY_WORKER]
    client_for(user).get(reverse("outcomes:person", args=[world.in_scope.pk]))
    event = AuditEvent.objects.get(person=world.in_scope, description="Viewed outcome measures")
    assert event.user == user
    assert event.action == AuditEvent.Action.VIEW


def test_a_clinician_records_dialog_which_is_audited_and_stops_the_baseline_clock(
    world, client_for
):
    user = world.users[Role.KEY_WORKER]
    client = client_for(user)
    response = client.post(
        reverse("outcomes:record_dialog", args=[world.in_scope.pk]), DIALOG_POST | _today_parts()
    )
    assert response.status_code == 302
    measurement = OutcomeMeasurement.objects.get(person=world.in_scope)
    assert measurement.tool == Tool.DIALOG
    assert measurement.completed_by == CompletedBy.CLINICIAN
    assert measurement.recorded_by == user
    assert measurement.referral == world.in_scope.referrals.get()
    assert measurement.scores() == {n: 4 for n in range(1, 12)}
    items = {i.item: i for i in measurement.items.all()}
    assert items[1].more_help_wanted is True
    assert items[2].more_help_wanted is False
    assert items[3].more_help_wanted is None
    assert items[1].snomed_code == "1037651000000100"
    audit = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, person=world.in_scope)
    assert audit.object_id == str(measurement.pk)
    assert audit.description == "Recorded DIALOG"
    clock = ClockEvent.objects.get(referral=measurement.referral)
    assert clock.kind == ClockEvent.Kind.BASELINE_OUTCOME
    assert clock.occurred_on == timezone.localdate()


def test_the_baseline_clock_keeps_the_first_outcome_date(world):
    _dialog(world, ratings={n: 3 for n in range(1, 12)}, days_ago=20)
    _dialog(world, ratings={n: 5 for n in range(1, 12)}, days_ago=2)
    clock = ClockEvent.objects.get(kind=ClockEvent.Kind.BASELINE_OUTCOME)
    assert clock.occurred_on == timezone.localdate() - dt.timedelta(days=20)


def test_no_clock_event_on_a_closed_referral(world):
    referral = world.in_scope.referrals.get()
    referral.status = "discharged"
    referral.save()
    _dialog(world, ratings={n: 3 for n in range(1, 12)}, days_ago=1)
    assert not ClockEvent.objects.filter(referral=referral).exists()


def test_dialog_form_errors_are_plain_english_and_nothing_is_saved(world, client_for):
    client = client_for(world.users[Role.KEY_WORKER])
    post = DIALOG_POST | {"item_3": "9"} | _today_parts()
    del post["item_5"]
    response = client.post(reverse("outcomes:record_dialog", args=[world.in_scope.pk]), post)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record DIALOG" in page
    assert "There is a problem" in page
    assert "Choose how satisfied you are with your leisure activities" in page
    assert "Rating for job situation must be a whole number from 1 to 7" in page
    assert 'href="#item_5"' in page
    assert not OutcomeMeasurement.objects.exists()


def test_a_future_date_is_refused(world, client_for):
    client = client_for(world.users[Role.KEY_WORKER])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    post = DIALOG_POST | {
        "completed_on[day]": tomorrow.day,
        "completed_on[month]": tomorrow.month,
        "completed_on[year]": tomorrow.year,
    }
    response = client.post(reverse("outcomes:record_dialog", args=[world.in_scope.pk]), post)
    assert "Date must be today or in the past" in response.content.decode()
    assert not OutcomeMeasurement.objects.exists()


def test_reqol_is_recorded_with_its_total_and_code(world, client_for):
    client = client_for(world.users[Role.KEY_WORKER])
    post = {f"item_{n}": "2" for n in range(1, 11)} | _today_parts()
    response = client.post(reverse("outcomes:record_reqol", args=[world.in_scope.pk]), post)
    assert response.status_code == 302
    m = OutcomeMeasurement.objects.get()
    assert (m.tool, m.total_score, m.total_snomed_code) == (Tool.REQOL10, 20, "1091071000000100")
    assert m.coded_scores() == [("1091071000000100", 20)]


def test_reqol_bad_input_is_explained(world, client_for):
    client = client_for(world.users[Role.KEY_WORKER])
    post = {f"item_{n}": "2" for n in range(1, 10)} | {"item_10": "5"} | _today_parts()
    response = client.post(reverse("outcomes:record_reqol", args=[world.in_scope.pk]), post)
    assert "Score for item 10 must be a whole number from 0 to 4" in response.content.decode()
    assert not OutcomeMeasurement.objects.exists()


def test_gbo_goals_keep_their_place(world, client_for):
    client = client_for(world.users[Role.KEY_WORKER])
    post = {
        "goal_1_text": "Get back to the allotment",
        "goal_1_score": "2",
        "goal_3_text": "See my sister every week",
        "goal_3_score": "4",
    } | _today_parts()
    response = client.post(reverse("outcomes:record_gbo", args=[world.in_scope.pk]), post)
    assert response.status_code == 302
    m = OutcomeMeasurement.objects.get()
    assert m.scores() == {1: 2, 3: 4}
    assert m.coded_scores() == [("1638531000000102", 2), ("1638551000000109", 4)]


def test_gbo_bad_input_is_explained(world, client_for):
    client = client_for(world.users[Role.KEY_WORKER])
    post = {"goal_1_text": "Walk daily", "goal_1_score": "eleven"} | _today_parts()
    response = client.post(reverse("outcomes:record_gbo", args=[world.in_scope.pk]), post)
    assert "Score for goal 1 must be a whole number from 0 to 10" in response.content.decode()


def test_the_outcomes_page_shows_chart_table_and_change_since_baseline(world, client_for):
    _dialog(world, ratings={n: 3 for n in range(1, 12)}, days_ago=60)
    _dialog(
        world,
        ratings={n: 3 for n in range(1, 12)} | {1: 5, 2: 2},
        days_ago=1,
        completed_by=CompletedBy.PERSON,
    )
    services.record_reqol10(
        user=world.users[Role.KEY_WORKER],
        person=world.in_scope,
        referral=world.in_scope.referrals.get(),
        scores={n: 2 for n in range(1, 11)},
        completed_at=timezone.now() - dt.timedelta(days=50),
    )
    services.record_reqol10(
        user=world.users[Role.KEY_WORKER],
        person=world.in_scope,
        referral=world.in_scope.referrals.get(),
        scores={n: 3 for n in range(1, 11)},
        completed_at=timezone.now() - dt.timedelta(days=3),
    )
    client = client_for(world.users[Role.KEY_WORKER])
    page = client.get(reverse("outcomes:person", args=[world.in_scope.pk])).content.decode()
    assert page.count('class="app-outcome-chart"') == 2  # DIALOG and ReQoL-10; no GBO yet
    assert 'role="img"' in page and '<title id="chart-dialog-title">' in page
    assert "Completed by the person" in page
    assert "1 area improved, 9 areas no reliable change, 1 area deteriorated." in page
    assert "Improved since baseline (+10)." in page
    assert "Reliable recovery: yes" in page
    assert "No Goal Based Outcomes scores recorded yet." in page
    # The ReQoL item wording is licensed: without it, items are numbered only.
    assert re.search(r">Item 1</th>", page)


def test_reqol_wording_loaded_by_the_organisation_is_shown(world, client_for):
    from opencmh.outcomes.models import ReqolWording

    ReqolWording.objects.create(item=1, wording="Licensed wording for item one")
    client = client_for(world.users[Role.KEY_WORKER])
    page = client.get(reverse("outcomes:record_reqol", args=[world.in_scope.pk])).content.decode()
    assert "Item 1: Licensed wording for item one" in page
    assert re.search(r"Item 2\s*</legend>", page)


def test_no_risk_score_anywhere_in_outcomes(world, client_for):
    _dialog(world, ratings={n: 3 for n in range(1, 12)}, days_ago=5)
    client = client_for(world.users[Role.KEY_WORKER])
    page = client.get(reverse("outcomes:person", args=[world.in_scope.pk])).content.decode()
    assert "risk" not in page.lower()
