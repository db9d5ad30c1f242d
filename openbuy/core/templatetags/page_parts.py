"""Parts of the page shell (core/templates/base.html)."""

from django import template
from django.utils.html import format_html

from ..pagination import page_numbers, page_url

register = template.Library()


@register.inclusion_tag("core/includes/pagination.html")
def pagination(number: int, pages: int, query: str = ""):
    """GOV.UK pagination with numbers for page `number` of `pages`, keeping `query`."""
    return {
        "pages": pages,
        "items": [
            {"number": n, "url": page_url(query, n), "current": n == number} if n else None
            for n in page_numbers(number, pages)
        ],
        "previous": page_url(query, number - 1) if number > 1 else "",
        "next": page_url(query, number + 1) if number < pages else "",
    }


@register.tag
def navigation_if_any(parser, token):
    """`{% navigation_if_any label %}…{% endnavigation_if_any %}`: what is inside, in a
    `<nav>` landmark named `label`; nothing at all when what is inside is blank, so a page
    without a back link has no empty landmark."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("navigation_if_any takes one argument: the label")
    nodelist = parser.parse(("endnavigation_if_any",))
    parser.delete_first_token()
    return NavigationNode(parser.compile_filter(bits[1]), nodelist)


class NavigationNode(template.Node):
    def __init__(self, label, nodelist):
        self.label = label
        self.nodelist = nodelist

    def render(self, context):
        inside = self.nodelist.render(context)
        if not inside.strip():
            return ""
        return format_html(
            '<nav class="app-back-link-navigation" aria-label="{}">{}</nav>',
            self.label.resolve(context),
            inside,
        )
