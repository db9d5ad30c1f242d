"""core.search.text: what a search page marks as matched."""

from openbuy.core.search import text


def test_highlighting_never_marks_inside_what_escaping_made():
    stems = text.parse_query("amp quot x27 lt").required
    html = text.highlight('R&D\'s "amp" <lt> ampere', stems)
    assert html == "R&amp;D&#x27;s &quot;<mark>amp</mark>&quot; &lt;<mark>lt</mark>&gt; ampere"


def test_highlighting_a_page_marks_each_text_by_its_own_words():
    stems = text.parse_query("hosting").required
    assert text.highlight_many(["Hosted here", "no match", "", "HOSTS"], stems) == [
        "<mark>Hosted</mark> here",
        "no match",
        "",
        "<mark>HOSTS</mark>",
    ]


def test_highlighting_marks_searched_words_and_escapes_the_rest():
    stems = text.parse_query("host data").required
    html = text.highlight("Hosting <b>secure</b> & hosted data", stems)
    assert html == (
        "<mark>Hosting</mark> &lt;b&gt;secure&lt;/b&gt; &amp; <mark>hosted</mark> <mark>data</mark>"
    )
