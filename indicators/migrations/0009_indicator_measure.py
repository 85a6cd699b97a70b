# The measure of each indicator (amount, percent, count), set from its unit once, here.

from django.db import migrations, models

from chuxiong_zones.measures import measure_of


def set_measures(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for indicator in Indicator.objects.all():
        indicator.measure = measure_of(indicator.unit).value
        indicator.save(update_fields=["measure"])


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0008_check_rules'),
    ]

    operations = [
        migrations.AddField(
            model_name='indicator',
            name='measure',
            field=models.CharField(choices=[('amount', '金额/数量'), ('percent', '百分比'), ('count', '个数')], default='amount', help_text='金额/数量、百分比或个数；留作默认时按计量单位判断（%、％ 为百分比，户、家、名等为个数）。', max_length=8, verbose_name='计量类型'),
        ),
        migrations.RunPython(set_measures, migrations.RunPython.noop),
    ]
