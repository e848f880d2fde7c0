"""One extract holding many independent spec scenarios, each at its own provider.

Running every measure once per engine over this extract keeps the Spark suite fast; each
test then checks one provider's value, which only its own scenario can affect.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from .conftest import ASSESSMENT_REFSET, ExtractBuilder, month_id

PERIOD_END = date(2025, 3, 31)
END = month_id(PERIOD_END)  # 1500
ALL = list(range(1484, END + 1))  # November 2023 to March 2025
REQOL = "1091071000000100"
DIALOG1 = "1037651000000100"
GBO1 = "1638531000000102"
ASSESSMENT = "700000001"  # in the assessment refset (conftest reference data)
INTERVENTION = "700000002"  # in the psychological therapies refset
assert ASSESSMENT_REFSET


def months(first: date, last: date = PERIOD_END) -> list[int]:
    return list(range(month_id(first), month_id(last) + 1))


def community(
    b: ExtractBuilder,
    prov: str,
    person: str,
    contacts: Sequence[date],
    *,
    team_type: str = "A06",
    age: int = 40,
    received: date = date(2024, 4, 10),
    ref_months: Sequence[int] | None = None,
    **contact_kw: object,
) -> str:
    b.team(prov, "T1", team_type, ALL)
    ref = b.referral(person, prov, "R1", "T1", received, ref_months or months(received), age=age)
    for d in contacts:
        b.contact(person, prov, ref, d, **contact_kw)
    return ref


def build_mhs108(b: ExtractBuilder) -> None:
    community(b, "P108A", "A1", [date(2024, 5, 1), date(2024, 6, 1)])
    community(b, "P108B", "B1", [date(2024, 5, 1)])
    ref = community(b, "P108C", "C1", [date(2024, 5, 1)])
    b.contact("C1", "P108C", ref, date(2024, 6, 1), attend="7")
    ref = community(b, "P108D", "D1", [date(2024, 5, 1)])
    b.contact("D1", "P108D", ref, date(2024, 6, 1), attend="6")
    ref = community(b, "P108E", "E1", [date(2024, 5, 1)])
    b.contact("E1", "P108E", ref, date(2024, 6, 1), mech="05")
    ref = community(b, "P108F", "F1", [date(2024, 5, 1)])
    b.contact("F1", "P108F", ref, date(2024, 6, 1), mech="11")
    community(b, "P108G", "G1", [date(2024, 5, 1), date(2024, 6, 1)], age=17)
    community(b, "P108H", "H1", [date(2024, 5, 1), date(2024, 6, 1)], age=18)
    b.person("I1", LADistrictAuth="W06000001")
    community(b, "P108I", "I1", [date(2024, 5, 1), date(2024, 6, 1)])
    b.person("J1", LADistrictAuth="")
    community(b, "P108J", "J1", [date(2024, 5, 1), date(2024, 6, 1)])
    ref = community(b, "P108K", "K1", [date(2024, 5, 1), date(2024, 6, 1)])
    b.keyed(
        "MHS501HospProvSpell",
        "K1",
        "P108K",
        1495,
        UniqServReqID=ref,
        UniqHospProvSpellID="P108KH1",
        StartDateHospProvSpell=date(2024, 11, 2),
    )
    ref = community(
        b, "P108L", "L1", [date(2024, 5, 1), date(2024, 6, 1)], received=date(2023, 12, 1)
    )
    b.keyed(
        "MHS501HospProvSpell",
        "L1",
        "P108L",
        1486,
        UniqServReqID=ref,
        UniqHospProvSpellID="P108LH1",
        StartDateHospProvSpell=date(2024, 1, 2),
    )
    # Contact dated before the window but submitted in its first month counts.
    ref = community(b, "P108M", "M1", [date(2024, 5, 1)], received=date(2024, 3, 1))
    b.contact("M1", "P108M", ref, date(2024, 3, 30), month=1489)
    ref = community(b, "P108N", "N1", [date(2024, 5, 1)], received=date(2024, 3, 1))
    b.contact("N1", "P108N", ref, date(2024, 3, 30))
    # One contact on a referral with two in-scope teams (MHS101 and MHS102).
    ref = community(b, "P108O", "O1", [date(2024, 5, 1)])
    b.team("P108O", "T2", "A08", ALL)
    b.keyed(
        "MHS102OtherServiceType",
        "O1",
        "P108O",
        1490,
        UniqServReqID=ref,
        OtherCareProfTeamLocalID="T2",
    )
    # Team T1 is a crisis team at this provider (core at every other provider).
    community(b, "P108P", "P1", [date(2024, 5, 1), date(2024, 6, 1)], team_type="A02")


def wait_spell(
    b: ExtractBuilder,
    prov: str,
    person: str,
    received: date,
    *,
    contact: date | None = None,
    outcome: date | None = None,
    assessment: date | None = None,
    intervention: date | None = None,
    discharged: date | None = None,
    ref: str = "R1",
    ref_months: Sequence[int] | None = None,
) -> str:
    b.team(prov, "T1", "A06", ALL)
    rm = list(ref_months or months(received))
    uniq = b.referral(person, prov, ref, "T1", received, rm[:-1])
    b.referral(person, prov, ref, "T1", received, rm[-1:], ServDischDate=discharged)
    if contact:
        b.contact(person, prov, uniq, contact)
    if outcome:
        b.keyed(
            "MHS606CodedScoreAssessmentRefer",
            person,
            prov,
            month_id(outcome),
            UniqServReqID=uniq,
            CodedAssToolType=REQOL,
            PersScore="20",
            AssToolCompTimestamp=datetime.combine(outcome, datetime.min.time()),
        )
    for day, code in ((assessment, ASSESSMENT), (intervention, INTERVENTION)):
        if day:
            cid = b.contact(person, prov, uniq, day, attend="3")  # activity needs no attendance
            b.keyed(
                "MHS202CareActivity",
                person,
                prov,
                month_id(day),
                UniqServReqID=uniq,
                UniqCareContID=cid,
                UniqCareActID=cid + "A",
                Procedure=code,
            )
    return uniq


def build_waits(b: ExtractBuilder) -> None:
    jan2 = date(2025, 1, 2)
    wait_spell(
        b,
        "PW01",
        "W1",
        jan2,
        contact=date(2025, 1, 10),
        outcome=date(2025, 1, 10),
        assessment=date(2025, 1, 20),
        intervention=date(2025, 1, 30),
    )
    wait_spell(
        b,
        "PW02",
        "W2",
        jan2,
        contact=date(2025, 1, 10),
        outcome=date(2025, 1, 10),
        assessment=date(2025, 1, 20),
        intervention=date(2025, 1, 31),
    )
    wait_spell(
        b,
        "PW03",
        "W3",
        jan2,
        contact=date(2025, 1, 10),
        outcome=date(2025, 1, 10),
        intervention=date(2025, 1, 30),
    )
    wait_spell(
        b,
        "PW04",
        "W4",
        date(2024, 3, 1),
        contact=date(2024, 3, 5),
        outcome=date(2024, 3, 5),
        intervention=date(2025, 1, 15),
    )
    wait_spell(
        b,
        "PW05",
        "W5",
        date(2024, 3, 1),
        contact=date(2024, 4, 2),
        outcome=date(2024, 4, 2),
        intervention=date(2025, 1, 15),
    )
    for prov, second in (("PW06", date(2025, 1, 15)), ("PW07", date(2025, 1, 16))):
        person = prov + "X"
        wait_spell(b, prov, person, jan2, discharged=date(2025, 1, 10), ref_months=[1498])
        wait_spell(
            b,
            prov,
            person,
            second,
            ref="R2",
            contact=date(2025, 1, 20),
            outcome=date(2025, 1, 20),
            assessment=date(2025, 1, 25),
            intervention=date(2025, 2, 5),
        )
    uniq = wait_spell(
        b,
        "PW08",
        "W8",
        jan2,
        contact=date(2025, 1, 10),
        outcome=date(2025, 1, 10),
        assessment=date(2025, 1, 20),
        intervention=date(2025, 1, 30),
    )
    b.keyed(
        "MHS501HospProvSpell",
        "W8",
        "PW08",
        1486,
        UniqServReqID=uniq,
        UniqHospProvSpellID="PW08H",
        StartDateHospProvSpell=date(2024, 1, 3),
    )
    # The later version of the referral records its discharge.
    wait_spell(
        b, "PW09", "W9", date(2025, 1, 5), discharged=date(2025, 2, 10), ref_months=[1498, 1499]
    )
    wait_spell(b, "PW10", "W10", date(2023, 12, 1))
    for person, received in (
        ("Q1", date(2025, 3, 21)),
        ("Q2", date(2025, 3, 11)),
        ("Q3", date(2025, 2, 9)),
    ):
        wait_spell(b, "PW11", person, received, ref="R" + person)


def eip_referral(
    b: ExtractBuilder,
    prov: str,
    person: str,
    received: date,
    *,
    contact: date | None = None,
    allocation: date | None = None,
    allocation_end: date | None = None,
    allocation_month: int | None = None,
    reason: str = "01",
    age: int = 30,
) -> None:
    b.team(prov, "E1", "A14", ALL)
    ref = b.referral(
        person, prov, "R1", "E1", received, months(received), age=age, PrimReasonReferralMH=reason
    )
    if contact:
        b.contact(person, prov, ref, contact)
    if allocation:
        b.keyed(
            "MHS006MHCareCoord",
            person,
            prov,
            allocation_month or month_id(allocation),
            StartDateAssCareCoord=allocation,
            EndDateAssCareCoord=allocation_end,
            CareProfServOrTeamTypeAssoc="A14",
        )


def build_eip(b: ExtractBuilder) -> None:
    jan1, ended = date(2025, 1, 1), date(2025, 3, 1)
    eip_referral(
        b,
        "PE01",
        "E1",
        jan1,
        contact=date(2025, 1, 10),
        allocation=date(2025, 1, 15),
        allocation_end=ended,
    )
    eip_referral(
        b,
        "PE02",
        "E2",
        jan1,
        contact=date(2025, 1, 10),
        allocation=date(2025, 1, 16),
        allocation_end=ended,
    )
    eip_referral(b, "PE03", "E3", jan1, contact=date(2025, 1, 10), allocation=date(2025, 1, 15))
    eip_referral(
        b,
        "PE04",
        "E4",
        jan1,
        contact=date(2025, 1, 10),
        allocation=date(2025, 1, 15),
        allocation_month=END,
    )
    eip_referral(b, "PE05", "E5", date(2025, 3, 20))
    eip_referral(b, "PE06", "E6", date(2025, 3, 1))
    eip_referral(
        b,
        "PE07",
        "E7",
        jan1,
        contact=date(2025, 1, 10),
        allocation=date(2025, 1, 15),
        allocation_end=ended,
        reason="02",
    )
    eip_referral(
        b,
        "PE08",
        "E8",
        jan1,
        contact=date(2025, 1, 10),
        allocation=date(2025, 1, 15),
        allocation_end=ended,
        age=15,
    )
    b.person("E9", LADistrictAuth="W06000001")
    eip_referral(
        b,
        "PE09",
        "E9",
        jan1,
        contact=date(2025, 1, 10),
        allocation=date(2025, 1, 15),
        allocation_end=ended,
    )


def build_ips(b: ExtractBuilder) -> None:
    community(b, "PI01", "I1", [date(2024, 6, 1)], team_type="D05")
    ref = community(b, "PI02", "I2", [])
    cid = b.contact("I2", "PI02", ref, date(2024, 6, 1))
    b.keyed(
        "MHS202CareActivity",
        "I2",
        "PI02",
        month_id(date(2024, 6, 1)),
        UniqServReqID=ref,
        UniqCareContID=cid,
        UniqCareActID=cid + "A",
        Procedure="1082621000000104",
    )
    community(b, "PI03", "I3", [date(2024, 3, 15)], team_type="D05", received=date(2024, 3, 1))
    community(
        b,
        "PI04",
        "I4",
        [date(2024, 3, 15), date(2024, 5, 1)],
        team_type="D05",
        received=date(2024, 3, 1),
    )
    community(b, "PI05", "I5", [date(2024, 6, 1)], team_type="D05", age=16)


def prom_pair(b: ExtractBuilder, prov: str, person: str, tool: str, base: str, follow: str) -> None:
    ref = community(b, prov, person, [])
    for day, score in ((date(2024, 5, 1), base), (date(2024, 10, 1), follow)):
        b.keyed(
            "MHS606CodedScoreAssessmentRefer",
            person,
            prov,
            month_id(day),
            UniqServReqID=ref,
            CodedAssToolType=tool,
            PersScore=score,
            AssToolCompTimestamp=datetime.combine(day, datetime.min.time()),
        )


def build_proms(b: ExtractBuilder) -> None:
    prom_pair(b, "PR01", "R1", REQOL, "20", "30")
    prom_pair(b, "PR02", "R2", REQOL, "20", "24")
    prom_pair(b, "PR03", "R3", REQOL, "22", "26")
    prom_pair(b, "PR04", "R4", DIALOG1, "3", "5")
    prom_pair(b, "PR05", "R5", GBO1, "5", "2")
    prom_pair(b, "PR06", "R6", GBO1, "5", "not a score")


def build_all() -> ExtractBuilder:
    b = ExtractBuilder()
    for build in (build_mhs108, build_waits, build_eip, build_ips, build_proms):
        build(b)
    return b
