"""Industry clusters: each cluster's output summed across the zones it is based in."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from indicators import calculations as calc
from targets.models import Cluster, Indicator, Target, Zone

from .assess import TargetAssessment
from .catalogue import Catalogue
from .periods import Period, observation_period


@dataclass(frozen=True)
class ClusterZone:
    zone: Zone
    value: Decimal | None
    growth_pct: Decimal | None


@dataclass(frozen=True)
class ClusterRow:
    cluster: Cluster
    indicator: Indicator | None
    period: Period
    zones: list[ClusterZone]
    total: Decimal | None
    growth_pct: Decimal | None
    targets: list[TargetAssessment]


@dataclass(frozen=True)
class ClusterProgress:
    as_of: Period
    rows: list[ClusterRow]
    zones: list[Zone]  # every zone with a cluster figure, for the stacked chart
    is_demo: bool


def cluster_progress(*, as_of: Period, approved_only: bool = True) -> ClusterProgress:
    """Every cluster at `as_of`, by zone, with its targets: seven queries. With
    `approved_only`, on approved figures alone."""
    clusters = list(Cluster.objects.prefetch_related("zones"))
    catalogue = Catalogue.load()
    catalogue.targets = [t for t in catalogue.targets if t.scope == Target.Scope.CLUSTER]
    cluster_indicators = {
        ind.cluster_id: ind for ind in catalogue.indicators.values() if ind.cluster_id
    }
    store = catalogue.store([as_of], extra=cluster_indicators.values(), approved_only=approved_only)
    assessments = catalogue.assess(store, as_of)
    members = catalogue.member_zones
    rows = []
    for cluster in clusters:
        indicator = cluster_indicators.get(cluster.pk)
        period = as_of if indicator is None else observation_period(indicator, as_of)
        zones: list[ClusterZone] = []
        total = growth = None
        if indicator is not None:
            based = {z.pk for z in cluster.zones.all()}
            for zone in members:
                value = store.value(zone.pk, indicator.pk, period)
                if zone.pk in based or value is not None:
                    last = store.value(zone.pk, indicator.pk, period.last_year())
                    zones.append(
                        ClusterZone(zone, value, calc.growth_pct(current=value, previous=last))
                    )
            ids = [z.pk for z in members]
            total = store.scope_value(indicator, ids, period)
            last_total = store.scope_value(indicator, ids, period.last_year())
            growth = calc.growth_pct(current=total, previous=last_total)
        mine = [row for row in assessments if row.target.cluster_id == cluster.pk]
        rows.append(ClusterRow(cluster, indicator, period, zones, total, growth, mine))
    shown = {cz.zone.pk for row in rows for cz in row.zones}
    return ClusterProgress(
        as_of=as_of,
        rows=rows,
        zones=[z for z in members if z.pk in shown],
        is_demo=store.is_demo,
    )
