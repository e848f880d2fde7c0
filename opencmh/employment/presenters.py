"""Formatting for IPS pages: targets and due dates written out in words, never colour alone."""

import datetime as dt
from dataclasses import dataclass

from opencmh.core.formatting import format_date
from opencmh.employment import fidelity, rules
from opencmh.employment.models import EmployerSector, IPSReferral, JobStart

_FIRST_CONTACT_TAGS = {
    rules.TargetState.MET: "nhsuk-tag--green",
    rules.TargetState.MISSED: "nhsuk-tag--red",
    rules.TargetState.DUE: "nhsuk-tag--yellow",
    rules.TargetState.OVERDUE: "nhsuk-tag--red",
}


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def first_contact_tag(target: rules.FirstContactTarget) -> dict:
    if target.state is rules.TargetState.MET:
        text = f"Met: first employer contact after {_days(target.days_taken)}"
    elif target.state is rules.TargetState.MISSED:
        text = f"Missed: first employer contact after {_days(target.days_taken)}"
    elif target.state is rules.TargetState.DUE:
        text = f"Due by {format_date(target.due_by)} ({_days(target.days_left)} left)"
    else:
        text = f"Missed: no employer contact yet, due by {format_date(target.due_by)}"
    return {"text": text, "classes": _FIRST_CONTACT_TAGS[target.state]}


@dataclass
class Milestone:
    weeks: int
    due_on: dt.date
    state: rules.SustainmentState
    recorded_on: dt.date | None

    @property
    def tag(self) -> dict:
        due = format_date(self.due_on)
        if self.state is rules.SustainmentState.SUSTAINED:
            return {
                "text": f"Sustained at {self.weeks} weeks (recorded {format_date(self.recorded_on)})",
                "classes": "nhsuk-tag--green",
            }
        if self.state is rules.SustainmentState.NOT_SUSTAINED:
            return {
                "text": f"Not sustained at {self.weeks} weeks (recorded {format_date(self.recorded_on)})",
                "classes": "nhsuk-tag--grey",
            }
        if self.state is rules.SustainmentState.DUE:
            return {
                "text": f"{self.weeks}-week check due since {due}",
                "classes": "nhsuk-tag--yellow",
            }
        return {"text": f"{self.weeks}-week check due {due}", "classes": "nhsuk-tag--white"}

    @property
    def can_record(self) -> bool:
        return self.recorded_on is None


@dataclass
class JobPresenter:
    job: JobStart
    today: dt.date

    @property
    def title(self) -> str:
        return f"{self.job.job_title} at {self.job.employer_name}"

    @property
    def sector(self) -> str:
        return EmployerSector(self.job.sector).label

    @property
    def hours(self) -> str:
        hours = self.job.hours_per_week
        return f"{hours.normalize():f} hours a week"

    def milestones(self) -> list[Milestone]:
        recorded = {s.weeks: s for s in self.job.sustainments.all()}
        rows = []
        for weeks in rules.SUSTAINMENT_WEEKS:
            row = recorded.get(weeks)
            rows.append(
                Milestone(
                    weeks,
                    rules.sustainment_due_on(self.job.started_on, weeks),
                    rules.sustainment_state(
                        started_on=self.job.started_on,
                        weeks=weeks,
                        recorded=row.sustained if row else None,
                        today=self.today,
                    ),
                    row.recorded_on if row else None,
                )
            )
        return rows

    def next_milestone(self) -> Milestone | None:
        return next((m for m in self.milestones() if m.can_record), None)


@dataclass
class IPSRecordPresenter:
    record: IPSReferral
    today: dt.date

    @property
    def name(self) -> str:
        return self.record.referral.person.full_name

    @property
    def specialist(self) -> str:
        s = self.record.employment_specialist
        return s.display_name if s else "Not allocated"

    @property
    def first_contact(self) -> rules.FirstContactTarget:
        return rules.first_employer_contact(
            referred_on=self.record.referred_on,
            first_contact_on=self.record.first_employer_contact_on,
            today=self.today,
        )

    @property
    def first_contact_tag(self) -> dict:
        return first_contact_tag(self.first_contact)

    def jobs(self) -> list[JobPresenter]:
        return [JobPresenter(job, self.today) for job in self.record.jobs.all()]

    @property
    def current_job(self) -> JobPresenter | None:
        return next((j for j in self.jobs() if j.job.ended_on is None), None)

    def due(self) -> list[dict]:
        """The next sustainment check of every job still held."""
        return [
            m.tag
            for job in self.jobs()
            if job.job.ended_on is None and (m := job.next_milestone()) is not None
        ]


def band_label(code: str) -> str:
    return next((b.label for b in fidelity.BANDS if b.code == code), code)


def band_tag(code: str) -> dict:
    classes = {
        "exemplary": "nhsuk-tag--green",
        "good": "nhsuk-tag--blue",
        "fair": "nhsuk-tag--yellow",
        "not_ips": "nhsuk-tag--red",
    }
    return {"text": band_label(code), "classes": classes.get(code, "")}
