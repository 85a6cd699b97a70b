"""我的消息: the user's messages, newest first, and marking them read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import ListView

from notifications import selectors, services
from notifications.models import Notification


class NotificationListView(LoginRequiredMixin, ListView[Notification]):
    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self) -> Any:
        return selectors.notifications_for(recipient=self.request.user)  # type: ignore[arg-type]


class MarkReadView(LoginRequiredMixin, View):
    """POST `id` (one message, then follow its link with `next`) or nothing (all read)."""

    def post(self, request: HttpRequest) -> HttpResponseRedirect:
        raw = request.POST.get("id", "")
        ids = [int(raw)] if raw.isdigit() else None
        services.notifications_mark_read(recipient=request.user, ids=ids)  # type: ignore[arg-type]
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
        return redirect("notifications:list")
