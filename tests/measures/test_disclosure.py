import pandas as pd
import pytest

from opencmh.measures.disclosure import round_count, suppress


@pytest.mark.parametrize(
    "n, shown", [(0, "*"), (4, "*"), (5, "5"), (7, "5"), (8, "10"), (12, "10"), (13, "15")]
)
def test_counts(n, shown):
    assert round_count(n) == shown


def _row(measure, v, level="P1"):
    return {
        "BREAKDOWN": "Provider",
        "PRIMARY_LEVEL": level,
        "MEASURE_ID": measure,
        "MEASURE_VALUE": v,
    }


def test_percentages_from_suppressed_parts_are_suppressed():
    frame = pd.DataFrame(
        [
            _row("EIP23a", 4, "P1"),
            _row("EIP23b", 3, "P1"),
            _row("EIP23i", 75.0, "P1"),
            _row("EIP23a", 40, "P2"),
            _row("EIP23b", 29, "P2"),
            _row("EIP23i", 72.5, "P2"),
        ]
    )
    out = suppress(frame).set_index(["PRIMARY_LEVEL", "MEASURE_ID"]).MEASURE_VALUE
    assert out[("P1", "EIP23a")] == "*"
    assert out[("P1", "EIP23i")] == "*"
    assert out[("P2", "EIP23a")] == "40"
    assert out[("P2", "EIP23b")] == "30"
    assert out[("P2", "EIP23i")] == "73"
