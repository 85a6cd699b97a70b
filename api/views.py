from __future__ import annotations

import logging
from typing import Any

from django.db.models import Q, QuerySet
from rest_framework import filters, generics, permissions
from rest_framework.pagination import CursorPagination

from api import catalogue
from api.selectors import figures_visible
from api.serializers import FigureSerializer
from indicators.models import Figure, Indicator
from targets.models import Cluster, Document, Target, TaskItem, Unit, Zone

logger = logging.getLogger("chuxiong_zones.api")


class LoggedMixin:
    """Logs every request with its client (the token's client name, or the session user)."""

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        auth = getattr(request, "auth", None)
        client = getattr(auth, "client", None) or "session"
        logger.info("%s %s %s client=%s user=%s", request.method, request.path,
                    response.status_code, client, getattr(request.user, "pk", None))  # fmt: skip
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


class FigurePagination(CursorPagination):
    ordering = "id"  # unique and stable
    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 5000


class CanViewFigures(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(
            request.user.is_authenticated and request.user.has_perm("indicators.view_figure")
        )


class FigureList(LoggedMixin, generics.ListAPIView[Figure]):
    """月度数据：?zone=&indicator=&from=YYYY-MM&to=YYYY-MM&status=approved|all"""

    serializer_class = FigureSerializer
    pagination_class = FigurePagination
    permission_classes = [CanViewFigures]

    def get_queryset(self) -> QuerySet[Figure]:
        figures = figures_visible(user=self.request.user).select_related("zone", "indicator")
        params = self.request.query_params
        if params.get("zone"):
            figures = figures.filter(zone__code=params["zone"])
        if params.get("indicator"):
            figures = figures.filter(indicator__code=params["indicator"])
        if params.get("status") == "approved":
            figures = figures.approved()
        for key, after in (("from", True), ("to", False)):
            year, _, month = params.get(key, "").partition("-")
            if year.isdigit() and month.isdigit():
                y, m = int(year), int(month)
                bound = Q(year__gt=y) | Q(year=y, month__gte=m)
                figures = figures.filter(
                    bound if after else Q(year__lt=y) | Q(year=y, month__lte=m)
                )
        return figures


# Catalogue: read-only, behind login or a token (the default IsAuthenticated), unpaged (the
# two documents' catalogue is a few hundred rows), each a fixed number of queries.


class DocumentList(LoggedMixin, generics.ListAPIView[Document]):
    """文件"""

    serializer_class = catalogue.DocumentSerializer
    queryset = Document.objects.all()


class ZoneList(LoggedMixin, generics.ListAPIView[Zone]):
    """开发区"""

    serializer_class = catalogue.ZoneSerializer
    queryset = Zone.objects.all()


class UnitList(LoggedMixin, generics.ListAPIView[Unit]):
    """责任单位及其另一名称；?search= 按名称或另一名称查找（州国资委 → 州财政局）"""

    serializer_class = catalogue.UnitSerializer
    queryset = Unit.objects.prefetch_related("aliases", "zones")
    filter_backends = [filters.SearchFilter]
    search_fields = ["name", "aliases__name"]


class TaskItemList(LoggedMixin, generics.ListAPIView[TaskItem]):
    """重点任务和政策措施，附责任单位（按原文顺序，牵头/配合）"""

    serializer_class = catalogue.TaskItemSerializer
    queryset = TaskItem.objects.select_related("document", "section").prefetch_related(
        "assignments__unit"
    )


class ClusterList(LoggedMixin, generics.ListAPIView[Cluster]):
    """产业集群"""

    serializer_class = catalogue.ClusterSerializer
    queryset = Cluster.objects.prefetch_related("zones")


class IndicatorList(LoggedMixin, generics.ListAPIView[Indicator]):
    """指标"""

    serializer_class = catalogue.IndicatorSerializer
    queryset = Indicator.objects.all()


class TargetList(LoggedMixin, generics.ListAPIView[Target]):
    """目标：原文、条款、范围、指标及单位、目标值/力争值、基期与目标年份、被谁取代"""

    serializer_class = catalogue.TargetSerializer
    queryset = Target.objects.select_related(
        "document", "zone", "cluster", "indicator", "superseded_by"
    )
