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
from openbuy.core import ocid
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
        AWARDED = "awarded", _("Awarded")
        UNSUCCESSFUL = "unsuccessful", _("No suitable supplier")
        CANCELLED = "cancelled", _("Cancelled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Statuses after closing in which evaluation has ended, one way or another.
    DECIDED = (Status.AWARDED, Status.UNSUCCESSFUL, Status.CANCELLED)
    # Published and never withdrawn: once the closing time passes, responses are unsealed.
    OPENED = (Status.PUBLISHED, Status.CLOSED, *DECIDED)

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
    response_questions = models.ForeignKey(
        QuestionSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"purpose": QuestionSet.Purpose.RESPONSE},
        help_text=_(
            "The version of the response question set suppliers answer; publishing needs one."
        ),
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
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The earlier requirement it was started from."),
    )
    specialist_role = models.CharField(
        max_length=100,
        blank=True,
        help_text=_(
            "For a specialists lot: the role wanted, a value of the lot's roles question. "
            "Only suppliers offering it may respond."
        ),
    )
    invite_only = models.BooleanField(
        default=False,
        help_text=_("Only the invited suppliers (or those in the invited category) may respond."),
    )
    invited_suppliers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="requirement_invitations",
        help_text=_("Suppliers invited to respond when it is invite-only."),
    )
    invited_category = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            "When invite-only: a service question id and value, like "
            '{"capabilities": "user-research"}; suppliers with a live service showing it '
            "are invited."
        ),
    )
    max_lots_per_supplier = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("How many of its lots one supplier may respond to; empty for no limit."),
    )
    division_reason = models.TextField(
        _("why it is divided this way"),
        blank=True,
        max_length=5000,
        help_text=_(
            "Above the jurisdiction's threshold: why it is not divided into lots, or why lots "
            "that together pass the threshold are each below it. Published."
        ),
    )
    amended_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it was last amended while open.")
    )
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When its closing was recorded.")
    )
    decided_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it was awarded, cancelled or found unsuitable.")
    )
    decision_reason = models.TextField(
        _("reason"),
        blank=True,
        max_length=5000,
        help_text=_("Why it was cancelled or no supplier was suitable. Published."),
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
    def ocid(self) -> str:
        """Its process id in open data (OCDS), for links to its record."""
        return ocid.ocid(self.buyer.jurisdiction, "requirement", self.pk)

    @staticmethod
    def open_at(status: str, closes_at, now) -> bool:
        """The one reading of the clock every view of a requirement shares (the model,
        the sealing of responses, the public list): published and before its closing time.
        Time alone closes a requirement; the worker's `closed` status only records it."""
        return status == Requirement.Status.PUBLISHED and closes_at is not None and now < closes_at

    @property
    def is_open(self) -> bool:
        return self.open_at(self.status, self.closes_at, timezone.now())

    @property
    def has_closed(self) -> bool:
        """Published (never withdrawn) and its closing time passed: its submitted
        responses are opened to its team."""
        return (
            self.status in self.OPENED
            and self.closes_at is not None
            and timezone.now() >= self.closes_at
        )

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
        """Recorded by the worker or when evaluation starts; until then `is_open` reads
        the time."""
        self.closed_at = timezone.now()

    @transition(field=status, source=Status.CLOSED, target=Status.AWARDED)
    def award(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=status, source=Status.CLOSED, target=Status.UNSUCCESSFUL)
    def find_unsuitable(self) -> None:
        self.decided_at = timezone.now()

    @transition(field=status, source=Status.CLOSED, target=Status.CANCELLED)
    def cancel(self) -> None:
        self.decided_at = timezone.now()


class RequirementLot(models.Model):
    """One lot of a requirement. Every requirement has at least one: an undivided
    requirement is its own single lot, so responses and awards always name a lot."""

    class Outcome(models.TextChoices):
        OPEN = "", _("Not decided")
        AWARDED = "awarded", _("Awarded")
        UNSUCCESSFUL = "unsuccessful", _("No suitable supplier")
        CANCELLED = "cancelled", _("Cancelled")

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(help_text=_("1, 2, 3… within the requirement."))
    title = models.CharField(
        max_length=200, blank=True, help_text=_("Empty for lot 1 of an undivided requirement.")
    )
    description = models.TextField(blank=True, max_length=5000)
    value = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Estimated value, in the jurisdiction's currency."),
    )
    criteria = models.JSONField(
        default=list,
        blank=True,
        help_text=_("This lot's own criteria, scored beside the requirement's."),
    )
    outcome = models.CharField(
        max_length=16, choices=Outcome.choices, default=Outcome.OPEN, blank=True
    )
    outcome_reason = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["requirement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "number"], name="requirement_lot_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="requirement_lot_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="requirement_lot_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(_("Lot %(number)d") % {"number": self.number})


class TeamMember(models.Model):
    """A person on a requirement's buyer team, with what they may do on it."""

    class Permission(models.TextChoices):
        DRAFT = "draft", _("Draft and amend")
        PUBLISH = "publish", _("Publish and withdraw")
        ANSWER = "answer", _("Answer clarification questions")
        READ_RESPONSES = "read_responses", _("Read responses after closing")
        EVALUATE = "evaluate", _("Run the evaluation and moderate")
        AWARD = "award", _("Award")

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    permissions = models.JSONField(
        default=list, help_text=_("What they may do: values of TeamMember.Permission.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requirement", "added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["requirement", "user"], name="team_member_once")
        ]

    def __str__(self) -> str:
        return str(self.user)

    def may(self, permission: str) -> bool:
        return permission in self.permissions


class Amendment(models.Model):
    """A change to a published requirement while it is open, shown to everyone."""

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveSmallIntegerField()
    summary = models.TextField(max_length=5000, help_text=_("What changed, shown to everyone."))
    changed = models.JSONField(
        default=list, help_text=_("Ids of the questions whose answers changed.")
    )
    before = models.JSONField(default=dict, help_text=_("The changed answers as they were."))
    closes_at_before = models.DateTimeField()
    closes_at_after = models.DateTimeField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requirement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["requirement", "number"], name="amendment_number")
        ]

    def __str__(self) -> str:
        return str(_("Amendment %(number)d") % {"number": self.number})
