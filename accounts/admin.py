"""Users in the admin, split by 三权分立 (等保 8.1.4.2):

- 系统管理员 (`auth.add_user`) creates users, edits their names, e-mail and active flag, and
  sets a password, which the user must change at first login;
- 安全管理员 (`accounts.manage_roles`) assigns roles and permissions (groups, staff flag) and
  resets a user's second factor (`accounts.reset_second_factor`, audited);
- only a superuser (emergencies only) grants superuser.

Nobody may be given two of 系统管理员, 安全管理员 and 审计管理员. django-otp's own device admin
pages are removed: devices are reset here, never read (they hold the TOTP secrets).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import passwords, roles, second_factor
from accounts.models import Profile, SecurityPolicy

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

SEPARATED_NAMES = frozenset(role.group for role in roles.SEPARATED)
IDENTITY_FIELDS = ("username", "first_name", "last_name", "email", "is_active")
ROLE_FIELDS = ("is_staff", "groups", "user_permissions")


def separated_roles_error(group_names: set[str]) -> ValidationError | None:
    held = sorted(SEPARATED_NAMES & group_names)
    if len(held) > 1:
        return ValidationError(
            f"三权分立：系统管理员、安全管理员、审计管理员不能由同一人兼任（所选：{'、'.join(held)}）。",
            code="separated_roles",
        )
    return None


class PortalUserChangeForm(UserChangeForm):  # type: ignore[type-arg]
    def clean_groups(self) -> Any:
        groups = self.cleaned_data.get("groups")
        if groups is not None:
            error = separated_roles_error({g.name for g in groups})
            if error is not None:
                raise error
        return groups


class PortalUserCreationForm(AdminUserCreationForm):
    """A password chosen by an admin: the user changes it at first login."""

    def save(self, commit: bool = True) -> Any:
        setattr(self.instance, passwords.SET_BY_ADMIN, True)
        return super().save(commit=commit)


class PortalPasswordChangeForm(AdminPasswordChangeForm):  # type: ignore[type-arg]
    def save(self, commit: bool = True) -> Any:
        setattr(self.user, passwords.SET_BY_ADMIN, True)
        return super().save(commit=commit)


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):  # type: ignore[type-arg]
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    change_password_form = PortalPasswordChangeForm
    list_display = ("username", "first_name", "email", "is_active", "is_staff", "has_totp")
    actions = ["reset_second_factor"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        queryset: QuerySet[User] = super().get_queryset(request)
        return queryset.annotate(_has_totp=Exists(devices))

    @admin.display(description="双因素", boolean=True)
    def has_totp(self, obj: Any) -> bool:
        return bool(getattr(obj, "_has_totp", False))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = ["last_login", "date_joined"]
        if obj is None:
            return readonly
        user = request.user
        if not user.is_superuser:
            readonly.append("is_superuser")
        if not user.has_perm("auth.add_user"):
            readonly += IDENTITY_FIELDS
        if not user.has_perm("accounts.manage_roles"):
            readonly += ROLE_FIELDS
        return readonly

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """Setting a password belongs to the 系统管理员 (who creates users), not to roles."""
        if not request.user.has_perm("auth.add_user"):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def has_reset_second_factor_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.reset_second_factor")

    @admin.action(
        description="重置所选用户的双因素设备（身份验证器与恢复码）",
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> HttpResponse | None:
        names = []
        for user in queryset:
            second_factor.second_factor_reset(user=user, request=request)
            names.append(user.get_username())
        self.message_user(
            request,
            f"已重置 {len(names)} 个用户的双因素设备：{'、'.join(names)}。他们下次登录时须重新绑定。",
            messages.SUCCESS,
        )
        return None


class SecurityPolicyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SecurityPolicy
        fields = ["password_max_age_days"]


@admin.register(SecurityPolicy)
class SecurityPolicyAdmin(admin.ModelAdmin[SecurityPolicy]):
    form = SecurityPolicyForm
    list_display = ["__str__"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # one row, created with its defaults (SecurityPolicy.current)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[SecurityPolicy]:
        SecurityPolicy.current()
        return super().get_queryset(request)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    """Where a user belongs: the zone they report for, or the unit they liaise for."""

    list_display = ["user", "zone", "unit"]
    list_select_related = ["user", "zone", "unit"]
    autocomplete_fields = ["unit"]
