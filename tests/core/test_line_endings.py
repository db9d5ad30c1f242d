"""Browsers send the line breaks of a textarea as CR LF; every form reads them as LF, so
text shown from the database and sent back unchanged is unchanged."""

from django import forms
from django.http import QueryDict

from openbuy.core.forms import Form


class Notes(Form):
    notes = forms.CharField(widget=forms.Textarea, strip=False)
    tags = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)


def test_every_line_break_is_read_as_lf_and_text_sent_back_as_it_was_has_not_changed():
    posted = QueryDict(mutable=True)
    posted.setlist("notes", ["First paragraph.\r\n\r\nSecond,\rthird.\n"])
    posted.setlist("tags", ["a", "b"])
    form = Notes(
        posted, initial={"notes": "First paragraph.\n\nSecond,\nthird.\n", "tags": ["a", "b"]}
    )
    assert form.is_valid()
    assert form.cleaned_data["notes"] == "First paragraph.\n\nSecond,\nthird.\n"
    assert form.cleaned_data["tags"] == ["a", "b"]
    assert not form.has_changed()
    assert posted["notes"] == "First paragraph.\r\n\r\nSecond,\rthird.\n"  # left as sent


def test_a_plain_dict_is_read_the_same_way():
    form = Notes({"notes": "a\r\nb", "tags": ["a"]})
    assert form.is_valid()
    assert form.cleaned_data == {"notes": "a\nb", "tags": ["a"]}
    assert not Notes().is_bound
