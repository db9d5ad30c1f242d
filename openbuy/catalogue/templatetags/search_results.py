"""The two repeated parts of the search page, made in Python rather than by template loops:
with 30 results and up to 60 filter options, the loops cost more than the search itself
(each output value goes through the template engine's lookup, escaping and localisation).
The markup is the GOV.UK Frontend markup the rest of the page uses."""

from html import escape

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def result_items(hits) -> SafeString:
    """One list item per result. Titles, descriptions and summaries come escaped, with
    matches marked (browse._hits)."""
    items = []
    for hit in hits:
        # Suppliers' words are in the question set's language (docs/question-sets.md).
        lang = f' lang="{escape(hit.lang)}"' if hit.lang else ""
        items.append(
            '<li class="govuk-!-margin-bottom-6">'
            '<h2 class="govuk-heading-m govuk-!-margin-bottom-1">'
            f'<a class="govuk-link" href="{escape(hit.href)}"{lang}>{hit.title}</a></h2>'
            f'<p class="govuk-body govuk-!-margin-bottom-1">{escape(hit.supplier)}</p>'
            f'<p class="govuk-body-s"{lang}>{hit.description}</p>{hit.summary}</li>\n'
        )
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped here or already was


@register.simple_tag
def filter_options(facet) -> SafeString:
    """The checkboxes of one filter, each with its count."""
    name = escape(facet["name"])
    # A choice's options are the question set's words; yes and no are the page's.
    lang = facet.get("lang") if facet["question"].type != "boolean" else ""
    label_lang = f' lang="{escape(lang)}"' if lang else ""
    items = []
    for option in facet["options"]:
        ident = escape(option["id"])
        checked = " checked" if option["selected"] else ""
        items.append(
            '<div class="govuk-checkboxes__item">'
            f'<input class="govuk-checkboxes__input" id="{ident}" name="{name}" '
            f'type="checkbox" value="{escape(option["value"])}"{checked}>'
            f'<label class="govuk-label govuk-checkboxes__label" for="{ident}"{label_lang}>'
            f"{escape(str(option['label']))} "
            f'<span class="govuk-hint govuk-!-display-inline">({localize(option["count"])})</span>'
            "</label></div>\n"
        )
    return mark_safe("".join(items))  # noqa: S308 - every value is escaped above
