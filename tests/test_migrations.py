"""The project's migrations: complete for the models, and depending one way between apps."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

OURS = {
    "accounts",
    "api",
    "audit",
    "dashboards",
    "indicators",
    "notifications",
    "reporting",
    "supervision",
    "targets",
}


def app_dependencies() -> dict[str, set[str]]:
    """app → the other apps of ours its migrations depend on, in the graph Django runs."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    depends: dict[str, set[str]] = {app: set() for app in OURS}
    for (app, _name), node in graph.node_map.items():
        if app in OURS:
            depends[app] |= {parent.key[0] for parent in node.parents} & OURS - {app}
    return depends


def test_no_two_apps_migrations_depend_on_each_other() -> None:
    depends = app_dependencies()
    assert "indicators" not in depends["targets"]  # the catalogue is at the bottom
    assert "targets" in depends["indicators"]

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in depends[start]
        )

    assert [app for app in sorted(OURS) if reaches(app, app)] == []


@pytest.mark.django_db
def test_the_migrations_match_the_models() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
