"""Shared preparation, computed once per run and reused by every measure family.

Each table here is cached by the engine (a temporary table on DuckDB, a cached DataFrame
on Spark), so the large tables (referrals, care contacts) are scanned once per run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import ibis
import ibis.expr.types as ir

from opencmh.measures.engines import Extract
from opencmh.measures.period import Period, financial_year, month_end, month_start

# Core community teams for adults and older adults (C03 is the legacy code for C10).
CORE_TEAMS = ("A05", "A06", "A08", "A09", "A12", "A13", "A16", "C03", "C10")
EIP_TEAM = "A14"
IPS_TEAM = "D05"
ATTENDED = ("5", "6")
DIRECT_MECHANISMS = ("01", "02", "04", "11")
# From October 2021 (month 1459) only the four direct mechanisms count; before it, any
# mechanism except email and text did (reproduced so back-series agree).
DIRECT_MECHANISM_FROM_MONTH = 1459
NOT_REGISTERED_PRACTICES = ("V81997", "V81998", "V81999")
# Every team type a measure reads: referral rows with other types are dropped early.
MEASURED_TEAMS = (*CORE_TEAMS, EIP_TEAM, IPS_TEAM)


def england_resident(la: ir.StringValue) -> ir.BooleanValue:
    """LADistrictAuth starting 'E', null or blank counts as England."""
    return la.isnull() | (la.strip() == "") | la.startswith("E")


def first_code(procedure: ir.StringValue) -> ir.StringValue:
    """The SNOMED concept before any ':' refinement (position search: no list per row)."""
    at = procedure.find(":")
    return ibis.ifelse(at >= 0, procedure.substr(0, at), procedure).strip()


def coded_rows(t: ir.Table, column: str, codes: ir.Table) -> ir.Table:
    """Rows of `t` whose SNOMED expression in `column` starts with a concept in `codes`.

    `codes` has a `Code` column (and any others, which are added to each row). The first
    concept is worked out once per distinct expression, not once per row: an extract holds
    a few thousand distinct expressions across tens of millions of activities.
    """
    expressions = t.select(Expression=t[column]).filter(ibis._.Expression.notnull()).distinct()
    expressions = expressions.mutate(Code=first_code(expressions.Expression))
    expressions = expressions.join(codes, "Code")
    extra = [c for c in expressions.columns if c not in ("Expression", "Code")]
    return t.join(expressions, t[column] == expressions.Expression).select(
        t, *[expressions[c] for c in extra]
    )


def latest_rows(t: ir.Table, by: list[str]) -> ir.Table:
    """The latest row of `t` for each `by` group: highest month, then highest RecordNumber.

    One hash aggregate over a struct key, then a semi-join: far cheaper than numbering
    every row in a window. Rows identical in the group, month and RecordNumber all stay.
    """
    key = ibis.struct({"month": t.UniqMonthID, "record": t.RecordNumber})
    best = t.group_by(by).agg(Best=t.RecordNumber.argmax(key))
    same = [t[c] == best[c] for c in by]
    return t.semi_join(best, [*same, t.RecordNumber == best.Best])


def days_between(later: ir.DateValue, earlier: ir.DateValue) -> ir.IntegerValue:
    """Whole days from `earlier` to `later` (same on every engine)."""
    return later.delta(earlier, unit="day").cast("int64")


@dataclass
class Prepared:
    """The shared tables for one run: filtered to months up to the period end."""

    extract: Extract
    period: Period

    def keep(self, expr: ir.Table) -> ir.Table:
        """Compute `expr` once for this run (see Extract.materialise)."""
        return self.extract.materialise(expr)

    def table(self, name: str) -> ir.Table:
        """A contract table limited to months up to the period end."""
        t = self.extract[name]
        months = self.extract.month_range.get(name)
        if months is not None and months[1] <= self.period.end_month:
            return t  # every row is in range: no filter to misjudge
        return t.filter(t.UniqMonthID <= self.period.end_month)

    @cached_property
    def months(self) -> ir.Table:
        """One row per month up to the period end: start, end and financial year."""
        ids = list(range(self.period.end_month - 240, self.period.end_month + 1))
        rows: dict[str, list[Any]] = {
            "UniqMonthID": ids,
            "MonthStart": [month_start(m) for m in ids],
            "MonthEnd": [month_end(m) for m in ids],
            "FinancialYear": [financial_year(m) for m in ids],
        }
        schema = {
            "UniqMonthID": "int32",
            "MonthStart": "date",
            "MonthEnd": "date",
            "FinancialYear": "int32",
        }
        return self.extract.small_table("opencmh_months", rows, schema)

    @cached_property
    def team_types(self) -> ir.Table:
        """MHS902: the type of each provider's team in each month."""
        t = self.table("MHS902ServiceTeamDetails")
        return t.select(
            "UniqMonthID",
            "OrgIDProv",
            "CareProfTeamLocalID",
            TeamType=t.ServTeamTypeMH,
        )

    @cached_property
    def referral_rows(self) -> ir.Table:
        """One row per monthly referral row (MHS101) referred to a measured team type.

        A referral row is referred to a team type if its own team (MHS101) or any of its
        other teams (MHS102) has that type in that month (the NHS ServiceTeamType union).
        `NCore`, `NEIP` and `NIPS` count its team rows (own and others) of core community,
        EIP and IPS types: MHS108 links a contact once per such row (reproduced). Rows
        with no measured type (`MEASURED_TEAMS`) are dropped, and `England` says whether
        the person's MPI row for that month is an England residence.
        """
        tt = self.team_types.filter(ibis._.TeamType.isin(MEASURED_TEAMS))
        # Each team's kind is worked out once per team, not once per referral row.
        tt = tt.mutate(
            IsCore=tt.TeamType.isin(CORE_TEAMS).cast("int32"),
            IsEIP=(tt.TeamType == EIP_TEAM).cast("int32"),
            IsIPS=(tt.TeamType == IPS_TEAM).cast("int32"),
        )
        o = self.table("MHS102OtherServiceType")
        other = o.join(
            tt,
            [
                o.UniqMonthID == tt.UniqMonthID,
                o.OrgIDProv == tt.OrgIDProv,
                o.OtherCareProfTeamLocalID == tt.CareProfTeamLocalID,
            ],
        ).select(o.RecordNumber, o.UniqServReqID, tt.IsCore, tt.IsEIP, tt.IsIPS)
        other = other.group_by(["RecordNumber", "UniqServReqID"]).agg(
            OtherCore=other.IsCore.sum(), OtherEIP=other.IsEIP.sum(), OtherIPS=other.IsIPS.sum()
        )
        # Residence outside England is rare: only those MPI rows are looked up.
        m = self.extract["MHS001MPI"]
        abroad = m.filter(~england_resident(m.LADistrictAuth)).select(
            "RecordNumber", Abroad=ibis.literal(True)
        )
        r = self.table("MHS101Referral")
        own = tt.view()
        j = (
            r.left_join(
                own,
                [
                    r.UniqMonthID == own.UniqMonthID,
                    r.OrgIDProv == own.OrgIDProv,
                    r.CareProfTeamLocalID == own.CareProfTeamLocalID,
                ],
            )
            .left_join(
                other,
                [r.RecordNumber == other.RecordNumber, r.UniqServReqID == other.UniqServReqID],
            )
            .left_join(abroad, r.RecordNumber == abroad.RecordNumber)
        )

        def count(own_is: ir.IntegerValue, others: ir.IntegerValue) -> ir.IntegerValue:
            return (own_is.fill_null(0) + others.fill_null(0)).cast("int32")

        rows = j.select(
            *[
                r[c]
                for c in (
                    "UniqMonthID",
                    "OrgIDProv",
                    "Person_ID",
                    "RecordNumber",
                    "UniqServReqID",
                    "CareProfTeamLocalID",
                    "ReferralRequestReceivedDate",
                    "ServDischDate",
                    "ReferRejectionDate",
                    "PrimReasonReferralMH",
                    "AgeServReferRecDate",
                )
            ],
            England=abroad.Abroad.isnull(),
            NCore=count(own.IsCore, other.OtherCore),
            NEIP=count(own.IsEIP, other.OtherEIP),
            NIPS=count(own.IsIPS, other.OtherIPS),
        )
        return self.keep(rows.filter(rows.NCore + rows.NEIP + rows.NIPS > 0))

    @cached_property
    def direct_contacts(self) -> ir.Table:
        """Attended direct care contacts (MHS201). Not kept: each use filters it further."""
        c = self.table("MHS201CareContact")
        mech = c.ConsMechanismMH
        direct = mech.isin(DIRECT_MECHANISMS)
        months = self.extract.month_range.get("MHS201CareContact")
        if months is None or months[0] < DIRECT_MECHANISM_FROM_MONTH:
            earlier = (c.UniqMonthID < DIRECT_MECHANISM_FROM_MONTH) & mech.notin(("05", "06"))
            direct = direct | earlier
        c = c.filter(c.AttendStatus.isin(ATTENDED), direct.fill_null(False))
        return c.select(
            "UniqMonthID",
            "OrgIDProv",
            "Person_ID",
            "RecordNumber",
            "UniqServReqID",
            "UniqCareContID",
            "CareContDate",
            "OtherCareProfTeamLocalID",
        )

    @cached_property
    def activity_scores(self) -> ir.Table:
        """Coded scores recorded in care activities (MHS607), each with its care contact's
        referral (`ContactServReqID`) and date (MHS201). Kept: the outcome measures and
        the four-week waits both read it, and the contact file is large."""
        a = self.table("MHS607CodedScoreAssessmentAct")
        c = self.table("MHS201CareContact")
        c = c.select(
            "RecordNumber", "UniqCareContID", "CareContDate", ContactServReqID=c.UniqServReqID
        )
        j = a.join(c, ["RecordNumber", "UniqCareContID"]).select(
            a.Person_ID,
            a.OrgIDProv,
            a.RecordNumber,
            a.UniqServReqID,
            a.UniqCareContID,
            a.CodedAssToolType,
            a.PersScore,
            c.ContactServReqID,
            c.CareContDate,
        )
        return self.keep(j)

    def with_team_type(self, contacts: ir.Table) -> ir.Table:
        """`contacts` with the type of the team seen: the contact's own team, else its
        referral row's team (MHS101), looked up in MHS902 for that month.

        The referral row's team is read from `referral_rows`, which holds only rows with
        a measured team type: the type found is right whenever it is a measured type
        (`MEASURED_TEAMS`), which is all a measure asks about.
        """
        c = contacts
        r = self.referral_rows
        r = r.semi_join(c, ["RecordNumber", "UniqServReqID"])
        r = r.select("RecordNumber", "UniqServReqID", RefTeam=r.CareProfTeamLocalID)
        c = (
            c.left_join(r, ["RecordNumber", "UniqServReqID"])
            .select(
                *[c[n] for n in c.columns], TeamID=c.OtherCareProfTeamLocalID.fill_null(r.RefTeam)
            )
            .view()
        )  # a new relation: Ibis cannot extend a projected join chain
        tt = self.team_types.select(
            "UniqMonthID", "OrgIDProv", "TeamType", TeamID=ibis._.CareProfTeamLocalID
        )
        keys = ["UniqMonthID", "OrgIDProv", "TeamID"]
        return c.left_join(tt, keys).select(*[c[n] for n in contacts.columns], tt.TeamType)

    @cached_property
    def inpatient_referrals(self) -> ir.Table:
        """Referrals with a hospital spell (MHS501), by month and financial year."""
        h = self.table("MHS501HospProvSpell")
        h = h.join(self.months, "UniqMonthID")
        return self.keep(
            h.select("Person_ID", "UniqServReqID", "UniqMonthID", "FinancialYear").distinct()
        )

    @cached_property
    def people(self) -> ir.Table:
        """One row per person: geography and demographics from their latest MPI row.

        The sub-ICB is the GP practice's (current, valid registration on the highest
        RecordNumber in that month), else the sub-ICB of residence.
        """
        m = self.table("MHS001MPI")
        wanted = (
            "UniqMonthID",
            "AgeRepPeriodEnd",
            "Gender",
            "EthnicCategory",
            "LSOA2011",
            "OrgIDSubICBLocResidence",
        )
        # The latest row's columns come straight out of one aggregate (RecordNumber is
        # unique in the MPI, so no two rows of a person tie): no join back to 23 million
        # rows to find them.
        order = ibis.struct({"month": m.UniqMonthID, "record": m.RecordNumber})
        best = m.group_by("Person_ID").agg(Row=ibis.struct({c: m[c] for c in wanted}).argmax(order))
        latest = self.keep(best.select("Person_ID", *[best.Row[c].name(c) for c in wanted]))
        g = self.table("MHS002GP")
        g = g.filter(
            g.EndDateGMPRegistration.isnull(),
            g.GMPReg.notin(NOT_REGISTERED_PRACTICES).fill_null(True),
            g.OrgIDSubICBLocGP.notnull(),
        )
        # Only the GP rows of each person's latest month matter: drop the rest first.
        g = g.semi_join(latest.select("Person_ID", "UniqMonthID"), ["Person_ID", "UniqMonthID"])
        # The practice's sub-ICB on the highest RecordNumber, the lowest code among ties.
        first = ibis.struct({"record": -g.RecordNumber, "code": g.OrgIDSubICBLocGP})
        gp = g.group_by(["Person_ID", "UniqMonthID"]).agg(GPSubICB=g.OrgIDSubICBLocGP.argmin(first))
        # One join chain, one projection (Ibis cannot extend a projected chain).
        j = latest.left_join(gp, ["Person_ID", "UniqMonthID"])
        sub_icb = gp.GPSubICB.fill_null(latest.OrgIDSubICBLocResidence)
        extra: dict[str, ir.Value] = {}
        if self.extract.has("imd_by_lsoa"):
            imd = self.extract["imd_by_lsoa"]
            imd = imd.select(
                LSOA=imd.LSOA2011, IMDQuintile=((imd.IMD_Decile + 1) // 2).cast("int32")
            ).distinct()
            j = j.left_join(imd, latest.LSOA2011 == imd.LSOA)
            extra["IMDQuintile"] = imd.IMDQuintile
        else:
            extra["IMDQuintile"] = ibis.null("int32")
        if self.extract.has("org_sub_icb_hierarchy"):
            h = self.extract["org_sub_icb_hierarchy"]
            h = h.select(
                Code=h.SubICBCode, SubICBName=h.SubICBName, ICB=h.ICBCode, ICBName=h.ICBName
            ).distinct()
            j = j.left_join(h, sub_icb == h.Code)
            extra |= {"SubICBName": h.SubICBName, "ICB": h.ICB, "ICBName": h.ICBName}
        else:
            extra |= {n: ibis.null("string") for n in ("SubICBName", "ICB", "ICBName")}
        p = j.select(
            latest.Person_ID,
            SubICB=sub_icb,
            Age=latest.AgeRepPeriodEnd,
            Gender=latest.Gender,
            EthnicCategory=latest.EthnicCategory,
            **extra,
        )
        return self.keep(p)

    @cached_property
    def provider_names(self) -> ir.Table:
        """Provider code to name (from reference/providers, when supplied)."""
        if self.extract.has("providers"):
            p = self.extract["providers"]
            return p.select("OrgIDProv", "ProviderName").distinct()
        return self.extract.small_table(
            "opencmh_no_providers",
            {"OrgIDProv": [], "ProviderName": []},
            {"OrgIDProv": "string", "ProviderName": "string"},
        )
