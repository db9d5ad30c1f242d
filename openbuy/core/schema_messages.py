"""Messages for what a schema check (pydantic) found wrong, written for people: the API's
field errors and question-set documents' errors both use them."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy


def schema_message(item: dict, *, guide: str = "") -> str:
    """What pydantic found wrong at one place (an error of `ValidationError.errors()`), in
    words for a person and in their language: pydantic says it in English only, for
    programmers. `guide` names the page that says what a value may look like."""
    kind, ctx = item["type"], item.get("ctx", {})
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    counts = {
        "string_too_short": ngettext_lazy(
            "must have at least %(n)s character", "must have at least %(n)s characters", "n"
        ),
        "string_too_long": ngettext_lazy(
            "must have at most %(n)s character", "must have at most %(n)s characters", "n"
        ),
        "too_short": ngettext_lazy("needs at least %(n)s item", "needs at least %(n)s items", "n"),
        "too_long": ngettext_lazy(
            "can have at most %(n)s item", "can have at most %(n)s items", "n"
        ),
    }
    if kind in counts:
        return counts[kind] % {"n": ctx.get("min_length", ctx.get("max_length", 0))}
    if kind == "string_pattern_mismatch":
        value = str(item.get("input"))[:80]
        if guide:
            return _("“%(value)s” is not allowed here (see %(guide)s)") % {
                "value": value,
                "guide": guide,
            }
        return _("“%(value)s” is not allowed here") % {"value": value}
    if kind in {"greater_than_equal", "less_than_equal"}:
        bound = ctx.get("ge", ctx.get("le"))
        return (
            _("must be %(n)s or more")
            if kind == "greater_than_equal"
            else _("must be %(n)s or less")
        ) % {"n": bound}
    if kind == "union_tag_invalid":
        return _("“%(tag)s” is not a question type; use one of %(types)s") % {
            "tag": ctx.get("tag"),
            "types": ctx.get("expected_tags"),
        }
    if kind == "literal_error":
        return _("must be one of %(values)s") % {"values": ctx.get("expected")}
    words = {
        "missing": _("this is needed"),
        "extra_forbidden": _("this is not a name this takes"),
        "union_tag_not_found": _("give the question a type"),
        "string_type": _("must be text"),
        "int_type": _("must be a whole number"),
        "int_parsing": _("must be a whole number"),
        "bool_type": _("must be true or false"),
        "bool_parsing": _("must be true or false"),
        "decimal_parsing": _("must be a number"),
        "decimal_type": _("must be a number"),
        "date_parsing": _("must be a date like 2027-03-31"),
        "date_from_datetime_parsing": _("must be a date like 2027-03-31"),
        "list_type": _("must be a list [ … ]"),
        "dict_type": _("must be an object { … }"),
        "model_type": _("must be an object { … }"),
        "model_attributes_type": _("must be an object { … }"),
    }
    return str(words.get(kind, item["msg"]))
