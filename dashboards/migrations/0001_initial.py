# The dashboards own no table; `Report` (managed = False) carries their export permission.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Report',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'verbose_name': '调度表与通报',
                'verbose_name_plural': '调度表与通报',
                'permissions': [('export_report', '可导出调度表和通报')],
                'managed': False,
                'default_permissions': (),
            },
        ),
    ]
