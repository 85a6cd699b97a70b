"""403, 404 and 500 are pages of the portal, in Chinese, with a way back (DEBUG off)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_a_missing_page_is_a_chinese_page_with_a_way_back(admin_client: Client) -> None:
    response = admin_client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "404 · 页面不存在" in html
    assert f'href="{reverse("home")}"' in html
    assert "退出登录" in html  # the portal's layout, not a bare page


@override_settings(DEBUG=False)
def test_a_refused_page_is_a_chinese_page(client: Client, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user("nobody", password="x-Secret-123")
    client.force_login(user)
    response = client.get(reverse("dashboards:report"))
    assert response.status_code == 403
    assert "403 · 无权访问" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_server_error_is_a_chinese_page() -> None:
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "500 · 服务器出错" in html
    assert 'href="/"' in html


def test_the_admin_speaks_chinese_and_shows_values_at_their_decimals(
    admin_client: Client,
) -> None:
    from decimal import Decimal

    from indicators.models import Figure
    from targets.models import Indicator, Zone

    zone = Zone.objects.create(
        code="cxgx",
        name="楚雄国家高新区",
        short_name="楚雄高新区",
        level="national",
        locality="楚雄市",
        source="test",
    )
    indicator = Indicator.objects.create(code="gyzcz", name="工业总产值", unit="亿元", kind="flow")
    Figure.objects.create(
        zone=zone, indicator=indicator, year=2025, month=6, value=Decimal("35.14")
    )
    index = admin_client.get(reverse("admin:index")).content.decode()
    for app in ["指标与月度数据", "目录（文件、开发区、单位、任务、目标）", "任务督办"]:
        assert app in index
    changelist = admin_client.get(reverse("admin:indicators_figure_changelist")).content.decode()
    assert "35.14<" in changelist
    assert "35.1400" not in changelist
    for header in ["开发区", "指标", "修改人"]:
        assert header in changelist
