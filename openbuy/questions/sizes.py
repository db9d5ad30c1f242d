"""How much an answer may hold: counting its words, the errors past a question's limits
and the sentences that say those limits in its hint before anyone types."""

import re

from django.utils.formats import number_format
from django.utils.translation import ngettext_lazy

WORD = re.compile(r"\S+")


def count_words(text: str) -> int:
    return len(WORD.findall(text))


def counted(message, n: int) -> str:
    """A message about a number of things, in the plural form the language needs."""
    return message % {"count": n, "n": number_format(n, force_grouping=True)}


# Errors
ANSWER_CHARACTERS = ngettext_lazy(
    "Answer in %(n)s character or fewer", "Answer in %(n)s characters or fewer", "count"
)
ANSWER_WORDS = ngettext_lazy(
    "Answer in %(n)s word or fewer", "Answer in %(n)s words or fewer", "count"
)
AT_LEAST_OPTIONS = ngettext_lazy(
    "Select at least %(n)s option", "Select at least %(n)s options", "count"
)
AT_MOST_OPTIONS = ngettext_lazy(
    "Select at most %(n)s option", "Select at most %(n)s options", "count"
)
ITEMS = ngettext_lazy("Enter %(n)s item or fewer", "Enter %(n)s items or fewer", "count")
ITEM_CHARACTERS = ngettext_lazy(
    "Each item must be %(n)s character or fewer",
    "Each item must be %(n)s characters or fewer",
    "count",
)
ITEM_WORDS = ngettext_lazy(
    "Each item must be %(n)s word or fewer", "Each item must be %(n)s words or fewer", "count"
)

# What a question holds, said in its hint before anyone types (size_limits).
UP_TO_WORDS = ngettext_lazy(
    "You can enter up to %(n)s word.", "You can enter up to %(n)s words.", "count"
)
UP_TO_CHARACTERS = ngettext_lazy(
    "You can enter up to %(n)s character.", "You can enter up to %(n)s characters.", "count"
)
UP_TO_ITEMS = ngettext_lazy(
    "You can enter up to %(n)s item.", "You can enter up to %(n)s items.", "count"
)
ITEM_UP_TO_WORDS = ngettext_lazy(
    "Each can have up to %(n)s word.", "Each can have up to %(n)s words.", "count"
)
ITEM_UP_TO_CHARACTERS = ngettext_lazy(
    "Each can have up to %(n)s character.", "Each can have up to %(n)s characters.", "count"
)
UP_TO_OPTIONS = ngettext_lazy(
    "You can select up to %(n)s option.", "You can select up to %(n)s options.", "count"
)
