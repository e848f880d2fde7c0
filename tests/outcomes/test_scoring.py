"""Scoring against worked examples, reliable-change boundaries and invalid input."""

import pytest

from opencmh.outcomes import scoring
from opencmh.outcomes.scoring import Change, InvalidScores

# A worked DIALOG: life areas 4,5,3,6,2,4,5,7 (sum 36), treatment 5,6,4 (sum 15).
DIALOG_EXAMPLE = {1: 4, 2: 5, 3: 3, 4: 6, 5: 2, 6: 4, 7: 5, 8: 7, 9: 5, 10: 6, 11: 4}


def test_dialog_means_split_life_items_1_to_8_and_treatment_items_9_to_11():
    score = scoring.score_dialog(DIALOG_EXAMPLE)
    assert score.quality_of_life == 4.5  # 36 / 8
    assert score.treatment_satisfaction == 5.0  # 15 / 3


def test_dialog_means_are_rounded_to_two_places():
    ratings = {i: 1 for i in range(1, 12)} | {1: 2, 9: 2}
    score = scoring.score_dialog(ratings)
    assert score.quality_of_life == 1.12  # 9 / 8 = 1.125, shown to two places
    assert score.treatment_satisfaction == 1.33  # 4 / 3


def test_dialog_accepts_numbers_written_as_text():
    ratings = {k: str(v) for k, v in DIALOG_EXAMPLE.items()}
    assert scoring.score_dialog(ratings).ratings == DIALOG_EXAMPLE


def test_dialog_items_carry_their_snomed_codes_in_order():
    assert [i.snomed_code for i in scoring.DIALOG_ITEMS][:2] == [
        "1037651000000100",
        "1037661000000102",
    ]
    assert scoring.DIALOG_ITEMS[-1].snomed_code == "1037751000000109"
    assert len(scoring.DIALOG_ITEMS) == 11


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "Choose how satisfied you are with your job situation"),
        ("", "Choose how satisfied you are with your job situation"),
        (0, "Rating for job situation must be a whole number from 1 to 7"),
        (8, "Rating for job situation must be a whole number from 1 to 7"),
        ("seven", "Rating for job situation must be a whole number from 1 to 7"),
        (4.5, "Rating for job situation must be a whole number from 1 to 7"),
        (True, "Rating for job situation must be a whole number from 1 to 7"),
    ],
)
def test_dialog_rejects_missing_out_of_range_and_non_numbers(value, message):
    ratings = DIALOG_EXAMPLE | {3: value}
    with pytest.raises(InvalidScores) as exc:
        scoring.score_dialog(ratings)
    assert exc.value.errors == {"item_3": message}


def test_dialog_missing_items_are_each_named():
    with pytest.raises(InvalidScores) as exc:
        scoring.score_dialog({1: 4, 2: 4})
    assert len(exc.value.errors) == 9
    assert exc.value.errors["item_11"] == (
        "Choose how satisfied you are with your meetings with mental health professionals"
    )


def test_dialog_rejects_an_unknown_item():
    with pytest.raises(InvalidScores) as exc:
        scoring.score_dialog(DIALOG_EXAMPLE | {12: 4})
    assert exc.value.errors == {"__all__": "DIALOG has items 1 to 11 only (got item 12)"}


def test_dialog_change_is_reliable_at_exactly_one_point_per_item():
    follow = DIALOG_EXAMPLE | {1: 5, 2: 3, 3: 3}  # +1, -2, 0
    change = scoring.dialog_change(DIALOG_EXAMPLE, follow)
    by_item = {c.key: c.change for c in change.items}
    assert by_item["1"] == Change.IMPROVED
    assert by_item["2"] == Change.DETERIORATED
    assert by_item["3"] == Change.NO_RELIABLE_CHANGE
    assert change.counts == {
        Change.IMPROVED: 1,
        Change.NO_RELIABLE_CHANGE: 9,
        Change.DETERIORATED: 1,
    }
    assert change.quality_of_life_difference == -0.12  # 35/8 - 36/8, from rounded means
    assert change.treatment_satisfaction_difference == 0


# ReQoL-10 ---------------------------------------------------------------------------------

REQOL_EXAMPLE = {1: 2, 2: 3, 3: 1, 4: 2, 5: 2, 6: 3, 7: 1, 8: 2, 9: 2, 10: 2}  # total 20


def test_reqol_total_and_clinical_range():
    score = scoring.score_reqol10(REQOL_EXAMPLE)
    assert score.total == 20
    assert score.in_clinical_range


@pytest.mark.parametrize(("total", "clinical"), [(24, True), (25, False), (0, True), (40, False)])
def test_reqol_cut_off_is_25_and_below_is_clinical(total, clinical):
    assert scoring.in_reqol_clinical_range(total) is clinical


def test_reqol_extremes():
    assert scoring.score_reqol10({i: 0 for i in range(1, 11)}).total == 0
    assert scoring.score_reqol10({i: 4 for i in range(1, 11)}).total == 40


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "Enter a score for item 7"),
        (5, "Score for item 7 must be a whole number from 0 to 4"),
        (-1, "Score for item 7 must be a whole number from 0 to 4"),
        ("-1", "Score for item 7 must be a whole number from 0 to 4"),
        ("two", "Score for item 7 must be a whole number from 0 to 4"),
    ],
)
def test_reqol_rejects_bad_items(value, message):
    with pytest.raises(InvalidScores) as exc:
        scoring.score_reqol10(REQOL_EXAMPLE | {7: value})
    assert exc.value.errors == {"item_7": message}


def test_reqol_needs_all_ten_items():
    with pytest.raises(InvalidScores) as exc:
        scoring.score_reqol10({1: 2})
    assert set(exc.value.errors) == {f"item_{n}" for n in range(2, 11)}


@pytest.mark.parametrize(
    ("baseline", "follow_up", "change"),
    [
        (20, 25, Change.IMPROVED),  # exactly the RCI of 5
        (20, 24, Change.NO_RELIABLE_CHANGE),  # just under
        (20, 26, Change.IMPROVED),  # just over
        (20, 15, Change.DETERIORATED),
        (20, 16, Change.NO_RELIABLE_CHANGE),
        (20, 20, Change.NO_RELIABLE_CHANGE),
    ],
)
def test_reqol_reliable_change_boundaries(baseline, follow_up, change):
    assert scoring.reqol_change(baseline, follow_up).change == change


@pytest.mark.parametrize(
    ("baseline", "follow_up", "recovered"),
    [
        (20, 25, True),  # from clinical range to the cut-off, +5
        (18, 29, True),
        (21, 25, False),  # crosses the cut-off but +4 is not reliable
        (20, 24, False),  # reliable-ish but still below the cut-off
        (25, 31, False),  # did not start in the clinical range
        (24, 30, True),
        (10, 24, False),  # reliable improvement, still clinical
    ],
)
def test_reqol_reliable_recovery(baseline, follow_up, recovered):
    assert scoring.reqol_change(baseline, follow_up).reliable_recovery is recovered
    assert scoring.reqol_reliable_recovery(baseline, follow_up) is recovered


def test_reqol_change_rejects_an_impossible_total():
    with pytest.raises(InvalidScores, match="from 0 to 40"):
        scoring.reqol_change(20, 41)


# Goal Based Outcomes -----------------------------------------------------------------------


def test_gbo_goals_keep_their_numbers_and_skip_blanks():
    goals = scoring.validate_gbo([("Sleep better", "3"), ("", ""), ("See my sister", 6)])
    assert goals == [
        scoring.Goal(1, "Sleep better", 3),
        scoring.Goal(3, "See my sister", 6),
    ]


@pytest.mark.parametrize(
    ("goals", "errors"),
    [
        ([], {"goal_1_text": "Enter at least one goal and its score"}),
        ([("", "")], {"goal_1_text": "Enter at least one goal and its score"}),
        ([("Walk daily", "")], {"goal_1_score": "Enter a score for goal 1"}),
        ([("", "4")], {"goal_1_text": "Enter goal 1 in the person's own words"}),
        (
            [("Walk daily", "11")],
            {"goal_1_score": "Score for goal 1 must be a whole number from 0 to 10"},
        ),
        (
            [("Walk daily", "lots")],
            {"goal_1_score": "Score for goal 1 must be a whole number from 0 to 10"},
        ),
        ([("a", 1)] * 4, {"__all__": "Enter up to 3 goals"}),
        ([("x" * 501, 1)], {"goal_1_text": "Goal 1 must be 500 characters or fewer"}),
    ],
)
def test_gbo_rejects_invalid_goals(goals, errors):
    with pytest.raises(InvalidScores) as exc:
        scoring.validate_gbo(goals)
    assert exc.value.errors == errors


@pytest.mark.parametrize(
    ("baseline", "follow_up", "change"),
    [
        (2, 5, Change.IMPROVED),  # exactly the RCI of 3
        (2, 4, Change.NO_RELIABLE_CHANGE),  # just under
        (2, 6, Change.IMPROVED),
        (7, 4, Change.DETERIORATED),
        (7, 5, Change.NO_RELIABLE_CHANGE),
    ],
)
def test_gbo_reliable_change_of_three_per_goal(baseline, follow_up, change):
    changes = scoring.gbo_change(
        [scoring.Goal(1, "Goal", baseline)], [scoring.Goal(1, "Goal", follow_up)]
    )
    assert [c.change for c in changes] == [change]


def test_gbo_change_pairs_goals_by_number_only():
    baseline = [scoring.Goal(1, "A", 1), scoring.Goal(2, "B", 2)]
    follow_up = [scoring.Goal(2, "B", 8), scoring.Goal(3, "C", 5)]
    changes = scoring.gbo_change(baseline, follow_up)
    assert [(c.key, c.difference) for c in changes] == [("2", 6)]


# MHSDS -------------------------------------------------------------------------------------


def test_coded_scores_are_mhs606_shaped():
    dialog = scoring.coded_scores(scoring.Tool.DIALOG, DIALOG_EXAMPLE)
    assert len(dialog) == 11
    assert dialog[0] == ("1037651000000100", 4)
    assert scoring.coded_scores(scoring.Tool.REQOL10, REQOL_EXAMPLE) == [("1091071000000100", 20)]
    assert scoring.coded_scores(scoring.Tool.GBO, {1: 3, 3: 7}) == [
        ("1638531000000102", 3),
        ("1638551000000109", 7),
    ]


def test_scoring_module_does_not_import_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(scoring.__file__).read_text())
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [node])
        if isinstance(alias, ast.alias)
    } | {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    }
    assert "django" not in imported
