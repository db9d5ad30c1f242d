from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_jurisdiction_holiday_calendar_and_procurement_rules"),
        ("opendata", "0002_external_releases_and_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="release",
            name="size",
            field=models.PositiveIntegerField(default=0, help_text="The length of data, in bytes."),
            preserve_default=False,
        ),
        # length() of a BLOB (SQLite) or a bytea (PostgreSQL) counts its bytes.
        migrations.RunSQL(
            "UPDATE opendata_release SET size = length(data)", migrations.RunSQL.noop
        ),
        migrations.AddIndex(
            model_name="release",
            index=models.Index(
                fields=["seq", "extensions", "size", "jurisdiction"], name="release_export"
            ),
        ),
    ]
