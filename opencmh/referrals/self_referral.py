"""The public self-referral journey: its questions, the answers kept between pages, and sending.

Answers live in the server-side session until the person sends them, so no personal data
goes into a URL. The journey carries one submission key from its first page: sending
twice (a double click, or back and send again) finds the same referral.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from markupsafe import Markup

from opencmh.core.formatting import age_on, format_date, format_nhs_number
from opencmh.organisations.selectors import gp_practice_by_id
from opencmh.referrals.models import (
    ClinicalPriority,
    Referral,
    ReferralRoute,
    SourceOfReferral,
)
from opencmh.referrals.services import receive_referral

NOT_REGISTERED = "none"
ADULT_AGE = 18


@dataclass(frozen=True)
class Step:
    slug: str
    title: str


STEPS = (
    Step("danger", "Are you in danger now or thinking about ending your life?"),
    Step("name", "What is your name?"),
    Step("date-of-birth", "What is your date of birth?"),
    Step("nhs-number", "What is your NHS number?"),
    Step("postcode", "What is your postcode?"),
    Step("gp-practice", "Which GP practice are you registered with?"),
    Step("contact", "How can we contact you safely?"),
    Step("main-reason", "What is it mainly about?"),
    Step("whats-happening", "Tell us what is happening"),
    Step("communication", "Is there anything that would help us communicate with you?"),
    Step("share-with-gp", "Can we share this with your GP?"),
)
STEP_SLUGS = tuple(step.slug for step in STEPS)


@dataclass(frozen=True)
class MainReason:
    value: str
    label: str
    code: str  # MHSDS PrimReasonReferralMH; routing rules act on it


# Plain-English choices: the person never has to pick a national code.
MAIN_REASONS = (
    MainReason("low-mood", "Feeling low or depressed", "04"),
    MainReason("anxiety", "Feeling anxious, worried or panicky", "05"),
    MainReason(
        "psychosis",
        "Hearing voices, seeing things that others do not, or losing touch with reality",
        "01",
    ),
    MainReason("mood-swings", "Big changes in mood, such as bipolar disorder", "03"),
    MainReason("eating", "Eating, food or how I feel about my body", "12"),
    MainReason("self-harm", "Hurting myself (self-harm)", "15"),
    MainReason("alcohol-drugs", "Alcohol or drugs", "09"),
    MainReason("work", "Getting or keeping a job", "31"),
    MainReason("something-else", "Something else", "04"),
)
MAIN_REASON_BY_VALUE = {reason.value: reason for reason in MAIN_REASONS}


def _to_session(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


class SelfReferralSession:
    """The answers of one self-referral, kept in the session between pages."""

    SESSION_KEY = "self_referral"

    def __init__(self, session):
        self._session = session

    @property
    def _data(self) -> dict:
        return self._session.get(self.SESSION_KEY) or {}

    def _save(self, data: dict) -> None:
        self._session[self.SESSION_KEY] = data

    # The journey as a whole

    def begin(self) -> None:
        """Start a fresh journey with a new submission key, forgetting any earlier one."""
        self._save({"submission_key": str(uuid.uuid4()), "answers": {}})

    @property
    def started(self) -> bool:
        return "submission_key" in self._data

    @property
    def submission_key(self) -> uuid.UUID:
        return uuid.UUID(self._data["submission_key"])

    @property
    def sent(self) -> dict | None:
        """What the confirmation page shows once the referral has been sent."""
        return self._data.get("sent")

    def complete(self, *, reference: str) -> None:
        """Forget the answers, keeping the key and what the confirmation page needs."""
        self._save(
            {
                "submission_key": self._data["submission_key"],
                "sent": {
                    "reference": reference,
                    "urgent": self.urgent,
                    "under_18": self.under_18,
                    "has_phone": bool(self.answers("contact").get("phone")),
                    "safe_contact_times": self.answers("contact").get("safe_contact_times", ""),
                },
            }
        )

    # Answers, one step at a time

    def answers(self, slug: str) -> dict:
        return dict(self._data.get("answers", {}).get(slug) or {})

    def set_answers(self, slug: str, cleaned: dict) -> None:
        data = self._data
        data.setdefault("answers", {})[slug] = {k: _to_session(v) for k, v in cleaned.items()}
        self._save(data)

    def is_answered(self, slug: str) -> bool:
        return slug in self._data.get("answers", {})

    def first_unanswered(self) -> str | None:
        return next((slug for slug in STEP_SLUGS if not self.is_answered(slug)), None)

    def can_visit(self, slug: str) -> bool:
        """A question can be seen once every question before it has an answer."""
        return all(self.is_answered(s) for s in STEP_SLUGS[: STEP_SLUGS.index(slug)])

    @property
    def complete_answers(self) -> bool:
        return self.first_unanswered() is None

    # What the answers mean

    @property
    def urgent(self) -> bool:
        return self.answers("danger").get("in_danger") == "yes"

    @property
    def date_of_birth(self) -> dt.date | None:
        value = self.answers("date-of-birth").get("date_of_birth")
        return dt.date.fromisoformat(value) if value else None

    @property
    def under_18(self) -> bool:
        dob = self.date_of_birth
        return dob is not None and age_on(dob, timezone.localdate()) < ADULT_AGE


def previous_step(slug: str) -> str | None:
    index = STEP_SLUGS.index(slug)
    return STEP_SLUGS[index - 1] if index else None


def next_step(slug: str) -> str | None:
    index = STEP_SLUGS.index(slug)
    return STEP_SLUGS[index + 1] if index + 1 < len(STEP_SLUGS) else None


def _yes_no(value) -> str:
    return "Yes" if value in (True, "yes") else "No"


def _lines(*lines: str) -> Markup:
    """Lines shown one under another, each escaped."""
    return Markup("<br>").join(line for line in lines if line)


def check_answer_rows(journey: SelfReferralSession) -> list[dict]:
    """Rows for the summary list on the check-your-answers page, each with its Change link."""
    a = journey.answers
    name = a("name")
    contact = a("contact")
    practice_id = a("gp-practice").get("gp_practice")
    practice = gp_practice_by_id(practice_id) if practice_id != NOT_REGISTERED else None
    reason = MAIN_REASON_BY_VALUE.get(a("main-reason").get("main_reason"))
    communication = a("communication")
    contact_lines = [
        f"Phone: {contact['phone']}" if contact.get("phone") else "",
        f"Email: {contact['email']}" if contact.get("email") else "",
        (
            f"Voicemail: {_yes_no(contact.get('ok_to_leave_voicemail'))}"
            if contact.get("phone")
            else ""
        ),
        "Do not send letters" if contact.get("no_letters") else "Letters are fine",
        (
            f"Safe times: {contact['safe_contact_times']}"
            if contact.get("safe_contact_times")
            else ""
        ),
    ]
    rows = [
        ("danger", "In danger now", _yes_no(a("danger").get("in_danger")), "your answer"),
        ("name", "Name", f"{name.get('given_name', '')} {name.get('family_name', '')}", "name"),
        ("date-of-birth", "Date of birth", format_date(journey.date_of_birth), "date of birth"),
        (
            "nhs-number",
            "NHS number",
            format_nhs_number(a("nhs-number").get("nhs_number")),
            "NHS number",
        ),
        ("postcode", "Postcode", a("postcode").get("postcode") or "Not given", "postcode"),
        (
            "gp-practice",
            "GP practice",
            str(practice) if practice else "Not registered with a GP",
            "GP practice",
        ),
        ("contact", "How to contact you", _lines(*contact_lines), "contact"),
        ("main-reason", "Mainly about", reason.label if reason else "", "what it is mainly about"),
        (
            "whats-happening",
            "What is happening",
            _lines(*a("whats-happening").get("reason_for_referral", "").splitlines()),
            "what is happening",
        ),
        (
            "whats-happening",
            "Help you would like",
            a("whats-happening").get("help_wanted") or "Not given",
            "help you would like",
        ),
        (
            "communication",
            "Language",
            communication.get("preferred_language") or "English",
            "language",
        ),
        (
            "communication",
            "Interpreter needed",
            _yes_no(communication.get("interpreter_needed")),
            "interpreter",
        ),
        (
            "communication",
            "Communication and accessibility needs",
            communication.get("communication_needs") or "None given",
            "communication and accessibility needs",
        ),
        (
            "share-with-gp",
            "Share with your GP",
            _yes_no(a("share-with-gp").get("consent_to_share_with_gp")),
            "whether we can share with your GP",
        ),
    ]
    return [
        {
            "key": {"text": key},
            "value": {"html": value} if isinstance(value, Markup) else {"text": value},
            "actions": {
                "items": [
                    {
                        "href": reverse(f"self_referral:{slug}"),
                        "text": "Change",
                        "visuallyHiddenText": hidden,
                    }
                ]
            },
        }
        for slug, key, value, hidden in rows
    ]


def _person_fields(journey: SelfReferralSession) -> dict:
    a = journey.answers
    contact = a("contact")
    communication = a("communication")
    practice_id = a("gp-practice").get("gp_practice")
    return {
        "given_name": a("name")["given_name"],
        "family_name": a("name")["family_name"],
        "date_of_birth": journey.date_of_birth,
        "nhs_number": a("nhs-number").get("nhs_number") or "",
        "postcode": a("postcode").get("postcode") or "",
        "gp_practice": (gp_practice_by_id(practice_id) if practice_id != NOT_REGISTERED else None),
        "phone": contact.get("phone") or "",
        "email": contact.get("email") or "",
        # Without a phone number there is nowhere to leave a voicemail.
        "ok_to_leave_voicemail": contact.get("ok_to_leave_voicemail") == "yes",
        "no_letters": bool(contact.get("no_letters")),
        "safe_contact_times": contact.get("safe_contact_times") or "",
        "preferred_language": communication.get("preferred_language") or "English",
        "interpreter_needed": communication.get("interpreter_needed") == "yes",
        "communication_needs": communication.get("communication_needs") or "",
    }


def _referral_fields(journey: SelfReferralSession) -> dict:
    a = journey.answers
    reason = MAIN_REASON_BY_VALUE[a("main-reason")["main_reason"]]
    return {
        "primary_reason": reason.code,
        "clinical_priority": (
            ClinicalPriority.URGENT if journey.urgent else ClinicalPriority.ROUTINE
        ),
        "urgent_concern": journey.urgent,
        "reason_for_referral": a("whats-happening")["reason_for_referral"],
        "help_wanted": a("whats-happening").get("help_wanted") or "",
        "consent_to_share_with_gp": a("share-with-gp")["consent_to_share_with_gp"] == "yes",
    }


def send_self_referral(*, user, journey: SelfReferralSession) -> Referral:
    """Send the answers as one referral (the same one however often this is called)."""
    referral = receive_referral(
        user=user,
        submission_key=journey.submission_key,
        person_fields=_person_fields(journey),
        referral_fields=_referral_fields(journey),
        source_of_referral=SourceOfReferral.SELF,
        route_taken=ReferralRoute.SELF_ONLINE,
    )
    journey.complete(reference=referral.reference)
    return referral
