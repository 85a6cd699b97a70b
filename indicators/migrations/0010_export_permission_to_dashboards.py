# The dashboards' export permission is declared on `dashboards.Report` now (dashboards/0002 carries
# the rows over); `Submission` keeps the permissions of entering and reviewing figures.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0001_squashed_0009_indicator_measure'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='submission',
            options={'ordering': ['-year', '-month', 'zone'], 'permissions': [('enter_figures', '可填报本开发区月度数据'), ('review_submission', '可审核或退回月度报送'), ('unlock_submission', '可解锁已审核的月份')], 'verbose_name': '月度报送', 'verbose_name_plural': '月度报送'},
        ),
    ]
