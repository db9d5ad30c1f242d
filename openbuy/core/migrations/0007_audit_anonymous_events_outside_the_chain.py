"""Anonymous audit events (no actor) are kept outside the hash chain, with no position or
hash, so they can be deleted after their retention period; on PostgreSQL the trigger lets
those rows, and only those, be deleted. Events written before stay in the chain."""

from django.db import migrations, models

FORWARD = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.seq IS NULL THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_email_delivery_and_worker_beats")]

    operations = [
        migrations.AlterModelOptions(name="auditevent", options={"ordering": ["-id"]}),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(
                blank=True,
                help_text="Position in the chain, from 1; none for anonymous events.",
                null=True,
                unique=True,
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
