# Question sets now belong to openbuy.questions (issue 8): the declaration's and lots' foreign
# keys point at the model there, and frameworks forgets it. Nothing changes in the database:
# the table is the same one (questions 0002 renames it).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("frameworks", "0004_dates_follow_actual_opening"),
        ("questions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="framework",
                    name="declaration",
                    field=models.ForeignKey(
                        blank=True,
                        limit_choices_to={"purpose": "declaration"},
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="questions.questionset",
                    ),
                ),
                migrations.AlterField(
                    model_name="lot",
                    name="questions",
                    field=models.ForeignKey(
                        blank=True,
                        limit_choices_to={"purpose": "service"},
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="questions.questionset",
                    ),
                ),
                migrations.DeleteModel(name="QuestionSet"),
            ],
            database_operations=[],
        ),
    ]
