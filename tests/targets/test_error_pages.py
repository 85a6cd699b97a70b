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
