"""Demo pathway records: EIP packages, eating disorder monitoring and stays. Non-production only."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from opencmh.pathways.models import HospitalStay, PackageElement, PackageUpdate, PhysicalMonitoring


def add_pathways(rng: random.Random, referrals: list, users: dict) -> None:
    today = timezone.localdate()
    updates, monitoring, stays = [], [], []
    for referral in referrals:
        if referral.status != "accepted":
            continue
        by = referral.key_worker or users["manager"]
        if referral.team.team_type == "A14" and referral.primary_reason in ("01", "32"):
            for element in PackageElement.values:
                if element == "clozapine":
                    status = rng.choice(["not_indicated", "not_indicated", "offered", "accepted"])
                else:
                    status = rng.choices(
                        ["offered", "accepted", "completed", "declined"], weights=[25, 35, 25, 15]
                    )[0]
                updates.append(
                    PackageUpdate(referral=referral, element=element, status=status, by=by)
                )
        elif referral.team.team_type == "C10":
            height = Decimal(rng.randrange(150, 185))
            weight = Decimal(rng.randrange(38, 52))
            for k in range(6):
                monitoring.append(
                    PhysicalMonitoring(
                        person=referral.person,
                        measured_on=today - dt.timedelta(days=14 * (6 - k)),
                        weight_kg=weight + Decimal(k) * Decimal("0.4"),
                        height_cm=height,
                        pulse_bpm=rng.randrange(48, 80),
                        systolic_mmhg=rng.randrange(88, 115),
                        diastolic_mmhg=rng.randrange(55, 75),
                        temperature_c=Decimal("36.2"),
                        recorded_by=by,
                    )
                )
            if rng.random() < 0.3:
                admitted = today - dt.timedelta(days=rng.randrange(60, 200))
                stays.append(
                    HospitalStay(
                        person=referral.person,
                        kind=rng.choice(["day_patient", "inpatient"]),
                        unit="Regional eating disorder unit",
                        admitted_on=admitted,
                        discharged_on=admitted + dt.timedelta(days=rng.randrange(10, 50)),
                        recorded_by=by,
                    )
                )
    PackageUpdate.objects.bulk_create(updates, batch_size=2000)
    PhysicalMonitoring.objects.bulk_create(monitoring, batch_size=2000)
    HospitalStay.objects.bulk_create(stays, batch_size=1000)
