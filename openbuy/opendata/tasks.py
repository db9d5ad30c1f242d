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


@task
def index_external_records(*, ocids: list[str]) -> int:
    """Index these imported processes as they are now (`openbuy ocds import` enqueues it
    in its transaction, so the index follows each committed file); safe to run twice."""
    from openbuy.core import search

    from . import external_index
    from .import_reading import parse
    from .models import ExternalRecord

    records = ExternalRecord.objects.filter(ocid__in=ocids)
    documents = [external_index.document(r, parse(bytes(r.compiled))) for r in records]
    search.index(external_index.KIND, documents)
    return len(documents)
