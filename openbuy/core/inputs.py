"""What arrives from outside, checked once at the edge: text that can be stored and shown,
and JSON within bounds.

PostgreSQL refuses NUL in text and JSON. A lone surrogate (\\ud800–\\udfff) is not valid
Unicode: SQLite stores it, and then every page or API answer that shows it fails, because
it cannot be encoded as UTF-8. Deeply nested JSON exhausts recursion in whatever walks it,
and a huge integer overflows the database. So all of these are refused before anything
reads them: by the middleware (addresses, query strings, forms), the API's parser (JSON
bodies) and the question-set loader (uploads, pasted documents, the CLI).
"""

from urllib.parse import parse_qsl

import orjson
from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# A question-set document nests about 8 levels; answers fewer. Far deeper is an attack.
MAX_JSON_DEPTH = 32
# Anything larger cannot be stored in a 64-bit database integer.
MAX_JSON_NUMBER = 2**63 - 1


class Unreadable(ValueError):
    """Input that is refused whole, with a message fit to show to the person who sent it;
    `where` names the field it is about (a dotted path, as the API's field errors do) when
    that is known."""

    status = 400

    def __init__(self, message, *, where: str | None = None):
        super().__init__(message)
        self.where = where


# What Django raises while reading a request body it cannot or will not read.
READING_ERRORS = (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    MultiPartParserError,
    BadRequest,
)


def reading_refusal(error: Exception) -> Unreadable:
    """The refusal to give for one of READING_ERRORS."""
    if isinstance(error, RequestDataTooBig):
        refusal = Unreadable(
            _("What you sent is larger than %(limit)s")
            % {"limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
        )
        refusal.status = 413
        return refusal
    if isinstance(error, TooManyFieldsSent | TooManyFilesSent):
        return Unreadable(_("What you sent has too many fields or files"))
    return Unreadable(
        _("What you sent could not be read: it arrived incomplete or in an unknown format")
    )


def text_problem(value: str) -> str | None:
    """Why this text cannot be stored, or None when it can."""
    if "\x00" in value:
        return _("Remove the NUL character (\\0) from what you sent")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _(
                "What you sent is not valid Unicode text: remove the lone surrogate "
                "(\\ud800 to \\udfff)"
            )
    return None


def form_encoding_is_utf8(raw: bytes) -> bool:
    """Whether a query string or form body (percent-encoded) is UTF-8 throughout."""
    try:
        parse_qsl(raw.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def check_json(value) -> None:
    """Raise Unreadable when decoded JSON holds text that cannot be stored, nests deeper
    than MAX_JSON_DEPTH, or has a number beyond MAX_JSON_NUMBER, naming where (a dotted
    path; a bad key is named by the object that holds it). Walks without recursion."""
    pending = [(value, ())]
    while pending:
        item, path = pending.pop()
        where = ".".join(map(str, path))
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                raise Unreadable(problem, where=where)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int | float):
            if abs(item) > MAX_JSON_NUMBER:
                raise Unreadable(
                    _("Numbers must be between -%(max)d and %(max)d") % {"max": MAX_JSON_NUMBER},
                    where=where,
                )
        elif isinstance(item, dict | list):
            if len(path) >= MAX_JSON_DEPTH:
                raise too_deep(where=where)
            if isinstance(item, dict):
                for key in item:
                    problem = text_problem(key)
                    if problem:
                        raise Unreadable(problem, where=where)
                pending.extend((child, (*path, key)) for key, child in item.items())
            else:
                pending.extend((child, (*path, n)) for n, child in enumerate(item))


def too_deep(*, where: str | None = None) -> Unreadable:
    return Unreadable(
        _("The JSON is nested too deeply (more than %(max)d levels)") % {"max": MAX_JSON_DEPTH},
        where=where,
    )


# What the JSON parser (orjson) says, by the start of its message, in words for people:
# each finishes "The text is not valid JSON: line 3, column 7 …".
_JSON_PROBLEMS = (
    ("no low surrogate", gettext_lazy("has a lone surrogate (an unpaired \\ud800 escape)")),
    ("invalid high surrogate", gettext_lazy("has a lone surrogate (an unpaired \\udc00 escape)")),
    ("unexpected end of data", gettext_lazy("is where the text ends, before the JSON does")),
    ("trailing comma", gettext_lazy("has a comma with nothing after it")),
    ("unexpected content after", gettext_lazy("has more text after the end of the JSON")),
    ("unexpected character, expected ':'", gettext_lazy("needs a colon (:) after the name")),
    ("unexpected character, expected a string key", gettext_lazy("needs a name in double quotes")),
    ("unexpected character, expected ','", gettext_lazy("needs a comma or a closing bracket")),
    ("unexpected character", gettext_lazy("has something that is not a JSON value")),
    (
        "invalid escaped sequence",
        gettext_lazy("has a backslash (\\) escape that JSON does not allow"),
    ),
    (
        "unexpected control character",
        gettext_lazy("has a tab or line break inside quotes: write it as \\t or \\n"),
    ),
    ("number with leading zero", gettext_lazy("has a number that starts with 0")),
    ("number is infinity", gettext_lazy("has a number too large to read")),
    ("invalid literal", gettext_lazy("has a word that is not true, false or null")),
    ("depth limit", gettext_lazy("is nested too deeply")),
)


def json_problem(error: orjson.JSONDecodeError) -> str:
    """Why the text is not JSON, with where (line and column) when that helps."""
    if error.msg.startswith("Input is a zero-length"):
        return _("The text is empty: it must be a JSON document")
    if "not valid UTF-8" in error.msg:
        return _("The text is not valid JSON: it must be UTF-8 text, with no lone surrogates")
    problem = next(
        (words for start, words in _JSON_PROBLEMS if error.msg.startswith(start)),
        gettext_lazy("has something JSON does not allow"),
    )
    return _("The text is not valid JSON: line %(line)s, column %(column)s %(problem)s") % {
        "line": error.lineno,
        "column": error.colno,
        "problem": problem,
    }


def load_json(data: bytes | str):
    """Parse JSON strictly (UTF-8, no lone surrogates, no NaN) and check it as check_json
    does. Raises Unreadable with a message naming what is wrong and where."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        if error.msg.startswith("depth limit"):  # orjson's own limit, far above ours
            raise too_deep() from error
        raise Unreadable(json_problem(error)) from error
    check_json(value)
    return value
