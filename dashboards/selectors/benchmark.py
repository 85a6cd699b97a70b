"""对标: the national high-tech zone beside benchmark zones on the indicators both report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from indicators.models import Figure
from targets.models import Zone

from .catalogue import Catalogue
from .periods import Period
from .store import FigureStore

YEARS_BACK = 10


@dataclass(frozen=True)
class BenchmarkRow:
    indicator_name: str
    unit: str
    decimals: int
    year: int
    ours: Decimal
    theirs: Decimal

    @property
    def ratio_pct(self) -> Decimal | None:
        """Ours as a percentage of theirs."""
        return None if self.theirs <= 0 else self.ours / self.theirs * 100


@dataclass(frozen=True)
class PeerComparison:
    """`demo`: some of the peer's figures are generated, so the page says so; `sources`: the
    sources (title and date) of its real figures only, never credited to a generated one."""

    peer: Zone
    rows: list[BenchmarkRow]
    demo: bool = False
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class BenchmarkComparison:
    as_of: Period
    subject: Zone | None
    peers: list[PeerComparison]
    is_demo: bool


def _subject(zones: list[Zone]) -> Zone | None:
    """The zone compared: the first national-level zone that is not itself a benchmark."""
    return next((z for z in zones if not z.is_benchmark and z.level == Zone.Level.NATIONAL), None)


def _provenance(peers: list[Zone], years: list[int]) -> dict[int, tuple[bool, tuple[str, ...]]]:
    """Per peer: whether any December figure is demo, and the sources of its real ones (one query)."""
    rows = (
        Figure.objects.filter(zone__in=peers, year__in=years, month=12)
        .order_by()
        .values_list("zone_id", "is_demo", "source")
        .distinct()
    )
    demo: dict[int, bool] = {}
    sources: dict[int, set[str]] = {}
    for zone_id, is_demo, source in rows:
        demo[zone_id] = demo.get(zone_id, False) or is_demo
        if not is_demo and source:
            sources.setdefault(zone_id, set()).add(source)
    return {p.pk: (demo.get(p.pk, False), tuple(sorted(sources.get(p.pk, ())))) for p in peers}


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
    provenance = _provenance(peers, years)
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
                            indicator.name, indicator.unit, indicator.decimals, year, ours, theirs
                        )
                    )
                    break
        demo, sources = provenance[peer.pk]
        comparisons.append(PeerComparison(peer, rows, demo=demo, sources=sources))
    return BenchmarkComparison(as_of, subject, comparisons, is_demo=store.is_demo)
