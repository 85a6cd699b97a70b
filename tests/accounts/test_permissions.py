"""The permission predicates in `accounts.permissions`, asked by every service and view."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from accounts import permissions, selectors
from accounts.models import Profile
from accounts.roles import ADMIN, LEADER, LIAISON, REVIEWER, STATISTICIAN, ensure_groups
from targets.models import Unit, Zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups() -> Any:
    return ensure_groups()


def _zone(code: str, name: str) -> Zone:
    return Zone.objects.create(  # type: ignore[no-any-return]
        code=code,
        name=name,
        short_name=name[:2],
        level=Zone.Level.PROVINCIAL,
        locality="楚雄市",
        source="test",
    )


def _user(django_user_model: Any, groups: Any, name: str, role: str, **profile: Any) -> Any:
    user = django_user_model.objects.create_user(username=name, password="x")
    user.groups.set([groups[role]])
    Profile.objects.create(user=user, **profile)
    return django_user_model.objects.get(pk=user.pk)


def test_a_statistician_edits_only_their_own_zone(django_user_model, groups) -> None:
    own = _zone("a", "甲园区")
    other = _zone("b", "乙园区")
    user = _user(django_user_model, groups, "stat", STATISTICIAN.group, zone=own)
    assert permissions.can_edit_zone(user, own)
    assert not permissions.can_edit_zone(user, other)
    assert permissions.visible_zone_ids(user) == [own.pk]


def test_a_reviewer_sees_every_zone_and_edits_none(django_user_model, groups) -> None:
    zone = _zone("a", "甲园区")
    user = _user(django_user_model, groups, "rev", REVIEWER.group)
    assert permissions.visible_zone_ids(user) is None
    assert permissions.can_review(user)
    assert not permissions.can_edit_zone(user, zone)


@pytest.mark.parametrize(
    ("role", "every_zone"),
    [(STATISTICIAN, False), (LIAISON, False), (REVIEWER, True), (LEADER, True), (ADMIN, True)],
)
def test_only_prefecture_staff_see_every_zone_even_when_bound_to_one(
    django_user_model, groups, role, every_zone
) -> None:
    own = _zone("a", "甲园区")
    user = _user(django_user_model, groups, f"u-{role.group}", role.group, zone=own)

    assert permissions.sees_every_zone(user) is every_zone
    assert permissions.visible_zone_ids(user) == (None if every_zone else [own.pk])


def test_the_liaison_role_is_read_once_per_user(
    django_user_model, groups, django_assert_num_queries
) -> None:
    unit = Unit.objects.create(name="州工业和信息化局", kind=Unit.Kind.GOVERNMENT)
    user = _user(django_user_model, groups, "liaison", LIAISON.group, unit=unit)
    user.profile  # noqa: B018  (load the profile outside the count)
    with django_assert_num_queries(1):
        for _ in range(5):
            assert permissions.is_liaison_for(user, unit.pk)


def test_a_unit_bound_user_outside_the_liaison_group_is_no_liaison(
    django_user_model, groups
) -> None:
    unit = Unit.objects.create(name="州工业和信息化局", kind=Unit.Kind.GOVERNMENT)
    user = _user(django_user_model, groups, "rev", REVIEWER.group, unit=unit)
    assert permissions.liaison_unit_id(user) is None


def test_demo_users_carry_their_role_in_their_name(django_user_model) -> None:
    _zone("cxgx", "楚雄国家高新区")
    call_command("setup_roles", "--demo-users", stdout=open("/dev/null", "w"))  # noqa: SIM115
    names = {u.username: u.get_full_name() for u in django_user_model.objects.all()}
    assert names["demo-reviewer"] == "演示·州统计局审核员"
    assert names["demo-stat-cxgx"] == "演示·楚雄国家高新区统计员"
    assert names["demo-admin"] == "演示·管理员"


def test_the_people_of_a_role_are_its_active_members_where_they_belong(
    django_user_model: Any, groups: Any, django_assert_num_queries: Any
) -> None:
    """Who hears of a month or a task (`accounts.selectors`): the active holders of the role,
    bound to the zone or unit asked about; one query each."""
    own, other = _zone("a", "甲园区"), _zone("b", "乙园区")
    unit = Unit.objects.create(name="州财政局", kind=Unit.Kind.GOVERNMENT)
    _user(django_user_model, groups, "stat-a", STATISTICIAN.group, zone=own)
    _user(django_user_model, groups, "stat-b", STATISTICIAN.group, zone=other)
    gone = _user(django_user_model, groups, "stat-gone", STATISTICIAN.group, zone=own)
    gone.is_active = False
    gone.save()
    _user(django_user_model, groups, "reviewer-in-a", REVIEWER.group, zone=own)  # no statistician
    _user(django_user_model, groups, "liaison", LIAISON.group, unit=unit)
    _user(django_user_model, groups, "leader-of-unit", LEADER.group, unit=unit)

    with django_assert_num_queries(1):
        statisticians = selectors.statisticians_of([own.pk])
    assert {zone: [u.username for u in users] for zone, users in statisticians.items()} == {
        own.pk: ["stat-a"]
    }
    with django_assert_num_queries(1):
        liaisons = selectors.liaisons_of([unit.pk])
    assert {k: [u.username for u in v] for k, v in liaisons.items()} == {unit.pk: ["liaison"]}
    assert [u.username for u in selectors.reviewers()] == ["reviewer-in-a"]
