from django.db import migrations

DEFAULT_RULES = [
    ("01", "A14", "Suspected first episode psychosis: Early Intervention in Psychosis (two-week clock)"),
    ("32", "A14", "At risk mental state: Early Intervention in Psychosis"),
    ("12", "C10", "Eating disorders: community eating disorder team"),
    ("31", "D05", "Employment support: Individual Placement and Support"),
]


def add_rules(apps, schema_editor):
    RoutingRule = apps.get_model("referrals", "RoutingRule")
    for reason, team_type, note in DEFAULT_RULES:
        RoutingRule.objects.get_or_create(primary_reason=reason, defaults={"team_type": team_type, "note": note})


class Migration(migrations.Migration):
    dependencies = [("referrals", "0002_service_directory_and_triage")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
