from __future__ import annotations

import logging
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import filters, generics, permissions
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import permissions as accounts_permissions
from api import catalogue
from api.renderers import FastJSONRenderer
from api.selectors import figures_visible
from api.serializers import (
    FIGURE_COLUMNS,
    AssessmentSerializer,
    FigureSerializer,
    MonthInputSerializer,
    MonthRefusedSerializer,
    MonthSavedSerializer,
    TaskSlotSerializer,
    figure_rows,
    figure_values,
)
from dashboards.selectors import target_assessments
from dashboards.selectors.periods import Period, is_open_month, last_closed_month, parse_as_of
from indicators.models import Figure, FigureRevision
from indicators.selectors import reportable_indicators
from indicators.services import ConcurrentEdit, MonthEntries, MonthRejected, months_save
from indicators.validation import Entry, Issue, Level, parse_value
from supervision.models import ReportSlot
from supervision.selectors import slots_with_latest_report
from targets.models import Cluster, Document, Indicator, Target, TaskItem, Unit, Zone

logger = logging.getLogger("chuxiong_zones.api")


def closed_month_and_scope(request: Request, *, refused: str) -> tuple[Period, bool]:
    """`?as_of=YYYY-MM` (default: the last month that has ended) and `?scope=approved|reported`
    (default approved): the month, and whether only approved figures count. A month that has
    not ended is refused ("2026年12月尚未结束，不能{refused}。")."""
    today = timezone.localdate()
    text = request.query_params.get("as_of")
    as_of = parse_as_of(text) if text else last_closed_month(today)
    if as_of is None:
        raise ValidationError({"as_of": [f"月份格式应为 YYYY-MM，收到“{text}”。"]})
    if is_open_month(as_of, today=today):
        raise ValidationError({"as_of": [f"{as_of}尚未结束，不能{refused}。"]})
    scope = request.query_params.get("scope", "approved")
    if scope not in ("approved", "reported"):
        raise ValidationError({"scope": ["scope 只能是 approved 或 reported。"]})
    return as_of, scope == "approved"


class LoggedMixin:
    """Logs every request with its client (the token's client name, or the session user)."""

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        auth = getattr(request, "auth", None)
        client = getattr(auth, "client", None) or "session"
        logger.info(
            "%s %s %s client=%s user=%s",
            request.method,
            request.path,
            response.status_code,
            client,
            getattr(request.user, "pk", None),
        )
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


class FigurePagination(CursorPagination):
    ordering = "id"  # unique and stable
    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 5000

    def _get_position_from_instance(self, instance: Any, ordering: Any) -> str:
        """The cursor's position in a row of `figure_values`, a plain tuple: the ordering
        field's column (DRF reads it of the last row or two of a page only)."""
        if isinstance(instance, tuple):
            return str(instance[FIGURE_COLUMNS.index(ordering[0].lstrip("-"))])
        return str(super()._get_position_from_instance(instance, ordering))


class CanViewFigures(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(
            request.user.is_authenticated and request.user.has_perm("indicators.view_figure")
        )


class FigureList(LoggedMixin, generics.ListAPIView[Figure]):
    """月度数据：?zone=&indicator=&from=YYYY-MM&to=YYYY-MM&status=approved|all"""

    serializer_class = FigureSerializer  # the schema, and the reference of `figure_rows`
    pagination_class = FigurePagination
    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer]
    permission_classes = [CanViewFigures]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A page of plain rows turned into `FigureSerializer`'s output by `figure_rows`: a
        client walking 100,000 figures is within 3× of a bare SELECT (bench/api.py)."""
        page = self.paginate_queryset(figure_values(self.get_queryset()))
        return self.get_paginated_response(figure_rows(page or []))

    def get_queryset(self) -> QuerySet[Figure]:
        figures = figures_visible(user=self.request.user)
        params = self.request.query_params
        if params.get("zone"):
            figures = figures.filter(zone__code=params["zone"])
        if params.get("indicator"):
            figures = figures.filter(indicator__code=params["indicator"])
        if params.get("status") == "approved":
            figures = figures.approved(in_bulk=True)
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


class AssessmentList(LoggedMixin, generics.GenericAPIView[Any]):
    """目标评估：?as_of=YYYY-MM（须为已结束的月份，缺省为上一个月）&scope=approved|reported。
    与仪表盘同一选择器（dashboards.selectors.target_assessments）计算。"""

    serializer_class = AssessmentSerializer
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", str, description="评估月份 YYYY-MM，须已结束"),
            OpenApiParameter(
                "scope",
                str,
                enum=["approved", "reported"],
                description="approved：仅已审核数据（缺省）；reported：含已报送未审核",
            ),
        ]
    )
    def get(self, request: Request) -> Response:
        as_of, approved_only = closed_month_and_scope(request, refused="评估")
        rows = target_assessments(as_of=as_of, approved_only=approved_only)
        return Response(
            {
                "as_of": as_of.key,
                "scope": "approved" if approved_only else "reported",
                "results": self.get_serializer(rows, many=True).data,
            }
        )


class SlotPagination(CursorPagination):
    ordering = "id"
    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 5000


class TaskSlotList(LoggedMixin, generics.ListAPIView[ReportSlot]):
    """任务调度：每个报送任务（轮次×任务×责任单位）的最新报告状态和是否逾期未报。
    ?round=<轮次id>&unit=<单位名称>&overdue=1"""

    serializer_class = TaskSlotSerializer
    pagination_class = SlotPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("round", int, description="调度轮次 id"),
            OpenApiParameter("unit", str, description="责任单位名称"),
            OpenApiParameter("overdue", bool, description="1：只列逾期未报的"),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def get_queryset(self) -> QuerySet[ReportSlot]:
        slots = slots_with_latest_report()
        params = self.request.query_params
        if params.get("round", "").isdigit():
            slots = slots.filter(round_id=int(params["round"]))
        if params.get("unit"):
            slots = slots.filter(unit__name=params["unit"])
        if params.get("overdue") in ("1", "true"):
            slots = slots.filter(reported=False, round__due_date__lt=timezone.localdate())  # type: ignore[misc]
        return slots


def _issues(issues: list[Issue], names: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "indicator": i.indicator,
            "indicator_name": names.get(i.indicator),
            "field": i.field,
            "code": i.code,
            "message": i.message,
        }
        for i in issues
    ]


class MonthSave(LoggedMixin, generics.GenericAPIView[Any]):
    """报送一个月的数据（仅本开发区的统计员，令牌或登录均可）：与网页填报和 Excel 上传同一服务
    （indicators.services.months_save）——同样的校验、预警须填写说明、审核锁定、修改留痕、
    全部成功或全部不保存。错误以 JSON 返回，逐条写明指标、字段和原因。"""

    serializer_class = MonthInputSerializer
    pagination_class = None

    @extend_schema(
        request=MonthInputSerializer,
        responses={
            200: MonthSavedSerializer,
            400: MonthRefusedSerializer,
            403: MonthRefusedSerializer,
            409: MonthRefusedSerializer,
        },
    )
    def post(self, request: Request, zone_code: str, year: int, month: int) -> Response:
        if not 1 <= month <= 12:
            raise NotFound("月份应为 1—12。")
        zone = get_object_or_404(Zone, code=zone_code, is_benchmark=False)
        if not accounts_permissions.can_edit_zone(request.user, zone):
            raise PermissionDenied("只能填报本开发区的数据。")
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        indicators = {i.code: i for i in reportable_indicators(zone=zone)}
        names = {code: i.name for code, i in indicators.items()}
        entries, problems, seen = [], [], set()
        for item in payload.validated_data["figures"]:
            code = item["indicator"]
            indicator = indicators.get(code)
            if indicator is None or code in seen:
                reason = "重复填报" if code in seen else "不是本开发区的填报指标"
                problems.append(
                    Issue(
                        code,
                        Level.ERROR,
                        "unknown_indicator",
                        f"指标“{code}”{reason}",
                        field="indicator",
                    )
                )
                continue
            seen.add(code)
            value, error = parse_value(item.get("value"), indicator)
            growth, growth_error = parse_value(
                item.get("reported_growth_pct"), indicator, field="reported_growth_pct", decimals=2
            )
            problems += [issue for issue in (error, growth_error) if issue is not None]
            entries.append(Entry(indicator, value, growth, item.get("explanation", "").strip()))
        if problems:
            return Response(
                {"detail": "数据有误，未保存任何内容", "errors": _issues(problems, names)},
                status=400,
            )
        try:
            [result] = months_save(
                user=request.user,
                zone=zone,
                submit=payload.validated_data["submit"],
                months=[MonthEntries(year, month, entries, payload.validated_data.get("version"))],
                origin=FigureRevision.Origin.API,
                reason="接口报送",
            )
        except MonthRejected as rejected:
            status = 409 if isinstance(rejected, ConcurrentEdit) else 400
            return Response(
                {"detail": rejected.message, "errors": _issues(rejected.issues, names)},
                status=status,
            )
        submission = result.submission
        return Response(
            {
                "zone": zone.code,
                "year": year,
                "month": month,
                "status": submission.status,
                "version": submission.version,
                "changed": result.changed,
                "warnings": _issues(result.warnings, names),
            }
        )
