# A question set's kind (declaration or service) becomes its purpose, which has more values
# (requirements, responses, challenge applications…). Existing values keep their meaning;
# stored documents say "purpose" instead of "kind" too, so a version sent again unchanged
# is still recognised as the same document.

from django.db import migrations, models


def rename_in_documents(apps, schema_editor, old="kind", new="purpose"):
    QuestionSet = apps.get_model("questions", "QuestionSet")
    db = schema_editor.connection.alias
    for question_set in QuestionSet.objects.using(db).only("document"):
        document = question_set.document
        if isinstance(document, dict) and old in document and new not in document:
            question_set.document = {(new if k == old else k): v for k, v in document.items()}
            question_set.save(update_fields=["document"])


def rename_back(apps, schema_editor):
    rename_in_documents(apps, schema_editor, old="purpose", new="kind")


class Migration(migrations.Migration):
    dependencies = [("questions", "0002_own_table")]

    operations = [
        migrations.RenameField(model_name="questionset", old_name="kind", new_name="purpose"),
        migrations.AlterField(
            model_name="questionset",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("service", "Service"),
                    ("declaration", "Declaration"),
                    ("requirement", "Requirement"),
                    ("response", "Supplier response"),
                    ("challenge_application", "Challenge application"),
                    ("scorecard", "Scorecard"),
                    ("checklist", "Checklist"),
                ],
                help_text="What its answers are for; every version of a set keeps it.",
                max_length=32,
            ),
        ),
        migrations.RunPython(rename_in_documents, rename_back),
    ]
