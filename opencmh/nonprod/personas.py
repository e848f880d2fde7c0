"""The demo log-ins: one persona per role. Non-production only."""

from dataclasses import dataclass

DEMO_PASSWORD = "opencmh-demo-2026"


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: str
    job_title: str
    sees: str


PERSONAS = [
    Persona(
        "triage",
        "Priya",
        "Shah",
        "triage_clinician",
        "Triage nurse, single point of access",
        "the triage queue of referrals waiting",
    ),
    Persona(
        "keyworker",
        "Tom",
        "Okafor",
        "key_worker",
        "Community mental health nurse",
        "their caseload as key worker",
    ),
    Persona(
        "employment",
        "Grace",
        "Lewis",
        "employment_specialist",
        "IPS employment specialist",
        "the IPS team's people",
    ),
    Persona(
        "manager",
        "Sam",
        "Patel",
        "team_manager",
        "Team manager, community mental health team",
        "the team's referrals and caseloads",
    ),
    Persona(
        "partner",
        "Jo",
        "Bennett",
        "partner_referrer",
        "Support worker, voluntary sector",
        "the referrals they made, and a referral form",
    ),
    Persona(
        "pharmacist",
        "Nadia",
        "Begum",
        "partner_referrer",
        "Community pharmacist",
        "the referrals they made, and a referral form",
    ),
    Persona(
        "gp",
        "Dr Amir",
        "Hussain",
        "partner_referrer",
        "GP",
        "the referrals they made, and a referral form",
    ),
    Persona(
        "ics",
        "Helen",
        "Morris",
        "ics_manager",
        "ICS mental health programme manager",
        "organisations, teams and aggregate figures",
    ),
    Persona(
        "bereavement",
        "Ruth",
        "Adeyemi",
        "bereavement_support_worker",
        "Suicide bereavement support worker",
        "referrals of people bereaved by suicide, least time to first contact first",
    ),
    Persona("person", "Alex", "Carter", "person", "", "their own record and who has looked at it"),
    Persona(
        "admin",
        "Chris",
        "Evans",
        "system_admin",
        "System administrator",
        "the organisation overview and the admin site",
    ),
]
