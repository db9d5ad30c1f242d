"""What other apps use of question sets: requirements, supplier responses, challenge
applications, scorecards and checklists keep their answers as JSON beside their own rows and
ask this module, never frameworks, to read, check, show and export them. The same functions
serve frameworks' declarations and services. See docs/question-sets.md, "Using question sets
from another app".

Every function takes a document already in the page's language (`document_of`), so the
forms, messages, summaries and exports all speak it.
"""

from collections.abc import Iterable

from django.utils.translation import get_language

from .answers import (
    Checked,
    check,
    copyable,
    incomplete_sections,
    replaced,
    section_status,
    summary,
)
from .answers import export_header as _export_header
from .answers import export_row as _export_row
from .document import QuestionSetDocument, Section, load_document
from .forms import SectionForm, error_links
from .models import QuestionSet

Purpose = QuestionSet.Purpose

__all__ = [
    "Checked",
    "Purpose",
    "QuestionSet",
    "QuestionSetDocument",
    "Section",
    "SectionForm",
    "check",
    "copyable",
    "document_of",
    "error_links",
    "export_rows",
    "incomplete_sections",
    "problems",
    "replaced",
    "section_form",
    "section_status",
    "summary",
    "validate",
]


def validate(data) -> QuestionSetDocument:
    """A document (dict, JSON text or a path) checked whole; Invalid says what is wrong."""
    return load_document(data)


def document_of(question_set: QuestionSet, *fallback: str) -> QuestionSetDocument:
    """The set's document in the page's language if it is translated to it, else in its
    own (then `fallback`, like the jurisdiction's first language)."""
    return question_set.source.in_language(get_language() or "", *fallback)


def section_form(
    document: QuestionSetDocument,
    slug: str,
    *,
    currency: str,
    answers: dict | None = None,
    data=None,
) -> SectionForm:
    """The form for one section (a page), filled with the answers so far. After
    `is_valid()`, `form.answers` holds the section's checked answers, to merge and save."""
    section = document.section(slug)
    if section is None:
        raise LookupError(f"no section {slug!r}")
    return SectionForm(
        data, document=document, section=section, currency=currency, existing=answers
    )


def problems(document: QuestionSetDocument, answers: dict, *, currency: str) -> dict[str, str]:
    """What stops the answers from being complete: question id → message (missing answers
    and answers that break a rule). Empty when they can be submitted."""
    return check(document, answers, currency=currency, complete=True).errors


def export_rows(
    document: QuestionSetDocument, answers: Iterable[dict], *, currency: str
) -> tuple[list[str], list[list[str]]]:
    """A header (the questions) and one row of answers per item, for CSV or ODS."""
    rows = [_export_row(document, one, currency=currency) for one in answers]
    return _export_header(document), rows


def sent(document: QuestionSetDocument, submitted: dict) -> list:
    """The questions a save without a section replaces: those sent, and those that depend
    on one sent (so a follow-up question no longer asked drops out). The others keep their
    saved answers, as a PATCH would."""
    return [
        q
        for q in document.questions.values()
        if q.id in submitted or (q.depends_on is not None and q.depends_on.question in submitted)
    ]
