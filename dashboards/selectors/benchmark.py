"""对标: the national high-tech zone beside benchmark zones on the indicators both report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from indicators.models import Figure
from targets.models import Indicator, Zone
from targets.sources import source_label

from .catalogue import Catalogue
from .periods import Period
from .store import FigureStore, indicator_parts

DEMO_LABEL = "演示数据"
REPORTED_LABEL = "园区报送"

YEARS_BACK = 10


@dataclass(frozen=True)
class BenchmarkRow:
    indicator_name: str
    unit: str
    decimals: int
    year: int
    ours: Decimal
    theirs: Decimal
    ours_source: str = ""  # "《title》（date）", 演示数据, or 园区报送
    theirs_source: str = ""

    @property
    def ratio_pct(self) -> Decimal | None:
        """Ours as a percentage of theirs."""
        return None if self.theirs <= 0 else self.ours / self.theirs * 100


@dataclass(frozen=True)
class PeerComparison:
    """`demo`: some of the peer's figures shown are generated, so the page says so. Each row
    names the source (title and date) of its own two figures, never of another's, and calls a
    generated one 演示数据."""

    peer: Zone
    rows: list[BenchmarkRow]
    demo: bool = False


@dataclass(frozen=True)
class BenchmarkComparison:
    as_of: Period
    subject: Zone | None
    peers: list[PeerComparison]
    is_demo: bool


def _subject(zones: list[Zone]) -> Zone | None:
    """The zone compared: the first national-level zone that is not itself a benchmark."""
    return next((z for z in zones if not z.is_benchmark and z.level == Zone.Level.NATIONAL), None)


Provenance = dict[tuple[int, int, int], tuple[bool, str]]


def _provenance(zone_ids: list[int], years: list[int]) -> Provenance:
    """(zone, indicator, year) → (is demo, source) of the December figures: one query."""
    rows = Figure.objects.filter(zone_id__in=zone_ids, year__in=years, month=12).values_list(
        "zone_id", "indicator_id", "year", "is_demo", "source"
    )
    return {(z, i, y): (demo, source) for z, i, y, demo, source in rows.order_by()}


def _source(provenance: Provenance, zone_id: int, indicator: Indicator, year: int) -> str:
    """Where one value comes from; a ratio, from the figures it is made of."""
    labels: list[str] = []
    for part in indicator_parts(indicator):
        demo, source = provenance.get((zone_id, part, year), (False, ""))
        label = DEMO_LABEL if demo else source_label(source) if source else REPORTED_LABEL
        if label not in labels:
            labels.append(label)
    return "；".join(labels)


def benchmark_comparison(*, as_of: Period, approved_only: bool = True) -> BenchmarkComparison:
    """Annual (December) figures of the subject and each benchmark zone: five queries."""
    catalogue = Catalogue.load(targets=[])
    subject = _subject(catalogue.zones)
    peers = [z for z in catalogue.zones if z.is_benchmark]
    last = as_of.year if as_of.month == 12 else as_of.year - 1
    years = list(range(last, last - YEARS_BACK, -1))
    if subject is None or not peers:
        return BenchmarkComparison(as_of, subject, [], is_demo=False)
    indicators = list(catalogue.indicators.values())
    store = FigureStore.load(
        indicators=indicators,
        periods=[Period(y, 12) for y in years],
        zone_ids=[subject.pk, *(p.pk for p in peers)],
        with_submissions=False,
        approved_only=approved_only,
    )
    provenance = _provenance([subject.pk, *(p.pk for p in peers)], years)
    comparisons = []
    for peer in peers:
        rows = []
        for indicator in indicators:
            for year in years:
                ours = store.scope_value(indicator, [subject.pk], Period(year, 12))
                theirs = store.scope_value(indicator, [peer.pk], Period(year, 12))
                if ours is not None and theirs is not None:
                    rows.append(
                        BenchmarkRow(
                            indicator.name,
                            indicator.unit,
                            indicator.decimals,
                            year,
                            ours,
                            theirs,
                            _source(provenance, subject.pk, indicator, year),
                            _source(provenance, peer.pk, indicator, year),
                        )
                    )
                    break
        demo = any(d for (z, _, _), (d, _) in provenance.items() if z == peer.pk)
        comparisons.append(PeerComparison(peer, rows, demo=demo))
    return BenchmarkComparison(as_of, subject, comparisons, is_demo=store.is_demo)
