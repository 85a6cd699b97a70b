# `Profile` moved here from `targets` (targets/0003 lets it go): the same table,
# targets_profile, with its rows, so only Django's state changes. A database made before the
# move has the content type targets.profile, and with it the permissions the 系统管理员 group
# holds (targets.change_profile …): it becomes accounts.profile, so the same rows are now
# accounts.change_profile …, still held. A new database has no content type yet.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=new, model="profile").exists():
        return  # made already (a post_migrate run in between): leave the old one unused
    ContentType.objects.filter(app_label=old, model="profile").update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, "targets", "accounts")


def backwards(apps, schema_editor):
    _relabel(apps, "accounts", "targets")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_admin_role_is_system_admin"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("targets", "0003_profile_moves_to_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Profile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="members",
                                to="targets.unit",
                                verbose_name="所属责任单位",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="profile",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="用户",
                            ),
                        ),
                        (
                            "zone",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="members",
                                to="targets.zone",
                                verbose_name="所属开发区",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "用户归属",
                        "verbose_name_plural": "用户归属",
                        "db_table": "targets_profile",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
