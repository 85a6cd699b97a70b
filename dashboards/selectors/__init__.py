"""Read-only queries for the dashboards (HackSoft-style selectors).

Each selector runs a bounded number of queries, independent of the number of zones, months
and indicators: the figures of the periods it needs come in one `values_list` query (plus one
for the approved months), and the arithmetic is `indicators.calculations`, in Python.
"""

from .assess import TargetAssessment
from .benchmark import BenchmarkComparison, PeerComparison, benchmark_comparison
from .clusters import ClusterProgress, cluster_progress
from .evaluation import PlanEvaluation, evaluation_years, plan_evaluation
from .evidence import milestone_evidence, task_statuses
from .overview import (
    Overview,
    Ranking,
    target_assessments,
    targets_with_status,
    zone_overview,
    zone_rankings,
)
from .periods import Period, figure_latest_period, parse_as_of
from .targets import TargetDetail, target_detail, target_for_page, target_history
from .tasks import TaskOverview, task_overview
from .zones import ZoneDetail, zone_detail, zone_series

__all__ = [
    "BenchmarkComparison",
    "ClusterProgress",
    "Overview",
    "PeerComparison",
    "Period",
    "PlanEvaluation",
    "Ranking",
    "TargetAssessment",
    "TargetDetail",
    "TaskOverview",
    "ZoneDetail",
    "benchmark_comparison",
    "cluster_progress",
    "evaluation_years",
    "figure_latest_period",
    "milestone_evidence",
    "parse_as_of",
    "plan_evaluation",
    "target_assessments",
    "target_detail",
    "target_for_page",
    "target_history",
    "targets_with_status",
    "task_overview",
    "task_statuses",
    "zone_detail",
    "zone_overview",
    "zone_rankings",
    "zone_series",
]
