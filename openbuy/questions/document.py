"""The question-set document: sections of questions, checked as a whole when loaded."""

import codecs
from functools import cached_property
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from openbuy.core.errors import Invalid
from openbuy.core.inputs import Unreadable, check_json, load_json
from openbuy.core.schema_messages import schema_message

from . import text
from .purposes import PURPOSES
from .questions import IDENTIFIER, ChoiceQuestion
from .rules import AtMost, Total
from .structured import Question
from .text import Text

FILTERABLE = {"radios", "checkboxes", "boolean"}
SEARCHABLE = {"text", "textarea", "list", "radios", "checkboxes"}
# The catalogue's query string carries filters as ?<question id>=value beside these.
RESERVED_IDS = {"lot", "q", "page", "project", "format", "csrfmiddlewaretoken"}


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    name: Text(200, required=True)
    description: Text() = ""
    questions: list[Question] = Field(min_length=1)
    totals: list[Total] = Field(default_factory=list, max_length=20)
    at_most: list[AtMost] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _totals_add_its_own_numbers(self):
        mine = {q.id: q for q in self.questions}
        for rule in self.at_most:
            for name in (rule.lower, rule.upper):
                if name not in mine or mine[name].type not in {"number", "money", "date"}:
                    raise ValueError(
                        _(
                            "An order compares number, money or date questions of its section, "
                            "not “%(id)s”"
                        )
                        % {"id": name}
                    )
        for total in self.totals:
            for name in total.questions:
                if name not in mine or mine[name].type not in {"number", "money"}:
                    raise ValueError(
                        _("A total adds up number or money questions of its section, not “%(id)s”")
                        % {"id": name}
                    )
        return self


class QuestionSetDocument(BaseModel):
    """A versioned set of questions, for one purpose: a framework's declaration, a lot's
    services, a requirement, a challenge application…"""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: Text(200, required=True)
    purpose: str = Field(pattern=rf"^({'|'.join(PURPOSES)})$")
    language: str = Field(
        "en",
        pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        description="The language its text is written in (BCP 47, like en or fr-CA)",
    )
    title_question: str | None = Field(None, pattern=IDENTIFIER)
    description_question: str | None = Field(None, pattern=IDENTIFIER)
    sections: list[Section] = Field(min_length=1)
    # The language its texts are shown in, once localised (see `in_language`).
    _shown: str = PrivateAttr("")
    _source: "QuestionSetDocument | None" = PrivateAttr(None)
    _localised: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _older_names(cls, data):
        # Documents written before purposes said "kind" (declaration or service).
        if isinstance(data, dict) and "kind" in data and "purpose" not in data:
            data = {("purpose" if k == "kind" else k): v for k, v in data.items()}
        return data

    @model_validator(mode="after")
    def _consistent(self):
        lacking = text.missing_language(self.model_dump(mode="json"), self.language)
        if lacking:
            raise ValueError(
                _("%(where)s: give the text in the document's language (%(language)s) too")
                % {"where": lacking, "language": self.language}
            )
        seen: dict[str, object] = {}
        slugs = [s.slug for s in self.sections]
        if len(set(slugs)) != len(slugs):
            raise ValueError(_("Section slugs must be unique"))
        for section in self.sections:
            for question in section.questions:
                if question.id in seen:
                    raise ValueError(_("Question id “%(id)s” is used twice") % {"id": question.id})
                if question.id in RESERVED_IDS:
                    raise ValueError(_("Question id “%(id)s” is reserved") % {"id": question.id})
                dependency = question.depends_on
                if dependency:
                    parent = seen.get(dependency.question)
                    if parent is None:
                        raise ValueError(
                            _("“%(id)s” depends on “%(other)s”, which must be an earlier question")
                            % {"id": question.id, "other": dependency.question}
                        )
                    if isinstance(parent, ChoiceQuestion):
                        unknown = set(dependency.values) - set(parent.labels())
                        if unknown:
                            raise ValueError(
                                _("“%(id)s” depends on values it cannot have: %(values)s")
                                % {
                                    "id": question.id,
                                    "values": ", ".join(map(str, sorted(unknown))),
                                }
                            )
                if question.filter and question.type not in FILTERABLE:
                    raise ValueError(
                        _("“%(id)s”: only choices and yes/no can be filters") % {"id": question.id}
                    )
                if question.searchable and question.type not in SEARCHABLE:
                    raise ValueError(
                        _("“%(id)s”: only text, lists and choices are searchable")
                        % {"id": question.id}
                    )
                seen[question.id] = question
        categories = [q for q in seen.values() if getattr(q, "category", False)]
        if len(categories) > 1:
            raise ValueError(_("Only one question can hold the categories"))
        if categories and categories[0].type != "checkboxes":
            raise ValueError(_("The category question must be checkboxes"))
        for name in ("title_question", "description_question"):
            ref = getattr(self, name)
            if ref and (ref not in seen or seen[ref].type not in {"text", "textarea"}):
                raise ValueError(
                    _("%(name)s must name a text question of this set") % {"name": name}
                )
        return self

    def lang(self) -> str:
        """The document's own language when the page is in another one, else "": the
        language of what people wrote in answer to it (see docs/question-sets.md)."""
        page = text.primary(get_language() or "en")
        return "" if text.primary(self.language) == page else self.language

    def text_lang(self) -> str:
        """The language its texts (questions, options…) are shown in, when the page is in
        another one, else "": for a lang attribute on them."""
        shown = self._shown or self.language
        return "" if text.primary(shown) == text.primary(get_language() or "en") else shown

    @cached_property
    def languages(self) -> list[str]:
        """The languages it can be shown in: its own, then those it is fully translated to."""
        source = self._source or self
        return text.complete_languages(source.model_dump(mode="json"), self.language)

    def in_language(self, page: str, *fallback: str) -> "QuestionSetDocument":
        """The document with every text in one language, as pages, forms, messages and
        exports need it: the page's language if it is complete in it, else its own (then
        `fallback`, like the jurisdiction's first language, which only a document not
        complete in its own language would reach: validation rules that out). Kept per
        language."""
        source = self._source or self
        if not source._translated:
            return source
        shown = text.choose(source.languages, page, source.language, *fallback)
        if shown not in source._localised:
            data = text.localise(source.model_dump(mode="json"), shown)
            localised = type(self).model_validate(data)
            localised._shown, localised._source = shown, source
            for question in localised.questions.values():
                question._shown = shown
            source._localised[shown] = localised
        return source._localised[shown]

    @cached_property
    def _translated(self) -> bool:
        return any(isinstance(v, dict) for _w, v in text.texts(self.model_dump(mode="json")))

    # --- lookups ------------------------------------------------------------------------
    @cached_property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for section in self.sections for q in section.questions}

    def section(self, slug: str) -> Section | None:
        return next((s for s in self.sections if s.slug == slug), None)

    @cached_property
    def filters(self) -> list[Question]:
        return [q for q in self.questions.values() if q.filter]

    @cached_property
    def category_question(self) -> ChoiceQuestion | None:
        return next((q for q in self.questions.values() if getattr(q, "category", False)), None)


def shown(document: QuestionSetDocument, section: Section | None = None):
    """The document (and a section of it) in the page's language: functions that show or
    check answers take either a document as written or one already localised."""
    document = document.in_language(get_language() or "")
    return document, (document.section(section.slug) if section else None)


def load_document(data) -> QuestionSetDocument:
    """Check a document (a dict, JSON text or a path); errors become one Invalid. JSON is
    read strictly and checked for what cannot be stored (openbuy.core.inputs)."""
    try:
        if isinstance(data, Path):
            # A byte order mark is stripped, as the upload page's is.
            data = data.read_bytes().removeprefix(codecs.BOM_UTF8)
        if isinstance(data, str | bytes):
            data = load_json(data)
        else:
            check_json(data)
    except Unreadable as error:
        raise Invalid(str(error), field="document") from error
    try:
        return QuestionSetDocument.model_validate(data)
    except ValidationError as error:
        messages = []
        for item in error.errors()[:5]:
            where = ".".join(str(p) for p in item["loc"])
            message = schema_message(item, guide="docs/question-sets.md")
            messages.append(f"{where}: {message}" if where else message)
        raise Invalid("; ".join(messages), field="document") from error
