# The question sets' table takes this app's name. Frameworks' foreign keys follow it (the
# database renames their references). The content type moves too, so admin history and
# permissions stay attached to the same rows.

from django.db import migrations


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    old = ContentType.objects.using(db).filter(app_label="frameworks", model="questionset")
    if not ContentType.objects.using(db).filter(app_label="questions", model="questionset"):
        old.update(app_label="questions")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    new = ContentType.objects.using(db).filter(app_label="questions", model="questionset")
    if not ContentType.objects.using(db).filter(app_label="frameworks", model="questionset"):
        new.update(app_label="frameworks")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("frameworks", "0005_question_sets_move_out"),
        ("questions", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="questionset", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
