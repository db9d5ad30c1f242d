"""Translatable text in question-set documents.

Every text a document shows people (titles, section names, questions, hints, option labels…)
is either a string, in the document's own language, or a map of language code to text:
{"en": "Service name", "fr": "Nom du service"}. A map must have the document's language, and
only languages openbuy has pages in (or their regional variants, like fr-CA).

A document is shown in one language at a time (see `choose`): the page's language when every
text of the document has it, else the document's own. Mixing languages text by text would
leave a page half translated, with no honest `lang` attribute to put on it.
"""

import re
from collections.abc import Iterator
from typing import Annotated, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pydantic import PlainValidator, WithJsonSchema

# The keys that hold text people read, wherever they are in a document.
TEXT_KEYS = frozenset(
    {
        "title",
        "name",
        "description",
        "label",
        "question",
        "hint",
        "filter_label",
        "required_value_message",
        "order_message",
    }
)


def primary(code: str) -> str:
    """The language of a code without its region: fr for fr-CA."""
    return (code or "").split("-")[0].lower()


def known_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# A language tag as the document's own `language` is written (BCP 47: fr, fr-CA), short.
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")
# More variants of one text than anyone writes: a bound on what a document may carry.
MAX_TRANSLATIONS = 12


def _check_code(code) -> None:
    if not isinstance(code, str) or not LANGUAGE_TAG.match(code):
        raise ValueError(
            _("“%(code)s” is not a language tag like en or fr-CA") % {"code": str(code)[:20]}
        )
    if primary(code) not in known_languages():
        raise ValueError(
            _("“%(code)s” is not a language openbuy shows; use one of %(known)s")
            % {"code": str(code)[:20], "known": ", ".join(known_languages())}
        )


def _validator(max_length: int | None, required: bool):
    def check(value: Any):
        if isinstance(value, dict):
            if not value:
                raise ValueError(_("give the text in at least one language"))
            if len(value) > MAX_TRANSLATIONS:
                raise ValueError(
                    ngettext(
                        "give the text in at most %(n)d language",
                        "give the text in at most %(n)d languages",
                        MAX_TRANSLATIONS,
                    )
                    % {"n": MAX_TRANSLATIONS}
                )
            for code, text in value.items():
                _check_code(code)
                _check_one(text, max_length, required, code)
            return dict(value)
        _check_one(value, max_length, required, "")
        return value

    return check


def _check_one(text, max_length, required, code) -> None:
    where = f"{code}: " if code else ""
    if not isinstance(text, str):
        raise ValueError(
            where + _('must be text, or texts by language like {"en": "…", "fr": "…"}')
        )
    if required and not text.strip():
        raise ValueError(where + _("must not be empty"))
    if max_length is not None and len(text) > max_length:
        raise ValueError(
            where
            + ngettext(
                "must have at most %(n)s character",
                "must have at most %(n)s characters",
                max_length,
            )
            % {"n": max_length}
        )


def Text(  # noqa: N802 (used as a field type: `title: Text(200)`)
    max_length: int | None = None, *, required: bool = False
):
    """A text field of a document: a string, or a map of language code to string."""
    schema = {"type": "string"}
    if max_length:
        schema["maxLength"] = max_length
    return Annotated[
        str | dict[str, str],
        PlainValidator(_validator(max_length, required)),
        WithJsonSchema({"anyOf": [schema, {"type": "object", "additionalProperties": schema}]}),
    ]


def texts(data, where: str = "") -> Iterator[tuple[str, object]]:
    """Every text of a document (as JSON data), with where it is: ("sections.0.name", …)."""
    if isinstance(data, dict):
        for key, value in data.items():
            place = f"{where}.{key}" if where else key
            if key == "depends_on":
                continue  # names a question by its id: not text
            if key in TEXT_KEYS and isinstance(value, str | dict):
                yield place, value
            elif isinstance(value, dict | list):
                yield from texts(value, place)
    elif isinstance(data, list):
        for n, item in enumerate(data):
            yield from texts(item, f"{where}.{n}")


def pick(value, language: str):
    """The text in `language` (a string is in the document's own language)."""
    if isinstance(value, str):
        return value
    if language in value:
        return value[language]
    return next((v for k, v in value.items() if primary(k) == primary(language)), None)


def missing_language(data: dict, language: str) -> str | None:
    """Where a text map lacks the document's own language, if anywhere."""
    for where, value in texts(data):
        if isinstance(value, dict) and pick(value, language) is None:
            return where
    return None


def complete_languages(data: dict, language: str) -> list[str]:
    """The languages every text of the document is in: its own first, then translations."""
    found = [language]
    values = [value for _where, value in texts(data) if value != ""]  # "": no text at all
    for code in known_languages():
        if primary(code) == primary(language):
            continue
        if values and all(isinstance(v, dict) and pick(v, code) is not None for v in values):
            found.append(code)
    return found


def choose(available: list[str], *wanted: str) -> str:
    """The first wanted language the document is complete in: the page's, then the
    document's own, then the jurisdiction's first (`available` comes from
    complete_languages, whose first is the document's own)."""
    for code in wanted:
        for have in available:
            if code and primary(have) == primary(code):
                return have
    return available[0]


def localise(data, language: str):
    """The document's JSON data with each text map replaced by its text in `language`
    (which the document is complete in; the document's own text otherwise)."""
    if isinstance(data, dict):
        shown = {}
        for key, value in data.items():
            if key in TEXT_KEYS and isinstance(value, dict):
                text = pick(value, language)
                shown[key] = text if text is not None else next(iter(value.values()))
            else:
                shown[key] = localise(value, language)
        return shown
    if isinstance(data, list):
        return [localise(item, language) for item in data]
    return data
