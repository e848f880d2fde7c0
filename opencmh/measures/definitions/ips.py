"""MHS116 and the financial-year-to-date IPS first contacts.

A referral is an IPS referral if it is referred to an IPS team (D05, through MHS101 or
MHS102) or one of its direct contacts records an IPS SNOMED procedure. No age filter (as
the official method).
"""

from __future__ import annotations

import ibis.expr.types as ir

from opencmh.measures.definitions.base import COUNT, FYTD, ROLLING_12, Family, Measure
from opencmh.measures.definitions.prep import Prepared, coded_rows

IPS_PROCEDURES = ("1082621000000104", "772822000")


def units(prep: Prepared) -> ir.Table:
    """One row per IPS referral with a direct contact up to the period end."""
    period = prep.period
    year = period.rolling_12
    fytd = period.financial_year_to_date
    r = prep.referral_rows
    by_team = r.filter(r.NIPS > 0).select("UniqServReqID")
    contacts = prep.direct_contacts
    act = prep.table("MHS202CareActivity")
    ips_codes = prep.extract.small_table(
        "opencmh_ips_procedures", {"Code": list(IPS_PROCEDURES)}, {"Code": "string"}
    )
    # Kept: with its size known, the engine joins the contact file to it, not the reverse.
    coded = prep.keep(
        coded_rows(act, "Procedure", ips_codes).select("RecordNumber", "UniqCareContID")
    )
    by_code = contacts.semi_join(coded, ["RecordNumber", "UniqCareContID"]).select("UniqServReqID")
    # Kept: a few hundred thousand referrals, so the contact file is joined to them.
    ips_refs = prep.keep(by_team.union(by_code, distinct=True))
    c = contacts.semi_join(ips_refs, "UniqServReqID")
    in_year = c.UniqMonthID.between(year.first_month, year.last_month) & c.CareContDate.between(
        year.start, year.end
    )
    # The person and provider come from the referral's latest contact (deterministic).
    per_ref = c.group_by("UniqServReqID").agg(
        Person_ID=c.Person_ID.max(),
        OrgIDProv=c.OrgIDProv.max(),
        InYear=in_year.any(),
        FirstContact=c.CareContDate.min(),
    )
    return per_ref.select(
        "Person_ID",
        "OrgIDProv",
        MHS116=per_ref.InYear,
        OCMH_IPS_FYTD=per_ref.FirstContact.between(fytd.start, fytd.end),
    )


FAMILY = Family(
    "individual placement and support",
    (
        Measure(
            "MHS116",
            "Number of referrals to Individual Placement and Support with at least one "
            "direct contact in the rolling 12 months",
            ROLLING_12,
            COUNT,
            flag="MHS116",
        ),
        Measure(
            "OCMH_IPS_FYTD",
            "Number of referrals to Individual Placement and Support whose first direct "
            "contact was in the financial year to date",
            FYTD,
            COUNT,
            flag="OCMH_IPS_FYTD",
        ),
    ),
    units,
)
