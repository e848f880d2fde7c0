from django.core.management.base import BaseCommand

from opencmh.nonprod.personas import DEMO_PASSWORD, PERSONAS


class Command(BaseCommand):
    help = "Print the demo log-ins."

    def handle(self, *args, **options):
        self.stdout.write(
            "\nOpenCMH demo: http://127.0.0.1:8000  (one-click log-in: http://127.0.0.1:8000/demo/personas/)"
        )
        self.stdout.write(f"Every demo log-in uses the password: {DEMO_PASSWORD}\n")
        self.stdout.write(f"  {'username':<12} {'role':<24} sees")
        for p in PERSONAS:
            self.stdout.write(f"  {p.username:<12} {p.role:<24} {p.sees}")
        self.stdout.write("")
