"""EIP23: Early Intervention in Psychosis referrals and the two-week clock.

Referrals with primary reason '01' (suspected first episode psychosis) to an A14 team.
The clock stops at the later of the first direct contact with an A14 team and the first
A14 care-coordinator allocation, both on or after the referral date. No age or residence
filter (as the official method). An open allocation counts only from the row submitted in
the reporting month (reproduced; see docs/measures.md).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from opencmh.measures.definitions.base import (
    AT_END,
    COUNT,
    PERCENT,
    ROLLING_3,
    Family,
    Measure,
)
from opencmh.measures.definitions.prep import EIP_TEAM, Prepared, days_between, latest_rows

FEP_REASON = "01"
STANDARD_DAYS = 14


def units(prep: Prepared) -> ir.Table:
    """One row per in-scope EIP referral (its latest row up to the period end)."""
    period = prep.period
    window = period.months(3)
    r = prep.referral_rows
    r = r.filter(r.PrimReasonReferralMH == FEP_REASON, r.NEIP > 0)
    ref = latest_rows(r, ["UniqServReqID"]).select(
        "UniqServReqID",
        "Person_ID",
        "OrgIDProv",
        "UniqMonthID",
        "ReferralRequestReceivedDate",
        "ServDischDate",
        "ReferRejectionDate",
    )

    received = ref.select("UniqServReqID", "Person_ID", "OrgIDProv", "ReferralRequestReceivedDate")
    # The team seen is resolved only for contacts on EIP referrals (a small share).
    # Kept: the team lookup reads these contacts twice, and the contact file is large.
    c = prep.direct_contacts.semi_join(received, "UniqServReqID")
    c = prep.keep(
        c.select(
            "UniqMonthID",
            "OrgIDProv",
            "RecordNumber",
            "UniqServReqID",
            "CareContDate",
            "OtherCareProfTeamLocalID",
        )
    )
    c = prep.with_team_type(c)
    c = c.filter(c.TeamType == EIP_TEAM).select("UniqServReqID", "CareContDate")
    cj = c.join(received, "UniqServReqID")
    cj = cj.filter(cj.CareContDate >= cj.ReferralRequestReceivedDate)
    first_contact = cj.group_by("UniqServReqID").agg(FirstContact=cj.CareContDate.min())

    a = prep.table("MHS006MHCareCoord")
    a = a.filter(
        a.CareProfServOrTeamTypeAssoc == EIP_TEAM,
        a.EndDateAssCareCoord.notnull() | (a.UniqMonthID == period.end_month),
    ).select("Person_ID", "OrgIDProv", "StartDateAssCareCoord")
    aj = a.join(received, ["Person_ID", "OrgIDProv"])
    aj = aj.filter(aj.StartDateAssCareCoord >= aj.ReferralRequestReceivedDate)
    first_alloc = aj.group_by("UniqServReqID").agg(FirstAllocation=aj.StartDateAssCareCoord.min())

    u = ref.left_join(first_contact, "UniqServReqID").left_join(first_alloc, "UniqServReqID")
    u = u.select(ref, "FirstContact", "FirstAllocation")
    stop = ibis.ifelse(
        u.FirstContact.notnull() & u.FirstAllocation.notnull(),
        ibis.greatest(u.FirstContact, u.FirstAllocation),
        ibis.null("date"),
    )
    u = prep.keep(u.mutate(ClockStop=stop))
    days_to_stop = days_between(u.ClockStop, u.ReferralRequestReceivedDate)
    stopped = u.ClockStop.between(window.start, window.end).fill_null(False)
    open_at_end = (
        (u.UniqMonthID == period.end_month)
        & (u.ServDischDate.isnull() | (u.ServDischDate > period.end))
        & u.ReferRejectionDate.isnull()
        & (u.ReferralRequestReceivedDate <= period.end)
    )
    waiting = open_at_end & (u.ClockStop.isnull() | (u.ClockStop > period.end))
    waited = days_between(ibis.literal(period.end), u.ReferralRequestReceivedDate)
    return u.select(
        "Person_ID",
        "OrgIDProv",
        EIP23a=stopped,
        EIP23b=stopped & (days_to_stop <= STANDARD_DAYS).fill_null(False),
        EIP23c=stopped & (days_to_stop > STANDARD_DAYS).fill_null(False),
        EIP23d=waiting.fill_null(False),
        EIP23e=(waiting & (waited <= STANDARD_DAYS)).fill_null(False),
        EIP23f=(waiting & (waited > STANDARD_DAYS)).fill_null(False),
    )


_SCOPE = "referrals on the EIP pathway (suspected first episode psychosis)"

FAMILY = Family(
    "early intervention in psychosis",
    (
        Measure(
            "EIP23a",
            f"Open {_SCOPE} that entered treatment in the period",
            ROLLING_3,
            COUNT,
            flag="EIP23a",
        ),
        Measure(
            "EIP23b",
            f"Open {_SCOPE} that entered treatment within two weeks of referral",
            ROLLING_3,
            COUNT,
            flag="EIP23b",
        ),
        Measure(
            "EIP23c",
            f"Open {_SCOPE} that entered treatment more than two weeks after referral",
            ROLLING_3,
            COUNT,
            flag="EIP23c",
        ),
        Measure(
            "EIP23d",
            f"Open {_SCOPE} waiting for treatment at the end of the period",
            AT_END,
            COUNT,
            flag="EIP23d",
        ),
        Measure(
            "EIP23e",
            f"Open {_SCOPE} waiting for treatment two weeks or less",
            AT_END,
            COUNT,
            flag="EIP23e",
        ),
        Measure(
            "EIP23f",
            f"Open {_SCOPE} waiting for treatment more than two weeks",
            AT_END,
            COUNT,
            flag="EIP23f",
        ),
        Measure(
            "EIP23i",
            f"Proportion of {_SCOPE} that entered treatment within two weeks",
            ROLLING_3,
            PERCENT,
            numerator="EIP23b",
            denominator="EIP23a",
        ),
        Measure(
            "EIP23j",
            f"Proportion of {_SCOPE} waiting for treatment more than two weeks",
            AT_END,
            PERCENT,
            numerator="EIP23f",
            denominator="EIP23d",
        ),
    ),
    units,
)
