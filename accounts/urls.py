from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.security, name="security"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("2fa/verify/", views.verify, name="verify"),
    path("2fa/enrol/", views.enrol, name="enrol"),
    path("2fa/recovery-codes/", views.recovery_codes, name="recovery-codes"),
]
