"""Public pages listing the questions a supplier will answer: a lot's service questions and
the framework's declaration, with their sections and hints, so a would-be supplier can see
what is asked before starting an application."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import selectors


def _kind(question) -> str:
    """What sort of answer a question takes, in words."""
    kind = question.type
    if kind in {"text", "textarea"}:
        if question.max_words:
            return ngettext(
                "Text, up to %(n)d word", "Text, up to %(n)d words", question.max_words
            ) % {"n": question.max_words}
        return _("Text")
    if kind == "checkboxes":
        return _("Choose one or more")
    if kind == "list":
        return ngettext(
            "A list of up to %(n)d item", "A list of up to %(n)d items", question.max_items
        ) % {"n": question.max_items}
    return {
        "number": _("A number"),
        "money": _("An amount of money"),
        "radios": _("Choose one"),
        "boolean": _("Yes or no"),
        "date": _("A date"),
        "pricing": _("A price"),
    }[kind]


def _rows(document) -> list[dict]:
    return [
        {
            "section": section,
            "questions": [
                {
                    "question": q,
                    "kind": _kind(q),
                    "options": [o.label for o in getattr(q, "options", [])],
                    "asked_after": document.questions[q.depends_on.question].question
                    if q.depends_on
                    else "",
                }
                for q in section.questions
            ],
        }
        for section in document.sections
    ]


def _page(request, framework, *, caption, title, description, document):
    return render(
        request,
        "frameworks/questions.html",
        {
            "framework": framework,
            "caption": caption,
            "title": title,
            "description": description,
            "doc": document,
            "sections": _rows(document),
        },
    )


def lot_questions(request, slug, lot):
    framework = get_object_or_404(selectors.frameworks(), slug=slug)
    lot = get_object_or_404(framework.lots.select_related("questions"), slug=lot)
    if lot.questions is None:
        raise Http404
    return _page(
        request,
        framework,
        caption=framework.name,
        title=lot.name,
        description=lot.description,
        document=lot.questions.doc,
    )


def declaration_questions(request, slug):
    framework = get_object_or_404(selectors.frameworks(), slug=slug)
    if framework.declaration is None:
        raise Http404
    return _page(
        request,
        framework,
        caption=framework.name,
        title=_("Declaration"),
        description=_("Every supplier answers these once for the whole framework."),
        document=framework.declaration.doc,
    )
