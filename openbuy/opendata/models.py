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
    # Not a GeneratedField: Django's checks of one ask the database its version, so every
    # command would need the database before it could say it cannot reach it.
    size = models.PositiveIntegerField(help_text=_("The length of data, in bytes."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ocid", "release_id"], name="release_id_once"),
            models.UniqueConstraint(fields=["ocid", "date"], name="release_date_once"),
        ]
        indexes = [
            models.Index(fields=["txid", "seq"], name="release_feed"),
            models.Index(fields=["ocid", "date"], name="release_ocid_date"),
            # What a bulk export cuts its files by, read from the index alone rather than
            # from the table, where each release's bytes sit between them.
            models.Index(
                fields=["seq", "extensions", "size", "jurisdiction"], name="release_export"
            ),
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


class ExternalRelease(models.Model):
    """A release of another publisher's contracting process, imported from a file (`openbuy
    ocds import`): kept apart from openbuy's own releases, so an imported ocid never
    collides with one of openbuy's."""

    publisher = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("The publisher's name: --publisher, or the package's publisher/name."),
    )
    ocid = models.CharField(max_length=200, help_text=_("The process's ocid, as published."))
    release_id = models.CharField(max_length=300, help_text=_("The release's id, as published."))
    date = models.DateTimeField(help_text=_("The release's date."))
    digest = models.CharField(
        max_length=32,
        help_text=_("A hash of the data, so a release imported again is known as the same."),
    )
    data = models.BinaryField(help_text=_("The release as read: compact UTF-8 JSON."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ocid", "release_id"], name="external_release_once"),
        ]

    def __str__(self) -> str:
        return self.release_id


class ExternalRecord(models.Model):
    """Another publisher's contracting process: its compiled release, and what a list or a
    search shows of it."""

    ocid = models.CharField(max_length=200, unique=True, help_text=_("As published."))
    publisher = models.CharField(
        max_length=300, blank=True, help_text=_("The publisher of its latest release.")
    )
    compiled = models.BinaryField(help_text=_("The compiled release: compact UTF-8 JSON."))
    as_published = models.BooleanField(
        default=False,
        help_text=_(
            "The compiled release began as the publisher's own (a record package that links "
            "to its releases rather than embedding them), not compiled here."
        ),
    )
    releases = models.PositiveIntegerField(help_text=_("How many of its releases are stored."))
    linked_releases = models.PositiveIntegerField(
        default=0, help_text=_("How many releases its record package linked to, not embedded.")
    )
    date = models.DateTimeField(help_text=_("The date of the compiled release."))
    title = models.CharField(
        max_length=500, blank=True, help_text=_("The tender's title, or else the process's.")
    )
    buyer = models.CharField(max_length=500, blank=True, help_text=_("The buyer's name."))
    status = models.CharField(max_length=50, blank=True, help_text=_("The tender's status."))
    value_amount = models.DecimalField(
        max_digits=30,
        decimal_places=6,
        null=True,
        help_text=_("The tender's value, or else the planning budget's."),
    )
    value_currency = models.CharField(
        max_length=3, blank=True, help_text=_("The currency of value_amount.")
    )

    def __str__(self) -> str:
        return self.ocid
