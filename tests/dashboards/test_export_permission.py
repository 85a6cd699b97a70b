"""The permission to export the 调度表 and the 通报 is the dashboards' own
(`dashboards.export_report`), and a database from before the move keeps who holds it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts import roles

CARRY = ("dashboards", "0002_export_permission_carried_over")
BEFORE = ("dashboards", "0001_initial")


def holders(app_label: str) -> tuple[set[str], set[str]]:
    permission = Permission.objects.get(content_type__app_label=app_label, codename="export_report")
    return (
        set(permission.group_set.values_list("name", flat=True)),
        set(permission.user_set.values_list("username", flat=True)),
    )


def migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.mark.django_db
def test_the_roles_that_export_hold_the_dashboards_permission() -> None:
    roles.ensure_groups()
    exporters = {
        group.name
        for group in Group.objects.filter(
            permissions__content_type__app_label="dashboards",
            permissions__codename="export_report",
        )
    }
    assert exporters == {roles.LEADER.group, roles.ADMIN.group}
    assert not Permission.objects.filter(
        content_type__app_label="indicators", codename="export_report"
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_an_old_database_keeps_every_holder_of_the_export_permission() -> None:
    migrate(BEFORE)  # the row is put back where it was: on indicators.Submission
    assert not Permission.objects.filter(
        content_type__app_label="dashboards", codename="export_report"
    ).exists()
    old = Permission.objects.get(content_type__app_label="indicators", codename="export_report")
    assert old.name == "可导出调度表"
    leaders = Group.objects.create(name="州领导（旧库）")
    leaders.permissions.add(old)
    Group.objects.create(name="园区统计员（旧库）")
    User.objects.create_user("old-admin").user_permissions.add(old)

    migrate(CARRY)

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
    migrate(BEFORE)
    old = Permission.objects.get(content_type__app_label="indicators", codename="export_report")
    Group.objects.create(name="甲").permissions.add(old)
    # a post_migrate run in between made the new row too, held by another group
    from django.contrib.contenttypes.models import ContentType

    report = ContentType.objects.get_or_create(app_label="dashboards", model="report")[0]
    new = Permission.objects.create(
        content_type=report, codename="export_report", name="可导出调度表和通报"
    )
    Group.objects.create(name="乙").permissions.add(new)

    migrate(CARRY)

    assert holders("dashboards") == ({"甲", "乙"}, set())
    assert Permission.objects.filter(codename="export_report").count() == 1
