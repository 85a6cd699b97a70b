"""Query conditions on the ideas of the bottom package, for every app's queries. Django's `Q`,
but no model: the apps below and above (`targets`, `indicators`, `reporting`, `dashboards`)
all ask for months the same way. The grouping itself is Django-free (`periods`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from chuxiong_zones.periods import Period, months_by_year


def month_filter(months: Iterable[tuple[int, int] | Period], **also: object) -> Q:
    """An index-friendly filter on (year, month): one `year = … AND month IN (…)` per year, or
    `year = …` for a whole year; `also` (e.g. `zone=…`) is repeated in each arm, so that SQLite
    can search an index that starts with it (figure_zone_period_idx) once per year. No month:
    a condition nothing meets."""
    condition = Q(pk__in=[])
    for year, chosen in months_by_year(months):
        if chosen is None:
            condition |= Q(year=year, **also)
        else:
            condition |= Q(year=year, month__in=chosen, **also)
    return condition
