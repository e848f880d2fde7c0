"""The published breakdowns: which level each unit falls in, for each breakdown.

Every breakdown maps a unit (joined to its person's geography and demographics and its
provider's name) to a PRIMARY_LEVEL code and description. Breakdowns that need an
optional field the extract did not supply are left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

UNKNOWN = "UNKNOWN"
NONE = "NONE"


@dataclass(frozen=True)
class Breakdown:
    """A published breakdown and how to find a unit's level in it."""

    name: str
    level: Callable[[ir.Table], tuple[ir.StringValue, ir.StringValue]]
    needs: tuple[str, ...] = ()


def _england(t: ir.Table) -> tuple[ir.StringValue, ir.StringValue]:
    return ibis.literal("England"), ibis.literal("England")


def _provider(t: ir.Table) -> tuple[ir.StringValue, ir.StringValue]:
    return t.OrgIDProv, t.ProviderName.fill_null(t.OrgIDProv)


def _sub_icb(t: ir.Table) -> tuple[ir.StringValue, ir.StringValue]:
    code = t.SubICB.fill_null(UNKNOWN)
    return code, t.SubICBName.fill_null(code)


def _icb(t: ir.Table) -> tuple[ir.StringValue, ir.StringValue]:
    code = t.ICB.fill_null(UNKNOWN)
    return code, t.ICBName.fill_null(code)


AGE_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 64))


def age_band(age: ir.IntegerValue) -> ir.StringValue:
    """Age bands as published for adults (under 18 and 65 and over grouped)."""
    cases = [(age < 18, "Under 18")]
    cases += [(age.between(lo, hi), f"{lo} to {hi}") for lo, hi in AGE_BANDS]
    cases.append((age >= 65, "65 and over"))
    return ibis.cases(*cases, else_=UNKNOWN)


def _age(t: ir.Table) -> tuple[ir.StringValue, ir.StringValue]:
    band = age_band(t.Age)
    return band, band


GENDERS = {"1": "Male", "2": "Female", "9": "Indeterminate", "X": "Not Known"}


def _gender(t: ir.Table) -> tuple[ir.StringValue, ir.StringValue]:
    code = t.Gender.fill_null(UNKNOWN)
    desc = ibis.cases(*((t.Gender == k, v) for k, v in GENDERS.items()), else_=UNKNOWN)
    return ibis.ifelse(desc == UNKNOWN, UNKNOWN, code), desc


UPPER_ETHNICITY = (
    ("ABC", "White"),
    ("DEFG", "Mixed"),
    ("HJKL", "Asian or Asian British"),
    ("MNP", "Black or Black British"),
    ("RS", "Other Ethnic Groups"),
)


def _ethnicity(t: ir.Table) -> tuple[ir.StringValue, ir.StringValue]:
    first = t.EthnicCategory.strip().substr(0, 1)
    cases = [(first.isin(tuple(letters)), name) for letters, name in UPPER_ETHNICITY]
    cases.append((first == "Z", "Not Stated"))
    group = ibis.cases(*cases, else_="Not Known")
    return group, group


def _imd(t: ir.Table) -> tuple[ir.StringValue, ir.StringValue]:
    q = t.IMDQuintile
    names = {1: "Quintile 1 (most deprived)", 5: "Quintile 5 (least deprived)"}
    desc = ibis.cases(
        *((q == i, names.get(i, f"Quintile {i}")) for i in range(1, 6)), else_=UNKNOWN
    )
    return ibis.ifelse(q.isnull(), UNKNOWN, q.cast("string")), desc


BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown("England", _england),
    Breakdown("Provider", _provider),
    Breakdown("Sub ICB of GP Practice or Residence", _sub_icb),
    Breakdown("ICB of GP Practice or Residence", _icb, ("org_sub_icb_hierarchy",)),
    Breakdown("England; Age Band", _age),
    Breakdown("England; Gender", _gender, ("MHS001MPI.Gender",)),
    Breakdown("England; Upper Ethnicity", _ethnicity, ("MHS001MPI.EthnicCategory",)),
    Breakdown("England; IMD Quintile", _imd, ("MHS001MPI.LSOA2011", "imd_by_lsoa")),
)


def available(supplied: Callable[[str], bool]) -> list[Breakdown]:
    """The breakdowns whose optional inputs were all supplied."""
    return [b for b in BREAKDOWNS if all(supplied(n) for n in b.needs)]
