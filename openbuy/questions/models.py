from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from openbuy.accounts.models import Organisation
from openbuy.core.bounded import Bounded

from . import purposes
from .document import QuestionSetDocument, load_document

_PARSED: Bounded[tuple, QuestionSetDocument] = Bounded(500)


def _parsed(question_set) -> QuestionSetDocument:
    # Versions never change once saved, so a parsed document is kept for the process,
    # keyed by id and creation time (ids alone can come back after a rollback).
    key = (question_set.pk, question_set.created_at)
    return _PARSED.get_or_make(key, lambda: load_document(question_set.document))


class QuestionSet(models.Model):
    """One version of a question-set document. A new edit is a new version; old ones stay."""

    class Purpose(models.TextChoices):
        SERVICE = purposes.SERVICE, _("Service")
        DECLARATION = purposes.DECLARATION, _("Declaration")
        REQUIREMENT = purposes.REQUIREMENT, _("Requirement")
        RESPONSE = purposes.RESPONSE, _("Supplier response")
        CHALLENGE_APPLICATION = purposes.CHALLENGE_APPLICATION, _("Challenge application")
        SCORECARD = purposes.SCORECARD, _("Scorecard")
        CHECKLIST = purposes.CHECKLIST, _("Checklist")

    authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="question_sets",
        help_text=_("The authority whose framework managers may add versions."),
    )
    slug = models.SlugField(_("name in web addresses"), max_length=80)
    version = models.PositiveIntegerField()
    purpose = models.CharField(
        max_length=32,
        choices=Purpose.choices,
        help_text=_("What its answers are for; every version of a set keeps it."),
    )
    title = models.CharField(max_length=200)
    document = models.JSONField(help_text=_("The question-set document (docs/question-sets.md)."))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "slug", "version"], name="question_set_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def source(self) -> QuestionSetDocument:
        """The document as written, with its texts in every language it has."""
        return _parsed(self)

    @property
    def doc(self) -> QuestionSetDocument:
        """The document in the page's language (if it is translated to it), else its own."""
        return _parsed(self).in_language(get_language() or "")
