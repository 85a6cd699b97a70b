"""Template access to the one attachment-reading rule (`supervision.selectors`)."""

from __future__ import annotations

from typing import Any

from django import template

from supervision.selectors import report_files_readable

register = template.Library()


@register.filter
def files_readable_by(report: Any, user: Any) -> bool:
    """`{% if report|files_readable_by:request.user %}`: may the user see its attachments."""
    return report_files_readable(user, report)
