from django.core.management.base import BaseCommand
from tqdm import tqdm

from opencmh.nonprod.demo import load_demo
from opencmh.organisations.models import ICB


class Command(BaseCommand):
    help = "Load the synthetic demo ICS (non-production only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=int, default=None, help="How many people (default 5,000)"
        )
        parser.add_argument("--seed", type=int, default=20261123)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if organisations already exist"
        )

    def handle(self, *args, people, seed, if_empty, **options):
        from django.conf import settings

        if if_empty and ICB.objects.exists():
            self.stdout.write("Demo ICS already loaded.")
            return
        people = people or settings.DEMO_PEOPLE
        with tqdm(total=people // 2 + 100, desc="Loading demo ICS", unit="step") as bar:
            counts = load_demo(people=people, seed=seed, progress=bar.update)
            bar.update(bar.total - bar.n)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo ICS loaded: " + ", ".join(f"{v:,} {k}" for k, v in counts.items())
            )
        )
