"""The dates rules of task supervision, stated once, in plain Python (no database).

"Today" is the date in Asia/Shanghai (`timezone.localdate()`); a deadline is a whole day, so
a report filed at 23:59 on the due date is on time and a slot becomes overdue the day after.
"""

from __future__ import annotations

import datetime

REMIND_DAYS_BEFORE = 3


def is_overdue(*, due_date: datetime.date, reported: bool, today: datetime.date) -> bool:
    """Not reported and today is AFTER the due date (the due date itself is not overdue)."""
    return not reported and today > due_date


def is_on_time(*, first_filed: datetime.date | None, due_date: datetime.date) -> bool:
    """The slot's first report was filed on or before the due date."""
    return first_filed is not None and first_filed <= due_date


def before_due_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Due dates that get a "before due" reminder today: from today to 3 days ahead."""
    return today, today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
