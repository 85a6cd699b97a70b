"""Small builders for dashboard tests: zones, indicators, targets and figures by code."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.roles import LEADER, ensure_groups
from indicators.models import Figure, Submission
from targets.models import Cluster, Document, Indicator, Section, Target, TaskItem, Zone

PASSWORD = "Leader-test-2025"


def make_zone(code: str, *, benchmark: bool = False, order: int = 1, **fields: Any) -> Zone:
    defaults: dict[str, Any] = {
        "name": f"{code}园区",
        "short_name": code,
        "level": Zone.Level.PROVINCIAL,
        "locality": "楚雄州",
        "is_benchmark": benchmark,
        "display_order": order,
        "source": "测试",
    }
    defaults.update(fields)
    zone: Zone = Zone.objects.create(code=code, **defaults)
    return zone


def make_indicator(code: str, **fields: Any) -> Indicator:
    defaults: dict[str, Any] = {"name": code, "unit": "亿元", "kind": Indicator.Kind.FLOW}
    defaults.update(fields)
    indicator: Indicator = Indicator.objects.create(code=code, **defaults)
    return indicator


def make_document(code: str = "cbf-2023-5") -> Document:
    number = code.rsplit("-", 1)[-1]
    document: Document = Document.objects.get_or_create(
        code=code,
        defaults={
            "number": f"楚办发〔2023〕{number}号",
            "title": f"文件{number}",
            "issuers": "中共楚雄州委办公室",
            "issued_on": datetime.date(2023, 4, 26),
        },
    )[0]
    return document


def make_target(code: str, **fields: Any) -> Target:
    defaults: dict[str, Any] = {
        "document": make_document(),
        "clause": "一（二）发展目标",
        "quote": "原文",
        "title": code,
        "kind": Target.Kind.LEVEL,
        "scope": Target.Scope.ZONE,
        "target_year": 2025,
    }
    defaults.update(fields)
    return Target.objects.create(code=code, **defaults)


def make_cluster(code: str, zones: list[Zone]) -> Cluster:
    document = make_document()
    section = Section.objects.get_or_create(document=document, number=3, title="主导产业")[0]
    task = TaskItem.objects.get_or_create(
        document=document, number=9, defaults={"section": section, "title": "集群", "text": "…"}
    )[0]
    cluster: Cluster = Cluster.objects.create(code=code, name=f"{code}产业", task=task, quote="…")
    cluster.zones.set(zones)
    return cluster


def put(
    zone: Zone,
    indicator: Indicator,
    year: int,
    month: int,
    value: str | int | None,
    *,
    demo: bool = False,
    reported: str | None = None,
    month_status: str | None = "approved",
) -> Figure:
    """A figure, in a month its zone has (by default) had approved: leaders see only checked
    figures. `month_status="submitted"` or `"draft"` puts it in such a month instead (the
    month's status is set for every figure of it); None leaves the month without a
    submission."""
    if month_status is not None:
        approve(zone, year, month, status=month_status)
    return Figure.objects.create(
        zone=zone,
        indicator=indicator,
        year=year,
        month=month,
        value=None if value is None else Decimal(str(value)),
        reported_growth_pct=None if reported is None else Decimal(reported),
        is_demo=demo,
    )


def approve(zone: Zone, year: int, month: int, status: str = "approved") -> Submission:
    """The zone's month, with `status` (approved by default)."""
    submission: Submission = Submission.objects.update_or_create(
        zone=zone, year=year, month=month, defaults={"status": status}
    )[0]
    return submission


@pytest.fixture
def leader(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user(
        username="leader", password=PASSWORD, first_name="领导"
    )
    user.groups.set([ensure_groups()[LEADER.group]])
    return user


@pytest.fixture
def leader_client(client: Client, leader: Any) -> Client:
    client.force_login(leader)
    return client


@pytest.fixture
def reference_catalogue(db: None) -> None:
    """The real catalogue of 5号 and 7号 from fixtures/ (zones, indicators, 73 targets)."""
    call_command("loaddata", "catalogue", "indicators", "check_rules", "targets", verbosity=0)


class Build:
    """The builders above, handed to tests as the `build` fixture."""

    zone = staticmethod(make_zone)
    indicator = staticmethod(make_indicator)
    target = staticmethod(make_target)
    cluster = staticmethod(make_cluster)
    document = staticmethod(make_document)
    put = staticmethod(put)
    submission = staticmethod(approve)


@pytest.fixture
def build(db: None) -> type[Build]:
    return Build
