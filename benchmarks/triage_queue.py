"""Benchmark: render time of the triage queue at 2,000 and 20,000 open referrals.

Runs against its own SQLite database under bench-data/ (or DATABASE_URL if set to a
benchmark database), signed in as a triage clinician, sorting the queue by the clock.
Usage: python benchmarks/triage_queue.py [--sizes 2000,20000] [--repeats 5]
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    (ROOT / "bench-data").mkdir(exist_ok=True)
    db = ROOT / "bench-data" / "triage-queue.sqlite3"
    if db.exists():
        db.unlink()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencmh.config.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from opencmh.core.models import Role, User
    from opencmh.organisations.models import ICB, Provider, SubICBLocation, Team
    from opencmh.people.models import Person
    from opencmh.referrals.models import ClockEvent, Referral

    call_command("migrate", verbosity=0)
    icb = ICB.objects.create(code="QBB", name="Benchmark ICB")
    place = SubICBLocation.objects.create(code="99B", name="Benchmark place", icb=icb)
    team = Team.objects.create(
        provider=Provider.objects.create(code="RB1", name="Benchmark trust"),
        local_id="T1",
        name="Benchmark team",
        team_type="A06",
        place=place,
    )
    user = User.objects.create(username="bench", role=Role.TRIAGE_CLINICIAN)
    user.teams.add(team)
    client = Client()
    client.force_login(user)
    today = timezone.localdate()

    print(f"{'open referrals':>15} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    rows = []
    made = 0
    for size in sizes:
        people = Person.objects.bulk_create(
            [
                Person(
                    given_name="Bench", family_name=f"Person{i}", date_of_birth=dt.date(1980, 1, 1)
                )
                for i in range(made, size)
            ],
            batch_size=2000,
        )
        referrals = Referral.objects.bulk_create(
            [
                Referral(
                    person=p,
                    team=team,
                    source_of_referral="A1",
                    primary_reason="04",
                    received_on=today - dt.timedelta(days=i % 60),
                    status="received" if i % 2 else "accepted",
                )
                for i, p in enumerate(people)
            ],
            batch_size=2000,
        )
        ClockEvent.objects.bulk_create(
            [
                ClockEvent(referral=r, kind="first_contact", occurred_on=r.received_on)
                for r in referrals[::2]
            ],
            batch_size=2000,
        )
        made = size
        timings = []
        for _ in range(args.repeats):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get("/referrals/triage/", {"show": "open", "sort": "clock"})
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        rows.append((size, statistics.median(timings), min(timings), len(ctx.captured_queries)))
        print(f"{size:>15,} {rows[-1][1]:>10.0f} {rows[-1][2]:>8.0f} {rows[-1][3]:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
