"""The portal's roles as Django groups, each with exactly its permissions.

Group permissions say what a role may do; `Profile.zone` (or `Profile.unit`) says where. The
predicates that combine the two live in `accounts.permissions`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission


@dataclass(frozen=True)
class Role:
    group: str
    description: str
    permissions: tuple[str, ...]


STATISTICIAN = Role(
    "园区统计员",
    "每月填报或上传本开发区的数据并提交；只能修改本开发区的数据。",
    (
        "indicators.enter_figures",
        "indicators.view_figure",
        "indicators.view_submission",
        "targets.view_indicator",
    ),
)
REVIEWER = Role(
    "审核员",
    "州统计局、州发展改革委人员：审核或退回各开发区的月度报送。",
    (
        "indicators.review_submission",
        "indicators.view_figure",
        "indicators.view_submission",
        "targets.view_indicator",
    ),
)
LIAISON = Role(
    "责任单位联络员",
    "报送本单位牵头或配合的重点任务进展。",
    ("targets.view_taskitem", "targets.view_target"),
)
LEADER = Role(
    "州领导",
    "只读查看所有开发区的看板和报表。",
    (
        "indicators.view_figure",
        "indicators.view_submission",
        "targets.view_target",
        "dashboards.export_report",
        "reporting.switch_reminders",
    ),
)
ADMIN = Role(
    "系统管理员",
    "管理用户账号、目录、指标和目标，解锁已审核月份，导出报表；不分配角色（三权分立）。",
    (
        "indicators.unlock_submission",
        "indicators.review_submission",
        "indicators.view_figure",
        "dashboards.export_report",
        "indicators.view_submission",
        "targets.add_indicator",
        "targets.change_indicator",
        "targets.view_indicator",
        "indicators.view_checkrule",
        "indicators.add_checkrule",
        "indicators.change_checkrule",
        "indicators.delete_checkrule",
        "targets.add_target",
        "targets.change_target",
        "targets.view_target",
        "targets.add_zone",
        "targets.change_zone",
        "targets.view_zone",
        "targets.add_unit",
        "targets.change_unit",
        "targets.view_unit",
        "targets.view_taskitem",
        "targets.change_taskitem",
        "accounts.add_profile",
        "accounts.change_profile",
        "accounts.view_profile",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "reporting.switch_reminders",
        "reporting.view_calendarsettings",
        "reporting.add_calendarsettings",
        "reporting.change_calendarsettings",
        "reporting.view_deadlineexception",
        "reporting.add_deadlineexception",
        "reporting.change_deadlineexception",
        "reporting.delete_deadlineexception",
        "reporting.view_figurereminder",
    ),
)
SECURITY = Role(
    "安全管理员",
    "分配用户的角色与权限，重置双因素设备，解除登录锁定，设置密码有效期；不管理业务数据（三权分立）。",
    (
        "auth.view_user",
        "auth.change_user",
        "auth.view_group",
        "auth.change_group",
        "auth.view_permission",
        "accounts.manage_roles",
        "accounts.reset_second_factor",
        "accounts.view_securitypolicy",
        "accounts.change_securitypolicy",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
        "axes.view_accessfailurelog",
    ),
)
AUDITOR = Role(
    "审计管理员",
    "只读查看并导出安全审计日志，别无其他权限（三权分立）。",
    ("audit.view_auditevent",),
)
ROLES = (STATISTICIAN, REVIEWER, LIAISON, LEADER, ADMIN, SECURITY, AUDITOR)
# 三权分立: no one holds two of these.
SEPARATED = (ADMIN, SECURITY, AUDITOR)


def ensure_groups() -> dict[str, Group]:
    """Create or update the role groups with exactly their permissions (idempotent)."""
    wanted = {perm for role in ROLES for perm in role.permissions}
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
        if f"{p.content_type.app_label}.{p.codename}" in wanted
    }
    missing = wanted - by_name.keys()
    if missing:
        raise LookupError(f"权限不存在：{', '.join(sorted(missing))}（请先运行 migrate）")
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.group)
        group.permissions.set([by_name[p] for p in role.permissions])
        groups[role.group] = group
    return groups
