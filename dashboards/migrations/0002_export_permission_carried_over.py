# The permission to export the 调度表 and the 通报 was declared on `indicators.Submission`
# (indicators.export_report) and is declared on `dashboards.Report` now. A database made
# before the move holds the old row, granted to the 州领导 and 系统管理员 groups and perhaps
# to single users: move that row to the new content type, so that every group and user that
# held indicators.export_report holds dashboards.export_report, and nobody else does. A new
# database has neither row yet (post_migrate makes the new one): nothing to do.

from django.db import migrations

CODENAME = "export_report"
NAME = "可导出调度表和通报"
OLD_NAME = "可导出调度表"


def _move(apps, source: tuple[str, str], target: tuple[str, str], name: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = Permission.objects.filter(
        content_type__app_label=source[0], content_type__model=source[1], codename=CODENAME
    ).first()
    if old is None:
        return
    target_type, _ = ContentType.objects.get_or_create(app_label=target[0], model=target[1])
    new = Permission.objects.filter(content_type=target_type, codename=CODENAME).first()
    if new is None:
        old.content_type = target_type
        old.name = name
        old.save(update_fields=["content_type", "name"])
        return
    # both rows exist (permissions were made by a post_migrate run in between): grant the
    # one that stays to every holder of the other, then drop the other
    new.group_set.add(*old.group_set.all())
    new.user_set.add(*old.user_set.all())
    old.delete()


def forwards(apps, schema_editor):
    _move(apps, ("indicators", "submission"), ("dashboards", "report"), NAME)


def backwards(apps, schema_editor):
    _move(apps, ("dashboards", "report"), ("indicators", "submission"), OLD_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("dashboards", "0001_initial"),
        ("indicators", "0010_export_permission_to_dashboards"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
