"""Fixtures shared by the whole suite: users, logged-in clients, a small catalogue.

The catalogue is built with the ORM (not from `fixtures/*.json`) so each test states the
rows it relies on, and so query-count tests can grow it to any size.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from targets.models import (
    Document,
    Indicator,
    Section,
    Target,
    TaskAssignment,
    TaskItem,
    Unit,
    UnitAlias,
    Zone,
)

PASSWORD = "Chuxiong-test-2023"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The cache is per process (locmem) and outlives a test's database rollback: the API
    throttles count a client address's requests in it, so without this one test's requests
    throttle the next (HTTP 429), and the live server of the browser tests shares it too."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_gives_both_factors(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Client.force_login` skips the password; here it skips the second factor as well: when
    the user's role needs one (accounts.second_factor), the session is verified by a
    confirmed TOTP device, made if the user has none. Tests of the second factor itself log
    in through the pages (`client.post("/login/")`) or `client.login`."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.second_factor import SESSION_STEP

    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        session = self.session
        if session.get(SESSION_STEP):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="测试", confirmed=True)
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def user(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(
        username="liaison", password=PASSWORD, first_name="联络员", last_name="李"
    )


@pytest.fixture
def staff_user(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(
        username="portal-admin", password=PASSWORD, is_staff=True
    )


@pytest.fixture
def user_client(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


@dataclass
class Catalogue:
    doc5: Document
    doc7: Document
    zone: Zone
    finance: Unit
    units: list[Unit]
    tasks: list[TaskItem] = field(default_factory=list)
    measure: TaskItem | None = None
    targets: list[Target] = field(default_factory=list)


def build_catalogue(*, tasks: int = 3) -> Catalogue:
    """Two documents, one zone, four units (州财政局 also named 州国资委), `tasks` task items
    of 5号 in one 工程 each led by 州财政局 with two cooperating units and one target each,
    plus measure （一） of 7号 whose target supersedes the first 5号 target."""
    doc5 = Document.objects.create(
        code="cbf-2023-5",
        number="楚办发〔2023〕5号",
        title="楚雄州开发区提质增效三年行动实施方案（2023—2025年）",
        issuers="中共楚雄州委办公室 楚雄州人民政府办公室",
        issued_on=datetime.date(2023, 4, 26),
    )
    doc7 = Document.objects.create(
        code="cbf-2023-7",
        number="楚办发〔2023〕7号",
        title="关于支持楚雄国家高新区高质量发展的政策措施",
        issuers="中共楚雄州委办公室 楚雄州人民政府办公室",
        issued_on=datetime.date(2023, 8, 31),
        item_numbering=Document.Numbering.CHINESE,
    )
    zone = Zone.objects.create(
        code="cxgx",
        name="楚雄国家高新区",
        short_name="楚雄高新区",
        level=Zone.Level.NATIONAL,
        locality="楚雄市",
        display_order=1,
        source="楚办发〔2023〕5号",
    )
    finance = Unit.objects.create(name="州财政局", kind=Unit.Kind.GOVERNMENT)
    UnitAlias.objects.create(unit=finance, name="州国资委")
    units = [
        finance,
        Unit.objects.create(name="州发展改革委", kind=Unit.Kind.GOVERNMENT),
        Unit.objects.create(name="州工业和信息化局", kind=Unit.Kind.GOVERNMENT),
        Unit.objects.create(name="州统计局", kind=Unit.Kind.GOVERNMENT),
    ]
    output = Indicator.objects.create(
        code="industrial-output", name="工业总产值", unit="亿元", kind=Indicator.Kind.FLOW
    )
    section = Section.objects.create(document=doc5, number=2, title="实施体制机制创新工程")
    catalogue = Catalogue(doc5=doc5, doc7=doc7, zone=zone, finance=finance, units=units)
    for number in range(1, tasks + 1):
        task = TaskItem.objects.create(
            document=doc5,
            section=section,
            number=number,
            title=f"创新运营模式{number}",
            text=f"加快“管运分离”改革，推进开发区市场化运营（第{number}项）。",
            responsibility_text="州财政局（州国资委）、州发展改革委、州工业和信息化局",
        )
        for position, unit in enumerate(units[:3], start=1):
            role = TaskAssignment.Role.LEAD if position == 1 else TaskAssignment.Role.COOPERATE
            named_as = "州财政局（州国资委）" if unit == finance else ""
            TaskAssignment.objects.create(
                task=task, unit=unit, position=position, role=role, named_as=named_as
            )
        catalogue.tasks.append(task)
        catalogue.targets.append(
            Target.objects.create(
                code=f"cbf5-output-{number}",
                document=doc5,
                clause="一（二）发展目标",
                task=task,
                quote="工业总产值、营业收入达1500亿元以上，力争双突破2000亿元",
                title="楚雄国家高新区工业总产值",
                kind=Target.Kind.LEVEL,
                scope=Target.Scope.ZONE,
                zone=zone,
                indicator=output,
                floor=Decimal("1500"),
                stretch=Decimal("2000"),
                target_year=2025,
                display_order=number,
            )
        )
    measures = Section.objects.create(document=doc7, number=1, title="支持产业发展")
    catalogue.measure = TaskItem.objects.create(
        document=doc7, section=measures, number=1, title="支持主导产业发展", text="……"
    )
    TaskAssignment.objects.create(
        task=catalogue.measure, unit=units[3], position=1, role=TaskAssignment.Role.LEAD
    )
    successor = Target.objects.create(
        code="cbf7-growth",
        document=doc7,
        clause="开篇",
        quote="力争到2025年，工业总产值年均增长20%以上",
        title="工业总产值年均增长",
        kind=Target.Kind.CAGR,
        scope=Target.Scope.ZONE,
        zone=zone,
        indicator=output,
        floor=Decimal("20"),
        striving=True,
        base_year=2022,
        target_year=2025,
    )
    if catalogue.targets:
        catalogue.targets[0].superseded_by = successor
        catalogue.targets[0].save(update_fields=["superseded_by"])
    catalogue.targets.append(successor)
    return catalogue


@pytest.fixture
def make_catalogue() -> Callable[..., Catalogue]:
    """Build the test catalogue; the test must have database access (db or transactional_db)."""
    return build_catalogue


@pytest.fixture(scope="module")
def shipped_catalogue(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The real catalogue of 5号 and 7号 from `fixtures/`, loaded once for a test module
    inside a transaction that is rolled back after it. Use it with
    `pytest.mark.usefixtures("shipped_catalogue")`."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "catalogue", "indicators", "check_rules", "targets", verbosity=0)
        yield
        transaction.set_rollback(True)
