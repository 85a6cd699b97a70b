"""A small supervision world: the test catalogue (three 5号 tasks led by 州财政局 with 州发展改革委
and 州工业和信息化局 co-operating), one user per role, one liaison per unit, and a round."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Profile
from accounts.roles import ADMIN, LEADER, LIAISON, REVIEWER, Role, ensure_groups
from supervision import services
from supervision.models import ReportingRound, ReportSlot, TaskReport
from targets.models import Unit

PASSWORD = "Supervise-test-2025"
PERIOD = (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))
DUE = datetime.date(2025, 10, 10)
FINANCE, NDRC, MIIT, STATS = "州财政局", "州发展改革委", "州工业和信息化局", "州统计局"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def make_user(
    django_user_model: Any,
    username: str,
    role: Role | None,
    *,
    unit: Unit | None = None,
    email: str = "",
    groups: dict[str, Any] | None = None,
) -> Any:
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, email=email, first_name=username
    )
    if role is not None:
        user.groups.set([(groups or ensure_groups())[role.group]])
    if unit is not None:
        Profile.objects.create(user=user, unit=unit)
    return user


def pdf(name: str = "进展材料.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def office_file(name: str, member: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())


@dataclass
class World:
    catalogue: Any
    admin: Any
    reviewer: Any
    leader: Any
    liaisons: dict[str, Any]
    round: ReportingRound

    def slot(self, unit_name: str, task_index: int = 0) -> ReportSlot:
        return ReportSlot.objects.get(
            round=self.round, task=self.catalogue.tasks[task_index], unit__name=unit_name
        )

    def submit(self, unit_name: str, task_index: int = 0, **kwargs: Any) -> TaskReport:
        fields: dict[str, Any] = {
            "status": TaskReport.Status.IN_PROGRESS,
            "narrative": "按计划推进。",
        }
        fields.update(kwargs)
        return services.report_submit(
            user=self.liaisons[unit_name], slot=self.slot(unit_name, task_index), **fields
        )


def build_world(catalogue: Any, django_user_model: Any, *, due: datetime.date = DUE) -> World:
    units = {u.name: u for u in catalogue.units}
    groups = ensure_groups()
    admin = make_user(django_user_model, "supervision-admin", ADMIN, groups=groups)
    liaisons = {
        name: make_user(
            django_user_model,
            f"liaison-{i}",
            LIAISON,
            unit=unit,
            email=f"liaison{i}@example.cn",
            groups=groups,
        )
        for i, (name, unit) in enumerate(units.items())
    }
    opened = services.round_open(
        user=admin,
        title="2025年第三季度调度",
        rhythm=ReportingRound.Rhythm.QUARTERLY,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        due_date=due,
        tasks=catalogue.tasks,
    )
    return World(
        catalogue=catalogue,
        admin=admin,
        reviewer=make_user(django_user_model, "reviewer", REVIEWER, groups=groups),
        leader=make_user(django_user_model, "leader", LEADER, groups=groups),
        liaisons=liaisons,
        round=opened,
    )


@pytest.fixture
def world(db: None, make_catalogue: Callable[..., Any], django_user_model: Any) -> World:
    return build_world(make_catalogue(tasks=3), django_user_model)


@pytest.fixture
def make_world(db: None, django_user_model: Any) -> Callable[..., World]:
    """Build a world on a given catalogue (e.g. one with 50 tasks), optionally another due date."""

    def make(catalogue: Any, *, due: datetime.date = DUE) -> World:
        return build_world(catalogue, django_user_model, due=due)

    return make


class Uploads:
    """Upload builders, handed to tests as the `uploads` fixture."""

    pdf = staticmethod(pdf)
    office = staticmethod(office_file)

    @staticmethod
    def png(name: str = "现场照片.png") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def uploads() -> type[Uploads]:
    return Uploads
