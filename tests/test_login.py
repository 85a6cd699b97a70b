"""The login, lockout and logout pages (Django's auth views, our templates, django-axes)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_in_chinese_without_navigation(client: Client) -> None:
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in html
    assert '<label for="id_username">用户名</label>' in html
    assert '<label for="id_password">密码</label>' in html
    assert 'aria-label="主导航"' not in html
    assert "退出登录" not in html


def test_correct_password_logs_in_and_goes_to_the_overview(
    client: Client, user: Any, password: str
) -> None:
    response = client.post(
        reverse("login"), {"username": user.username, "password": password}, follow=True
    )

    # through the landing page (reporting:start), which sends all but statisticians to 总览
    assert response.redirect_chain[0] == (reverse("reporting:start"), 302)
    assert response.redirect_chain[-1] == (reverse("dashboards:overview"), 302)
    assert response.status_code == 200


def test_login_returns_to_the_page_asked_for(client: Client, user: Any, password: str) -> None:
    response = client.post(
        reverse("login"),
        {"username": user.username, "password": password, "next": "/catalogue/units/"},
    )

    assert response["Location"] == "/catalogue/units/"


def test_wrong_password_shows_a_chinese_error(client: Client, user: Any) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": "nope"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "用户名或密码错误" in html
    assert f'value="{user.username}"' in html  # the username is kept, the password is not


def test_repeated_failures_lock_the_account_out(client: Client, user: Any, password: str) -> None:
    for _ in range(5):
        client.post(reverse("login"), {"username": user.username, "password": "nope"})

    response = client.post(reverse("login"), {"username": user.username, "password": password})

    assert response.status_code == 429
    assert "登录失败次数过多，请15分钟后再试，或联系管理员。" in response.content.decode()


def test_logout_is_a_post_and_returns_to_login(user_client: Client) -> None:
    assert user_client.get(reverse("logout")).status_code == 405

    response = user_client.post(reverse("logout"))

    assert response["Location"] == reverse("login")
    assert user_client.get(reverse("targets:catalogue")).status_code == 302
