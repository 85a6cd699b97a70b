from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.SubmissionListView.as_view(), name="submissions"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator-list"),
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
]
