"""Formatting outcome measurements for the outcomes page: per tool, a chart, a table of the
same numbers, and the change from baseline (first score on the referral) to the latest."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from opencmh.core.formatting import format_date
from opencmh.outcomes import scoring
from opencmh.outcomes.charts import LineChart, line_chart
from opencmh.outcomes.models import CompletedBy, OutcomeMeasurement, Tool

CHANGE_TAGS = {
    scoring.Change.IMPROVED: "nhsuk-tag--green",
    scoring.Change.NO_RELIABLE_CHANGE: "nhsuk-tag--grey",
    scoring.Change.DETERIORATED: "nhsuk-tag--orange",
}


def _day(m: OutcomeMeasurement):
    return timezone.localtime(m.completed_at).date()


def _signed(value: float) -> str:
    text = f"{value:+.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("+0", "-0") else text


def _mean(value: float) -> str:
    return f"{value:.2f}"


def completed_by_text(m: OutcomeMeasurement) -> str:
    if m.completed_by == CompletedBy.PERSON:
        return "Completed by the person"
    who = m.recorded_by.display_name if m.recorded_by else "a clinician"
    return f"Recorded by {who}"


def change_tag(change: scoring.Change) -> dict:
    return {"text": change.label, "classes": CHANGE_TAGS[change]}


def pair(measurements: list[OutcomeMeasurement]):
    """(baseline, follow-up) for the latest measurement's referral, as clinical.md defines them:
    baseline is the first score on the referral, follow-up the latest on a later day."""
    if not measurements:
        return None, None
    latest = measurements[-1]
    episode = [m for m in measurements if m.referral_id == latest.referral_id]
    baseline = episode[0]
    follow_up = latest if _day(latest) > _day(baseline) else None
    return baseline, follow_up


@dataclass
class ToolSection:
    tool: str
    name: str
    about: str
    chart: LineChart | None
    table_head: list[str]
    rows: list[list[str]]
    baseline: OutcomeMeasurement | None
    follow_up: OutcomeMeasurement | None
    summary: list[str] = field(default_factory=list)  # plain-English change, one line each
    change_head: list[str] = field(default_factory=list)
    change_rows: list[dict] = field(default_factory=list)
    detail_rows: list[list[str]] = field(default_factory=list)
    detail_title: str = ""
    record_url_name: str = ""

    @property
    def has_data(self) -> bool:
        return bool(self.rows)

    @property
    def baseline_text(self) -> str:
        if self.baseline is None:
            return ""
        text = f"Baseline {format_date(_day(self.baseline))}"
        if self.follow_up is not None:
            text += f", latest {format_date(_day(self.follow_up))}"
        return text


def _dialog(measurements: list[OutcomeMeasurement]) -> ToolSection:
    scored = [(m, scoring.score_dialog(m.scores())) for m in measurements]
    help_by_id = {
        m.pk: [scoring.DIALOG_ITEMS[i.item - 1].domain for i in m.items.all() if i.more_help_wanted]
        for m in measurements
    }
    rows = [
        [
            format_date(_day(m)),
            completed_by_text(m),
            _mean(s.quality_of_life),
            _mean(s.treatment_satisfaction),
            ", ".join(help_by_id[m.pk]) or "None",
        ]
        for m, s in scored
    ]
    section = ToolSection(
        tool=Tool.DIALOG,
        name="DIALOG",
        about=(
            "11 areas rated from 1 (totally dissatisfied) to 7 (totally satisfied). "
            "Quality of life is the average of the 8 life areas; treatment satisfaction "
            "the average of the 3 treatment areas. A change of 1 point or more in an area "
            "is a reliable change."
        ),
        chart=None,
        table_head=[
            "Date",
            "Completed by",
            "Quality of life (1 to 7)",
            "Treatment satisfaction (1 to 7)",
            "More help wanted with",
        ],
        rows=rows,
        baseline=None,
        follow_up=None,
        record_url_name="outcomes:record_dialog",
    )
    if not measurements:
        return section
    section.chart = line_chart(
        chart_id="chart-dialog",
        title="DIALOG average ratings over time",
        description=(
            f"{len(measurements)} DIALOG ratings from {rows[0][0]} to {rows[-1][0]}. "
            f"Latest quality of life {rows[-1][2]}, treatment satisfaction {rows[-1][3]}. "
            "The table below gives every value."
        ),
        series=[
            ("Quality of life", [(_day(m), s.quality_of_life) for m, s in scored]),
            ("Treatment satisfaction", [(_day(m), s.treatment_satisfaction) for m, s in scored]),
        ],
        y_min=1,
        y_max=7,
        y_step=1,
    )
    baseline, follow_up = pair(measurements)
    section.baseline, section.follow_up = baseline, follow_up
    latest = measurements[-1]
    latest_items = {i.item: i for i in latest.items.all()}
    if follow_up is None:
        section.summary = ["Change since baseline will show once there is a DIALOG on a later day."]
        section.change_head = ["Area", "Latest rating", "More help wanted"]
        section.change_rows = [
            {
                "cells": [
                    f"{item.number}. {item.domain.capitalize()}",
                    str(latest_items[item.number].score),
                    _help_text(latest_items[item.number].more_help_wanted),
                ],
                "tag": None,
            }
            for item in scoring.DIALOG_ITEMS
        ]
        return section
    change = scoring.dialog_change(baseline.scores(), follow_up.scores())
    counts = change.counts
    section.summary = [
        f"{_areas(counts[scoring.Change.IMPROVED])} improved, "
        f"{_areas(counts[scoring.Change.NO_RELIABLE_CHANGE])} no reliable change, "
        f"{_areas(counts[scoring.Change.DETERIORATED])} deteriorated.",
        f"Quality of life changed by {_signed(change.quality_of_life_difference)} "
        f"and treatment satisfaction by {_signed(change.treatment_satisfaction_difference)} "
        "(averages).",
    ]
    section.change_head = ["Area", "Baseline", "Latest", "Change", "Result", "More help wanted"]
    section.change_rows = [
        {
            "cells": [
                f"{c.key}. {c.label.capitalize()}",
                str(c.baseline),
                str(c.follow_up),
                _signed(c.difference),
            ],
            "tag": change_tag(c.change),
            "after": _help_text(latest_items[int(c.key)].more_help_wanted),
        }
        for c in change.items
    ]
    return section


def _areas(n: int) -> str:
    return f"{n} area" if n == 1 else f"{n} areas"


def _help_text(value: bool | None) -> str:
    return {True: "Yes", False: "No"}.get(value, "Not answered")  # type: ignore[arg-type]


def _reqol(measurements: list[OutcomeMeasurement], wording: dict[int, str]) -> ToolSection:
    rows = [
        [
            format_date(_day(m)),
            completed_by_text(m),
            str(m.total_score),
            "Yes" if scoring.in_reqol_clinical_range(m.total_score) else "No",
        ]
        for m in measurements
    ]
    section = ToolSection(
        tool=Tool.REQOL10,
        name="ReQoL-10",
        about=(
            "10 items scored from 0 (worst) to 4 (best), total 0 to 40; higher is better. "
            f"A total below {scoring.REQOL10_CUT_OFF} is in the clinical range. A change of "
            f"{scoring.REQOL10_RCI} or more is a reliable change."
        ),
        chart=None,
        table_head=["Date", "Completed by", "Total (0 to 40)", "In the clinical range"],
        rows=rows,
        baseline=None,
        follow_up=None,
        record_url_name="outcomes:record_reqol",
    )
    if not measurements:
        return section
    section.chart = line_chart(
        chart_id="chart-reqol",
        title="ReQoL-10 total over time",
        description=(
            f"{len(measurements)} ReQoL-10 totals from {rows[0][0]} to {rows[-1][0]}, "
            f"latest {rows[-1][2]} out of 40. The clinical cut-off is "
            f"{scoring.REQOL10_CUT_OFF}. The table below gives every value."
        ),
        series=[("ReQoL-10 total", [(_day(m), m.total_score) for m in measurements])],
        y_min=0,
        y_max=40,
        y_step=5,
        reference=(scoring.REQOL10_CUT_OFF, f"Clinical cut-off ({scoring.REQOL10_CUT_OFF})"),
    )
    baseline, follow_up = pair(measurements)
    section.baseline, section.follow_up = baseline, follow_up
    latest = measurements[-1]
    section.detail_title = f"Item scores on {format_date(_day(latest))}"
    section.detail_rows = [
        [
            f"Item {i.item}: {wording[i.item]}" if i.item in wording else f"Item {i.item}",
            str(i.score),
        ]
        for i in latest.items.all()
    ]
    if follow_up is None:
        section.summary = [
            "Change since baseline will show once there is a ReQoL-10 on a later day."
        ]
        return section
    change = scoring.reqol_change(baseline.total_score, follow_up.total_score)
    section.change_head = ["Measure", "Baseline", "Latest", "Change", "Result"]
    section.change_rows = [
        {
            "cells": [
                "Total",
                str(change.baseline),
                str(change.follow_up),
                _signed(change.difference),
            ],
            "tag": change_tag(change.change),
        }
    ]
    if scoring.in_reqol_clinical_range(change.baseline):
        recovery = (
            "Reliable recovery: yes (from the clinical range to "
            f"{scoring.REQOL10_CUT_OFF} or more, with reliable improvement)."
            if change.reliable_recovery
            else "Reliable recovery: not yet."
        )
    else:
        recovery = "Reliable recovery does not apply: the baseline was not in the clinical range."
    section.summary = [
        f"{change.change.label} since baseline ({_signed(change.difference)}).",
        recovery,
    ]
    return section


def _gbo(measurements: list[OutcomeMeasurement]) -> ToolSection:
    numbers = range(1, scoring.GBO_MAX_GOALS + 1)
    rows = []
    for m in measurements:
        scores = m.scores()
        rows.append(
            [format_date(_day(m)), completed_by_text(m)]
            + [str(scores[n]) if n in scores else "Not set" for n in numbers]
        )
    section = ToolSection(
        tool=Tool.GBO,
        name="Goal Based Outcomes",
        about=(
            "Up to 3 goals in the person's own words, each scored from 0 (not at all met) "
            f"to 10 (fully met). A change of {scoring.GBO_RCI} or more is a reliable change."
        ),
        chart=None,
        table_head=["Date", "Completed by", *(f"Goal {n} (0 to 10)" for n in numbers)],
        rows=rows,
        baseline=None,
        follow_up=None,
        record_url_name="outcomes:record_gbo",
    )
    if not measurements:
        return section
    series = []
    for n in numbers:
        points = [(_day(m), m.scores()[n]) for m in measurements if n in m.scores()]
        if points:
            series.append((f"Goal {n}", points))
    section.chart = line_chart(
        chart_id="chart-gbo",
        title="Goal scores over time",
        description=(
            f"{len(measurements)} sets of goal scores from {rows[0][0]} to {rows[-1][0]}. "
            "The table below gives every value."
        ),
        series=series,
        y_min=0,
        y_max=10,
        y_step=2,
    )
    latest = measurements[-1]
    section.detail_title = "Goals"
    section.detail_rows = [[f"Goal {i.item}", i.goal_text] for i in latest.items.all()]
    baseline, follow_up = pair(measurements)
    section.baseline, section.follow_up = baseline, follow_up
    if follow_up is None:
        section.summary = ["Change since baseline will show once goals are scored on a later day."]
        return section
    changes = scoring.gbo_change(_goals(baseline), _goals(follow_up))
    section.change_head = ["Goal", "Baseline", "Latest", "Change", "Result"]
    section.change_rows = [
        {
            "cells": [f"Goal {c.key}", str(c.baseline), str(c.follow_up), _signed(c.difference)],
            "tag": change_tag(c.change),
        }
        for c in changes
    ]
    section.summary = [
        "; ".join(f"Goal {c.key}: {c.change.label.lower()}" for c in changes) + "."
        if changes
        else "No goal was scored both at baseline and later."
    ]
    return section


def _goals(m: OutcomeMeasurement) -> list[scoring.Goal]:
    return [scoring.Goal(i.item, i.goal_text, i.score) for i in m.items.all()]


def outcome_sections(
    measurements: list[OutcomeMeasurement], *, reqol_wording: dict[int, str] | None = None
) -> list[ToolSection]:
    """One section per tool, in the order DIALOG, ReQoL-10, Goal Based Outcomes."""
    by_tool: dict[str, list[OutcomeMeasurement]] = {t: [] for t in Tool.values}
    for m in measurements:
        by_tool[m.tool].append(m)
    return [
        _dialog(by_tool[Tool.DIALOG]),
        _reqol(by_tool[Tool.REQOL10], reqol_wording or {}),
        _gbo(by_tool[Tool.GBO]),
    ]


@dataclass
class DialogConfirmation:
    """What the person sees after sending their DIALOG: their own ratings, plainly."""

    measurement: OutcomeMeasurement

    @property
    def completed_on(self) -> str:
        return format_date(_day(self.measurement))

    def rows(self) -> list[dict]:
        labels = dict(scoring.DIALOG_SCALE)
        rows = []
        for i in self.measurement.items.all():
            item = scoring.DIALOG_ITEMS[i.item - 1]
            text = f"{i.score} - {labels[i.score]}"
            if i.more_help_wanted:
                text += " (you would like more help)"
            rows.append({"key": {"text": item.about.capitalize()}, "value": {"text": text}})
        return rows
