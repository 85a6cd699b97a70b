"""The one writer of figures: a plan's new figures inserted, its changed figures updated and
its revisions inserted, in a few statements for any number of months and figures, without
building model instances (`indicators.bulk`). The plan has checked every value already
(`validation.check_value`, with the limits of the model's fields)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from indicators import bulk
from indicators.figures.load import of_periods
from indicators.figures.plan import Key, Plan
from indicators.models import Figure, FigureRevision

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from targets.models import Zone


def write_plan(
    plan: Plan,
    *,
    zone: Zone,
    user: User | None,
    origin: str,
    reason: str,
    now: datetime.datetime,
) -> None:
    """Write what the plan changes. Only a plan no month of which is refused is written."""
    assert not any(m.refusal or m.errors for m in plan.months), "a refused plan is not written"
    user_id = user.pk if user else None
    ids = _insert_figures(plan, zone=zone, user_id=user_id, now=now)
    updated = [pair for month in plan.months for pair in month.updated]
    bulk.update_rows(
        Figure,
        shared={"updated_by_id": user_id, "updated_at": now, "is_demo": False},
        columns=("id", "value", "reported_growth_pct", "explanation"),
        rows=[(s.id, e.value, e.reported_growth_pct, e.explanation) for s, e in updated],
    )
    new_stage = Figure._meta.get_field("stage").get_default()
    bulk.insert_rows(
        FigureRevision,
        shared={"origin": origin, "reason": reason, "changed_by_id": user_id, "changed_at": now},
        columns=(
            "figure_id",
            "old_value",
            "new_value",
            "old_reported_growth_pct",
            "new_reported_growth_pct",
            "stage",
        ),
        rows=[
            (
                before.id,
                before.value,
                entry.value,
                before.reported_growth_pct,
                entry.reported_growth_pct,
                before.stage,
            )
            if before is not None
            else (
                ids[(entry.indicator.pk, month.year, month.month)],
                None,
                entry.value,
                None,
                entry.reported_growth_pct,
                new_stage,
            )
            for month in plan.months
            for entry, before in month.revised
        ],
    )


def _insert_figures(
    plan: Plan, *, zone: Zone, user_id: int | None, now: datetime.datetime
) -> dict[Key, int]:
    """Insert a figure for each new entry; (indicator id, year, month) → the new figure's id."""
    rows = [
        (e.indicator.pk, m.year, m.month, e.value, e.reported_growth_pct, e.explanation)
        for m in plan.months
        for e in m.created
    ]
    if not rows:
        return {}
    returned = bulk.insert_rows(
        Figure,
        shared={"zone_id": zone.pk, "updated_by_id": user_id, "updated_at": now, "is_demo": False},
        columns=("indicator_id", "year", "month", "value", "reported_growth_pct", "explanation"),
        rows=rows,
        returning=("indicator_id", "year", "month", "id"),
    )
    if not returned:  # a backend that returns no rows from a bulk insert: read the ids back
        periods = {m.period for m in plan.months if m.created}
        returned = list(
            of_periods(zone, periods).values_list("indicator_id", "year", "month", "pk")
        )
    return {(i, y, m): pk for i, y, m, pk in returned}
