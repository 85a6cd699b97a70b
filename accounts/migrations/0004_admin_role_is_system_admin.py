"""三权分立: the old 管理员 group becomes 系统管理员 (same members, same permissions until
`setup_roles` sets the new ones); 安全管理员 is created by `setup_roles`."""

from django.db import migrations


def rename(apps, schema_editor, old="管理员", new="系统管理员"):
    Group = apps.get_model("auth", "Group")
    if not Group.objects.filter(name=new).exists():
        Group.objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old="系统管理员", new="管理员")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_security_policy_and_admin_set_passwords"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
