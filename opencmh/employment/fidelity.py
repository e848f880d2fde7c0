"""The 25-item IPS fidelity scale: items, total and band. Pure Python, no database.

Each item is scored 1 to 5, so a review totals 25 to 125. The bands are those of the
IPS fidelity scale (see the clinical reference): exemplary 115-125, good 100-114,
fair 74-99, and 73 or less is not IPS.
"""

from collections.abc import Mapping
from dataclasses import dataclass

MIN_SCORE, MAX_SCORE = 1, 5


@dataclass(frozen=True)
class Item:
    number: int
    section: str
    name: str


_STAFFING = "Staffing"
_ORGANISATION = "Organisation"
_SERVICES = "Services"

ITEMS: tuple[Item, ...] = tuple(
    Item(n, section, name)
    for n, (section, name) in enumerate(
        [
            (_STAFFING, "Caseload size"),
            (_STAFFING, "Vocational services staff"),
            (_STAFFING, "Vocational generalists"),
            (
                _ORGANISATION,
                "Integration of rehabilitation with mental health treatment through team assignment",
            ),
            (
                _ORGANISATION,
                "Integration of rehabilitation with mental health treatment through frequent "
                "team member contact",
            ),
            (
                _ORGANISATION,
                "Collaboration between employment specialists and vocational rehabilitation "
                "or employment services",
            ),
            (_ORGANISATION, "Vocational unit"),
            (_ORGANISATION, "Role of employment supervisor"),
            (_ORGANISATION, "Zero exclusion criteria"),
            (_ORGANISATION, "Agency focus on competitive employment"),
            (_ORGANISATION, "Executive team support for supported employment"),
            (_SERVICES, "Work incentives (benefits) planning"),
            (_SERVICES, "Disclosure"),
            (_SERVICES, "Ongoing, work-based vocational assessment"),
            (_SERVICES, "Rapid search for competitive job"),
            (_SERVICES, "Individualised job search"),
            (_SERVICES, "Job development: frequent employer contact"),
            (_SERVICES, "Job development: quality of employer contact"),
            (_SERVICES, "Diversity of job types"),
            (_SERVICES, "Diversity of employers"),
            (_SERVICES, "Competitive jobs"),
            (_SERVICES, "Individualised follow-along supports"),
            (_SERVICES, "Time-unlimited follow-along supports"),
            (_SERVICES, "Community-based services"),
            (_SERVICES, "Assertive engagement and outreach by integrated treatment team"),
        ],
        start=1,
    )
)
ITEM_NUMBERS = tuple(item.number for item in ITEMS)
MIN_TOTAL = MIN_SCORE * len(ITEMS)
MAX_TOTAL = MAX_SCORE * len(ITEMS)


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    lowest: int
    highest: int

    @property
    def range_text(self) -> str:
        return f"{self.lowest} to {self.highest}"


EXEMPLARY = Band("exemplary", "Exemplary fidelity", 115, 125)
GOOD = Band("good", "Good fidelity", 100, 114)
FAIR = Band("fair", "Fair fidelity", 74, 99)
NOT_IPS = Band("not_ips", "Not IPS", 25, 73)
#: Highest band first.
BANDS = (EXEMPLARY, GOOD, FAIR, NOT_IPS)


class InvalidScores(ValueError):
    pass


def validate(scores: Mapping[int, int]) -> None:
    """Raise InvalidScores unless SCORES holds exactly items 1-25, each scored 1-5."""
    missing = [n for n in ITEM_NUMBERS if n not in scores]
    if missing:
        raise InvalidScores(f"Score every item: items {', '.join(map(str, missing))} are missing")
    extra = sorted(set(scores) - set(ITEM_NUMBERS))
    if extra:
        raise InvalidScores(f"The scale has 25 items: there is no item {extra[0]}")
    for number in ITEM_NUMBERS:
        score = scores[number]
        if isinstance(score, bool) or not isinstance(score, int):
            raise InvalidScores(f"Item {number} must be a whole number from 1 to 5")
        if not MIN_SCORE <= score <= MAX_SCORE:
            raise InvalidScores(f"Item {number} must be scored from 1 to 5, not {score}")


def total(scores: Mapping[int, int]) -> int:
    validate(scores)
    return sum(scores[n] for n in ITEM_NUMBERS)


def band_for_total(value: int) -> Band:
    if not MIN_TOTAL <= value <= MAX_TOTAL:
        raise InvalidScores(f"A total must be from {MIN_TOTAL} to {MAX_TOTAL}, not {value}")
    for band in BANDS:
        if value >= band.lowest:
            return band
    raise AssertionError("unreachable: the lowest band starts at the minimum total")


def band(scores: Mapping[int, int]) -> Band:
    return band_for_total(total(scores))
