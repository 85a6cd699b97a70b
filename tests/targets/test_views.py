"""The catalogue pages: what a logged-in user sees, and how many queries it costs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Session + user + the view's own queries; the same for 3 tasks as for 30.
MAX_QUERIES = {
    "targets:catalogue": 2 + 4,  # documents, sections, tasks, assignments+unit
    "targets:units": 2 + 3,  # units, aliases, assignments+task+document
    "targets:targets": 2 + 1,  # targets with everything joined
}


def text_of(response: Any) -> str:
    """The page as a user reads it: tags removed, whitespace collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    "url",
    [
        "/catalogue/",
        "/catalogue/tasks/1/",
        "/catalogue/units/",
        "/catalogue/targets/",
        "/figures/",
        "/dashboards/",
    ],
)
def test_anonymous_user_is_redirected_to_login(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_catalogue_lists_documents_sections_and_tasks(
    user_client: Client, make_catalogue: Callable[..., Any]
) -> None:
    catalogue = make_catalogue(tasks=2)

    response = user_client.get(reverse("targets:catalogue"))

    assert response.status_code == 200
    text = text_of(response)
    assert "楚办发〔2023〕5号 楚雄州开发区提质增效三年行动实施方案（2023—2025年）" in text
    assert "2023年4月26日" in text
    assert "实施体制机制创新工程" in text
    assert "1. 创新运营模式1" in text
    assert "（一） 支持主导产业发展" in text  # 7号 numbers its measures in Chinese
    assert "牵头 州财政局（州国资委） 配合 州发展改革委 配合 州工业和信息化局" in text
    assert f'href="{catalogue.tasks[0].get_absolute_url()}"' in response.content.decode()


def test_catalogue_marks_the_lead_unit_chip(
    user_client: Client, make_catalogue: Callable[..., Any]
) -> None:
    make_catalogue(tasks=1)

    html = user_client.get(reverse("targets:catalogue")).content.decode()

    assert re.search(r'class="chip chip--lead"><span class="role-label">牵头</span>州财政局', html)
    assert re.search(r'class="chip"><span class="role-label">配合</span>州发展改革委', html)


def test_task_detail_shows_text_units_in_order_and_targets(
    user_client: Client, make_catalogue: Callable[..., Any]
) -> None:
    task = make_catalogue(tasks=2).tasks[1]

    response = user_client.get(task.get_absolute_url())

    assert response.status_code == 200
    text = text_of(response)
    assert "2. 创新运营模式2" in text
    assert "楚办发〔2023〕5号" in text
    assert "实施体制机制创新工程" in text
    assert "加快“管运分离”改革，推进开发区市场化运营（第2项）。" in text
    assert "州财政局（州国资委）、州发展改革委、州工业和信息化局" in text
    assert "1 州财政局（州国资委） 牵头 2 州发展改革委 配合 3 州工业和信息化局 配合" in text
    assert "楚雄国家高新区 1,500亿元以上 2,000亿元 2025年" in text
    assert "工业总产值、营业收入达1500亿元以上，力争双突破2000亿元" in text


def test_task_detail_without_targets_says_so(
    user_client: Client, make_catalogue: Callable[..., Any]
) -> None:
    measure = make_catalogue(tasks=1).measure

    text = text_of(user_client.get(measure.get_absolute_url()))

    assert "（一） 支持主导产业发展" in text
    assert "本任务没有量化目标。" in text


def test_task_detail_of_unknown_task_is_404(user_client: Client) -> None:
    response = user_client.get(reverse("targets:task-detail", args=[999]))

    assert response.status_code == 404


def test_unit_search_by_second_name_finds_the_unit(
    user_client: Client, make_catalogue: Callable[..., Any]
) -> None:
    make_catalogue(tasks=2)

    response = user_client.get(reverse("targets:units"), {"q": "州国资委"})

    text = text_of(response)
    assert "州财政局" in text
    assert "亦称：州国资委" in text
    assert "州发展改革委" not in text
    assert "找到 1 个单位" in text
    assert 'value="州国资委"' in response.content.decode()


def test_unit_list_groups_tasks_by_document_with_roles(
    user_client: Client, make_catalogue: Callable[..., Any]
) -> None:
    make_catalogue(tasks=2)

    text = text_of(user_client.get(reverse("targets:units")))

    assert "州统计局 州级政府部门 楚办发〔2023〕7号 牵头 （一） 支持主导产业发展" in text
    assert (
        "州发展改革委 州级政府部门 楚办发〔2023〕5号 配合 1. 创新运营模式1 配合 2. 创新运营模式2"
        in text
    )


def test_unit_search_without_match_says_nothing_found(
    user_client: Client, make_catalogue: Callable[..., Any]
) -> None:
    make_catalogue(tasks=1)

    text = text_of(user_client.get(reverse("targets:units"), {"q": "州教育体育局"}))

    assert "没有找到与“州教育体育局”相符的单位。" in text


def test_target_list_groups_by_document_and_shows_values(
    user_client: Client, make_catalogue: Callable[..., Any]
) -> None:
    make_catalogue(tasks=2)

    response = user_client.get(reverse("targets:targets"))

    html = response.content.decode()
    text = text_of(response)
    captions = re.findall(r'<caption><span class="doc-number">(.+?)</span>', html)
    assert captions == ["楚办发〔2023〕5号", "楚办发〔2023〕7号"]
    assert "工业总产值 （亿元） 1,500亿元以上 2,000亿元 2025年" in text
    assert "工业总产值 （亿元） 20%以上 — 2022—2025年" in text  # a growth rate is in %
    assert "<blockquote>工业总产值、营业收入达1500亿元以上，力争双突破2000亿元</blockquote>" in html


def test_target_list_says_which_target_supersedes(
    user_client: Client, make_catalogue: Callable[..., Any]
) -> None:
    make_catalogue(tasks=2)

    text = text_of(user_client.get(reverse("targets:targets")))

    assert text.count("已被 楚办发〔2023〕7号“工业总产值年均增长” 取代") == 1


def test_navigation_shows_admin_link_to_staff_only(
    client: Client, user: Any, staff_user: Any
) -> None:
    client.force_login(user)
    assert 'href="/admin/"' not in client.get(reverse("targets:catalogue")).content.decode()

    client.force_login(staff_user)
    assert 'href="/admin/"' in client.get(reverse("targets:catalogue")).content.decode()


def test_every_page_names_the_user_and_offers_logout_as_a_post_form(
    user_client: Client, user: Any
) -> None:
    html = user_client.get(reverse("targets:catalogue")).content.decode()

    assert re.search(
        r'<form method="post" action="/logout/"[^>]*>\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken"',
        html,
    )
    assert f'<span class="topbar__name">{user.get_full_name()}</span>' in html


@pytest.mark.parametrize("tasks", [3, 30])
@pytest.mark.parametrize("view_name", sorted(MAX_QUERIES))
def test_list_pages_run_a_bounded_number_of_queries(
    user_client: Client,
    make_catalogue: Callable[..., Any],
    django_assert_max_num_queries: Any,
    view_name: str,
    tasks: int,
) -> None:
    make_catalogue(tasks=tasks)
    url = reverse(view_name)

    with django_assert_max_num_queries(MAX_QUERIES[view_name]):
        response = user_client.get(url)

    assert response.status_code == 200
    assert f"创新运营模式{tasks}" in response.content.decode()  # the last task was rendered


@pytest.mark.parametrize("tasks", [3, 30])
def test_unit_search_runs_a_bounded_number_of_queries(
    user_client: Client,
    make_catalogue: Callable[..., Any],
    django_assert_max_num_queries: Any,
    tasks: int,
) -> None:
    make_catalogue(tasks=tasks)

    with django_assert_max_num_queries(MAX_QUERIES["targets:units"]):
        response = user_client.get(reverse("targets:units"), {"q": "州国资委"})

    assert f"创新运营模式{tasks}" in response.content.decode()


def test_task_detail_runs_a_bounded_number_of_queries(
    user_client: Client, make_catalogue: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    task = make_catalogue(tasks=3).tasks[0]

    # session, user, task+document+section, assignments+unit, targets+zone+cluster+indicator
    with django_assert_max_num_queries(2 + 3):
        response = user_client.get(task.get_absolute_url())

    assert response.status_code == 200
