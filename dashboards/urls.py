from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("targets/<slug:code>/", views.TargetView.as_view(), name="target"),
]
