"""The security audit log (等保 8.1.4.3): one append-only table, each row chained by hash."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Outcome(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"

    time = models.DateTimeField("时间", db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    address = models.GenericIPAddressField("地址", null=True, blank=True)
    event = models.CharField("事件", max_length=60, db_index=True)
    object = models.CharField("对象", max_length=300, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    detail = models.JSONField("详情", default=dict, blank=True)
    previous_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "审计事件"
        verbose_name_plural = "审计日志"
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.username} {self.event}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("审计日志不能删除（清理旧记录请用 prune_audit_log）。")
