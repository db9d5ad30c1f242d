"""Checking, summarising and exporting answers to a question set."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from openbuy.core.errors import Invalid

from .document import QuestionSetDocument, Section, shown
from .questions import AnswerError, QuestionBase


@dataclass
class Checked:
    answers: dict
    errors: dict[str, str] = field(default_factory=dict)

    def raise_if_invalid(self) -> None:
        if self.errors:
            first = next(iter(self.errors.values()))
            raise Invalid(first, errors={k: [v] for k, v in self.errors.items()})


def applies(question: QuestionBase, answers: dict) -> bool:
    return question.depends_on is None or question.depends_on.met(answers)


def required(question: QuestionBase, answers: dict) -> bool:
    """Must be answered where it applies: not optional, nor asked after an answer that
    leaves it to the person (`optional_values`)."""
    follows = question.depends_on
    return not question.optional and not (follows is not None and follows.optional_after(answers))


def check(
    document: QuestionSetDocument,
    submitted: dict,
    *,
    currency: str,
    existing: dict | None = None,
    section: Section | None = None,
    complete: bool = False,
) -> Checked:
    """Read and check `submitted` answers against the document.

    Only the section's questions are read when a section is given; `existing` answers fill
    the rest, so follow-up questions can depend on earlier sections. With `complete`, every
    question that applies must be answered. Answers to questions that do not apply (their
    condition is not met) are dropped.
    """
    document, section = shown(document, section)
    existing = dict(existing or {})
    scope = section.questions if section else list(document.questions.values())
    unknown = set(submitted) - {q.id for q in scope}
    result = Checked(answers={})
    for name in sorted(unknown):
        result.errors[name] = _("This is not a question here")
    merged = {**existing}
    for question in scope:
        raw = submitted.get(question.id)
        if raw is None or raw == "" or raw == []:
            merged.pop(question.id, None)
            continue
        try:
            merged[question.id] = question.parse(raw, currency=currency)
        except AnswerError as error:
            result.errors[question.id] = str(error)
            merged.pop(question.id, None)
    for question in scope:
        if question.id in result.errors:
            continue
        if not applies(question, merged):
            merged.pop(question.id, None)
            continue
        value = merged.get(question.id)
        if question.is_empty(value):
            if complete and required(question, merged):
                result.errors[question.id] = _("Answer this question")
            merged.pop(question.id, None)
            continue
        try:
            question.check(value, currency=currency)
        except AnswerError as error:
            result.errors[question.id] = str(error)
            continue
        result.answers[question.id] = value
    _check_totals(document, section, merged, result, currency=currency, complete=complete)
    if complete and section is None:
        # Earlier answers that no longer apply, or are missing, count too.
        for question in document.questions.values():
            missing = question.is_empty(merged.get(question.id))
            if (
                question not in scope
                and applies(question, merged)
                and required(question, merged)
                and missing
            ):
                result.errors.setdefault(question.id, _("Answer this question"))
    return result


def _check_totals(document, section, merged, result, *, currency, complete) -> None:
    """Sections' totals, once each of their questions that applies is answered (a draft
    may be saved half done; when `complete`, an optional question left out counts as 0)."""
    for part in [section] if section else document.sections:
        for total in part.totals:
            names = [n for n in total.questions if applies(document.questions[n], merged)]
            if not names or any(n in result.errors for n in names):
                continue
            missing = [n for n in names if n not in result.answers]
            if missing and not (complete and all(document.questions[n].optional for n in missing)):
                continue
            message = total.problem(document.questions, result.answers, currency=currency)
            if message:
                result.errors.setdefault(names[0], message)
        for rule in part.at_most:
            if rule.lower in result.errors or rule.upper in result.errors:
                continue
            message = rule.problem({**merged, **result.answers})
            if message:
                result.errors.setdefault(rule.upper, message)


def replaced(existing: dict, questions, new: dict) -> dict:
    """The saved answers with these questions' answers replaced by `new`, checked answers to
    them: a question left blank drops out, the other questions' answers stay."""
    ids = {question.id for question in questions}
    return {**{k: v for k, v in existing.items() if k not in ids}, **new}


def section_status(
    document: QuestionSetDocument, section: Section, answers: dict, *, currency: str
) -> str:
    """'completed', 'in-progress' or 'not-started', for a GOV.UK task list."""
    relevant = [q for q in section.questions if applies(q, answers)]
    if not any(q.id in answers for q in relevant):
        return "not-started"
    checked = check(
        document,
        {q.id: answers.get(q.id) for q in relevant},
        currency=currency,
        existing=answers,
        section=section,
        complete=True,
    )
    return "in-progress" if checked.errors else "completed"


def incomplete_sections(document: QuestionSetDocument, answers: dict, *, currency: str) -> list:
    return [
        section
        for section in document.sections
        if section_status(document, section, answers, currency=currency) != "completed"
    ]


# Questions answered in a group of boxes or choices: the page's link goes to the first.
_GROUPED = {"radios", "checkboxes", "boolean", "date", "pricing"}


def anchor(question: QuestionBase) -> str:
    """The id of a question's field on its section page, as error summaries link to it
    (core.templatetags.govuk.error_anchor, for SectionForm's fields)."""
    return f"id_{question.id}_0" if question.type in _GROUPED else f"id_{question.id}"


def summary(document: QuestionSetDocument, answers: dict, *, currency: str) -> list[dict]:
    """Sections with their applicable questions and answers, for read-only pages."""
    document, _section = shown(document)
    lang = document.lang()
    return [
        {
            "section": section,
            "lang": document.text_lang(),
            "rows": [
                {
                    "question": q,
                    # Suppliers' words and the set's options carry the set's language;
                    # prices' units too, unless openbuy translates them.
                    "lines": q.display_html(answers.get(q.id), currency=currency, lang=lang),
                    # Text over several lines, as paragraphs (else None: the lines).
                    "block": q.display_block(answers.get(q.id), currency=currency, lang=lang),
                    "anchor": anchor(q),
                }
                for q in section.questions
                if applies(q, answers)
            ],
        }
        for section in document.sections
    ]


def export_header(document: QuestionSetDocument) -> list[str]:
    document, _section = shown(document)
    return [q.question for q in document.questions.values()]


def export_row(document: QuestionSetDocument, answers: dict, *, currency: str) -> list[str]:
    document, _section = shown(document)
    return [
        q.export(answers.get(q.id), currency=currency) if q.id in answers else ""
        for q in document.questions.values()
    ]


def search_text(document: QuestionSetDocument, answers: dict) -> str:
    """The words the search index holds: in the set's own language, whatever the language
    of the page whose action saved the answers (the index is the same for every reader)."""
    document = document.in_language(document.language)
    return " ".join(
        text for q in document.questions.values() if (text := q.search_text(answers.get(q.id)))
    )


def facets(document: QuestionSetDocument, answers: dict) -> dict[str, list[str]]:
    found = {}
    for question in document.questions.values():
        values = question.facet_values(answers.get(question.id))
        if values:
            found[question.id] = values
    return found


def copyable(document: QuestionSetDocument, answers: dict) -> dict:
    """Answers worth carrying into a new draft (in the same or the next iteration)."""
    return {
        k: v
        for k, v in answers.items()
        if k in document.questions and document.questions[k].copyable
    }
