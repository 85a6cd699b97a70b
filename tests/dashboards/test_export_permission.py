"""The permission to export the 调度表 and the 通报 is the dashboards' own
(`dashboards.export_report`). That a database from before the move keeps who holds it is
tested with the migrations (`tests/test_migrations.py`)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from accounts import roles


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
    assert exporters == {roles.LEADER.group, roles.ADMIN.group}  # and nobody else
    assert not Permission.objects.filter(
        content_type__app_label="indicators", codename="export_report"
    ).exists()
