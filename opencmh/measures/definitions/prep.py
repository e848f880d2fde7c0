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


def england_resident(la: ir.StringValue) -> ir.BooleanValue:
    """LADistrictAuth starting 'E', null or blank counts as England."""
    return la.isnull() | (la.strip() == "") | la.startswith("E")


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
    def referrals(self) -> ir.Table:
        """Every monthly referral row (MHS101) with its person's residence from MHS001."""
        r = self.table("MHS101Referral")
        m = self.extract["MHS001MPI"]
        mpi = m.select("RecordNumber", England=england_resident(m.LADistrictAuth))
        joined = r.join(mpi, "RecordNumber")
        return self.keep(
            joined.select(
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
                "England",
            )
        )

    @cached_property
    def referral_teams(self) -> ir.Table:
        """One row per referral row and team type: its MHS101 team and each MHS102 team.

        This is the NHS ServiceTeamType union: a referral counts as referred to a team type
        if either its own team or any other team has that type in that month. Both rows are
        kept, which is what makes a contact count twice for MHS108 (reproduced).
        """
        tt = self.team_types
        r = self.referrals
        own = r.join(
            tt,
            [
                r.UniqMonthID == tt.UniqMonthID,
                r.OrgIDProv == tt.OrgIDProv,
                r.CareProfTeamLocalID == tt.CareProfTeamLocalID,
            ],
        ).select(r.RecordNumber, r.UniqServReqID, tt.TeamType)
        o = self.table("MHS102OtherServiceType")
        other = o.join(
            tt,
            [
                o.UniqMonthID == tt.UniqMonthID,
                o.OrgIDProv == tt.OrgIDProv,
                o.OtherCareProfTeamLocalID == tt.CareProfTeamLocalID,
            ],
        ).select(o.RecordNumber, o.UniqServReqID, tt.TeamType)
        teams = own.union(other, distinct=False)
        return self.keep(r.join(teams, ["RecordNumber", "UniqServReqID"]))

    @cached_property
    def direct_contacts(self) -> ir.Table:
        """Attended direct care contacts (MHS201) with the type of the team seen."""
        c = self.table("MHS201CareContact")
        mech = c.ConsMechanismMH
        direct = mech.isin(DIRECT_MECHANISMS) | (
            (c.UniqMonthID < DIRECT_MECHANISM_FROM_MONTH) & mech.notin(("05", "06"))
        )
        c = c.filter(c.AttendStatus.isin(ATTENDED), direct.fill_null(False))
        r = self.table("MHS101Referral").select(
            "RecordNumber", "UniqServReqID", RefTeam=ibis._.CareProfTeamLocalID
        )
        tt = self.team_types
        team_id = c.OtherCareProfTeamLocalID.fill_null(r.RefTeam)
        c = (
            c.left_join(r, ["RecordNumber", "UniqServReqID"])
            .left_join(
                tt,
                [
                    c.UniqMonthID == tt.UniqMonthID,
                    c.OrgIDProv == tt.OrgIDProv,
                    team_id == tt.CareProfTeamLocalID,
                ],
            )
            .select(
                c.UniqMonthID,
                c.OrgIDProv,
                c.Person_ID,
                c.RecordNumber,
                c.UniqServReqID,
                c.UniqCareContID,
                c.CareContDate,
                tt.TeamType,
            )
        )
        return self.keep(c)

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
        order = [ibis.desc(m.UniqMonthID), ibis.desc(m.RecordNumber)]
        m = m.mutate(_rn=ibis.row_number().over(group_by=m.Person_ID, order_by=order))
        latest = m.filter(m._rn == 0)
        g = self.table("MHS002GP")
        g = g.filter(
            g.EndDateGMPRegistration.isnull(),
            g.GMPReg.notin(NOT_REGISTERED_PRACTICES).fill_null(True),
            g.OrgIDSubICBLocGP.notnull(),
        )
        g = g.mutate(
            _rn=ibis.row_number().over(
                group_by=[g.Person_ID, g.UniqMonthID],
                order_by=[ibis.desc(g.RecordNumber), g.OrgIDSubICBLocGP],
            )
        )
        gp = g.filter(g._rn == 0).select("Person_ID", "UniqMonthID", GPSubICB=g.OrgIDSubICBLocGP)
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
