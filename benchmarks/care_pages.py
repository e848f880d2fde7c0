"""Benchmark: a key worker's caseload of 300 people, and a person's care page with five
years of weekly contacts. Uses its own SQLite database under bench-data/.
Usage: python benchmarks/care_pages.py [--caseload 300] [--years 5] [--repeats 5]
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


def _time(client, url, repeats):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings), min(timings), len(ctx.captured_queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--caseload", type=int, default=300)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    (ROOT / "bench-data").mkdir(exist_ok=True)
    db = ROOT / "bench-data" / "care-pages.sqlite3"
    db.unlink(missing_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencmh.config.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from opencmh.care.models import CareContact
    from opencmh.core.models import Role, User
    from opencmh.organisations.models import ICB, Provider, SubICBLocation, Team
    from opencmh.people.models import Person
    from opencmh.referrals.models import Referral

    call_command("migrate", verbosity=0)
    place = SubICBLocation.objects.create(
        code="99C", name="Bench place", icb=ICB.objects.create(code="QBC", name="Bench ICB")
    )
    team = Team.objects.create(
        provider=Provider.objects.create(code="RB2", name="Bench trust"),
        local_id="T1",
        name="Bench team",
        team_type="A06",
        place=place,
    )
    worker = User.objects.create(username="kw", role=Role.KEY_WORKER)
    worker.teams.add(team)
    people = Person.objects.bulk_create(
        [
            Person(given_name="Case", family_name=f"Load{i}", date_of_birth=dt.date(1980, 1, 1))
            for i in range(args.caseload)
        ]
    )
    today = timezone.localdate()
    referrals = Referral.objects.bulk_create(
        [
            Referral(
                person=p,
                team=team,
                key_worker=worker,
                source_of_referral="A1",
                primary_reason="04",
                received_on=today - dt.timedelta(days=400),
                status="accepted",
            )
            for p in people
        ]
    )
    now = timezone.now()
    weeks = args.years * 52
    contacts = [
        CareContact(
            referral=r,
            team=team,
            professional=worker,
            recorded_by=worker,
            starts_at=now - dt.timedelta(days=30 * k),
            mechanism="01",
            attend_status="5",
        )
        for r in referrals
        for k in range(6)
    ]
    contacts += [
        CareContact(
            referral=referrals[0],
            team=team,
            professional=worker,
            recorded_by=worker,
            starts_at=now - dt.timedelta(weeks=w),
            mechanism="01",
            attend_status="5",
        )
        for w in range(1, weeks)
    ]
    CareContact.objects.bulk_create(contacts, batch_size=2000)
    client = Client()
    client.force_login(worker)
    print(f"{'page':<44} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    for label, url in (
        (f"caseload of {args.caseload} people", "/care/caseload/"),
        (
            f"person care page, {weeks} contacts ({args.years} years)",
            f"/care/person/{people[0].pk}/",
        ),
    ):
        median, fastest, queries = _time(client, url, args.repeats)
        print(f"{label:<44} {median:>10.0f} {fastest:>8.0f} {queries:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
