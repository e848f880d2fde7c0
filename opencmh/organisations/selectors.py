"""Reads of organisation data. None of it is personal data, so views may call these freely."""

from django.core.exceptions import ValidationError
from django.db.models import Q, Value
from django.db.models.functions import Replace, Upper

from opencmh.organisations.models import GPPractice

#: Enough to find one's own practice without a long page of radios on a phone.
PRACTICE_SEARCH_LIMIT = 10


def search_gp_practices(query: str, *, limit: int = PRACTICE_SEARCH_LIMIT) -> list[GPPractice]:
    """GP practices whose name, ODS code or postcode matches QUERY, best matches first.

    Every word must appear in the name, or the whole query is the practice code, or the
    start of its postcode (with or without the space: "LS14" finds "LS1 4AP"). An exact
    practice code comes first.
    """
    words = query.split()
    if not words:
        return []
    squashed = "".join(words).upper()
    name_matches = Q()
    for word in words:
        name_matches &= Q(name__icontains=word)
    practices = GPPractice.objects.select_related("pcn").annotate(
        postcode_squashed=Replace(Upper("postcode"), Value(" "), Value(""))
    )
    exact = list(practices.filter(code__iexact=squashed))
    others = practices.filter(name_matches | Q(postcode_squashed__startswith=squashed)).exclude(
        pk__in=[p.pk for p in exact]
    )
    return (exact + list(others.order_by("name")[:limit]))[:limit]


def gp_practice_by_id(practice_id) -> GPPractice | None:
    """The practice with this id, or None for a missing or malformed id."""
    if not practice_id:
        return None
    try:
        return GPPractice.objects.select_related("pcn").filter(pk=practice_id).first()
    except (ValidationError, ValueError):
        return None
