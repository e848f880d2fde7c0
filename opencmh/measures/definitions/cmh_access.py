"""MHS108: people in contact with community mental health services (rolling 12 months).

People aged 18+ at referral with two or more attended direct contacts on one referral to
a core community team (plus EIP and IPS teams from April 2023), the second inside the
window. Behaviours of the official method reproduced (docs/measures.md):

* contacts link to referral rows by the month the contact was submitted (RecordNumber);
* a referral row with two in-scope teams (MHS101 and MHS102) links each contact twice;
* referral rows with a hospital spell in the same financial year are removed.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from opencmh.measures.definitions.base import PEOPLE, ROLLING_12, Family, Measure
from opencmh.measures.definitions.prep import Prepared

# From April 2023 (month 1477) EIP and IPS teams count towards community access.
EXTRA_TEAMS_FROM_MONTH = 1477


def units(prep: Prepared) -> ir.Table:
    """One row per person and provider with a qualifying second contact."""
    window = prep.period.rolling_12
    r = prep.referral_rows
    # How many of the row's teams (own and others) are of a counted type.
    teams = r.NCore
    if prep.period.end_month >= EXTRA_TEAMS_FROM_MONTH:
        teams = r.NCore + r.NEIP + r.NIPS
    r = r.mutate(Teams=teams)
    r = r.filter(
        r.UniqMonthID.between(window.first_month, window.last_month),
        r.AgeServReferRecDate >= 18,
        r.Teams > 0,
        r.England,
    )
    r = r.join(prep.months, "UniqMonthID").select(r, FinancialYear=ibis._.FinancialYear)
    ip = prep.inpatient_referrals
    r = r.anti_join(
        ip,
        [
            r.Person_ID == ip.Person_ID,
            r.UniqServReqID == ip.UniqServReqID,
            r.FinancialYear == ip.FinancialYear,
        ],
    )
    c = prep.direct_contacts
    # The person and provider are the referral row's: a RecordNumber is one person at one
    # provider, so they are the contact's too, and the contact file's copies go unread.
    linked = c.join(r, ["RecordNumber", "UniqServReqID"]).select(
        r.Person_ID, r.OrgIDProv, r.UniqServReqID, r.Teams
    )
    # A contact links once per counted team of its referral row. Two or more links on one
    # referral means a second contact inside the window.
    per_referral = linked.group_by(["Person_ID", "OrgIDProv", "UniqServReqID"]).agg(
        n=linked.Teams.sum()
    )
    qualifying = per_referral.filter(per_referral.n >= 2)
    return qualifying.select("Person_ID", "OrgIDProv").distinct().mutate(MHS108=ibis.literal(True))


FAMILY = Family(
    "community mental health access",
    (
        Measure(
            "MHS108",
            "Number of people aged 18 and over in contact with community mental health "
            "services (two or more contacts) in the rolling 12 months",
            ROLLING_12,
            PEOPLE,
            flag="MHS108",
        ),
    ),
    units,
)
