# How each document numbers its task items, as data: 7号 writes （一）…（二十三）.

from django.db import migrations, models


def seven_is_chinese(apps, schema_editor):
    Document = apps.get_model("targets", "Document")
    Document.objects.filter(code="cbf-2023-7").update(item_numbering="chinese")


class Migration(migrations.Migration):

    dependencies = [
        ('targets', '0004_verbose_names_in_chinese'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='item_numbering',
            field=models.CharField(choices=[('arabic', '阿拉伯数字（9.）'), ('chinese', '中文数字（（七））')], default='arabic', max_length=8, verbose_name='条目编号方式'),
        ),
        migrations.RunPython(seven_is_chinese, migrations.RunPython.noop),
    ]
