"""The scoped-query check finds direct queries of personal-data models in views."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location(
    "lint", ROOT / "scripts" / "lint_model_usage_in_views.py"
)
lint = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lint)


def test_personal_data_models_are_discovered():
    assert {"Person", "Referral", "AuditEvent"} <= lint.personal_data_models()


def test_a_direct_query_in_a_view_is_reported(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text(
        "from opencmh.people.models import Person\n\n\ndef v(request):\n    return Person.objects.all()\n"
    )
    problems = lint.violations({"Person"}, [bad])
    assert len(problems) == 1
    assert ":5: Person.objects used in a view" in problems[0]


def test_the_project_views_pass():
    assert lint.violations(lint.personal_data_models(), lint.view_files()) == []
