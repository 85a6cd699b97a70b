from django.urls import path

from dashboards import views
from dashboards.report_views import BulletinDownloadView, ReportDownloadView

app_name = "dashboards"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("zones/<slug:code>/", views.ZoneView.as_view(), name="zone"),
    path("targets/<slug:code>/", views.TargetView.as_view(), name="target"),
    path("status/<slug:status>/", views.StatusListView.as_view(), name="status"),
    path("clusters/", views.ClustersView.as_view(), name="clusters"),
    path("tasks/", views.TasksView.as_view(), name="tasks"),
    path("benchmark/", views.BenchmarkView.as_view(), name="benchmark"),
    path("evaluation/", views.EvaluationView.as_view(), name="evaluation"),
    path("evaluation/<int:year>/", views.EvaluationView.as_view(), name="evaluation_year"),
    path("report.xlsx", ReportDownloadView.as_view(), name="report"),
    path("bulletin.docx", BulletinDownloadView.as_view(), name="bulletin"),
]
