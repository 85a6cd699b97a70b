# `Indicator` moved from the `indicators` app into `targets`. A database made before the move
# has its content type (and so its permissions, e.g. indicators.change_indicator held by the
# 系统管理员 group) under `indicators`: carry them over, so that targets.change_indicator is
# the same permission, still held. A new database has no content type yet: nothing to do.

from django.db import migrations


def carry_over(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="indicators", model="indicator").first()
    if old is None:
        return
    if ContentType.objects.filter(app_label="targets", model="indicator").exists():
        return  # made already (a post-migrate run): leave both, the old one unused
    old.app_label = "targets"
    old.save(update_fields=["app_label"])


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("targets", "0001_squashed_0005_document_item_numbering"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
