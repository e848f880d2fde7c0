"""A seeded synthetic integrated care system for the demo. Non-production only.

One ICB, two places (an urban one and a rural one), six PCNs, 30 GP practices, every
community team type, partner organisations, and about 5,000 people whose ethnicity and
deprivation mix follow an English urban-and-rural ICS. NHS numbers come from the 999
test range, which is never issued to real people.
"""

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker

from opencmh.core.models import Role, User
from opencmh.core.nhs_number import synthetic_nhs_number
from opencmh.nonprod.demo_bereavement import add_bereavement
from opencmh.nonprod.demo_care import add_care
from opencmh.nonprod.demo_employment import add_employment
from opencmh.nonprod.demo_outcomes import add_outcome_histories
from opencmh.nonprod.demo_pathways import add_pathways
from opencmh.nonprod.demo_physical_health import add_physical_health
from opencmh.nonprod.personas import DEMO_PASSWORD, PERSONAS
from opencmh.organisations.models import (
    ICB,
    GPPractice,
    PartnerOrganisation,
    PrimaryCareNetwork,
    Provider,
    SubICBLocation,
    Team,
)
from opencmh.people.models import Person
from opencmh.referrals.models import (
    ClockEvent,
    Handover,
    InformationRequest,
    Referral,
    ReferralStatusChange,
)
from opencmh.referrals.routing import ensure_default_rules

PLACES = [
    # code, name, urban?, PCN names, postcode districts (fictional outward codes)
    (
        "91R",
        "Riverside",
        True,
        ["Riverside Central", "Riverside North", "Docklands"],
        ["RV1", "RV2", "RV3", "RV4"],
    ),
    (
        "92M",
        "Moorland",
        False,
        ["Moorland Market Towns", "Upper Dale", "Coast and Villages"],
        ["MD1", "MD2", "MD3"],
    ),
]
PLACE_TEAMS = [
    ("A18", "Single point of access"),
    ("A14", "Early intervention in psychosis"),
    ("C10", "Community eating disorder team"),
    ("D05", "Individual placement and support"),
    ("A16", "Complex emotional needs service"),
    ("A09", "Community rehabilitation team"),
    ("A08", "Assertive outreach team"),
    ("A05", "Primary care mental health team"),
    ("A12", "Psychotherapy service"),
    ("A13", "Psychological therapies service"),
]
# Ethnic category weights (percent): urban place like a diverse English city, rural like a county.
ETHNICITY_URBAN = {
    "A": 52,
    "B": 1,
    "C": 6,
    "D": 1.5,
    "E": 1,
    "F": 1,
    "G": 1.5,
    "H": 6,
    "J": 9,
    "K": 3,
    "L": 2,
    "M": 3,
    "N": 5,
    "P": 1,
    "R": 1,
    "S": 2,
    "Z": 3,
    "99": 1,
}
ETHNICITY_RURAL = {
    "A": 88,
    "B": 0.5,
    "C": 4,
    "D": 0.5,
    "E": 0.3,
    "F": 0.5,
    "G": 0.5,
    "H": 0.8,
    "J": 0.5,
    "K": 0.2,
    "L": 0.4,
    "M": 0.2,
    "N": 0.4,
    "P": 0.1,
    "R": 0.4,
    "S": 0.4,
    "Z": 1.8,
    "99": 0.5,
}
# IMD decile weights: the urban place skews deprived, the rural one less so.
IMD_URBAN = [18, 16, 13, 11, 9, 8, 7, 7, 6, 5]
IMD_RURAL = [4, 6, 8, 10, 12, 13, 13, 12, 11, 11]
SOURCE_WEIGHTS = {
    "A1": 45,
    "B1": 14,
    "I2": 8,
    "H1": 7,
    "F3": 6,
    "C1": 4,
    "E1": 4,
    "I1": 3,
    "N3": 2,
    "D1": 2,
    "M6": 2,
    "B2": 2,
    "Q1": 1,
}
REASON_WEIGHTS = {
    "04": 22,
    "05": 16,
    "02": 10,
    "03": 7,
    "14": 8,
    "11": 7,
    "15": 5,
    "09": 4,
    "18": 5,
    "01": 4,
    "12": 4,
    "31": 3,
    "32": 2,
    "06": 3,
}
STATUS_WEIGHTS = {
    "accepted": 66,
    "received": 10,
    "more_information": 4,
    "connected_elsewhere": 8,
    "discharged": 12,
}


def _postcode(rng: random.Random, districts: list[str]) -> str:
    return f"{rng.choice(districts)} {rng.randrange(1, 10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _age(rng: random.Random) -> int:
    # Adults and older adults on CMH caseloads: most 25-64, a tail to 90.
    return min(90, max(18, int(rng.gauss(42, 15))))


@transaction.atomic
def load_demo(
    *, people: int = 5000, seed: int = 20261123, progress: Callable | None = None
) -> dict:
    """Create the demo ICS. PROGRESS(n) is called as work is done (total = people + 100)."""
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    tick = progress or (lambda n: None)
    today = timezone.localdate()

    ensure_default_rules()
    icb = ICB.objects.create(code="QZR", name="NHS Riverside and Moorland Integrated Care Board")
    provider = Provider.objects.create(
        code="RZ9", name="Riverside and Moorland Mental Health NHS Foundation Trust"
    )
    places, pcns, practices, teams_by_place, pcn_teams = [], [], [], {}, {}
    team_no = 1
    for p_code, p_name, urban, pcn_names, districts in PLACES:
        place = SubICBLocation.objects.create(
            code=p_code, name=f"{p_name} place", icb=icb, postcode_districts=", ".join(districts)
        )
        places.append((place, urban))
        teams_by_place[place.pk] = []
        for i, pcn_name in enumerate(pcn_names):
            pcn = PrimaryCareNetwork.objects.create(
                code=f"U{p_code[:2]}{i:03d}", name=f"{pcn_name} PCN", place=place
            )
            pcns.append((pcn, urban))
            for j in range(5):
                practices.append(
                    (
                        GPPractice.objects.create(
                            code=f"Y{p_code[:2]}{i}{j:02d}",
                            name=f"{fake.last_name()} {rng.choice(['Surgery', 'Medical Centre', 'Health Centre', 'Practice'])}",
                            pcn=pcn,
                            postcode=_postcode(rng, districts),
                        ),
                        urban,
                    )
                )
            team = Team.objects.create(
                provider=provider,
                local_id=f"T{team_no:02d}",
                name=f"{pcn_name} community mental health team",
                team_type="A06",
                place=place,
            )
            team.pcns.add(pcn)
            pcn_teams[pcn.pk] = team
            teams_by_place[place.pk].append(team)
            team_no += 1
        for code, name in PLACE_TEAMS:
            team = Team.objects.create(
                provider=provider,
                local_id=f"T{team_no:02d}",
                name=f"{p_name} {name[0].lower()}{name[1:]}",
                team_type=code,
                place=place,
            )
            team.pcns.set([pcn for pcn, _ in pcns if pcn.place_id == place.pk])
            teams_by_place[place.pk].append(team)
            team_no += 1
        for kind, name in [
            ("vcse", f"{p_name} Mind"),
            ("vcse", f"{p_name} Recovery College"),
            ("pharmacy", f"{p_name} Community Pharmacy"),
            ("local_authority", f"{p_name} Council Adult Social Care"),
            ("police", f"{p_name} Neighbourhood Policing Team"),
            ("education", f"{p_name} College Student Support"),
            ("housing", f"{p_name} Housing Association"),
        ]:
            PartnerOrganisation.objects.create(name=name, kind=kind, place=place)
    tick(50)

    # Staff: personas plus other key workers so caseloads are spread realistically.
    persona_hash = make_password(DEMO_PASSWORD)
    riverside = places[0][0]
    rv_teams = {t.team_type: t for t in teams_by_place[riverside.pk]}
    home_team = pcn_teams[pcns[0][0].pk]
    users = {}
    for persona in PERSONAS:
        if persona.role == Role.PERSON:
            continue
        users[persona.username] = User.objects.create(
            username=persona.username,
            first_name=persona.first_name,
            last_name=persona.last_name,
            role=persona.role,
            job_title=persona.job_title,
            password=persona_hash,
            email=f"{persona.username}@demo.opencmh.invalid",
            is_staff=persona.role == Role.SYSTEM_ADMIN,
            is_superuser=persona.role == Role.SYSTEM_ADMIN,
        )
    users["triage"].teams.set([rv_teams["A18"], home_team])
    users["keyworker"].teams.set([home_team])
    users["manager"].teams.set([home_team])
    users["employment"].teams.set([rv_teams["D05"]])
    users["partner"].partner_organisation = PartnerOrganisation.objects.get(name="Riverside Mind")
    users["partner"].save()
    users["pharmacist"].partner_organisation = PartnerOrganisation.objects.get(
        name="Riverside Community Pharmacy"
    )
    users["pharmacist"].save()
    users["gp"].gp_practice = practices[0][0]
    users["gp"].save()

    unusable = make_password(None)
    key_workers: dict = {}
    for teams in teams_by_place.values():
        for team in teams:
            staff = [
                User(
                    username=f"staff{team.local_id.lower()}{k}",
                    first_name=fake.first_name(),
                    last_name=fake.last_name(),
                    role=Role.KEY_WORKER,
                    job_title="Care coordinator",
                    password=unusable,
                )
                for k in range(3)
            ]
            User.objects.bulk_create(staff)
            for s in staff:
                s.teams.add(team)
            key_workers[team.pk] = staff
    key_workers[home_team.pk].append(users["keyworker"])
    key_workers[rv_teams["D05"].pk].append(users["employment"])
    tick(50)

    # People and their referrals.
    district_by_place = {
        place.pk: [d.strip() for d in place.postcode_districts.split(",")] for place, _ in places
    }
    all_districts = [d for ds in district_by_place.values() for d in ds]
    people_rows: list[Person] = []
    used_nhs: set[str] = set()
    for i in range(people):
        practice, urban = rng.choice(practices)
        if rng.random() < 0.03:
            practice = None
        age = _age(rng)
        dob = today - dt.timedelta(days=age * 365 + rng.randrange(365))
        sex = rng.choices(["1", "2", "9", "X"], weights=[47, 51, 0.5, 1.5])[0]
        nhs = ""
        if rng.random() > 0.02:  # a few self-referrals not yet traced
            nhs = synthetic_nhs_number(rng)
            while nhs in used_nhs:
                nhs = synthetic_nhs_number(rng)
            used_nhs.add(nhs)
        given = (
            fake.first_name_female()
            if sex == "2"
            else fake.first_name_male()
            if sex == "1"
            else fake.first_name()
        )
        imd = rng.choices(range(1, 11), weights=IMD_URBAN if urban else IMD_RURAL)[0]
        people_rows.append(
            Person(
                nhs_number=nhs,
                given_name=given,
                family_name=fake.last_name(),
                date_of_birth=dob,
                sex=sex,
                gender_identity=rng.choices(["1", "2", "3", "X", "Z"], weights=[44, 48, 1, 5, 2])[0]
                if sex in "12"
                else "X",
                ethnic_category=_weighted(rng, ETHNICITY_URBAN if urban else ETHNICITY_RURAL),
                postcode=_postcode(
                    rng, district_by_place[practice.pcn.place_id] if practice else all_districts
                ),
                lsoa=f"E0{rng.randrange(1000000, 1035000)}",
                imd_decile=imd,
                gp_practice=practice,
                preferred_language=rng.choices(
                    [
                        "English",
                        "Urdu",
                        "Polish",
                        "Punjabi",
                        "Bengali",
                        "Somali",
                        "British Sign Language",
                    ],
                    weights=[90, 3, 2, 2, 1.5, 1, 0.5],
                )[0],
                phone=f"07700 900{rng.randrange(1000):03d}",
                no_letters=rng.random() < 0.05,
                safe_contact_times=rng.choice(
                    ["", "", "Weekdays after 5pm", "Mornings only", "Not Mondays"]
                ),
            )
        )
        if (i + 1) % 500 == 0:
            tick(250)
    people_rows[0].given_name, people_rows[0].family_name = "Alex", "Carter"
    Person.objects.bulk_create(people_rows, batch_size=1000)

    referrals, changes = [], []
    now = timezone.now()
    for idx, person in enumerate(people_rows):
        place_teams = teams_by_place[
            (person.gp_practice.pcn.place_id if person.gp_practice else riverside.pk)
        ]
        reason = _weighted(rng, REASON_WEIGHTS)
        by_type = {t.team_type: t for t in place_teams}
        if reason in ("01", "32"):
            team = by_type["A14"]
        elif reason == "12":
            team = by_type["C10"]
        elif reason == "31":
            team = by_type["D05"]
        elif person.gp_practice:
            team = pcn_teams[person.gp_practice.pcn_id]
        else:
            team = by_type["A18"]
        status = _weighted(rng, STATUS_WEIGHTS)
        received = today - dt.timedelta(
            days=rng.randrange(1, 40)
            if status in ("received", "more_information")
            else rng.randrange(20, 700)
        )
        if idx == 0:  # the person persona, on the key worker persona's caseload
            team, status, received = home_team, "accepted", today - dt.timedelta(days=120)
        key_worker = None
        if status == "accepted":
            key_worker = users["keyworker"] if idx == 0 else rng.choice(key_workers[team.pk])
        referral = Referral(
            person=person,
            team=team,
            key_worker=key_worker,
            referred_by=None,
            source_of_referral=_weighted(rng, SOURCE_WEIGHTS),
            primary_reason=reason,
            clinical_priority=rng.choices(["3", "2", "4", "1"], weights=[80, 14, 4, 2])[0],
            received_on=received,
            status=status,
            status_changed_at=now,
            reason_for_referral="Synthetic demonstration referral.",
        )
        referrals.append(referral)
        received_at = timezone.make_aware(dt.datetime.combine(received, dt.time(10)))
        referral.status_changed_at = received_at
        changes.append(ReferralStatusChange(referral=referral, status="received", at=received_at))
        if status != "received":
            decided = received_at + dt.timedelta(days=rng.randrange(1, 20))
            changes.append(
                ReferralStatusChange(referral=referral, status=status, at=min(decided, now))
            )
            referral.status_changed_at = min(decided, now)
    # The partner personas' referrals.
    for referrer, count in (("partner", 6), ("gp", 8)):
        for referral in rng.sample(referrals[1:], count):
            referral.referred_by = users[referrer]
            referral.source_of_referral = "F3" if referrer == "partner" else "A1"
    Referral.objects.bulk_create(referrals, batch_size=1000)
    ReferralStatusChange.objects.bulk_create(changes, batch_size=2000)

    _add_directory(places, teams_by_place)
    _add_triage_detail(rng, referrals, users, today)
    add_care(rng, referrals, users, referrals[0])
    add_physical_health(random.Random(seed + 5), referrals, users)
    add_pathways(rng, referrals, users)
    add_outcome_histories(referrals, today, seed=seed + 4)
    add_employment(rng, referrals, users)
    add_bereavement(rng, users)
    tick(0)

    person_persona = next(p for p in PERSONAS if p.role == Role.PERSON)
    User.objects.create(
        username=person_persona.username,
        first_name=person_persona.first_name,
        last_name=person_persona.last_name,
        role=Role.PERSON,
        person=people_rows[0],
        password=persona_hash,
    )
    return {
        "people": len(people_rows),
        "referrals": len(referrals),
        "teams": Team.objects.count(),
        "practices": len(practices),
        "pcns": len(pcns),
    }


DIRECTORY = [
    # name, organisation, category, description, eligibility, how to refer, opening times, per place?
    (
        "Talking therapies",
        "NHS talking therapies service",
        "talking_therapies",
        "Therapy for anxiety and depression: guided self-help, CBT, counselling.",
        "Adults registered with a local GP",
        "Self-refer online or by phone",
        "Monday to Friday, 8am to 8pm",
        True,
    ),
    (
        "Crisis cafe",
        "{place} Mind",
        "crisis",
        "A safe place to go in the evening when you are struggling, with trained staff and peer workers.",
        "Anyone aged 18 or over",
        "Drop in, no referral needed",
        "Every day, 6pm to 11pm",
        True,
    ),
    (
        "Recovery college courses",
        "{place} Recovery College",
        "peer_support",
        "Free courses on living well with mental health, co-produced with people with lived experience.",
        "Anyone aged 18 or over, and carers",
        "Enrol online or ask your key worker",
        "Term time",
        True,
    ),
    (
        "Drug and alcohol service",
        "{place} Change Grow Live",
        "substance_use",
        "Support to cut down or stop drinking or using drugs, including needle exchange and prescribing.",
        "Adults living in the area",
        "Self-refer by phone or drop in",
        "Monday to Saturday, 9am to 5pm",
        True,
    ),
    (
        "Housing options",
        "{place} Council Housing Options",
        "housing",
        "Advice if you are homeless or at risk of losing your home.",
        "Residents of the council area",
        "Phone or visit the council office",
        "Monday to Friday, 9am to 5pm",
        True,
    ),
    (
        "Welfare rights and debt advice",
        "{place} Citizens Advice",
        "money",
        "Help with benefits, debt and money worries, including appeals.",
        "Anyone living in the area",
        "Phone, web chat or drop in",
        "Monday to Friday, 10am to 4pm",
        True,
    ),
    (
        "Carers support",
        "{place} Carers Centre",
        "carers",
        "Information, breaks and emotional support for unpaid carers.",
        "Adults caring for someone",
        "Self-refer by phone",
        "Monday to Friday, 9am to 5pm",
        True,
    ),
    (
        "Social prescribing",
        "{place} Primary Care Networks",
        "peer_support",
        "Link workers who connect people to community groups, activities and practical help.",
        "Patients of local GP practices",
        "Ask your GP practice",
        "Monday to Friday",
        True,
    ),
    (
        "Suicide bereavement support",
        "Riverside and Moorland Bereavement Service",
        "bereavement",
        "Practical and emotional support for anyone bereaved or affected by suicide.",
        "Anyone bereaved by suicide",
        "Self-refer, or referral by police, GP or coroner",
        "Monday to Friday, 9am to 5pm",
        False,
    ),
    (
        "Weight management programme",
        "Riverside and Moorland Healthy Lifestyles",
        "physical_health",
        "12-week programme for healthy eating and activity, adapted for people taking antipsychotics.",
        "Adults with a BMI of 25 or more",
        "Referral by GP or key worker",
        "Weekly groups",
        False,
    ),
    (
        "Stop smoking service",
        "Riverside and Moorland Healthy Lifestyles",
        "physical_health",
        "Behavioural support and nicotine replacement to stop smoking.",
        "Anyone who smokes",
        "Self-refer or referral by any professional",
        "Monday to Friday",
        False,
    ),
    (
        "Employment advice",
        "Riverside and Moorland Works",
        "employment",
        "Job search and skills support for people out of work.",
        "Unemployed adults",
        "Self-refer online",
        "Monday to Friday",
        False,
    ),
]


def _add_directory(places, teams_by_place) -> None:
    from opencmh.organisations.models import DirectoryService

    entries = []
    for name, org_name, category, description, eligibility, how, opening, per_place in DIRECTORY:
        targets = [p for p, _ in places] if per_place else [None]
        for place in targets:
            label = place.name.replace(" place", "") if place else ""
            entries.append(
                DirectoryService(
                    name=name if place is None else f"{label} {name[0].lower()}{name[1:]}",
                    organisation_name=org_name.format(place=label),
                    category=category,
                    description=description,
                    eligibility=eligibility,
                    how_to_refer=how,
                    opening_times=opening,
                    phone=f"0300 555 {len(entries):04d}",
                    place=place,
                )
            )
    for teams in teams_by_place.values():
        for team in teams:
            if team.team_type in ("A05", "A13", "A12", "A16"):
                entries.append(
                    DirectoryService(
                        name=team.name,
                        organisation_name=team.provider.name,
                        category="mental_health",
                        description=f"NHS {team.get_team_type_display().lower()} for adults.",
                        eligibility="Adults registered with a local GP",
                        how_to_refer="Referral through the single point of access",
                        opening_times="Monday to Friday, 9am to 5pm",
                        place=team.place,
                        team=team,
                    )
                )
    DirectoryService.objects.bulk_create(entries)


def _add_triage_detail(rng: random.Random, referrals: list, users: dict, today: dt.date) -> None:
    """Clock events, handovers and questions, so the triage queue shows real clocks."""
    from opencmh.organisations.models import DirectoryService

    services = list(DirectoryService.objects.all())
    events, handovers, questions = [], [], []
    for referral in referrals:
        start = referral.received_on
        is_eip = referral.primary_reason == "01" and referral.team.team_type == "A14"

        def add(kind, days, referral=referral, start=start):
            when = start + dt.timedelta(days=days)
            if when <= today:
                events.append(ClockEvent(referral=referral, kind=kind, occurred_on=when))

        if referral.status in ("accepted", "discharged"):
            # About seven in ten EIP referrals start treatment within two weeks.
            contact = (
                rng.randrange(2, 14)
                if (not is_eip or rng.random() < 0.7)
                else rng.randrange(15, 30)
            )
            add(ClockEvent.Kind.FIRST_CONTACT, contact)
            add(ClockEvent.Kind.CARE_COORDINATOR, max(1, contact - rng.randrange(0, 3)))
            if rng.random() < 0.8:
                add(ClockEvent.Kind.ASSESSMENT, contact + rng.randrange(0, 10))
            if rng.random() < 0.7:
                add(ClockEvent.Kind.BASELINE_OUTCOME, contact + rng.randrange(0, 21))
            if rng.random() < 0.6:
                add(ClockEvent.Kind.CARE_PLAN_OR_INTERVENTION, contact + rng.randrange(5, 40))
        elif referral.status in ("received", "more_information") and rng.random() < 0.3:
            add(ClockEvent.Kind.FIRST_CONTACT, rng.randrange(1, max(2, (today - start).days)))
        if referral.status == "connected_elsewhere":
            referral.closure_reason = "connected_elsewhere"
            handovers.append(
                Handover(
                    referral=referral,
                    service=rng.choice(services),
                    spoken_to=f"Duty worker {rng.choice(['Sam', 'Jess', 'Ali', 'Kim'])}",
                    spoken_at=referral.status_changed_at,
                    notes="Warm handover by phone; first appointment offered.",
                    referrer_told=True,
                    person_told=True,
                    by=users["triage"],
                )
            )
        elif referral.status == "discharged":
            referral.closure_reason = rng.choice(
                ["treatment_complete", "treatment_complete", "person_declined", "moved_away"]
            )
        if referral.status == "more_information":
            questions.append(
                InformationRequest(
                    referral=referral,
                    question="Could you tell us what support they have had from their GP so far, and any medication?",
                    asked_by=users["triage"],
                )
            )
    # The partner persona has one question waiting for them.
    partner_referral = next((r for r in referrals if r.referred_by_id == users["partner"].pk), None)
    if partner_referral is not None:
        partner_referral.status = "more_information"
        Referral.objects.filter(pk=partner_referral.pk).update(status="more_information")
        questions.append(
            InformationRequest(
                referral=partner_referral,
                question="Is it safe to phone them at home, and at what times?",
                asked_by=users["triage"],
            )
        )
    ClockEvent.objects.bulk_create(events, batch_size=2000, ignore_conflicts=True)
    Handover.objects.bulk_create(handovers, batch_size=1000)
    InformationRequest.objects.bulk_create(questions, batch_size=1000)
    Referral.objects.bulk_update(
        [r for r in referrals if r.closure_reason], ["closure_reason"], batch_size=1000
    )
