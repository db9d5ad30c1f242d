# Question sets move here from frameworks (issue 8). This records the model in this app's
# state only: the table and its rows stay where they are, under frameworks' name, until
# 0002 renames it once frameworks' foreign keys point here.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("frameworks", "0004_dates_follow_actual_opening"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="QuestionSet",
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
                            "slug",
                            models.SlugField(max_length=80, verbose_name="name in web addresses"),
                        ),
                        ("version", models.PositiveIntegerField()),
                        (
                            "kind",
                            models.CharField(
                                choices=[("declaration", "Declaration"), ("service", "Service")],
                                max_length=16,
                            ),
                        ),
                        ("title", models.CharField(max_length=200)),
                        (
                            "document",
                            models.JSONField(
                                help_text="The question-set document (docs/question-sets.md)."
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "authority",
                            models.ForeignKey(
                                help_text="The authority whose framework managers may add versions.",
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="question_sets",
                                to="accounts.organisation",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["slug", "-version"],
                        "db_table": "frameworks_questionset",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("authority", "slug", "version"),
                                name="question_set_version",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
