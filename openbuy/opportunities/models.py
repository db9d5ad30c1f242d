"""Requirements: what a buyer body wants to buy, on a live framework's lot or in an open
procedure, with its answers to the requirement and checklist question sets."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from openbuy.accounts.models import Organisation
from openbuy.frameworks.models import Lot
from openbuy.questions.models import QuestionSet


def end_of(day: datetime.date, zone: ZoneInfo) -> datetime.datetime:
    """The end of a day in a time zone: the first instant of the next one."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), zone)


class Requirement(models.Model):
    """A buyer's requirement, from draft to publication and then closing or withdrawal."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    buyer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="requirements",
        help_text=_("The buyer body that buys."),
    )
    lot = models.ForeignKey(
        Lot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requirements",
        help_text=_("The live framework's lot it is bought through; empty for an open procedure."),
    )
    questions = models.ForeignKey(
        QuestionSet,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"purpose": QuestionSet.Purpose.REQUIREMENT},
        help_text=_("The version of the requirement question set it answers."),
    )
    checklist = models.ForeignKey(
        QuestionSet,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"purpose": QuestionSet.Purpose.CHECKLIST},
        help_text=_("The version of the responsible-procurement checklist it answers."),
    )
    answers = models.JSONField(
        default=dict, blank=True, help_text=_("Answers to the requirement's questions.")
    )
    checklist_answers = models.JSONField(
        default=dict, blank=True, help_text=_("Answers to the checklist, published with it.")
    )
    status = FSMField(default=Status.DRAFT, choices=Status.choices, protected=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it was published.")
    )
    closes_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When responses close: the end of the closing day.")
    )
    questions_close_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When clarification questions close, in working days before closing."),
    )
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it was withdrawn.")
    )
    withdrawn_reason = models.TextField(
        _("reason for withdrawing"), blank=True, help_text=_("Shown to everyone.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | (
                    Q(published_at__isnull=False)
                    & Q(closes_at__isnull=False)
                    & Q(questions_close_at__isnull=False)
                    & Q(questions_close_at__lte=F("closes_at"))
                ),
                name="requirement_published_with_its_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawn_reason="")),
                name="requirement_withdrawn_with_a_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "closes_at"], name="requirement_status_closes")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return str(self.answers.get("title") or _("Untitled requirement"))

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.buyer.jurisdiction.time_zone)

    @property
    def currency(self) -> str:
        return self.buyer.jurisdiction.currency

    @property
    def is_open(self) -> bool:
        """Published and before its closing time: time alone closes a requirement."""
        return self.status == self.Status.PUBLISHED and timezone.now() < self.closes_at

    @transition(field=status, source=Status.DRAFT, target=Status.PUBLISHED)
    def publish(self) -> None:
        self.published_at = timezone.now()

    @transition(field=status, source=Status.PUBLISHED, target=Status.WITHDRAWN)
    def withdraw(self) -> None:
        self.withdrawn_at = timezone.now()

    @transition(
        field=status,
        source=Status.PUBLISHED,
        target=Status.CLOSED,
        conditions=[lambda r: timezone.now() >= r.closes_at],
    )
    def close(self) -> None:
        """Recorded when evaluation starts; until then `is_open` reads the time."""
