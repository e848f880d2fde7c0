"""Scoring DIALOG, ReQoL-10 and Goal Based Outcomes. Pure functions: no Django, no database.

The rules are the clinical reference's (shared/reference/clinical.md, "Outcome measures"):

- DIALOG: 11 items rated 1-7. Subjective quality of life is the mean of items 1-8 (life
  domains); treatment satisfaction is the mean of items 9-11. Reliable change is 1 point
  per item.
- ReQoL-10: 10 items scored 0 (worst) to 4 (best), total 0-40, higher is better.
  Clinical cut-off 25 (a total below 25 is in the clinical range). Reliable change 5.
  Reliable recovery: baseline below 25, follow-up 25 or more, and reliable improvement.
- Goal Based Outcomes: up to three goals, each scored 0-10. Reliable change 3 per goal.

A change equal to the reliable change index counts as reliable, as in the measures
engine (opencmh.measures.definitions.proms). For every tool a higher score is better.
Invalid input raises InvalidScores, whose messages are written for the person entering
the scores.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


class Tool(enum.StrEnum):
    DIALOG = "dialog"
    REQOL10 = "reqol10"
    GBO = "gbo"


TOOL_NAMES = {
    Tool.DIALOG: "DIALOG",
    Tool.REQOL10: "ReQoL-10",
    Tool.GBO: "Goal Based Outcomes",
}


@dataclass(frozen=True)
class DialogItem:
    number: int
    domain: str  # the life or treatment area, in the words the scale uses
    about: str  # the same, as a question asks the person about it
    snomed_code: str

    @property
    def is_treatment(self) -> bool:
        return self.number in DIALOG_TREATMENT_ITEMS


# SNOMED CT codes for the DIALOG items, in item order (clinical.md, Outcome measures).
DIALOG_ITEMS: tuple[DialogItem, ...] = (
    DialogItem(1, "mental health", "your mental health", "1037651000000100"),
    DialogItem(2, "physical health", "your physical health", "1037661000000102"),
    DialogItem(3, "job situation", "your job situation", "1037671000000109"),
    DialogItem(4, "accommodation", "your accommodation", "1037681000000106"),
    DialogItem(5, "leisure activities", "your leisure activities", "1037691000000108"),
    DialogItem(6, "friendships", "your friendships", "1037701000000108"),
    DialogItem(
        7,
        "relationship with partner or family",
        "your relationship with your partner or family",
        "1037711000000105",
    ),
    DialogItem(8, "personal safety", "your personal safety", "1037721000000104"),
    DialogItem(9, "medication", "your medication", "1037731000000102"),
    DialogItem(10, "practical help", "the practical help you receive", "1037741000000106"),
    DialogItem(
        11,
        "meetings with mental health professionals",
        "your meetings with mental health professionals",
        "1037751000000109",
    ),
)
DIALOG_LIFE_ITEMS = tuple(range(1, 9))
DIALOG_TREATMENT_ITEMS = (9, 10, 11)
DIALOG_MIN, DIALOG_MAX, DIALOG_RCI = 1, 7, 1
DIALOG_SCALE = (
    (1, "Totally dissatisfied"),
    (2, "Very dissatisfied"),
    (3, "Fairly dissatisfied"),
    (4, "In the middle"),
    (5, "Fairly satisfied"),
    (6, "Very satisfied"),
    (7, "Totally satisfied"),
)

REQOL10_ITEMS = 10
REQOL10_MIN, REQOL10_MAX, REQOL10_RCI = 0, 4, 5
REQOL10_TOTAL_MAX = REQOL10_ITEMS * REQOL10_MAX
REQOL10_CUT_OFF = 25
REQOL10_TOTAL_CODE = "1091071000000100"

GBO_MAX_GOALS = 3
GBO_MIN, GBO_MAX, GBO_RCI = 0, 10, 3
GBO_GOAL_CODES = ("1638531000000102", "1638541000000106", "1638551000000109")
GBO_GOAL_TEXT_MAX = 500


class InvalidScores(ValueError):
    """Scores that cannot be accepted. ERRORS maps a field key to a plain-English message."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


def _whole_number(value: object) -> int | None:
    """VALUE as a whole number, or None if it is not one ('7', 7 and 7.0 are 7; True is not)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit() and text.isascii():
            return int(text)
    return None


def _check(
    value: object, low: int, high: int, *, missing: str, wrong: str
) -> tuple[int | None, str]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, missing
    number = _whole_number(value)
    if number is None or not low <= number <= high:
        return None, wrong
    return number, ""


# DIALOG ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DialogScore:
    ratings: dict[int, int]  # item number -> 1..7
    quality_of_life: float  # mean of items 1-8
    treatment_satisfaction: float  # mean of items 9-11


def dialog_key(number: int) -> str:
    return f"item_{number}"


def validate_dialog(ratings: Mapping[int, object]) -> dict[int, int]:
    """All 11 DIALOG ratings as whole numbers 1-7, or InvalidScores naming each problem."""
    clean: dict[int, int] = {}
    errors: dict[str, str] = {}
    unknown = sorted(set(ratings) - {i.number for i in DIALOG_ITEMS}, key=str)
    if unknown:
        errors["__all__"] = f"DIALOG has items 1 to 11 only (got item {unknown[0]})"
    for item in DIALOG_ITEMS:
        number, problem = _check(
            ratings.get(item.number),
            DIALOG_MIN,
            DIALOG_MAX,
            missing=f"Choose how satisfied you are with {item.about}",
            wrong=f"Rating for {item.domain} must be a whole number from 1 to 7",
        )
        if problem:
            errors[dialog_key(item.number)] = problem
        else:
            clean[item.number] = number  # type: ignore[assignment]
    if errors:
        raise InvalidScores(errors)
    return clean


def _mean(values: Sequence[int]) -> float:
    return round(sum(values) / len(values), 2)


def score_dialog(ratings: Mapping[int, object]) -> DialogScore:
    clean = validate_dialog(ratings)
    return DialogScore(
        ratings=clean,
        quality_of_life=_mean([clean[i] for i in DIALOG_LIFE_ITEMS]),
        treatment_satisfaction=_mean([clean[i] for i in DIALOG_TREATMENT_ITEMS]),
    )


# ReQoL-10 --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReqolScore:
    items: dict[int, int]  # item number -> 0..4
    total: int  # 0..40

    @property
    def in_clinical_range(self) -> bool:
        return in_reqol_clinical_range(self.total)


def reqol_key(number: int) -> str:
    return f"item_{number}"


def in_reqol_clinical_range(total: int) -> bool:
    """A ReQoL-10 total below the cut-off of 25 is in the clinical range."""
    return total < REQOL10_CUT_OFF


def validate_reqol10(items: Mapping[int, object]) -> dict[int, int]:
    clean: dict[int, int] = {}
    errors: dict[str, str] = {}
    unknown = sorted(set(items) - set(range(1, REQOL10_ITEMS + 1)), key=str)
    if unknown:
        errors["__all__"] = f"ReQoL-10 has items 1 to 10 only (got item {unknown[0]})"
    for number in range(1, REQOL10_ITEMS + 1):
        score, problem = _check(
            items.get(number),
            REQOL10_MIN,
            REQOL10_MAX,
            missing=f"Enter a score for item {number}",
            wrong=f"Score for item {number} must be a whole number from 0 to 4",
        )
        if problem:
            errors[reqol_key(number)] = problem
        else:
            clean[number] = score  # type: ignore[assignment]
    if errors:
        raise InvalidScores(errors)
    return clean


def score_reqol10(items: Mapping[int, object]) -> ReqolScore:
    clean = validate_reqol10(items)
    return ReqolScore(items=clean, total=sum(clean.values()))


# Goal Based Outcomes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    number: int  # 1..3: goals are paired with their baseline by number
    text: str
    score: int


def goal_keys(number: int) -> tuple[str, str]:
    return f"goal_{number}_text", f"goal_{number}_score"


def validate_gbo(goals: Sequence[tuple[object, object]]) -> list[Goal]:
    """Up to three (text, score) pairs. Blank pairs are skipped; at least one goal is needed."""
    if len(goals) > GBO_MAX_GOALS:
        raise InvalidScores({"__all__": "Enter up to 3 goals"})
    clean: list[Goal] = []
    errors: dict[str, str] = {}
    for number, (text, score) in enumerate(goals, start=1):
        text_key, score_key = goal_keys(number)
        text = str(text or "").strip()
        blank_score = score is None or (isinstance(score, str) and not score.strip())
        if not text and blank_score:
            continue
        if not text:
            errors[text_key] = f"Enter goal {number} in the person's own words"
        elif len(text) > GBO_GOAL_TEXT_MAX:
            errors[text_key] = f"Goal {number} must be {GBO_GOAL_TEXT_MAX} characters or fewer"
        value, problem = _check(
            score,
            GBO_MIN,
            GBO_MAX,
            missing=f"Enter a score for goal {number}",
            wrong=f"Score for goal {number} must be a whole number from 0 to 10",
        )
        if problem:
            errors[score_key] = problem
        elif text_key not in errors:
            clean.append(Goal(number, text, value))  # type: ignore[arg-type]
    if not errors and not clean:
        errors[goal_keys(1)[0]] = "Enter at least one goal and its score"
    if errors:
        raise InvalidScores(errors)
    return clean


# Change from baseline --------------------------------------------------------------------


class Change(enum.StrEnum):
    IMPROVED = "improved"
    NO_RELIABLE_CHANGE = "no_reliable_change"
    DETERIORATED = "deteriorated"

    @property
    def label(self) -> str:
        return {
            Change.IMPROVED: "Improved",
            Change.NO_RELIABLE_CHANGE: "No reliable change",
            Change.DETERIORATED: "Deteriorated",
        }[self]


def reliable_change(baseline: int, follow_up: int, rci: int) -> Change:
    """Higher is better for every tool; a change of exactly the RCI is reliable."""
    difference = follow_up - baseline
    if difference >= rci:
        return Change.IMPROVED
    if difference <= -rci:
        return Change.DETERIORATED
    return Change.NO_RELIABLE_CHANGE


@dataclass(frozen=True)
class ItemChange:
    key: str  # item or goal number, as text
    label: str
    baseline: int
    follow_up: int
    change: Change

    @property
    def difference(self) -> int:
        return self.follow_up - self.baseline


@dataclass(frozen=True)
class DialogChange:
    items: list[ItemChange]
    quality_of_life_difference: float
    treatment_satisfaction_difference: float
    counts: dict[Change, int] = field(default_factory=dict)


def dialog_change(baseline: Mapping[int, int], follow_up: Mapping[int, int]) -> DialogChange:
    """Per-item reliable change (1 point) and the change in each mean."""
    base, latest = score_dialog(baseline), score_dialog(follow_up)
    items = [
        ItemChange(
            str(i.number),
            i.domain,
            base.ratings[i.number],
            latest.ratings[i.number],
            reliable_change(base.ratings[i.number], latest.ratings[i.number], DIALOG_RCI),
        )
        for i in DIALOG_ITEMS
    ]
    counts = {c: sum(1 for x in items if x.change == c) for c in Change}
    return DialogChange(
        items=items,
        quality_of_life_difference=round(latest.quality_of_life - base.quality_of_life, 2),
        treatment_satisfaction_difference=round(
            latest.treatment_satisfaction - base.treatment_satisfaction, 2
        ),
        counts=counts,
    )


@dataclass(frozen=True)
class ReqolChange:
    baseline: int
    follow_up: int
    change: Change
    reliable_recovery: bool

    @property
    def difference(self) -> int:
        return self.follow_up - self.baseline


def reqol_reliable_recovery(baseline_total: int, follow_up_total: int) -> bool:
    """Baseline in the clinical range, follow-up at or above the cut-off, reliable improvement."""
    return (
        in_reqol_clinical_range(baseline_total)
        and not in_reqol_clinical_range(follow_up_total)
        and reliable_change(baseline_total, follow_up_total, REQOL10_RCI) == Change.IMPROVED
    )


def reqol_change(baseline_total: int, follow_up_total: int) -> ReqolChange:
    for total in (baseline_total, follow_up_total):
        if _whole_number(total) is None or not 0 <= total <= REQOL10_TOTAL_MAX:
            raise InvalidScores({"__all__": "A ReQoL-10 total must be a whole number from 0 to 40"})
    return ReqolChange(
        baseline_total,
        follow_up_total,
        reliable_change(baseline_total, follow_up_total, REQOL10_RCI),
        reqol_reliable_recovery(baseline_total, follow_up_total),
    )


def gbo_change(baseline: Sequence[Goal], follow_up: Sequence[Goal]) -> list[ItemChange]:
    """Goals are paired by number; a goal missing from either side has no change to show."""
    latest = {g.number: g for g in follow_up}
    return [
        ItemChange(
            str(g.number),
            latest[g.number].text,
            g.score,
            latest[g.number].score,
            reliable_change(g.score, latest[g.number].score, GBO_RCI),
        )
        for g in baseline
        if g.number in latest
    ]


# MHSDS ------------------------------------------------------------------------------------


def coded_scores(
    tool: Tool, item_scores: Mapping[int, int], total: int | None = None
) -> list[tuple[str, int]]:
    """(CodedAssToolType, PersScore) rows as MHSDS MHS606/607 carries them.

    DIALOG: one row per item. ReQoL-10: the total (its items have no separate codes).
    Goal Based Outcomes: one row per goal.
    """
    if tool == Tool.DIALOG:
        return [(i.snomed_code, item_scores[i.number]) for i in DIALOG_ITEMS]
    if tool == Tool.REQOL10:
        return [(REQOL10_TOTAL_CODE, sum(item_scores.values()) if total is None else total)]
    return [(GBO_GOAL_CODES[n - 1], item_scores[n]) for n in sorted(item_scores)]
