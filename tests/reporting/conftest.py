"""A small reporting world: three zones that report, a benchmark zone, their statisticians, a
reviewer and a leader, and helpers that file a submission as of a given moment."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Profile
from accounts.roles import LEADER, REVIEWER, STATISTICIAN, Role, ensure_groups
from indicators.models import Figure, Submission, SubmissionEvent
from targets.models import Indicator, Zone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    """`hour` o'clock in 楚雄 on `day`, as cron would pass it."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@dataclass
class World:
    zones: dict[str, Zone]
    users: dict[str, Any] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)

    def submit(
        self,
        code: str,
        year: int,
        month: int,
        *,
        when: datetime.datetime,
        status: str = Submission.Status.SUBMITTED,
        first: datetime.datetime | None = None,
    ) -> Submission:
        """The zone's month, submitted at `when` (and first at `first`, if resubmitted), left
        in `status`."""
        submission, _ = Submission.objects.update_or_create(
            zone=self.zones[code], year=year, month=month, defaults={"status": status}
        )
        for moment in [m for m in (first, when) if m is not None]:
            event = SubmissionEvent.objects.create(submission=submission, action="submit")
            SubmissionEvent.objects.filter(pk=event.pk).update(at=moment)
        return submission

    def fill(self, code: str, year: int, month: int, count: int) -> None:
        for indicator in self.indicators[:count]:
            Figure.objects.create(
                zone=self.zones[code],
                indicator=indicator,
                year=year,
                month=month,
                value=Decimal(1),
            )


def make_zone(code: str, name: str, order: int, *, benchmark: bool = False) -> Zone:
    zone: Zone = Zone.objects.create(
        code=code,
        name=name,
        short_name=name[:2],
        level=Zone.Level.PROVINCIAL,
        locality="楚雄州",
        source="test",
        display_order=order,
        is_benchmark=benchmark,
    )
    return zone


def make_user(
    model: Any, username: str, password: str, role: Role, zone: Zone | None = None
) -> Any:
    user = model.objects.create_user(
        username=username, password=password, email=f"{username}@example.cn"
    )
    user.groups.set([ensure_groups()[role.group]])
    Profile.objects.create(user=user, zone=zone)
    return user


def build_world(model: Any, password: str) -> World:
    zones = {
        "cxgx": make_zone("cxgx", "楚雄国家高新区", 1),
        "lufeng": make_zone("lufeng", "禄丰产业园区", 2),
        "wuding": make_zone("wuding", "武定产业园区", 3),
        "kmgx": make_zone("kmgx", "昆明高新区", 9, benchmark=True),
    }
    world = World(zones)
    for code in ("cxgx", "lufeng", "wuding"):
        world.users[code] = make_user(model, f"stat-{code}", password, STATISTICIAN, zones[code])
    world.users["reviewer"] = make_user(model, "reviewer", password, REVIEWER)
    world.users["leader"] = make_user(model, "leader", password, LEADER)
    world.indicators = [
        Indicator.objects.create(code=f"m{i}", name=f"指标{i}", unit="亿元", kind="flow")
        for i in range(4)
    ]
    world.indicators.append(
        Indicator.objects.create(
            code="gdp", name="地区生产总值", unit="亿元", kind="flow", frequency="annual"
        )
    )
    return world


@pytest.fixture
def world(db: None, django_user_model: Any, password: str) -> World:
    return build_world(django_user_model, password)


@pytest.fixture
def frozen() -> Any:
    """The clock stopped at 08:00 on 20 December 2026 in 楚雄 (`frozen.move_to(...)` moves it)."""
    with time_machine.travel(at(datetime.date(2026, 12, 20)), tick=False) as traveller:
        yield traveller
