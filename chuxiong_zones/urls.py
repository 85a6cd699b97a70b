from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "楚雄州开发区提质增效监测平台 · 管理"
admin.site.site_title = "开发区监测平台管理"
admin.site.index_title = "数据与目录管理"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboards:overview"), name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("accounts.urls")),
    path("catalogue/", include("targets.urls")),
    path("figures/", include("indicators.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("tasks/", include("supervision.urls")),
    path("reporting/", include("reporting.urls")),
    path("messages/", include("notifications.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]
