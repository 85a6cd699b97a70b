"""The supervision pages as each role sees them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision import services
from supervision.models import TaskReport

pytestmark = pytest.mark.django_db

FINANCE, NDRC, MIIT = "州财政局", "州发展改革委", "州工业和信息化局"
PAGES = ["supervision:mine", "supervision:matrix", "supervision:units", "supervision:rounds"]


@pytest.mark.parametrize("name", [*PAGES, "supervision:index", "supervision:review"])
def test_pages_require_login(client: Client, name: str) -> None:
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_a_leader_reads_every_page_with_the_nav_link(client: Client, world: Any, name: str) -> None:
    client.force_login(world.leader)

    response = client.get(reverse(name))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("supervision:index")}" aria-current="page">任务督办</a>' in html


def test_index_sends_a_liaison_to_my_tasks_and_others_to_the_matrix(
    client: Client, world: Any
) -> None:
    client.force_login(world.liaisons[NDRC])
    assert client.get(reverse("supervision:index"))["Location"] == reverse("supervision:mine")
    client.force_login(world.leader)
    assert client.get(reverse("supervision:index"))["Location"] == reverse("supervision:matrix")


def test_my_tasks_lists_the_units_tasks_open_slots_and_past_reports(
    client: Client, world: Any
) -> None:
    world.submit(NDRC, task_index=0, narrative="第一项已推进。")
    client.force_login(world.liaisons[NDRC])

    html = client.get(reverse("supervision:mine")).content.decode()

    assert "州发展改革委牵头或配合的重点任务" in html
    assert "本单位的任务（3项）" in html
    assert html.count('href="?slot=') == 2  # tasks 2 and 3 are still open
    assert "第一项已推进。" in html
    assert 'enctype="multipart/form-data"' in html


def test_my_tasks_tells_a_non_liaison_what_the_page_is_for(client: Client, world: Any) -> None:
    client.force_login(world.leader)

    html = client.get(reverse("supervision:mine")).content.decode()

    assert "没有绑定责任单位" in html
    assert '<form method="post" action="/tasks/mine/"' not in html


def test_task_page_offers_consolidation_to_the_lead_liaison_only(
    client: Client, world: Any
) -> None:
    url = reverse("supervision:task", args=[world.catalogue.tasks[0].pk])

    client.force_login(world.liaisons[FINANCE])
    assert "提交汇总报告" in client.get(url).content.decode()
    for user in (world.liaisons[NDRC], world.leader, world.reviewer):
        client.force_login(user)
        assert "提交汇总报告" not in client.get(url).content.decode()


def test_lead_liaison_consolidates_and_everyone_sees_it_on_the_task_page(
    client: Client, world: Any
) -> None:
    task = world.catalogue.tasks[0]
    world.submit(NDRC, narrative="配合单位：已完成方案编制。")
    client.force_login(world.liaisons[FINANCE])

    response = client.post(
        reverse("supervision:consolidate", args=[task.pk, world.round.pk]),
        {"status": "in_progress", "narrative": "汇总：方案已编制，正在报批。"},
    )

    assert response.status_code == 302
    assert TaskReport.objects.get(is_consolidated=True).narrative == "汇总：方案已编制，正在报批。"
    client.force_login(world.leader)
    html = client.get(reverse("supervision:task", args=[task.pk])).content.decode()
    assert "汇总：方案已编制，正在报批。" in html
    assert "配合单位：已完成方案编制。" in html


def test_task_page_shows_an_overdue_unit_in_red(client: Client, world: Any) -> None:
    client.force_login(world.leader)

    html = client.get(
        reverse("supervision:task", args=[world.catalogue.tasks[0].pk])
    ).content.decode()

    # The fixture round was due on 2025-10-10, long before the test runs.
    assert html.count('<tr class="is-overdue">') == 3
    assert "逾期未报" in html


def test_matrix_page_filters_by_section_and_marks_overdue_cells(client: Client, world: Any) -> None:
    client.force_login(world.leader)
    section = world.catalogue.tasks[0].section

    html = client.get(
        reverse("supervision:matrix"), {"document": "", "section": section.pk}
    ).content.decode()

    assert "督办矩阵（3个单位 × 3项任务）" in html
    assert html.count('<td class="is-overdue">') == 9


def test_matrix_page_defaults_to_the_first_document(client: Client, world: Any) -> None:
    client.force_login(world.leader)

    html = client.get(reverse("supervision:matrix")).content.decode()

    assert "督办矩阵（3个单位 × 3项任务）" in html


def test_units_page_lists_overdue_slots(client: Client, world: Any) -> None:
    for index in range(3):
        world.submit(FINANCE, task_index=index)
    client.force_login(world.leader)

    html = client.get(reverse("supervision:units")).content.decode()

    assert html.count('<tr class="is-overdue">') == 2 + 6  # two units, six overdue slots
    assert "逾期未报清单" in html


def test_review_queue_lists_the_consolidated_report_too(client: Client, world: Any) -> None:
    services.report_consolidate(
        user=world.liaisons[FINANCE],
        round=world.round,
        task=world.catalogue.tasks[0],
        status="done",
        narrative="汇总：已完成。",
    )
    client.force_login(world.reviewer)

    html = client.get(reverse("supervision:review")).content.decode()

    assert "汇总报告 第1版" in html
    assert "汇总：已完成。" in html


PAGE_QUERIES = [
    ("liaison", "supervision:mine", 16),
    ("leader", "supervision:matrix", 12),
    ("leader", "supervision:units", 7),
    ("admin", "supervision:rounds", 10),
    ("reviewer", "supervision:review", 8),
    ("leader", "supervision:task", 13),
]


@pytest.mark.parametrize("tasks", [5, 50])
def test_pages_run_the_same_bounded_queries_with_5_or_50_tasks(
    client: Client,
    make_catalogue: Any,
    make_world: Any,
    django_assert_max_num_queries: Any,
    tasks: int,
) -> None:
    world = make_world(make_catalogue(tasks=tasks))
    for index in range(5):
        world.submit(NDRC, task_index=index)
        world.submit(FINANCE, task_index=index)
    for who, name, most in PAGE_QUERIES:
        client.force_login(world.liaisons[NDRC] if who == "liaison" else getattr(world, who))
        args = [world.catalogue.tasks[0].pk] if name == "supervision:task" else []
        with django_assert_max_num_queries(most):
            assert client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize("model", ["reportinground", "reportslot", "taskreport", "reminder"])
def test_admin_lists_supervision_records_and_reports_are_read_only(
    admin_client: Client, world: Any, model: str
) -> None:
    report = world.submit(NDRC)

    listing = admin_client.get(reverse(f"admin:supervision_{model}_changelist"))

    assert listing.status_code == 200
    if model == "taskreport":
        page = admin_client.get(reverse("admin:supervision_taskreport_change", args=[report.pk]))
        assert page.status_code == 200
        assert 'name="narrative"' not in page.content.decode()


@pytest.mark.parametrize(
    ("who", "name"), [("liaison", "supervision:mine"), ("reviewer", "supervision:review")]
)
def test_reports_with_attachments_cost_the_same_queries_on_2_or_6_tasks(
    client: Client, make_catalogue: Any, make_world: Any, uploads: Any, who: str, name: str
) -> None:
    """Whether a reader may open a report's attachments depends on its task's lead unit: the
    page reads every task's lead with the reports, not one query per task."""
    world = make_world(make_catalogue(tasks=6))
    client.force_login(world.liaisons[NDRC] if who == "liaison" else world.reviewer)
    url = reverse(name)

    def queries_listing(tasks: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert all(f"材料{index}.pdf" in page for index in range(tasks))  # files listed
        return len(queries)

    for index in range(2):
        world.submit(NDRC, task_index=index, files=[uploads.pdf(f"材料{index}.pdf")])
    with_2 = queries_listing(2)
    for index in range(2, 6):
        world.submit(NDRC, task_index=index, files=[uploads.pdf(f"材料{index}.pdf")])

    assert queries_listing(6) == with_2
