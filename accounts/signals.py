"""When a user gains a role that needs a second factor (a group, or the staff or superuser
flag) and has none yet, their open sessions end: the requirement is taken at login, so the
next login asks them to enrol instead of leaving a session without it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from accounts import second_factor
from accounts.permissions import _GROUPS_CACHE

_GAINED = "_accounts_gained_staff"


def _require_now(user: Any) -> None:
    if hasattr(user, _GROUPS_CACHE):
        delattr(user, _GROUPS_CACHE)  # the groups just changed
    if second_factor.second_factor_required(user) and second_factor.confirmed_totp(user) is None:
        second_factor.sessions_end(user)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts_groups_gained")
def _groups_gained(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if action != "post_add" or not pk_set:
        return
    users = User.objects.filter(pk__in=pk_set) if reverse else [instance]
    for user in users:
        _require_now(user)


@receiver(pre_save, sender=User, dispatch_uid="accounts_staff_gained_before")
def _staff_before(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if instance.pk is None or not (instance.is_staff or instance.is_superuser):
        return
    if update_fields is not None and not {"is_staff", "is_superuser"} & set(update_fields):
        return
    was = User.objects.filter(pk=instance.pk).values_list("is_staff", "is_superuser").first()
    setattr(instance, _GAINED, was is not None and not any(was))


@receiver(post_save, sender=User, dispatch_uid="accounts_staff_gained")
def _staff_gained(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if getattr(instance, _GAINED, False):
        setattr(instance, _GAINED, False)
        _require_now(instance)
