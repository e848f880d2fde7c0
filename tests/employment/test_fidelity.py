"""The IPS fidelity scale: 25 items scored 1-5; bands exemplary 115-125, good 100-114,
fair 74-99, not IPS 73 or less."""

import pytest

from opencmh.employment import fidelity


def scores_totalling(total: int) -> dict[int, int]:
    """Item scores (each 1-5) that add up to TOTAL."""
    scores = dict.fromkeys(fidelity.ITEM_NUMBERS, 1)
    extra = total - 25
    for n in fidelity.ITEM_NUMBERS:
        add = min(4, extra)
        scores[n] += add
        extra -= add
    assert sum(scores.values()) == total
    return scores


def test_the_scale_has_25_items_in_three_sections():
    assert len(fidelity.ITEMS) == 25
    assert [i.number for i in fidelity.ITEMS] == list(range(1, 26))
    assert fidelity.ITEMS[0].name == "Caseload size"
    assert fidelity.ITEMS[-1].name.startswith("Assertive engagement")
    assert {i.section for i in fidelity.ITEMS} == {"Staffing", "Organisation", "Services"}


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (25, "not_ips"),
        (73, "not_ips"),
        (74, "fair"),
        (99, "fair"),
        (100, "good"),
        (114, "good"),
        (115, "exemplary"),
        (125, "exemplary"),
    ],
)
def test_band_boundaries(total, band):
    scores = scores_totalling(total)
    assert fidelity.total(scores) == total
    assert fidelity.band(scores).code == band
    assert fidelity.band_for_total(total).code == band


@pytest.mark.parametrize("bad", [0, 6, -1])
def test_item_scores_outside_1_to_5_are_refused(bad):
    scores = scores_totalling(80)
    scores[7] = bad
    with pytest.raises(fidelity.InvalidScores, match="Item 7"):
        fidelity.total(scores)


def test_every_item_must_be_scored():
    scores = scores_totalling(80)
    del scores[12]
    with pytest.raises(fidelity.InvalidScores, match="items 12 are missing"):
        fidelity.total(scores)


def test_totals_outside_the_scale_are_refused():
    for total in (24, 126):
        with pytest.raises(fidelity.InvalidScores):
            fidelity.band_for_total(total)
