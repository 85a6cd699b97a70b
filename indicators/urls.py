from django.urls import path

from indicators import views
from indicators.upload_views import TemplateDownloadView, UploadConfirmView, UploadView

app_name = "indicators"

urlpatterns = [
    path("", views.SubmissionListView.as_view(), name="submissions"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator-list"),
    path("open/", views.OpenMonthView.as_view(), name="open-month"),
    path("<slug:zone_code>/<int:year>/<int:month>/", views.MonthView.as_view(), name="month"),
    path(
        "<slug:zone_code>/<int:year>/<int:month>/<slug:action>/",
        views.ReviewView.as_view(),
        name="review",
    ),
    path(
        "<slug:zone_code>/<int:year>/<int:month>/history/<slug:code>/",
        views.HistoryView.as_view(),
        name="history",
    ),
    path(
        "<slug:zone_code>/template.xlsx",
        TemplateDownloadView.as_view(),
        name="upload-template",
    ),
    path("<slug:zone_code>/upload/", UploadView.as_view(), name="upload"),
    path(
        "<slug:zone_code>/upload/confirm/",
        UploadConfirmView.as_view(),
        name="upload-confirm",
    ),
]
