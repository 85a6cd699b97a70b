"""Writes: send a message (in the portal, and by e-mail), mark messages read.

`notify` is what other apps call; its arguments are keyword-only and plain, so a caller needs
to know nothing about this app but the function."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

FOOTER = "本邮件由楚雄州开发区提质增效监测平台自动发送，请勿直接回复。"


def email_text(*, body: str, url: str, portal_url: str) -> str:
    """The e-mail's text: the body, the link when the portal's address is known, the footer."""
    link = f"\n\n{portal_url}{url}" if url and portal_url else ""
    where = "" if link else "\n\n请登录平台，在“我的消息”中查看。"
    return f"{body}{link}{where}\n\n{FOOTER}"


def notify(
    *,
    recipient: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str = "",
    email: bool = True,
) -> Notification | None:
    """Tell `recipient` something: a message on 我的消息 and, with `email` and an address on
    file, an e-mail (linking `url`, a path in the portal, when settings.PORTAL_URL is set).

    With a `dedupe_key`, a recipient gets the message at most once: a second call with the
    same key sends nothing and returns None. A failing mail server is logged, never raised,
    so the caller's write (an approval, say) is not undone by it."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                title=title,
                body=body,
                url=url,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if not dedupe_key:
            raise
        return None
    address = getattr(recipient, "email", "")
    if email and address:
        text = email_text(body=body or title, url=url, portal_url=settings.PORTAL_URL)
        try:
            send_mail(f"【监测平台】{title}", text, None, [address])
        except OSError:
            logger.exception("notification %s: e-mail to %s failed", notification.pk, address)
    return notification


def notifications_mark_read(*, recipient: User, ids: list[int] | None = None) -> int:
    """Mark the recipient's unread messages read (those `ids`, or all); how many were."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
