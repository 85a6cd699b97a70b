from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

DEFUSEDXML_MISSING = (
    "openpyxl 未使用 defusedxml 解析 Excel 文件，上传的文件可借 XML 实体攻击服务器。"
    "请安装 defusedxml（pyproject.toml 已列出）。"
)


def check_defusedxml(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """System check: uploaded workbooks must be parsed with defusedxml."""
    from indicators.excel.reader import defusedxml_in_use

    if defusedxml_in_use():
        return []
    return [
        checks.Critical(DEFUSEDXML_MISSING, hint="pip install defusedxml", id="indicators.E001")
    ]


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"

    def ready(self) -> None:
        checks.register(check_defusedxml, checks.Tags.security)
        if check_defusedxml():
            # Refuse to start at all: the check alone would let `runserver --skip-checks` through.
            raise ImproperlyConfigured(DEFUSEDXML_MISSING)
        from indicators import admin_import  # noqa: F401  (re-registers Figure with import/export)

    verbose_name = "指标与月度数据"
