"""The project's migrations: complete for the models, and depending one way between apps."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from accounts.models import Profile
from targets.models import Zone

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


def migrate(*targets: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))


@pytest.mark.django_db(transaction=True)
def test_profiles_and_their_permissions_survive_the_move_into_accounts() -> None:
    """`Profile` moved from `targets` into `accounts` on its old table: a database from before
    the move keeps every user's zone, and the groups keep their profile permissions."""
    zone = Zone.objects.create(
        code="mig", name="迁移测试园区", short_name="迁移", level="provincial", locality="楚雄市"
    )
    user = User.objects.create_user("stat-before-move")
    Profile.objects.create(user=user, zone=zone)

    migrate(("accounts", "0004_admin_role_is_system_admin"))  # as before the move
    old = Permission.objects.get(content_type__app_label="targets", codename="change_profile")
    Group.objects.create(name="用户管理（旧库）").permissions.add(old)

    migrate(("accounts", "0005_profile"))

    assert Profile.objects.get(user__username="stat-before-move").zone == zone
    assert Profile._meta.db_table in connection.introspection.table_names()
    assert "accounts_profile" not in connection.introspection.table_names()
    group = Group.objects.get(name="用户管理（旧库）")
    assert [f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()] == [
        "accounts.change_profile"
    ]
    assert not ContentType.objects.filter(app_label="targets", model="profile").exists()


EXPORT_CARRIED = ("dashboards", "0002_export_permission_carried_over")
BEFORE_EXPORT_MOVED = ("dashboards", "0001_initial")


def holders(app_label: str) -> tuple[set[str], set[str]]:
    permission = Permission.objects.get(content_type__app_label=app_label, codename="export_report")
    return (
        set(permission.group_set.values_list("name", flat=True)),
        set(permission.user_set.values_list("username", flat=True)),
    )


@pytest.mark.django_db(transaction=True)
def test_an_old_database_keeps_every_holder_of_the_export_permission() -> None:
    migrate(BEFORE_EXPORT_MOVED)  # the row is put back where it was: on indicators.Submission
    assert not Permission.objects.filter(
        content_type__app_label="dashboards", codename="export_report"
    ).exists()
    old = Permission.objects.get(content_type__app_label="indicators", codename="export_report")
    assert old.name == "可导出调度表"
    leaders = Group.objects.create(name="州领导（旧库）")
    leaders.permissions.add(old)
    Group.objects.create(name="园区统计员（旧库）")
    User.objects.create_user("old-admin").user_permissions.add(old)

    migrate(EXPORT_CARRIED)

    assert holders("dashboards") == ({"州领导（旧库）"}, {"old-admin"})
    assert User.objects.get(username="old-admin").has_perm("dashboards.export_report")
    assert not Permission.objects.filter(
        content_type__app_label="indicators", codename="export_report"
    ).exists()
    assert (
        Permission.objects.get(content_type__app_label="dashboards", codename="export_report").name
        == "可导出调度表和通报"
    )


@pytest.mark.django_db(transaction=True)
def test_both_rows_present_are_merged_into_the_dashboards_one() -> None:
    migrate(BEFORE_EXPORT_MOVED)
    old = Permission.objects.get(content_type__app_label="indicators", codename="export_report")
    Group.objects.create(name="甲").permissions.add(old)
    # a post_migrate run in between made the new row too, held by another group
    report = ContentType.objects.get_or_create(app_label="dashboards", model="report")[0]
    new = Permission.objects.create(
        content_type=report, codename="export_report", name="可导出调度表和通报"
    )
    Group.objects.create(name="乙").permissions.add(new)

    migrate(EXPORT_CARRIED)

    assert holders("dashboards") == ({"甲", "乙"}, set())
    assert Permission.objects.filter(codename="export_report").count() == 1
