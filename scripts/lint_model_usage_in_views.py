"""Fail if a view queries a personal-data model directly (`Person.objects...`).

Personal-data models declare `PERSONAL_DATA = True`; views must read them through the
scoped selectors in opencmh.core.access, so that scoping is decided in one place.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "opencmh"


def personal_data_models() -> set[str]:
    names = set()
    for path in ROOT.glob("*/models.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if (
                        isinstance(stmt, ast.Assign)
                        and any(
                            isinstance(t, ast.Name) and t.id == "PERSONAL_DATA"
                            for t in stmt.targets
                        )
                        and isinstance(stmt.value, ast.Constant)
                        and stmt.value.value is True
                    ):
                        names.add(node.name)
    return names


def view_files() -> list[Path]:
    """Every views.py and every module in a views/ package, at any depth."""
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        if p.name == "views.py" or p.parent.name == "views" or p.name.startswith("views_")
    )


def violations(models: set[str], files: list[Path]) -> list[str]:
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("objects", "_default_manager", "_base_manager")
                and isinstance(node.value, ast.Name)
                and node.value.id in models
            ):
                shown = path.relative_to(ROOT.parent) if path.is_relative_to(ROOT.parent) else path
                found.append(
                    f"{shown}:{node.lineno}: {node.value.id}.{node.attr} used in a view; "
                    "read personal data through opencmh.core.access instead"
                )
    return found


def main() -> int:
    models = personal_data_models()
    if not models:
        print(
            "No personal-data models found: is PERSONAL_DATA = True still declared?",
            file=sys.stderr,
        )
        return 1
    problems = violations(models, view_files())
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(
        f"Scoped-query check: {len(view_files())} view modules, {len(models)} personal-data models, no direct queries."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
