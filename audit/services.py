"""`record(...)`: the one way to write the audit log. Every app (and the API) calls it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from audit.chain import GENESIS, entry_hash
from audit.models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest

# Any constant key: every writer of the chain takes this PostgreSQL advisory lock.
_CHAIN_LOCK = 813_413


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _lock_chain() -> None:
    """Serialise chain writers until the transaction ends. SQLite serialises writes itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])


@transaction.atomic
def record(
    *,
    event: str,
    user: AbstractBaseUser | AnonymousUser | None = None,
    username: str = "",
    request: HttpRequest | None = None,
    address: str | None = None,
    object: str = "",
    success: bool = True,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chained log and return it."""
    user_obj = user if user is not None and user.is_authenticated else None
    if user_obj is None and request is not None and request.user.is_authenticated:
        user_obj = request.user
    name = username or (user_obj.get_username() if user_obj is not None else "")
    _lock_chain()
    last = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
    fields: dict[str, Any] = {
        "time": timezone.now(),
        "user_id": user_obj.pk if user_obj is not None else None,
        "username": name,
        "address": address or client_address(request),
        "event": event,
        "object": object[:300],
        "outcome": AuditEvent.Outcome.SUCCESS if success else AuditEvent.Outcome.FAILURE,
        "detail": detail or {},
    }
    previous = last or GENESIS
    return AuditEvent.objects.create(
        previous_hash=previous, hash=entry_hash(previous_hash=previous, **fields), **fields
    )
