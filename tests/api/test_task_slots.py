"""/api/v1/task-slots/: each slot's latest report and whether it is overdue, agreeing with
the supervision pages (`supervision.selectors.overdue_slots`)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from api.models import ApiToken
from supervision import selectors, services
from supervision.models import TaskReport
from tests.conftest import build_catalogue
from tests.supervision.conftest import DUE, World, build_world

pytestmark = pytest.mark.django_db
URL = "/api/v1/task-slots/"
AFTER_DUE = datetime.datetime(2025, 10, 11, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clear_throttles() -> None:
    cache.clear()


def token(user: Any) -> str:
    api_token = ApiToken(user=user, client="督查系统")
    raw = api_token.issue()
    api_token.save()
    return raw


def slots(world: World, query: str = "") -> dict[tuple[int, str], dict[str, Any]]:
    response = Client().get(URL + query, HTTP_AUTHORIZATION=f"Token {token(world.leader)}")
    assert response.status_code == 200, response.content
    return {(row["task"], row["unit"]): row for row in response.json()["results"]}


def test_latest_report_status_and_overdue_flag(django_user_model: Any) -> None:
    world = build_world(build_catalogue(tasks=2), django_user_model)
    task = world.catalogue.tasks[0].pk
    world.submit("州发展改革委", status=TaskReport.Status.IN_PROGRESS)
    returned = world.submit("州工业和信息化局", status=TaskReport.Status.DONE)
    services.report_return(user=world.reviewer, report=returned, reason="请补充佐证材料。")
    with time_machine.travel(AFTER_DUE, tick=False):
        rows = slots(world)
        overdue = {
            (s.task_id, s.unit.name) for s in selectors.overdue_slots(today=DUE.replace(day=11))
        }
    filed = rows[(task, "州发展改革委")]
    assert (
        filed["latest_status"],
        filed["latest_status_label"],
        filed["reported"],
        filed["overdue"],
    ) == ("in_progress", "推进中", True, False)
    assert (filed["role"], filed["due_date"], filed["task_label"]) == ("配合", "2025-10-10", "1.")
    redo = rows[(task, "州工业和信息化局")]
    # a returned report leaves the slot owing a new version: overdue, its last status shown
    assert (redo["latest_status"], redo["latest_review"], redo["overdue"]) == (
        "done",
        "returned",
        True,
    )
    never = rows[(task, "州财政局")]
    assert (never["latest_status"], never["latest_at"], never["overdue"]) == (None, None, True)
    assert {key for key, row in rows.items() if row["overdue"]} == overdue
    assert len(rows) == 6


def test_nothing_is_overdue_on_the_due_date(django_user_model: Any) -> None:
    world = build_world(build_catalogue(tasks=1), django_user_model)
    with time_machine.travel(datetime.datetime(2025, 10, 10, 9, tzinfo=datetime.UTC), tick=False):
        assert not any(row["overdue"] for row in slots(world).values())


def test_filters_round_unit_and_overdue(django_user_model: Any) -> None:
    world = build_world(build_catalogue(tasks=2), django_user_model)
    world.submit("州财政局")
    with time_machine.travel(AFTER_DUE, tick=False):
        assert {unit for _, unit in slots(world, "?unit=州财政局")} == {"州财政局"}
        assert len(slots(world, f"?round={world.round.pk}")) == 6
        assert len(slots(world, f"?round={world.round.pk + 1}")) == 0
        assert len(slots(world, "?overdue=1")) == 5


def test_needs_login_or_a_token() -> None:
    assert Client().get(URL).status_code in (401, 403)


@pytest.mark.parametrize("tasks", [1, 8])
def test_query_count_does_not_grow_with_slots(
    django_user_model: Any, tasks: int, django_assert_num_queries: Any
) -> None:
    world = build_world(build_catalogue(tasks=tasks), django_user_model)
    world.submit("州财政局")
    raw = token(world.leader)
    with django_assert_num_queries(2):  # the token, the slots with their latest reports
        response = Client().get(URL, HTTP_AUTHORIZATION=f"Token {raw}")
    assert len(response.json()["results"]) == 3 * tasks
