"""Words as the search engines see them: lower case, accents folded, English stems."""

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOP_WORDS = frozenset(
    "a an and are as at be by for from has in is it its of on or s t that the to was were will "
    "with".split()
)
# Filter values are indexed as fv<number>; a typed word never becomes one of those.
RESERVED = re.compile(r"fv[0-9]+")
# PostgreSQL drops words over 2047 characters; no real word is near this.
LONGEST = 100
_stemmer = snowballstemmer.stemmer("english")


def _fold(text: str) -> str:
    """Accents off, then case folded (ß to ss, final ς to σ), as both engines then agree."""
    folded = text.casefold()
    if folded.isascii():  # nothing to take off: most text, ten times faster
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _word(word: str) -> bool:
    return (
        word not in STOP_WORDS
        and len(word) <= LONGEST
        and not (word.startswith("fv") and RESERVED.fullmatch(word))
    )


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def tokens(text: str) -> list[str]:
    """The stems of the words in text, stop words left out."""
    return [s for w in WORD.findall(_fold(text or "")) if _word(w) and _word(s := stem(w))]


def token_text(text: str) -> str:
    return " ".join(tokens(text))


def long_words(text: str) -> list[str]:
    """Words of a query too long to be indexed (they would match nothing, or be dropped)."""
    return [w for w in WORD.findall(text or "") if len(_fold(w)) > LONGEST]


class ParsedQuery(NamedTuple):
    required: list[str]  # stems every result must have
    excluded: list[str]  # stems none may have (words written -like-this)


def parse_query(text: str) -> ParsedQuery:
    """The stems of a query's words, each once, in the order typed."""
    required, excluded = [], []
    for word in re.findall(r"-?[^\W_]+", _fold(text or "")):
        negative = word.startswith("-")
        stems = tokens(word.lstrip("-"))
        (excluded if negative else required).extend(stems)
    return ParsedQuery(list(dict.fromkeys(required)), list(dict.fromkeys(excluded)))


@lru_cache(maxsize=50_000)
def _stem_of(word: str) -> str | None:
    """The stem a word of shown text is searched by, or None for a stop word."""
    folded = _fold(word)
    return None if folded in STOP_WORDS else stem(folded)


def highlight(text: str, stems: list[str]) -> SafeString:
    """Escape text and wrap the words whose stems were searched for in <mark>."""
    return highlight_many([text], stems)[0]


def highlight_many(texts: list[str], stems: list[str]) -> list[SafeString]:
    """highlight() for a page of texts: the words to mark are found once for them all, and
    marked by one regular expression, not a Python call per word."""
    escaped = [escape(t or "") for t in texts]
    wanted = set(stems)
    forms = {w for t in texts for w in set(WORD.findall(t or "")) if _stem_of(w) in wanted}
    if not forms:
        return escaped
    # Escaping leaves words as they were (they hold no markup characters); a word must not
    # touch another letter, nor be the name of an entity that escaping made (&amp;, &#x27;).
    pattern = re.compile(
        r"(?<![^\W_])(?<!&)(?<!&#)(?:"
        + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")(?![^\W_])"
    )
    return [mark_safe(pattern.sub(r"<mark>\g<0></mark>", e)) for e in escaped]  # noqa: S308 - escaped above
