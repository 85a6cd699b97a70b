from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts import checks, signals  # noqa: F401  (register checks and receivers)
        from accounts.gate import login_requirements
        from accounts.middleware import mark_session_start

        user_logged_in.connect(mark_session_start, dispatch_uid="accounts_session_start")
        user_logged_in.connect(login_requirements, dispatch_uid="accounts_login_requirements")
