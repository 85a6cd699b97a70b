"""The hash over an audit row's fields and the previous row's hash (pure, no database)."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def entry_hash(
    *,
    previous_hash: str,
    time: datetime.datetime,
    user_id: int | None,
    username: str,
    address: str | None,
    event: str,
    object: str,
    outcome: str,
    detail: Any,
) -> str:
    payload = json.dumps(
        [
            previous_hash,
            time.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            user_id,
            username,
            address,
            event,
            object,
            outcome,
            detail,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()
