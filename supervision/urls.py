from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("mine/", views.MyTasksView.as_view(), name="mine"),
    path("<int:pk>/", views.TaskProgressView.as_view(), name="task"),
    path(
        "<int:pk>/rounds/<int:round_pk>/consolidate/",
        views.ConsolidateView.as_view(),
        name="consolidate",
    ),
    path("rounds/", views.RoundsView.as_view(), name="rounds"),
    path("rounds/<int:pk>/close/", views.RoundCloseView.as_view(), name="round-close"),
    path("rounds/<int:pk>/reopen/", views.RoundReopenView.as_view(), name="round-reopen"),
    path("review/", views.ReviewQueueView.as_view(), name="review"),
    path("reports/<int:pk>/<slug:action>/", views.ReviewView.as_view(), name="review-action"),
    path("matrix/", views.MatrixView.as_view(), name="matrix"),
    path("units/", views.UnitSummaryView.as_view(), name="units"),
    path("attachments/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
]
