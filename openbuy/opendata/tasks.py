"""Open data's background work."""

from django.conf import settings
from django.tasks import task


@task
def export_bulk_files() -> str:
    """Write the bulk files the downloads page serves (gzip-compressed), replacing the
    previous ones; safe to run twice, as the second finds the folder locked or writes the
    same data again."""
    from . import bulk, bulkfiles

    try:
        manifest = bulk.export(settings.OPENBUY_OCDS_EXPORT_DIR, compress=True)
    except bulkfiles.ExportBusy as busy:
        return f"skipped: {busy}"
    return f"{len(manifest['files'])} files written"
