"""System checks of the security settings (run by `manage.py check` and `check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def demo_second_factor_exemption(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    if getattr(settings, "DEMO_ACCOUNTS_SKIP_2FA", False) and not settings.DEBUG:
        return [
            checks.Error(
                "DEMO_ACCOUNTS_SKIP_2FA（演示账号免双因素）只能用于演示环境，不能在 DEBUG 关闭时开启。",
                hint="生产环境删除 DEMO_ACCOUNTS_SKIP_2FA 环境变量。",
                id="accounts.E001",
            )
        ]
    return []
