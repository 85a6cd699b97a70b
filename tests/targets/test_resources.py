"""Raw-table exports of targets and task items from the admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from targets.models import Target, TaskItem
from targets.resources import TargetResource, TaskItemResource

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_catalogue")]


def test_target_export_has_every_target_with_numbers_as_numbers() -> None:
    dataset = TargetResource().export()
    assert len(dataset) == Target.objects.count()
    row = dict(
        zip(
            dataset.headers, dataset[[r[0] for r in dataset].index("7-cxgx-yysr-2025")], strict=True
        )
    )
    assert row["文件"] == "楚办发〔2023〕7号"
    assert row["目标值"] == 2000
    assert row["开发区"] == "楚雄国家高新区"


def test_task_export_lists_lead_then_cooperating_units() -> None:
    dataset = TaskItemResource().export()
    assert len(dataset) == TaskItem.objects.count() == 49
    row = next(dict(zip(dataset.headers, r, strict=True)) for r in dataset if r[2] == "26.")
    assert (
        row["牵头单位"] == "州财政局（州金融办、州国资委）"
    )  # 5号 task 26, as the bracket writes it
    assert row["配合单位"] == "县市人民政府、楚雄国家高新区和各产业园区"


def test_export_escapes_text_that_would_run_as_a_formula() -> None:
    Target.objects.filter(code="5-all-5g").update(title='=HYPERLINK("http://x")')
    dataset = TargetResource().export()
    titles = [dict(zip(dataset.headers, r, strict=True))["目标"] for r in dataset]
    assert '\'=HYPERLINK("http://x")' in titles


def test_only_users_who_may_view_targets_can_export(client: Client, django_user_model: Any) -> None:
    staff = django_user_model.objects.create_user("staff-x", password="x-Secret-123", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/targets/target/export/").status_code == 403
    superuser = django_user_model.objects.create_superuser("root-x", password="x-Secret-123")
    client.force_login(superuser)
    assert client.get("/admin/targets/target/export/").status_code == 200
