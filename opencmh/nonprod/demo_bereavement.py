"""Demo suicide bereavement support records: a queue with referrals due, overdue, met and
missed, with contacts, practical help and onward referrals. Non-production only.

These people are synthetic and, like real bereaved people, have no clinical record.
"""

import datetime as dt
import random

from django.utils import timezone
from faker import Faker

from opencmh.bereavement.models import (
    BereavedPerson,
    BereavementReferral,
    OnwardReferral,
    PracticalHelp,
    SupportContact,
)

# (hours since referral, hours to first contact or None) for each demo referral.
TIMELINE = [
    (5, None),
    (30, None),
    (66, None),
    (80, None),
    (100, 20),
    (150, 48),
    (200, 90),
    (400, 30),
    (600, 70),
    (900, 12),
]
SOURCES = ["police", "coroner", "gp", "voluntary", "self"]
RELATIONSHIPS = ["partner", "parent", "child", "sibling", "friend", "other_family"]


def add_bereavement(rng: random.Random, users: dict) -> None:
    fake = Faker("en_GB")
    fake.seed_instance(rng.randrange(10**6))
    worker = users["bereavement"]
    now = timezone.now()
    people, referrals, contacts, helps, onwards = [], [], [], [], []
    for hours_ago, reached_after in TIMELINE:
        person = BereavedPerson(
            given_name=fake.first_name(),
            family_name=fake.last_name(),
            phone=f"07700 900{rng.randrange(1000):03d}",
            address=f"{rng.randrange(1, 200)} {fake.street_name()}, Riverside",
            safe_contact_times=rng.choice(["", "Evenings", "Not before 10am"]),
        )
        people.append(person)
        received = now - dt.timedelta(hours=hours_ago)
        source = rng.choice(SOURCES)
        referral = BereavementReferral(
            bereaved_person=person,
            source=source,
            referrer_name="" if source == "self" else fake.name(),
            received_at=received,
            relationship=rng.choice(RELATIONSHIPS),
            deceased_name=fake.name(),
            date_of_death=(received - dt.timedelta(days=rng.randrange(2, 10))).date(),
            consent_to_contact=True,
            worker=worker if reached_after is not None else None,
            recorded_by=worker,
        )
        referrals.append(referral)
        if reached_after is None:
            if hours_ago > 24:
                contacts.append(
                    SupportContact(
                        referral=referral,
                        at=received + dt.timedelta(hours=3),
                        method="phone",
                        outcome="no_answer",
                        worker=worker,
                    )
                )
            continue
        first = received + dt.timedelta(hours=reached_after)
        contacts.append(
            SupportContact(
                referral=referral,
                at=first,
                method=rng.choice(["phone", "visit"]),
                outcome="reached",
                notes="Introduced the service; agreed a home visit.",
                worker=worker,
            )
        )
        helps.append(
            PracticalHelp(
                referral=referral,
                on=first.date(),
                kind="information_pack",
                notes="Gave the guide and talked it through.",
                worker=worker,
            )
        )
        if hours_ago > 300:
            helps.append(
                PracticalHelp(
                    referral=referral,
                    on=(first + dt.timedelta(days=7)).date(),
                    kind="inquest",
                    worker=worker,
                )
            )
            onwards.append(
                OnwardReferral(
                    referral=referral,
                    on=(first + dt.timedelta(days=10)).date(),
                    kind="peer_support",
                    service_name="Riverside Survivors of Bereavement by Suicide group",
                    worker=worker,
                )
            )
    BereavedPerson.objects.bulk_create(people)
    BereavementReferral.objects.bulk_create(referrals)
    SupportContact.objects.bulk_create(contacts)
    PracticalHelp.objects.bulk_create(helps)
    OnwardReferral.objects.bulk_create(onwards)
