"""Reads of a user's messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from notifications.models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def unread_count_subquery(user_ref: str = "pk") -> Coalesce:
    """The number of unread messages of the user `user_ref` names, as an annotation."""
    counted = (
        Notification.objects.filter(recipient=OuterRef(user_ref), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def notifications_for(*, recipient: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=recipient)


def unread_count(*, recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()
