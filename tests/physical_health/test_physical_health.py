"""SMI physical health in the platform: checks raise follow-up actions, actions close with
who and when, lists are scoped (a GP sees only their practice), and reads are audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opencmh.core.models import AuditEvent, Role
from opencmh.physical_health import services
from opencmh.physical_health.defaults import DEFAULT_RULES, ensure_default_rules
from opencmh.physical_health.models import (
    FollowUpAction,
    FollowUpRule,
    PhysicalHealthCheck,
    SMIRegisterEntry,
)
from tests.factories import PCNFactory, PersonFactory, PracticeFactory, ReferralFactory, UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def practices(world):
    pcn = PCNFactory(place=world.team.place, name="Riverside Central PCN")
    world.team.pcns.add(pcn)
    ours, other = PracticeFactory(pcn=pcn, name="Ours"), PracticeFactory(pcn=pcn, name="Theirs")
    world.in_scope.gp_practice = ours
    world.in_scope.save()
    world.out_of_scope.gp_practice = other
    world.out_of_scope.save()
    return ours, other


@pytest.fixture
def gp(practices):
    return UserFactory(role=Role.PARTNER_REFERRER, gp_practice=practices[0])


def _on_register(person, user):
    return services.save_register_entry(
        user=user,
        person=person,
        diagnosis="58214004",
        diagnosed_on=dt.date(2019, 1, 1),
        in_remission=False,
        remission_recorded_on=None,
    )


def _check_post(**overrides):
    data = {
        "checked_on[day]": str(TODAY.day),
        "checked_on[month]": str(TODAY.month),
        "checked_on[year]": str(TODAY.year),
        "setting": "secondary",
        "height_cm": "175",
        "weight_kg": "70",
        "systolic_bp": "124",
        "diastolic_bp": "78",
        "qrisk_percent": "4",
        "hba1c": "50",
        "audit_c_score": "2",
        "smoking_status": "current",
    }
    data.update(overrides)
    return data


def test_default_rules_are_seeded_and_ensuring_them_keeps_edits(db):
    assert FollowUpRule.objects.count() == len(DEFAULT_RULES)
    rule = FollowUpRule.objects.get(code="hba1c-diabetes")
    rule.threshold = Decimal("50")
    rule.save()
    FollowUpRule.objects.filter(code="qrisk-10").delete()
    ensure_default_rules()
    assert FollowUpRule.objects.count() == len(DEFAULT_RULES)
    assert FollowUpRule.objects.get(code="hba1c-diabetes").threshold == Decimal("50")


def test_a_check_with_high_hba1c_and_a_current_smoker_raises_two_actions(world, client_for):
    key_worker = world.users[Role.KEY_WORKER]
    person = world.in_scope
    response = client_for(key_worker).post(
        reverse("physical_health:check", args=[person.pk]), _check_post()
    )
    assert response.status_code == 302
    check = PhysicalHealthCheck.objects.get(person=person)
    assert check.bmi == Decimal("22.9")
    assert check.all_six_elements and check.elements_recorded == 6
    assert check.team == world.team
    actions = FollowUpAction.objects.filter(person=person).order_by("kind")
    assert [(a.kind, a.status, a.reason) for a in actions] == [
        ("diabetes_review", "open", "HbA1c 50 mmol/mol (48 or more)"),
        ("stop_smoking", "open", "Current smoker"),
    ]
    audited = AuditEvent.objects.filter(person=person, action="create").values_list(
        "description", flat=True
    )
    assert set(audited) == {
        "Physical health check recorded (6 of 6 elements)",
        "Follow-up action raised: Diabetes review",
        "Follow-up action raised: Stop smoking: brief intervention and stop-smoking referral",
    }


def test_the_rules_are_data_a_changed_threshold_changes_what_is_raised(world):
    FollowUpRule.objects.filter(code="hba1c-diabetes").update(threshold=Decimal("52"))
    FollowUpRule.objects.filter(code="hba1c-high-risk").update(upper=Decimal("51"))
    _, actions = services.record_check(
        user=world.users[Role.KEY_WORKER],
        person=world.in_scope,
        checked_on=TODAY,
        setting="secondary",
        values={"hba1c": 50},
    )
    assert [a.kind for a in actions] == ["diabetes_prevention"]


def test_the_bmi_threshold_follows_the_persons_ethnic_category(world):
    person = world.in_scope
    values = {"height_cm": Decimal("180"), "weight_kg": Decimal("74.5")}  # BMI 23.0
    for category, expected in (("A", []), ("H", ["weight"])):
        person.ethnic_category = category
        person.save()
        _, actions = services.record_check(
            user=world.users[Role.KEY_WORKER],
            person=person,
            checked_on=TODAY,
            setting="secondary",
            values=dict(values),
        )
        assert [a.kind for a in actions] == expected


def test_weight_gain_of_over_5kg_in_three_months_raises_a_weight_action(world):
    user, person = world.users[Role.KEY_WORKER], world.in_scope
    services.record_check(
        user=user,
        person=person,
        checked_on=TODAY - dt.timedelta(days=80),
        setting="secondary",
        values={"height_cm": Decimal("190"), "weight_kg": Decimal("70")},
    )
    check, actions = services.record_check(
        user=user,
        person=person,
        checked_on=TODAY,
        setting="secondary",
        values={"height_cm": Decimal("190"), "weight_kg": Decimal("75.5")},
    )
    assert check.weight_gain_3_months == Decimal("5.5")
    assert [(a.kind, a.reason) for a in actions] == [
        ("weight", "Weight gain in 3 months 5.5 kg (over 5)")
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("systolic_bp", "300", "Systolic blood pressure must be between 60 and 260 mmHg"),
        ("diastolic_bp", "10", "Diastolic blood pressure must be between 30 and 160 mmHg"),
        ("hba1c", "5.5", "HbA1c must be between 20 and 200 mmol/mol"),
        ("height_cm", "1.75", "Height must be between 100 and 250 cm"),
        ("weight_kg", "ten", "Weight must be a number, like 80.5"),
        ("diastolic_bp", "130", "Systolic blood pressure must be higher than diastolic"),
    ],
)
def test_implausible_values_are_rejected_with_clear_messages(
    world, client_for, field, value, message
):
    person = world.in_scope
    response = client_for(world.users[Role.KEY_WORKER]).post(
        reverse("physical_health:check", args=[person.pk]), _check_post(**{field: value})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "<title>Error: " in page
    assert not PhysicalHealthCheck.objects.exists()


def test_services_refuse_implausible_values_too(world):
    with pytest.raises(ValidationError) as exc:
        services.record_check(
            user=world.users[Role.KEY_WORKER],
            person=world.in_scope,
            checked_on=TODAY,
            setting="secondary",
            values={"systolic_bp": 59, "diastolic_bp": 40},
        )
    assert exc.value.message_dict == {
        "systolic_bp": ["Systolic blood pressure must be between 60 and 260 mmHg"]
    }


def test_a_check_in_the_future_is_refused(world):
    with pytest.raises(ValidationError):
        services.record_check(
            user=world.users[Role.KEY_WORKER],
            person=world.in_scope,
            checked_on=TODAY + dt.timedelta(days=1),
            setting="secondary",
            values={},
        )


def test_actions_close_once_as_done_or_declined_with_who_and_when(world, client_for):
    key_worker = world.users[Role.KEY_WORKER]
    _, (diabetes, smoking) = services.record_check(
        user=key_worker,
        person=world.in_scope,
        checked_on=TODAY,
        setting="secondary",
        values={"hba1c": 50, "smoking_status": "current"},
    )
    client = client_for(key_worker)
    url = reverse("physical_health:action_close", args=[diabetes.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "done", "note": "Seen by practice nurse"})
    assert response.status_code == 302
    client.post(reverse("physical_health:action_close", args=[smoking.pk]), {"status": "declined"})
    diabetes.refresh_from_db()
    smoking.refresh_from_db()
    assert (diabetes.status, diabetes.closed_by, diabetes.outcome_note) == (
        "done",
        key_worker,
        "Seen by practice nurse",
    )
    assert (smoking.status, smoking.closed_by) == ("declined", key_worker)
    assert diabetes.closed_at is not None
    assert AuditEvent.objects.filter(
        person=world.in_scope,
        action="update",
        description="Follow-up declined by the person: "
        "Stop smoking: brief intervention and stop-smoking referral",
    ).exists()
    with pytest.raises(services.AlreadyClosed, match="already marked this done"):
        services.close_action(user=key_worker, action=diabetes, status="declined")
    page = client.get(reverse("physical_health:actions")).content.decode()
    assert "No open follow-up actions." in page


def test_the_register_records_remission_with_a_date(world):
    user, person = world.users[Role.KEY_WORKER], world.in_scope
    _on_register(person, user)
    with pytest.raises(ValidationError):
        services.save_register_entry(
            user=user,
            person=person,
            diagnosis="13746004",
            diagnosed_on=None,
            in_remission=True,
            remission_recorded_on=None,
        )
    entry = services.save_register_entry(
        user=user,
        person=person,
        diagnosis="13746004",
        diagnosed_on=None,
        in_remission=True,
        remission_recorded_on=TODAY,
    )
    assert (entry.get_diagnosis_display(), entry.in_remission) == (
        "Bipolar affective disorder",
        True,
    )
    assert SMIRegisterEntry.objects.count() == 1


def test_a_gp_sees_only_their_own_practice(world, practices, gp, client_for):
    key_worker = world.users[Role.KEY_WORKER]
    ours = world.in_scope
    theirs = world.out_of_scope
    for person in (ours, theirs):
        _on_register(person, key_worker)
        services.record_check(
            user=key_worker,
            person=person,
            checked_on=TODAY,
            setting="secondary",
            values={"smoking_status": "current"},
        )
    client = client_for(gp)
    for name in ("physical_health:register", "physical_health:actions", "physical_health:due"):
        page = client.get(reverse(name) + f"?practice={practices[1].pk}").content.decode()
        assert theirs.family_name not in page, name
    register = client.get(reverse("physical_health:register")).content.decode()
    assert ours.family_name in register
    actions = client.get(reverse("physical_health:actions")).content.decode()
    assert ours.family_name in actions
    assert client.get(reverse("physical_health:person", args=[ours.pk])).status_code == 200
    assert client.get(reverse("physical_health:person", args=[theirs.pk])).status_code == 404
    theirs_action = FollowUpAction.objects.get(person=theirs)
    url = reverse("physical_health:action_close", args=[theirs_action.pk])
    assert client.post(url, {"status": "done"}).status_code == 404
    # ...but may record a check for their own patient, in primary care
    response = client.post(
        reverse("physical_health:check", args=[ours.pk]), _check_post(setting="primary")
    )
    assert response.status_code == 302
    latest = PhysicalHealthCheck.objects.filter(person=ours).order_by("-created_at").first()
    assert (latest.gp_practice, latest.setting, latest.recorded_by) == (practices[0], "primary", gp)


def test_a_clinician_filters_by_pcn_practice_and_team_within_their_scope(
    world, practices, client_for
):
    key_worker = world.users[Role.KEY_WORKER]
    _on_register(world.in_scope, key_worker)
    _on_register(world.out_of_scope, key_worker)
    client = client_for(key_worker)
    page = client.get(reverse("physical_health:register")).content.decode()
    assert world.in_scope.family_name in page
    assert world.out_of_scope.family_name not in page  # not referred to their team
    page = client.get(
        reverse("physical_health:register") + f"?practice={practices[1].pk}"
    ).content.decode()
    assert world.in_scope.family_name not in page
    page = client.get(
        reverse("physical_health:register") + f"?team={world.other_team.pk}"
    ).content.decode()
    assert world.in_scope.family_name in page  # a team outside their scope is ignored


@pytest.mark.parametrize(
    "role", [Role.PARTNER_REFERRER, Role.PERSON, Role.ICS_MANAGER, Role.SYSTEM_ADMIN]
)
def test_roles_without_a_practice_or_team_are_refused(world, client_for, role):
    client = client_for(world.users[role])
    assert client.get(reverse("physical_health:home")).status_code == 403
    response = client.get(reverse("physical_health:person", args=[world.in_scope.pk]))
    assert response.status_code == 403


def test_outside_scope_a_clinician_is_offered_break_glass(world, client_for):
    client = client_for(world.users[Role.KEY_WORKER])
    response = client.get(reverse("physical_health:person", args=[world.out_of_scope.pk]))
    assert response.status_code == 302
    assert response.url == reverse("people:break_glass", args=[world.out_of_scope.pk])


def test_views_of_lists_and_records_are_audited(world, client_for):
    key_worker = world.users[Role.KEY_WORKER]
    client = client_for(key_worker)
    client.get(reverse("physical_health:due"))
    client.get(reverse("physical_health:person", args=[world.in_scope.pk]))
    assert AuditEvent.objects.filter(
        user=key_worker, action="list", description__startswith="Viewed physical health checks due"
    ).exists()
    assert AuditEvent.objects.filter(
        user=key_worker, person=world.in_scope, description="Viewed physical health record"
    ).exists()


def test_due_list_shows_never_and_overdue_but_not_recent_or_in_remission(world, client_for):
    key_worker = world.users[Role.KEY_WORKER]
    never = world.in_scope
    _on_register(never, key_worker)
    recent, old, remission = (PersonFactory() for _ in range(3))
    full = {
        "height_cm": Decimal("170"),
        "weight_kg": Decimal("70"),
        "systolic_bp": 120,
        "diastolic_bp": 80,
        "qrisk_percent": Decimal("3"),
        "hba1c": 36,
        "audit_c_score": 1,
        "smoking_status": "never",
    }
    for person, days in ((recent, 40), (old, 400), (remission, 400)):
        ReferralFactory(person=person, team=world.team, status="accepted")
        _on_register(person, key_worker)
        services.record_check(
            user=key_worker,
            person=person,
            checked_on=TODAY - dt.timedelta(days=days),
            setting="secondary",
            values=dict(full),
        )
    services.save_register_entry(
        user=key_worker,
        person=remission,
        diagnosis="13746004",
        diagnosed_on=None,
        in_remission=True,
        remission_recorded_on=TODAY,
    )
    page = client_for(key_worker).get(reverse("physical_health:due")).content.decode()
    assert never.family_name in page and "Never had a full check" in page
    assert old.family_name in page and "Overdue since" in page
    assert recent.family_name not in page
    assert remission.family_name not in page
    assert page.index(never.family_name) < page.index(old.family_name)


def test_person_page_shows_the_antipsychotic_schedule_and_the_history(world, client_for):
    key_worker = world.users[Role.KEY_WORKER]
    person = world.in_scope
    services.start_antipsychotic(
        user=key_worker,
        person=person,
        medication="Olanzapine",
        started_on=TODAY - dt.timedelta(days=20),
    )
    for days, hba1c in ((300, 40), (100, 44), (0, 50)):
        services.record_check(
            user=key_worker,
            person=person,
            checked_on=TODAY - dt.timedelta(days=days),
            setting="secondary",
            values={"hba1c": hba1c, "systolic_bp": 130, "diastolic_bp": 80},
        )
    page = (
        client_for(key_worker)
        .get(reverse("physical_health:person", args=[person.pk]))
        .content.decode()
    )
    assert "Monitoring for Olanzapine (NICE CG178)" in page
    assert "Week 3" in page and "Overdue" in page
    assert 'role="img"' in page and '<title id="chart-hba1c-title">HbA1c over time' in page
    assert "HbA1c readings" in page  # the table beside the chart


def test_open_actions_for_a_pcn_take_a_constant_number_of_queries(
    world, practices, client_for, django_assert_max_num_queries
):
    key_worker = world.users[Role.KEY_WORKER]
    client = client_for(key_worker)
    url = reverse("physical_health:actions") + f"?pcn={practices[0].pcn_id}"

    def add_people(n):
        for _ in range(n):
            person = PersonFactory(gp_practice=practices[0])
            ReferralFactory(person=person, team=world.team, status="accepted")
            services.record_check(
                user=key_worker,
                person=person,
                checked_on=TODAY,
                setting="secondary",
                values={"hba1c": 50, "smoking_status": "current", "audit_c_score": 6},
            )

    add_people(2)
    client.get(url)  # warm up sessions and the like
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_people(12)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few)
    assert page.count("Mark done or declined") == 14 * 3
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("physical_health:register") + f"?pcn={practices[0].pcn_id}")
