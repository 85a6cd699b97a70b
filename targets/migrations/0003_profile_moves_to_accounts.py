# `Profile` (a user's zone or unit) belongs to the accounts app now (accounts/0005 takes it
# into its state). Only Django's state changes here: the table targets_profile and its rows
# stay where they are, and accounts.Profile keeps using it.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0002_indicator_content_type"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Profile")],
            database_operations=[],
        ),
    ]
