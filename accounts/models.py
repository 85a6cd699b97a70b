"""What the accounts app stores: where a user belongs (`Profile`), their past passwords and the
security settings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from targets.models import Unit, Zone


class PasswordHistory(models.Model):
    """The hashes of a user's past passwords, so the last five cannot be reused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="password_history",
        verbose_name="用户",
    )
    password = models.CharField("密码哈希", max_length=128)
    created = models.DateTimeField("设置时间", auto_now_add=True)
    set_by_admin = models.BooleanField(
        "由管理员设置", default=False, help_text="管理员创建或重置的密码，用户首次登录后须修改。"
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"

    def __str__(self) -> str:
        return f"{self.user_id} {self.created:%Y-%m-%d}"


class SecurityPolicy(models.Model):
    """The security settings an admin edits (one row): how long a password lasts.

    Its Meta also carries the permissions of the 安全管理员 that belong to no table: assigning
    roles and resetting a user's second factor."""

    password_max_age_days = models.PositiveSmallIntegerField(
        "密码有效期（天）",
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="超过有效期的密码在登录后必须先修改；默认 90 天。",
    )

    class Meta:
        verbose_name = "安全策略"
        verbose_name_plural = "安全策略"
        permissions = [
            ("manage_roles", "分配用户的角色与权限（安全管理员）"),
            ("reset_second_factor", "重置用户的双因素设备（安全管理员）"),
        ]

    def __str__(self) -> str:
        return f"密码有效期 {self.password_max_age_days} 天"

    @classmethod
    def current(cls) -> SecurityPolicy:
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy


class Profile(models.Model):
    """Binds a user to the one zone they report for, or the one unit they liaise for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name="用户",
    )
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="所属开发区",
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="所属责任单位",
    )

    class Meta:
        db_table = "targets_profile"  # its table from before it moved here from `targets`
        verbose_name = "用户归属"
        verbose_name_plural = "用户归属"

    def __str__(self) -> str:
        return f"{self.user}: {self.zone or self.unit or '—'}"
