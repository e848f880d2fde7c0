"""MRS01-MRS03b: four-week waits for adult community mental health care.

Referrals of one person to one provider's core community teams merge into spells when
they overlap or the gap is 5 days or less. The clock stops at the latest of four first
events in the spell: a direct contact, a baseline outcome measure, a meaningful
assessment (spells from April 2024) and an agreed care plan or intervention.
"""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from opencmh.measures.definitions.base import (
    AT_END,
    COUNT,
    PERCENT,
    QUANTILE,
    QUARTER,
    Family,
    Measure,
)
from opencmh.measures.definitions.prep import (
    Prepared,
    coded_rows,
    days_between,
    latest_rows,
)

SPELL_GAP_DAYS = 5
ASSESSMENT_RULE_FROM = date(2024, 4, 1)
ASSESSMENT_REFSET = "1853441000000109"
INTERVENTION_REFSETS = ("1853461000000105", "1853481000000101", "1853451000000107")
# Consultation, signposting and 2386021000000108 never stop the clock (NHS rule).
NEVER_COUNT = ("11429006", "975131000000104", "2386021000000108")
EXCLUDED_PROVIDERS = ("DFC",)  # a national digital service, not a community team
CLOCK_DAYS = 28
LONG_WAIT_WEEKS = (52, 78, 104)
# Clock event kinds, as small integers: contact, outcome, assessment, intervention.
KINDS = (0, 1, 2, 3)


def _in_scope_referrals(prep: Prepared) -> ir.Table:
    r = prep.referral_rows
    r = r.filter(
        r.AgeServReferRecDate >= 18,
        r.NCore > 0,
        r.England,
        r.OrgIDProv.notin(EXCLUDED_PROVIDERS),
    )
    # Any hospital spell on the referral (up to the period end) removes it.
    ip = prep.inpatient_referrals
    r = r.anti_join(ip, [r.Person_ID == ip.Person_ID, r.UniqServReqID == ip.UniqServReqID])
    r = r.join(prep.months, "UniqMonthID").select(r, MonthEnd=ibis._.MonthEnd)
    end = ibis.ifelse(
        r.ServDischDate.isnull() | (r.ServDischDate > r.MonthEnd), r.MonthEnd, r.ServDischDate
    )
    return r.mutate(EndDate=end)


def _spells(latest: ir.Table) -> ir.Table:
    """Merge each person's referrals at a provider into spells (gap of 5 days or less)."""
    keys = ["Person_ID", "OrgIDProv"]
    starts = latest.select(*keys, Date=latest.ReferralRequestReceivedDate, Inc=ibis.literal(1))
    ends = latest.select(
        *keys, Date=latest.EndDate + ibis.interval(days=SPELL_GAP_DAYS), Inc=ibis.literal(-1)
    )
    events = starts.union(ends, distinct=False).group_by([*keys, "Date"]).agg(Inc=ibis._.Inc.sum())
    running = ibis.cumulative_window(group_by=keys, order_by="Date")
    events = events.mutate(Open=events.Inc.sum().over(running))
    backwards = ibis.cumulative_window(group_by=keys, order_by=ibis.desc("Date"))
    events = events.mutate(Group=ibis.ifelse(events.Open == 0, 1, 0).sum().over(backwards))
    spells = events.group_by([*keys, "Group"]).agg(
        StartDate=events.Date.min(), PaddedEnd=events.Date.max()
    )
    # One whole number names each spell: later joins and groupings on it are far cheaper
    # than on the person, provider and group. Its value never reaches the output.
    return spells.mutate(
        EndDate=spells.PaddedEnd - ibis.interval(days=SPELL_GAP_DAYS),
        SpellID=ibis.row_number().over(order_by=[*keys, "Group"]),
    )


def _latest_rows(refs: ir.Table) -> ir.Table:
    """Each in-scope referral's latest row: highest month, then highest RecordNumber."""
    return latest_rows(refs, ["Person_ID", "UniqServReqID"]).select(
        "Person_ID",
        "OrgIDProv",
        "UniqMonthID",
        "ReferralRequestReceivedDate",
        "ServDischDate",
        "EndDate",
    )


def _events(prep: Prepared, link: ir.Table) -> ir.Table:
    """Every clock event (direct contact, outcome measure, assessment, intervention) on an
    in-scope referral row, paired with each spell of `link` it falls inside."""
    period = prep.period
    tools = prep.extract["coded_assessment_tools"]
    outcome_tools = tools.filter(tools.CountsAsOutcome == 1).select("CodedAssToolType").distinct()
    a606 = prep.table("MHS606CodedScoreAssessmentRefer").semi_join(
        outcome_tools, "CodedAssToolType"
    )
    a606 = a606.select("RecordNumber", "UniqServReqID", Day=a606.AssToolCompTimestamp.date())
    # An outcome score in a care activity dates from its contact and counts on the
    # contact's referral row: once per contact, however many scores it holds.
    c607 = prep.activity_scores.semi_join(outcome_tools, "CodedAssToolType")
    c607 = c607.select(
        "RecordNumber", "UniqCareContID", UniqServReqID=c607.ContactServReqID, Day=c607.CareContDate
    ).distinct()
    outcomes = a606.union(c607.drop("UniqCareContID"), distinct=False)

    refset = prep.extract["snomed_refset_members"]
    refset = refset.filter(
        refset.Active == 1, refset.ReferencedComponentID.notin(NEVER_COUNT)
    ).select(
        Code=refset.ReferencedComponentID,
        Assessment=refset.RefSetID == ASSESSMENT_REFSET,
        Intervention=refset.RefSetID.isin(INTERVENTION_REFSETS),
    )
    refset = refset.filter(refset.Assessment | refset.Intervention)
    contact, outcome, assessment, intervention = (ibis.literal(k, "int8") for k in KINDS)

    ref_keys = ["RecordNumber", "UniqServReqID"]
    linked = ["SpellID", "StartDate", "EndDate", "Kind"]

    # Care activities take their date from their contact: they are linked to in-scope
    # referral rows first, so only those look up a date.
    act = coded_rows(prep.table("MHS202CareActivity"), "Procedure", refset)
    act = act.select(
        *ref_keys, "UniqCareContID", Kind=ibis.ifelse(act.Assessment, assessment, intervention)
    )
    # Each step is kept, so the engine knows how few rows it has and builds its join on
    # them rather than on the contact file.
    act = prep.keep(act.join(link, ref_keys).select(*linked, "RecordNumber", "UniqCareContID"))
    all_contacts = prep.table("MHS201CareContact")
    act = act.join(
        all_contacts.select("RecordNumber", "UniqCareContID", Day=ibis._.CareContDate),
        ["RecordNumber", "UniqCareContID"],
    ).select(*linked, "Day")
    # Spark reads a kept int8 column back as int32: the union needs one type.
    act = prep.keep(act).mutate(Kind=ibis._.Kind.cast("int8"))

    ind = coded_rows(prep.table("MHS204IndirectActivity"), "IndActProcedure", refset)
    contacts = prep.direct_contacts.filter(ibis._.CareContDate <= period.end)
    events = [
        contacts.select(*ref_keys, Day=contacts.CareContDate, Kind=contact),
        outcomes.select(*ref_keys, "Day", Kind=outcome),
        ind.select(
            *ref_keys,
            Day=ind.IndirectActDate,
            Kind=ibis.ifelse(ind.Assessment, assessment, intervention),
        ),
    ]
    every = events[0]
    for e in events[1:]:
        every = every.union(e, distinct=False)
    every = every.join(link, ref_keys).select(*linked, "Day")
    ej = every.union(act, distinct=False)
    return ej.filter(ej.Day.between(ej.StartDate, ej.EndDate))


def units(prep: Prepared) -> ir.Table:
    """One row per spell overlapping the quarter or open at the period end."""
    period = prep.period
    quarter = period.quarter
    # Kept narrow: only what the latest rows and the event links read.
    refs = _in_scope_referrals(prep).select(
        "Person_ID",
        "OrgIDProv",
        "UniqMonthID",
        "RecordNumber",
        "UniqServReqID",
        "ReferralRequestReceivedDate",
        "ServDischDate",
        "EndDate",
    )
    refs = prep.keep(refs)
    latest = prep.keep(_latest_rows(refs))
    spells = prep.keep(_spells(latest))
    # Events matter only to spells that end in or after the quarter: a clock cannot stop
    # after its spell ends, and only such spells can be open at the period end. Earlier
    # spells stay in the units with every flag false.
    s = spells.filter(spells.EndDate >= quarter.start)
    spell_keys = ["SpellID"]

    def in_spell(t: ir.Table, day: str) -> ir.Table:
        """Rows of `t` (by person and provider) dated inside a spell, with the spell key."""
        extra = [t[c] for c in t.columns if c not in s.columns]
        j = s.join(t, ["Person_ID", "OrgIDProv"]).select(
            s.SpellID, s.StartDate, s.EndDate, s.PaddedEnd, *extra
        )
        return j.filter(j[day].between(j.StartDate, j.EndDate))

    # Events count only on in-scope referral rows (same RecordNumber and referral) and in
    # a spell of that person and provider that they fall inside. Pairing each in-scope
    # referral row with its person's spells first lets one join do both. An event's
    # person and provider are those of its RecordNumber (one person at one provider in
    # one month), so events carry only the referral row's keys.
    # `refs` holds one row per referral row (RecordNumber and UniqServReqID).
    link = refs.select("RecordNumber", "UniqServReqID", "Person_ID", "OrgIDProv")
    link = prep.keep(
        link.join(s, ["Person_ID", "OrgIDProv"]).select(
            "RecordNumber", "UniqServReqID", *spell_keys, "StartDate", "EndDate"
        )
    )
    ej = _events(prep, link)
    contact, outcome, assessment, intervention = (ibis.literal(k, "int8") for k in KINDS)
    kind = ej.Kind
    firsts = prep.keep(
        ej.group_by(spell_keys).agg(
            FirstContact=ej.Day.min(where=kind == contact),
            FirstOutcome=ej.Day.min(where=kind == outcome),
            FirstAssessment=ej.Day.min(where=kind == assessment),
            FirstIntervention=ej.Day.min(where=kind == intervention),
            Contacts=(kind == contact).sum().cast("int64"),
        )
    )

    plans = prep.table("MHS008CarePlanType")
    agreed = (
        prep.table("MHS009CarePlanAgreement").select("RecordNumber", "UniqCarePlanID").distinct()
    )
    plans = plans.semi_join(agreed, ["RecordNumber", "UniqCarePlanID"])
    plans = plans.mutate(PlanDay=plans.CarePlanLastUpdateDate.fill_null(plans.CarePlanCreatDate))
    pj = in_spell(plans, "PlanDay")
    plan_day = ibis.ifelse(
        (pj.CarePlanCreatDate >= pj.StartDate)
        & (pj.CarePlanCreatDate <= pj.CarePlanLastUpdateDate),
        pj.CarePlanCreatDate,
        pj.CarePlanLastUpdateDate,
    )
    first_plan = prep.keep(pj.group_by(spell_keys).agg(FirstPlan=plan_day.min()))

    u = spells
    for part in (firsts, first_plan):
        u = u.left_join(part, spell_keys).select(
            u, *[c for c in part.columns if c not in spell_keys]
        )
    care = ibis.ifelse(
        u.FirstIntervention.isnull(),
        u.FirstPlan,
        ibis.ifelse(
            u.FirstPlan.isnull(), u.FirstIntervention, ibis.least(u.FirstIntervention, u.FirstPlan)
        ),
    )
    u = u.mutate(FirstCare=care)
    three = u.FirstContact.notnull() & u.FirstOutcome.notnull() & u.FirstCare.notnull()
    waived = (u.StartDate < ASSESSMENT_RULE_FROM) & (u.FirstContact < ASSESSMENT_RULE_FROM)
    stop = ibis.ifelse(
        three & waived,
        ibis.greatest(u.FirstContact, u.FirstOutcome, u.FirstCare),
        ibis.ifelse(
            three & u.FirstAssessment.notnull(),
            ibis.greatest(u.FirstContact, u.FirstOutcome, u.FirstCare, u.FirstAssessment),
            ibis.null("date"),
        ),
    )
    # Cached so later expressions refer to the column, not the whole clock-stop rule.
    u = prep.keep(u.mutate(ClockStop=stop))

    # A spell is open at the period end if one of its referrals' latest rows is in the
    # final month and undischarged (or discharged in the last few days: official rule).
    lr = latest.filter(latest.UniqMonthID == period.end_month).select(
        "Person_ID", "OrgIDProv", "ReferralRequestReceivedDate", "ServDischDate"
    )
    lj = in_spell(lr, "ReferralRequestReceivedDate")
    open_ref = lj.ServDischDate.isnull() | (
        days_between(ibis.literal(period.end), lj.PaddedEnd) <= SPELL_GAP_DAYS
    )
    opened = prep.keep(lj.group_by(spell_keys).agg(Open=open_ref.any()))
    u = u.left_join(opened, spell_keys).select(u, Open=opened.Open.fill_null(False))

    u = prep.keep(u)

    stopped = u.ClockStop.between(quarter.start, quarter.end).fill_null(False)
    days_to_stop = days_between(u.ClockStop, u.StartDate)
    open_at_end = (
        u.Open & (u.EndDate >= period.minus_days(SPELL_GAP_DAYS)) & (u.StartDate <= period.end)
    )
    waiting = open_at_end & (u.ClockStop.isnull() | (u.ClockStop > period.end))
    waiting_second = open_at_end & (u.Contacts.fill_null(0) < 2)
    waited_days = days_between(ibis.literal(period.end), u.StartDate)
    flags = {
        "MRS01": stopped,
        "MRS01a": stopped & (days_to_stop <= CLOCK_DAYS).fill_null(False),
        "OCMH_4WW_WAITING": waiting,
        "MRS03": waiting_second,
    }
    for letter, weeks in zip("abc", LONG_WAIT_WEEKS, strict=True):
        flags[f"MRS02{letter}"] = waiting & (waited_days > weeks * 7)
    return u.select("Person_ID", "OrgIDProv", WaitedDays=waited_days, **flags)


_SPELLS = "spells of care with adult and older adult community mental health teams"


def _measures() -> tuple[Measure, ...]:
    ms = [
        Measure(
            "MRS01",
            f"Number of {_SPELLS} whose four-week-wait clock stopped in the quarter",
            QUARTER,
            COUNT,
            flag="MRS01",
        ),
        Measure(
            "MRS01a",
            f"Number of {_SPELLS} whose clock stopped within 28 days of referral",
            QUARTER,
            COUNT,
            flag="MRS01a",
        ),
        Measure(
            "MRS01b",
            f"Proportion of {_SPELLS} whose clock stopped within 28 days",
            QUARTER,
            PERCENT,
            numerator="MRS01a",
            denominator="MRS01",
        ),
    ]
    for letter, weeks in zip("abc", LONG_WAIT_WEEKS, strict=True):
        ms.append(
            Measure(
                f"MRS02{letter}",
                f"Number of {_SPELLS} still waiting at the end of "
                f"the period after more than {weeks} weeks",
                AT_END,
                COUNT,
                flag=f"MRS02{letter}",
            )
        )
    ms.append(
        Measure(
            "OCMH_4WW_WAITING",
            f"Number of {_SPELLS} still waiting at the end of the period",
            AT_END,
            COUNT,
            flag="OCMH_4WW_WAITING",
        )
    )
    for letter, count_letter, weeks in zip("def", "abc", LONG_WAIT_WEEKS, strict=True):
        ms.append(
            Measure(
                f"MRS02{letter}",
                f"Proportion of {_SPELLS} still waiting that have waited more than {weeks} weeks",
                AT_END,
                PERCENT,
                numerator=f"MRS02{count_letter}",
                denominator="OCMH_4WW_WAITING",
            )
        )
    ms += [
        Measure(
            "MRS03",
            f"Number of {_SPELLS} still waiting for a second contact",
            AT_END,
            COUNT,
            flag="MRS03",
        ),
        Measure(
            "MRS03a",
            "Median days waited by spells still waiting for a second contact",
            AT_END,
            QUANTILE,
            flag="MRS03",
            value="WaitedDays",
            quantile=(1, 2),
            base="MRS03",
        ),
        Measure(
            "MRS03b",
            "90th percentile of days waited by spells still waiting for a second contact",
            AT_END,
            QUANTILE,
            flag="MRS03",
            value="WaitedDays",
            quantile=(9, 10),
            base="MRS03",
        ),
    ]
    return tuple(ms)


FAMILY = Family("four-week waits", _measures(), units)
