from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.CompletenessView.as_view(), name="completeness"),
    path("start/", views.StartView.as_view(), name="start"),
    path("queue/", views.QueueView.as_view(), name="queue"),
    path(
        "zones/<slug:zone_code>/reminders/",
        views.ZoneRemindersView.as_view(),
        name="zone-reminders",
    ),
]
