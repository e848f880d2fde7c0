"""Baseline pairing on the outcomes page, the chart layout, and the demo histories."""

import datetime as dt

from django.utils import timezone

from opencmh.core.models import Role
from opencmh.outcomes import services
from opencmh.outcomes.charts import line_chart
from opencmh.outcomes.models import OutcomeMeasurement, Tool
from opencmh.outcomes.presenters import outcome_sections, pair
from opencmh.outcomes.selectors import measurements_for
from tests.factories import ReferralFactory


def _reqol(world, referral, total_per_item, days_ago):
    return services.record_reqol10(
        user=world.users[Role.KEY_WORKER],
        person=world.in_scope,
        referral=referral,
        scores={n: total_per_item for n in range(1, 11)},
        completed_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_baseline_is_the_first_score_on_the_latest_scores_referral(world):
    first = world.in_scope.referrals.get()
    second = ReferralFactory(person=world.in_scope, team=world.team, status="accepted")
    _reqol(world, first, 1, 300)  # an earlier episode of care
    baseline = _reqol(world, second, 2, 60)
    latest = _reqol(world, second, 3, 5)
    measurements = list(measurements_for(world.in_scope).filter(tool=Tool.REQOL10))
    assert pair(measurements) == (baseline, latest)


def test_a_score_on_the_baseline_day_is_not_a_follow_up(world):
    referral = world.in_scope.referrals.get()
    baseline = _reqol(world, referral, 2, 0)
    _reqol(world, referral, 3, 0)
    measurements = list(measurements_for(world.in_scope))
    assert pair(measurements) == (baseline, None)
    reqol = outcome_sections(measurements)[1]
    assert reqol.summary == [
        "Change since baseline will show once there is a ReQoL-10 on a later day."
    ]


def test_the_chart_spreads_points_by_date_and_marks_the_cut_off():
    day = dt.date(2026, 1, 1)
    chart = line_chart(
        chart_id="c",
        title="t",
        description="d",
        series=[("Total", [(day, 10), (day + dt.timedelta(days=10), 40)])],
        y_min=0,
        y_max=40,
        y_step=10,
        reference=(25, "Clinical cut-off (25)"),
    )
    first, last = chart.series[0].points
    assert first.x == chart.left and last.x == chart.right
    assert last.y == chart.top and chart.reference.position < first.y
    assert [t.label for t in chart.y_ticks] == ["0", "10", "20", "30", "40"]


def test_the_demo_gives_alex_carter_an_improving_history(db, settings):
    from opencmh.nonprod.demo import load_demo
    from opencmh.people.models import Person
    from opencmh.referrals.models import ClockEvent

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(people=200, seed=5)
    alex = Person.objects.get(given_name="Alex", family_name="Carter")
    sections = outcome_sections(list(measurements_for(alex)))
    dialog, reqol, gbo = sections
    assert len(dialog.rows) == 4 and len(reqol.rows) == 4 and len(gbo.rows) == 4
    assert "Reliable recovery: yes" in reqol.summary[1]
    referral = alex.referrals.get()
    baseline = ClockEvent.objects.get(referral=referral, kind="baseline_outcome")
    assert baseline.occurred_on == timezone.localtime(dialog.baseline.completed_at).date()
    assert OutcomeMeasurement.objects.exclude(person=alex).exists()
