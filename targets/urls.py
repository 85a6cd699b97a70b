from django.urls import path

from targets import views

app_name = "targets"

urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task-detail"),
    path("units/", views.UnitListView.as_view(), name="units"),
    path("targets/", views.TargetListView.as_view(), name="targets"),
]
