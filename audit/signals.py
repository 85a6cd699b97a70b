"""Receivers that put Django's and axes' authentication events into the audit log."""

from __future__ import annotations

import datetime
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record


@receiver(user_logged_in, dispatch_uid="audit_login")
def _login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(event="login", user=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(event="logout", user=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    record(
        event="login_failed",
        username=str(credentials.get("username", ""))[:150],
        request=request,
        success=False,
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender: Any, request: Any, username: Any, ip_address: Any, **kwargs: Any) -> None:
    """axes signals the lock and again each attempt refused while locked: the first is
    `account_locked`, the others `login_blocked`."""
    name = str(username or "")[:150]
    window = timezone.now() - datetime.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    already = AuditEvent.objects.filter(
        event="account_locked", username=name, address=ip_address, time__gte=window
    ).exists()
    record(
        event="login_blocked" if already else "account_locked",
        username=name,
        address=ip_address,
        object=name,
        success=False,
    )


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_change")
def _admin_change(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if created:
        record(
            event=f"admin_{['', 'add', 'change', 'delete'][instance.action_flag]}",
            user=instance.user,  # type: ignore[arg-type]
            object=f"{instance.content_type}: {instance.object_repr}"
            if instance.content_type
            else instance.object_repr,
            detail={"change": instance.get_change_message()},
        )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_user_groups")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="audit_user_perms")
@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="audit_group_perms")
def _roles_changed(
    sender: Any, instance: Any, action: str, pk_set: Any, model: Any, **kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    kind = (
        "permission_change"
        if model is Permission or sender is not User.groups.through
        else "role_change"
    )
    record(
        event=kind,
        object=f"{instance._meta.verbose_name}: {instance}",
        detail={"action": action.removeprefix("post_"), "ids": sorted(pk_set or [])},
    )


@receiver(pre_save, sender=User, dispatch_uid="audit_user_was_active")
def _user_was_active(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is not None and not instance.is_active:
        was = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
        instance._audit_disabled_now = bool(was)


@receiver(post_save, sender=User, dispatch_uid="audit_user_saved")
def _user_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        record(event="user_create", object=instance.get_username())
    elif getattr(instance, "_audit_disabled_now", False):
        instance._audit_disabled_now = False
        record(event="user_disable", object=instance.get_username())
