"""Reads of the audit log: the chain check."""

from __future__ import annotations

from dataclasses import dataclass

from audit.chain import GENESIS, entry_hash
from audit.models import AuditEvent


@dataclass(frozen=True)
class ChainBreak:
    pk: int
    reason: str


def audit_chain_breaks() -> list[ChainBreak]:
    """Every row whose hash or link does not match; empty when the log is intact.

    After a prune the oldest kept row links to a removed one: the first row's link is taken
    as given, and every row after it must link to its predecessor."""
    breaks: list[ChainBreak] = []
    previous: str | None = None
    for row in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if previous is not None and row.previous_hash != previous:
            breaks.append(ChainBreak(row.pk, "与前一条记录的哈希不相接（记录被删除或插入）"))
        expected = entry_hash(
            previous_hash=row.previous_hash,
            time=row.time,
            user_id=row.user_id,
            username=row.username,
            address=row.address,
            event=row.event,
            object=row.object,
            outcome=row.outcome,
            detail=row.detail,
        )
        if expected != row.hash:
            breaks.append(ChainBreak(row.pk, "内容与哈希不符（记录被修改）"))
        previous = row.hash
    return breaks


__all__ = ["GENESIS", "ChainBreak", "audit_chain_breaks"]
