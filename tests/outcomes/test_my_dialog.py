"""The person completes their own DIALOG, and the clinician sees it."""

import re

from django.urls import reverse

from opencmh.core.models import AuditEvent, Role
from opencmh.outcomes.models import CompletedBy, OutcomeMeasurement
from opencmh.referrals.models import ClockEvent

ANSWERS = {f"item_{n}": "5" for n in range(1, 12)} | {"help_4": "yes"}


def test_only_a_person_completes_their_own_dialog(world, client_for):
    for role in (Role.KEY_WORKER, Role.PARTNER_REFERRER, Role.ICS_MANAGER):
        client = client_for(world.users[role])
        assert client.get(reverse("outcomes:my_dialog")).status_code == 403


def test_the_page_asks_eleven_questions_in_plain_english(world, client_for):
    client = client_for(world.users[Role.PERSON])
    page = client.get(reverse("outcomes:my_dialog")).content.decode()
    # A fieldset for each rating and for each "more help?" question.
    assert len(re.findall(r'<fieldset\s[^>]*class="nhsuk-fieldset"', page)) == 22
    assert "How satisfied are you with your mental health?" in page
    assert "1 - Totally dissatisfied" in page and "7 - Totally satisfied" in page
    assert "Would you like more help with your accommodation?" in page


def test_the_person_sends_dialog_and_sees_a_confirmation(world, client_for):
    user = world.users[Role.PERSON]
    client = client_for(user)
    response = client.post(reverse("outcomes:my_dialog"), ANSWERS)
    assert response.status_code == 302
    m = OutcomeMeasurement.objects.get()
    assert m.person == world.own_person
    assert m.completed_by == CompletedBy.PERSON
    assert m.recorded_by == user
    assert m.referral == world.own_person.referrals.get()
    assert ClockEvent.objects.filter(referral=m.referral, kind="baseline_outcome").exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, person=world.own_person, user=user
    ).exists()
    done = client.get(response.url).content.decode()
    assert "Your answers have been sent" in done
    assert "5 - Fairly satisfied (you would like more help)" in done


def test_missing_answers_are_explained_and_nothing_is_saved(world, client_for):
    client = client_for(world.users[Role.PERSON])
    answers = dict(ANSWERS)
    del answers["item_2"]
    response = client.post(reverse("outcomes:my_dialog"), answers)
    page = response.content.decode()
    assert "<title>Error: How things are for you" in page
    assert "Choose how satisfied you are with your physical health" in page
    assert not OutcomeMeasurement.objects.exists()


def test_the_clinician_sees_the_persons_own_ratings(world, client_for):
    client_for(world.users[Role.PERSON]).post(reverse("outcomes:my_dialog"), ANSWERS)
    clinician = client_for(world.users[Role.KEY_WORKER])
    page = clinician.get(reverse("outcomes:person", args=[world.own_person.pk])).content.decode()
    assert "Completed by the person" in page
    assert "accommodation" in page
