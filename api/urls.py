from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views
from api.bulletin import BulletinDownload

app_name = "api"

urlpatterns = [
    path("documents/", views.DocumentList.as_view(), name="documents"),
    path("zones/", views.ZoneList.as_view(), name="zones"),
    path("units/", views.UnitList.as_view(), name="units"),
    path("tasks/", views.TaskItemList.as_view(), name="tasks"),
    path("clusters/", views.ClusterList.as_view(), name="clusters"),
    path("indicators/", views.IndicatorList.as_view(), name="indicators"),
    path("targets/", views.TargetList.as_view(), name="targets"),
    path("figures/", views.FigureList.as_view(), name="figures"),
    path("assessments/", views.AssessmentList.as_view(), name="assessments"),
    path("task-slots/", views.TaskSlotList.as_view(), name="task-slots"),
    path(
        "zones/<slug:zone_code>/months/<int:year>/<int:month>/",
        views.MonthSave.as_view(),
        name="month-save",
    ),
    path("bulletin/", BulletinDownload.as_view(), name="bulletin"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
