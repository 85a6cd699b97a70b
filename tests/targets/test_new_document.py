"""A new policy document (a 2026—2030 plan) is added without code: in the admin, or its
targets imported from a spreadsheet; the dashboards and the evaluation pick it up."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal
from typing import Any

import pytest
import tablib
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dashboards.selectors import Period, target_assessments
from targets.models import Document, Target
from targets.resources import TargetImportResource

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def catalogue() -> None:
    call_command("loaddata", "catalogue", "indicators", "targets", verbosity=0)


def add_plan(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:targets_document_add"),
        {
            "code": "cbf-2026-1",
            "number": "楚办发〔2026〕1号",
            "title": "楚雄州开发区高质量发展规划（2026—2030年）",
            "issuers": "中共楚雄州委办公室",
            "issued_on": "2026-03-01",
            "source_file": "",
            "item_numbering": "arabic",  # as the admin's form presets it
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_2030_target_added_in_the_admin_is_on_the_overview(
    catalogue: None, admin_client: Client
) -> None:
    add_plan(admin_client)
    document = Document.objects.get(code="cbf-2026-1")
    gyzcz = document._meta.apps.get_model("targets", "Indicator").objects.get(code="gyzcz")
    response = admin_client.post(
        reverse("admin:targets_target_add"),
        {
            "code": "2026-all-gyzcz-2030",
            "document": document.pk,
            "clause": "一、发展目标",
            "quote": "到2030年，全州开发区工业总产值达5000亿元以上",
            "title": "全州开发区工业总产值达5000亿元以上",
            "kind": "level",
            "scope": "all_zones",
            "indicator": gyzcz.pk,
            "floor": "5000",
            "base_year": "2025",
            "target_year": "2030",
            "display_order": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, tzinfo=SHANGHAI)):
        html = admin_client.get(reverse("dashboards:overview")).content.decode()
    assert "全州开发区工业总产值达5000亿元以上" in html
    assert "下一个目标年份：2030年" in html  # the 2035 targets of 7号 are further off
    row = next(
        r for r in target_assessments(as_of=Period(2026, 11)) if r.target.code.startswith("2026")
    )
    assert not row.is_final
    assert row.open_year == 2030


def test_a_new_documents_targets_import_from_a_spreadsheet_all_or_nothing(
    catalogue: None, admin_client: Client
) -> None:
    add_plan(admin_client)
    headers = [
        "code",
        "document",
        "clause",
        "quote",
        "title",
        "kind",
        "scope",
        "zone",
        "indicator",
        "floor",
        "base_year",
        "target_year",
        "first_year",
    ]
    good = [
        "2026-cxgx-ckze",
        "cbf-2026-1",
        "一、发展目标",
        "进出口总额年增长10%以上",
        "高新区进出口总额年增长10%以上",
        "yearly_rate",
        "zone",
        "cxgx",
        "jckze",
        "10",
        "",
        "2030",
        "2026",
    ]
    bad = [*good[:5], "level", "zone", "", "gyzcz", "100", "", "2030", ""]  # no zone
    bad[0] = "2026-bad"
    result = TargetImportResource().import_data(
        tablib.Dataset(good, bad, headers=headers), dry_run=False, raise_errors=False
    )
    assert result.has_validation_errors()
    assert not Target.objects.filter(document__code="cbf-2026-1").exists()  # nothing written

    result = TargetImportResource().import_data(
        tablib.Dataset(good, headers=headers), dry_run=False, raise_errors=False
    )
    assert not result.has_errors()
    assert not result.has_validation_errors()
    target = Target.objects.get(code="2026-cxgx-ckze")
    assert (target.first_year, target.target_year, target.floor) == (2026, 2030, Decimal(10))
    assert target.zone is not None
    assert target.zone.code == "cxgx"


def test_the_admin_offers_the_import_to_those_who_may_add_targets(
    catalogue: None, admin_client: Client, client: Client, django_user_model: Any
) -> None:
    page = admin_client.get(reverse("admin:targets_target_changelist")).content.decode()
    assert reverse("admin:targets_target_import") in page
