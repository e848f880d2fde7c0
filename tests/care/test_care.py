"""Care that follows the person: shared assessment, versioned plans, contacts and clocks."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opencmh.care import services
from opencmh.care.models import AssessmentEntry, CarePlanVersion, SafetyPlanVersion
from opencmh.core.models import Role
from opencmh.referrals.models import ClockEvent
from tests.factories import PersonFactory, ReferralFactory, TeamFactory, UserFactory

FUTURE = timezone.localdate() + dt.timedelta(days=90)


def _plan(**overrides):
    data = {
        "goals": [{"text": "Get back to my allotment", "score": 3}],
        "interventions": [{"procedure": "304891004", "provider": "Psychology team"}],
        "key_worker": None,
        "crisis_and_contingency": "Call my sister, then the crisis line.",
        "review_on": FUTURE,
    }
    data.update(overrides)
    return data


def test_a_second_team_sees_and_updates_the_same_assessment(world, client_for):
    person = world.in_scope
    key_worker = world.users[Role.KEY_WORKER]
    second_team = TeamFactory(team_type="A16", name="Complex emotional needs team")
    ReferralFactory(person=person, team=second_team, status="accepted")
    colleague = UserFactory(
        role=Role.KEY_WORKER, teams=[second_team], first_name="Second", last_name="Teamworker"
    )

    client = client_for(key_worker)
    client.post(
        reverse("care:assessment", args=[person.pk]),
        {"mental_health": "Low mood since the winter.", "housing": "Rents a flat."},
    )
    other = client_for(colleague)
    page = other.get(reverse("care:person", args=[person.pk])).content.decode()
    assert "Low mood since the winter." in page  # never started again from blank
    other.post(
        reverse("care:assessment", args=[person.pk]),
        {
            "mental_health": "Low mood since the winter.",
            "housing": "Rents a flat.",
            "trauma": "Bereaved last year.",
        },
    )
    entries = AssessmentEntry.objects.filter(assessment__person=person)
    assert [(e.section, e.written_by) for e in entries] == [
        ("mental_health", key_worker),
        ("housing", key_worker),
        ("trauma", colleague),
    ]
    page = client_for(key_worker).get(reverse("care:person", args=[person.pk])).content.decode()
    assert "Bereaved last year." in page and "Second Teamworker" in page


def test_completing_the_assessment_needs_key_sections_and_stops_its_clock_step(world):
    person, user = world.in_scope, world.users[Role.KEY_WORKER]
    services.update_assessment(user=user, person=person, sections={"mental_health": "Anxious."})
    with pytest.raises(ValidationError, match="what matters to the person"):
        services.complete_assessment(user=user, person=person)
    services.update_assessment(
        user=user,
        person=person,
        sections={
            "what_matters": "My kids.",
            "safety": "Some thoughts of self-harm; uses a safety plan.",
        },
    )
    services.complete_assessment(user=user, person=person)
    referral = person.referrals.get()
    assert (
        referral.clock_events.get(kind=ClockEvent.Kind.ASSESSMENT).occurred_on
        == timezone.localdate()
    )


def test_editing_a_plan_makes_a_new_version_and_agreement_stays_with_its_version(world):
    person, user = world.in_scope, world.users[Role.KEY_WORKER]
    v1 = services.save_care_plan(user=user, person=person, based_on=0, **_plan())
    services.agree_care_plan(user=user, version=v1, agreed_on=timezone.localdate())
    v2 = services.save_care_plan(
        user=user, person=person, based_on=1, **_plan(goals=[{"text": "Sleep better", "score": 2}])
    )
    versions = list(CarePlanVersion.objects.filter(plan__person=person).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].goals == [
        {"text": "Get back to my allotment", "score": 3}
    ]  # not overwritten
    assert hasattr(versions[0], "agreement") and not hasattr(v2, "agreement")
    referral = person.referrals.get()
    assert referral.clock_events.filter(kind=ClockEvent.Kind.CARE_PLAN_OR_INTERVENTION).exists()
    v1.goals = []
    with pytest.raises(PermissionDenied):
        v1.save()


def test_two_clinicians_editing_the_same_plan_the_second_is_told_and_loses_nothing(
    world, client_for
):
    person = world.in_scope
    services.save_care_plan(user=world.users[Role.KEY_WORKER], person=person, based_on=0, **_plan())
    first, second = world.users[Role.KEY_WORKER], world.users[Role.TEAM_MANAGER]
    form = {
        "based_on": "1",
        "goal_1": "Walk the dog every day",
        "goal_1_score": "4",
        "crisis_and_contingency": "Phone the team duty worker.",
        "review_on[day]": str(FUTURE.day),
        "review_on[month]": str(FUTURE.month),
        "review_on[year]": str(FUTURE.year),
    }
    assert client_for(first).post(reverse("care:plan", args=[person.pk]), form).status_code == 302
    response = client_for(second).post(
        reverse("care:plan", args=[person.pk]), {**form, "goal_1": "Join a choir"}
    )
    body = response.content.decode()
    assert "saved a newer version" in body
    assert "Join a choir" in body  # the second clinician's text is still in the form
    assert CarePlanVersion.objects.filter(plan__person=person).count() == 2


def test_plan_validation(world):
    person, user = world.in_scope, world.users[Role.KEY_WORKER]
    with pytest.raises(ValidationError, match="up to three goals"):
        services.save_care_plan(
            user=user, person=person, based_on=0, **_plan(goals=[{"text": "a"}] * 4)
        )
    with pytest.raises(ValidationError, match="from 0 to 10"):
        services.save_care_plan(
            user=user, person=person, based_on=0, **_plan(goals=[{"text": "a", "score": 11}])
        )


@pytest.mark.parametrize(
    ("mechanism", "attend", "procedures", "expected"),
    [
        ("01", "5", [], {"first_contact"}),
        ("11", "6", ["304891004"], {"first_contact", "care_plan_or_intervention"}),
        ("05", "5", ["304891004"], set()),  # email is never a direct contact
        ("01", "3", [], set()),  # did not attend
        ("02", "5", ["11429006"], {"first_contact"}),  # a consultation is not an intervention
    ],
)
def test_direct_attended_contacts_drive_the_clocks(world, mechanism, attend, procedures, expected):
    referral = world.in_scope.referrals.get()
    services.record_contact(
        user=world.users[Role.KEY_WORKER],
        referral=referral,
        professional=world.users[Role.KEY_WORKER],
        starts_at=timezone.now() - dt.timedelta(hours=2),
        mechanism=mechanism,
        attend_status=attend,
        procedures=procedures,
    )
    assert set(referral.clock_events.values_list("kind", flat=True)) == expected


def test_contact_attendance_must_fit_its_time(world):
    referral = world.in_scope.referrals.get()
    user = world.users[Role.KEY_WORKER]
    with pytest.raises(ValidationError, match="cannot have an attendance yet"):
        services.record_contact(
            user=user,
            referral=referral,
            professional=user,
            starts_at=timezone.now() + dt.timedelta(days=1),
            mechanism="01",
            attend_status="5",
        )
    with pytest.raises(ValidationError, match="Say whether the person attended"):
        services.record_contact(
            user=user,
            referral=referral,
            professional=user,
            starts_at=timezone.now() - dt.timedelta(days=1),
            mechanism="01",
        )


def test_safety_plan_is_versioned_and_has_no_risk_rating(world):
    person, user = world.in_scope, world.users[Role.KEY_WORKER]
    fields = {name: f"{name} text" for name in services.SAFETY_FIELDS}
    services.save_safety_plan(user=user, person=person, based_on=0, review_on=FUTURE, **fields)
    with pytest.raises(services.StaleVersion):
        services.save_safety_plan(user=user, person=person, based_on=0, review_on=FUTURE, **fields)
    services.save_safety_plan(
        user=user,
        person=person,
        based_on=1,
        review_on=FUTURE,
        **{**fields, "warning_signs": "Not sleeping"},
    )
    assert list(
        SafetyPlanVersion.objects.filter(person=person).values_list("number", flat=True)
    ) == [1, 2]
    names = {f.name for f in SafetyPlanVersion._meta.get_fields()}
    assert not any("risk" in n or "score" in n or "rating" in n for n in names)


def test_caseload_shows_last_next_and_due_items_in_a_fixed_number_of_queries(world, client_for):
    key_worker = world.users[Role.KEY_WORKER]
    client = client_for(key_worker)

    def add_people(n):
        for _ in range(n):
            referral = ReferralFactory(
                person=PersonFactory(), team=world.team, status="accepted", key_worker=key_worker
            )
            services.record_contact(
                user=key_worker,
                referral=referral,
                professional=key_worker,
                starts_at=timezone.now() - dt.timedelta(days=70),
                mechanism="01",
                attend_status="5",
            )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(reverse("care:caseload")).content.decode()
        return len(ctx.captured_queries), body

    add_people(3)
    small, body = count()
    assert "Not seen for over 60 days" in body
    assert "Care plan review: no plan yet" in body
    add_people(30)
    assert count()[0] == small


def test_the_person_sees_their_own_plans_and_nobody_else_does(world, client_for):
    person = world.own_person
    services.save_care_plan(user=world.users[Role.KEY_WORKER], person=person, based_on=0, **_plan())
    body = client_for(world.users[Role.PERSON]).get(reverse("care:my_plan")).content.decode()
    assert "Get back to my allotment" in body
    assert "Cognitive behavioural therapy" in body
    assert (
        client_for(world.users[Role.PARTNER_REFERRER]).get(reverse("care:my_plan")).status_code
        == 403
    )
    assert (
        client_for(world.users[Role.PARTNER_REFERRER])
        .get(reverse("care:person", args=[person.pk]))
        .status_code
        == 403
    )
    assert (
        client_for(world.users[Role.KEY_WORKER])
        .get(reverse("care:person", args=[world.out_of_scope.pk]))
        .status_code
        == 302
    )


def test_person_care_page_query_count_does_not_grow_with_years_of_contacts(world, client_for):
    person, user = world.in_scope, world.users[Role.KEY_WORKER]
    referral = person.referrals.get()
    client = client_for(user)

    def add_contacts(n):
        CareContactModel = services.CareContact
        start = timezone.now() - dt.timedelta(days=5 * 365)
        CareContactModel.objects.bulk_create(
            [
                CareContactModel(
                    referral=referral,
                    team=referral.team,
                    professional=user,
                    recorded_by=user,
                    starts_at=start + dt.timedelta(days=7 * i),
                    mechanism="01",
                    attend_status="5",
                )
                for i in range(n)
            ]
        )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("care:person", args=[person.pk])).status_code == 200
        return len(ctx.captured_queries)

    add_contacts(5)
    few = count()
    add_contacts(255)  # five years of weekly contacts
    assert count() == few


def test_caseload_flags_72_hour_follow_up_after_hospital_and_dialog_reviews(world, client_for):
    from opencmh.pathways import services as pathway_services

    key_worker = world.users[Role.KEY_WORKER]
    person = world.in_scope
    discharged = timezone.localdate() - dt.timedelta(days=1)
    pathway_services.record_stay(
        user=key_worker,
        person=person,
        kind="inpatient",
        unit="Ward 2",
        admitted_on=discharged - dt.timedelta(days=20),
        discharged_on=discharged,
    )
    body = client_for(key_worker).get(reverse("care:caseload")).content.decode()
    due = discharged + dt.timedelta(days=3)
    assert f"72-hour follow-up after hospital due by {due.day} {due:%B %Y}" in body
    assert "DIALOG: none yet" in body
    services.record_contact(
        user=key_worker,
        referral=person.referrals.get(),
        professional=key_worker,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        mechanism="02",
        attend_status="5",
    )
    body = client_for(key_worker).get(reverse("care:caseload")).content.decode()
    assert "72-hour follow-up" not in body


def test_discharge_needs_a_summary_and_follow_up_and_keeps_the_record(world, client_for):
    referral = world.in_scope.referrals.get()
    client = client_for(world.users[Role.KEY_WORKER])
    url = reverse("referrals:discharge", args=[referral.pk])
    body = client.post(url, {"version": referral.version}).content.decode()
    assert "Choose why care is ending" in body and "Write a discharge summary" in body
    client.post(
        url,
        {
            "version": referral.version,
            "closure_reason": "treatment_complete",
            "summary": "Goals met; mood stable.",
            "follow_up": "GP annual review; self-refer back any time.",
        },
    )
    referral.refresh_from_db()
    assert (referral.status, referral.closure_reason) == ("discharged", "treatment_complete")
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Goals met; mood stable." in page and "GP annual review" in page


def test_goal_scores_in_the_plan_are_recorded_as_goal_based_outcomes(world):
    from opencmh.outcomes.models import OutcomeMeasurement

    person, user = world.in_scope, world.users[Role.KEY_WORKER]
    services.save_care_plan(user=user, person=person, based_on=0, **_plan())
    services.save_care_plan(
        user=user, person=person, based_on=1, **_plan(crisis_and_contingency="Call the team.")
    )  # same goals
    services.save_care_plan(
        user=user,
        person=person,
        based_on=2,
        **_plan(goals=[{"text": "Get back to my allotment", "score": 7}]),
    )
    gbo = OutcomeMeasurement.objects.filter(person=person, tool="gbo").order_by("completed_at")
    assert [m.items.get().score for m in gbo] == [3, 7]
