import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import jurisdiction_rules as rules
from .currencies import CURRENCY_CHOICES

ISO_3166 = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"


def _iso_3166_validator():
    return RegexValidator(ISO_3166, _("Use an ISO 3166 code, like AU or GB-SCT"))


class Jurisdiction(models.Model):
    """A government (a country or region) with its own currency, languages and rules."""

    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        validators=[_iso_3166_validator()],
        help_text=_("ISO 3166-1 country code or ISO 3166-2 subdivision code, like AU or GB-SCT."),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Name shown to people."))
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=CURRENCY_CHOICES,
        help_text=_("ISO 4217 code of the currency in which this government buys."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[rules.validate_languages],
        error_messages={"blank": _("List at least one language")},
        help_text=_("Language codes, the main one first."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[rules.validate_time_zone],
        help_text=_("IANA time zone in which dates and deadlines are shown."),
    )
    ocid_prefix = models.CharField(
        _("OCDS ocid prefix"),
        max_length=11,
        unique=True,
        validators=[
            RegexValidator(r"^ocds-[a-z0-9]{6}$", _("Use an ocid prefix like ocds-a1b2c3"))
        ],
        help_text=_("Registered prefix for this jurisdiction's OCDS contracting process ids."),
    )
    sme_bands = models.JSONField(
        _("SME size bands"),
        default=rules.default_sme_bands,
        validators=[rules.validate_sme_bands],
        help_text=_(
            "Micro, small and medium limits: headcount below, and turnover or balance sheet at "
            "most, in this jurisdiction's currency."
        ),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#1d70b8",
        validators=[rules.validate_brand_colour],
        help_text=_("Header colour; white text on it must have a contrast of at least 4.5:1."),
    )
    thresholds = models.JSONField(
        _("procurement thresholds"),
        default=dict,
        blank=True,
        validators=[rules.validate_thresholds],
        help_text=_("Named procurement thresholds, as amounts in this jurisdiction's currency."),
    )
    holiday_calendar = models.CharField(
        _("holiday calendar"),
        max_length=10,
        blank=True,
        validators=[_iso_3166_validator()],
        help_text=_(
            "ISO 3166 code whose public holidays are not working days, like AU-ACT; leave "
            "empty to use this jurisdiction's code."
        ),
    )
    procurement_rules = models.JSONField(
        _("procurement rules"),
        default=rules.default_procurement_rules,
        blank=True,
        validators=[rules.validate_procurement_rules],
        help_text=_(
            "Minimum publication days, question deadline in working days before closing, "
            "standstill days (and whether they are working days), lowest and highest score."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("jurisdiction")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        problem = rules.division_threshold_problem(self.procurement_rules, self.thresholds)
        if problem:
            raise ValidationError({"procurement_rules": problem})
        # Deadlines count working days, so the calendar must be one the holidays library has.
        calendar = self.holiday_calendar or self.code
        if calendar and re.match(ISO_3166, calendar):
            try:
                rules.validate_holiday_calendar(*self.public_holiday_calendar)
            except ValidationError as error:
                raise ValidationError(
                    {"holiday_calendar" if self.holiday_calendar else "code": error}
                ) from None

    @property
    def public_holiday_calendar(self) -> tuple[str, str | None]:
        """(country, subdivision) whose public holidays are not working days."""
        return rules.holiday_calendar(self.code, self.holiday_calendar)

    @property
    def procurement(self) -> rules.ProcurementRules:
        return rules.procurement_rules(self.procurement_rules)

    @property
    def main_language(self) -> str:
        return self.languages[0] if self.languages else "en"

    def size_band(self, headcount: int, turnover: Decimal, balance_sheet: Decimal) -> str:
        return rules.size_band(self.sme_bands, headcount, turnover, balance_sheet)

    @property
    def division_threshold(self) -> tuple[str, Decimal] | None:
        """(name, amount) above which a requirement must be divided or say why not."""
        return rules.division_threshold(self.procurement_rules, self.thresholds)

    def threshold(self, name: str) -> Decimal | None:
        value = self.thresholds.get(name)
        return None if value is None else Decimal(str(value))


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained audit trail. Written only by core.audit.

    Events without an actor (a failed sign-in, a reset asked for: anyone can cause them) are
    kept outside the chain, with no position or hash, and are deleted after
    AUDIT_ANONYMOUS_RETENTION_DAYS (core.audit.prune_anonymous)."""

    seq = models.PositiveBigIntegerField(
        unique=True,
        null=True,
        blank=True,
        help_text=_("Position in the chain, from 1; none for anonymous events."),
    )
    created_at = models.DateTimeField(db_index=True)
    # Plain ids, not foreign keys: the trail outlives and never cascades with what it records.
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    verb = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    public = models.BooleanField(default=False)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        # Newest first. Chained events take their id and seq under one lock, so id order is
        # chain order, with anonymous events in their place in time.
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-seq"], name="audit_object")]

    def __str__(self) -> str:
        where = f"#{self.seq}" if self.chained else "anonymous"
        return f"{where} {self.verb} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("audit events are append-only")

    @property
    def chained(self) -> bool:
        return self.seq is not None


class AuditChainHead(models.Model):
    """The last event's position and hash, so removing the newest events is detected too."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_head_single")]

    def __str__(self) -> str:
        return f"audit chain head at {self.seq}"


class Message(models.Model):
    """What an e-mail says, and to whom."""

    to = models.TextField(help_text=_("Recipients, one per line."))
    subject = models.CharField(max_length=998)
    body = models.TextField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.subject

    @property
    def recipients(self) -> list[str]:
        return self.to.splitlines()


class OutboxMessage(Message):
    """An e-mail kept instead of sent, for development, tests and demos."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    from_email = models.CharField(max_length=254)
    message_id = models.CharField(
        max_length=255,
        blank=True,
        default="",
        help_text=_("The e-mail's Message-ID: the outbox keeps each message once."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~models.Q(message_id=""),
                name="outbox_message_id_once",
            )
        ]


class Email(Message):
    """An e-mail an action sends, written in the action's transaction with the task that
    delivers it, so both commit or neither does. The task marks it sent; a retry finds it
    sent and does not send it again (core/tasks.py)."""

    created_at = models.DateTimeField(auto_now_add=True)
    message_id = models.CharField(
        max_length=255,
        unique=True,
        help_text=_("Message-ID header, the same on every attempt, so a copy can be known."),
    )
    sent_at = models.DateTimeField(null=True, blank=True, help_text=_("When it was sent."))
    attempts = models.PositiveIntegerField(
        default=0, help_text=_("Attempts that failed (the mail server refused, say).")
    )


class WorkerBeat(models.Model):
    """A running worker, seen at `seen_at`. A task whose worker stopped beating for
    TASK_LEASE_SECONDS is run again (core/worker.py); /healthz reports the newest beat."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.host} ({self.pid})"


class SearchDocument(models.Model):
    """One searchable object (a service, say), kept narrow: what every match returns.

    Words are stemmed tokens made in Python, so SQLite FTS5 and PostgreSQL full-text search
    match exactly the same words. Filter values are tokens too (fv and a SearchFacetValue id)
    in the same full-text index, so one lookup answers keywords and filters together, and
    the matches' tokens give the facet counts. The wide parts live in SearchText.
    """

    kind = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    tiebreak = models.CharField(
        max_length=16, help_text=_("Hash of the object's id: orders ties without favouring names.")
    )
    title_tokens = models.TextField(blank=True, help_text=_("To rank title matches first."))
    facet_tokens = models.TextField(blank=True, help_text=_("Filter values as tokens: fv<id>."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SearchText(models.Model):
    """What the full-text index is built from, and the card a result list shows."""

    document = models.OneToOneField(
        SearchDocument, on_delete=models.CASCADE, primary_key=True, related_name="text"
    )
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    facet_tokens = models.TextField(blank=True)
    card = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"text of {self.document_id}"


class SearchFacetValue(models.Model):
    """A filter value (field and value) of one kind of document, numbered for its token."""

    kind = models.CharField(max_length=32)
    field = models.CharField(max_length=64)
    value = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "field", "value"], name="search_facet_value")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.field}={self.value}"


class SearchChange(models.Model):
    """The search index's change log: the objects one index change touched and the version
    it made. Processes that keep the index in memory (core/search/resident.py) catch up from
    it; writers of a kind take turns (a lock on its SearchIndexVersion row), so ids follow
    the order of commits."""

    kind = models.CharField(max_length=32)
    object_ids = models.JSONField()
    version = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["kind", "id"], name="search_change_kind_id")]

    def __str__(self) -> str:
        return f"{self.kind} change {self.pk}"


class SearchIndexVersion(models.Model):
    """Changed in the same transaction as every index change, so processes can cache answers
    and know when they are stale. A random token, not a counter: a rolled-back change must
    never give an old number to a new state."""

    kind = models.CharField(max_length=32, unique=True)
    version = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"
