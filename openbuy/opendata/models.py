"""Open data's store: every release as published (bytes, written once), and each
contracting process's compiled release, kept current as its releases arrive."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from openbuy.core.models import Jurisdiction


class Release(models.Model):
    """One OCDS release: never changed once written."""

    seq = models.BigAutoField(
        primary_key=True, help_text=_("Order of writing; with txid, the change feed's order.")
    )
    txid = models.BigIntegerField(
        default=0,
        help_text=_(
            "PostgreSQL: the writing transaction's id, so the change feed can hold back "
            "releases of transactions still running (SQLite writes one at a time: 0)."
        ),
    )
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    ocid = models.CharField(max_length=100)
    release_id = models.CharField(max_length=200)
    date = models.DateTimeField()
    tags = models.CharField(max_length=200, help_text=_("The release's tags, comma-separated."))
    extensions = models.CharField(
        max_length=200, blank=True, help_text=_("Keys of the extensions it uses, comma-separated.")
    )
    data = models.BinaryField(help_text=_("The release as published: compact UTF-8 JSON."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ocid", "release_id"], name="release_id_once"),
            models.UniqueConstraint(fields=["ocid", "date"], name="release_date_once"),
        ]
        indexes = [
            models.Index(fields=["txid", "seq"], name="release_feed"),
            models.Index(fields=["ocid", "date"], name="release_ocid_date"),
        ]

    def __str__(self) -> str:
        return self.release_id


class Record(models.Model):
    """A contracting process: its compiled release after the latest of its releases."""

    ocid = models.CharField(primary_key=True, max_length=100)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    compiled = models.BinaryField(help_text=_("The compiled release: compact UTF-8 JSON."))
    releases = models.PositiveIntegerField(help_text=_("How many releases it has."))
    extensions = models.CharField(
        max_length=200, blank=True, help_text=_("Keys of the extensions its releases use.")
    )
    last_date = models.DateTimeField(help_text=_("The date of its latest release."))
    last_seq = models.BigIntegerField(help_text=_("The seq of its latest release."))

    def __str__(self) -> str:
        return self.ocid
