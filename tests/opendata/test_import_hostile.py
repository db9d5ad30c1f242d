"""`openbuy ocds import` on files made to hurt it: each is refused in one line, in constant
memory, and leaves nothing behind."""

import gzip
import json
from pathlib import Path

import pytest
from django.core.management import CommandError

from openbuy.opendata import import_reading
from openbuy.opendata.models import ExternalRelease

from .import_helpers import package, run, write_json, write_lines

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_jobs")]


def _release(ocid: str = "ocds-abc123-1", **fields) -> dict:
    return {"ocid": ocid, "id": "1", "date": "2024-01-01T00:00:00Z", **fields}


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_nesting_deeper_than_64_levels(tmp_path):
    head = '{"version": "1.1", "releases": [{"ocid": "ocds-abc123-1", "id": "1", "x": '
    # 100,000 levels in a few hundred bytes: read whole, it would take gigabytes.
    deep = (head + _nested(100_000) + "}]}").encode()
    (tmp_path / "deep.json.gz").write_bytes(gzip.compress(deep))
    with pytest.raises(CommandError, match=r"deep\.json\.gz: before byte \d+: nested deeper"):
        run(tmp_path / "deep.json.gz")
    # Over 255 levels, orjson could not write the release back.
    (tmp_path / "300.json").write_text(head.replace("{", "{\n", 1) + _nested(300) + "}]}")
    with pytest.raises(CommandError, match=r"300\.json: before byte \d+: nested deeper than 64"):
        run(tmp_path / "300.json")
    lines = json.dumps(_release()) + "\n" + json.dumps(_release(x="[")).replace('"["', _nested(65))
    (tmp_path / "deep.jsonl").write_text(lines + "\n")
    with pytest.raises(CommandError, match=r"deep\.jsonl: line 2: nested deeper than 64"):
        run(tmp_path / "deep.jsonl")
    assert not ExternalRelease.objects.exists()


def test_nesting_of_64_levels_and_brackets_in_strings_are_taken(tmp_path):
    deep = json.dumps(_release(x="[")).replace('"["', _nested(63))  # the release is a level
    brackets = json.dumps(_release(ocid="ocds-abc123-2", x="[[[{{" * 40 + '"\\'))
    write_lines(tmp_path / "ok.jsonl", [json.loads(deep), json.loads(brackets)])
    run(tmp_path / "ok.jsonl")
    assert ExternalRelease.objects.count() == 2


def test_numbers_of_more_than_100_digits(tmp_path):
    # ijson's C backend crashed the process on a number of thousands of digits.
    text = json.dumps(package([_release(value={"amount": 7})]))
    (tmp_path / "big.json").write_text(text.replace("7", "7" * 5000))
    with pytest.raises(CommandError, match=r"big\.json: a number of more than 100 digits"):
        run(tmp_path / "big.json")
    (tmp_path / "big.jsonl").write_text(json.dumps(_release(id=7)).replace("7", "7" * 101))
    with pytest.raises(CommandError, match=r"big\.jsonl: a number of more than 100 digits"):
        run(tmp_path / "big.jsonl")
    # Digits in a string are text.
    write_json(tmp_path / "text.json", package([_release(note="ref " + "9" * 500)]))
    run(tmp_path / "text.json")
    assert ExternalRelease.objects.count() == 1


@pytest.mark.parametrize("suffix", ["json", "jsonl"])
def test_lone_surrogate_escapes(tmp_path, suffix):
    # ijson read both as "?": two processes would have been stored as one.
    one, two = _release("ocds-abc123-\\ud800"), _release("ocds-abc123-\\ud801")
    text = (
        json.dumps(package([one, two]))
        if suffix == "json"
        else json.dumps(one) + "\n" + json.dumps(two) + "\n"
    )
    (tmp_path / f"lone.{suffix}").write_text(text.replace("\\\\", "\\"))
    with pytest.raises(
        CommandError, match=rf"lone\.{suffix}: a lone UTF-16 surrogate escape \(\\ud800\)"
    ):
        run(tmp_path / f"lone.{suffix}")
    low = json.dumps(package([_release(note="\\udc00")])).replace("\\\\", "\\")
    (tmp_path / "low.json").write_text(low)
    with pytest.raises(CommandError, match=r"low\.json: a lone UTF-16 surrogate escape"):
        run(tmp_path / "low.json")
    assert not ExternalRelease.objects.exists()


def test_surrogate_pairs_and_escaped_backslashes_are_text(tmp_path):
    pair = _release(note="\U0001f600", path="C:\\udc00")  # "\\udc00": a backslash, then text
    (tmp_path / "ok.json").write_text(json.dumps(package([pair])))
    run(tmp_path / "ok.json")
    assert ExternalRelease.objects.count() == 1


def test_encoded_surrogates(tmp_path):
    # CESU-8: a surrogate written as UTF-8 bytes, which UTF-8 forbids.
    data = json.dumps(package([_release(note="x")])).encode().replace(b'"x"', b'"\xed\xa0\x80"')
    (tmp_path / "cesu.json").write_bytes(data)
    with pytest.raises(CommandError, match=r"cesu\.json: line 1: not UTF-8 text \(byte 0xed at"):
        run(tmp_path / "cesu.json")
    assert not ExternalRelease.objects.exists()


def test_escapes_and_numbers_cut_at_a_buffers_edge_are_screened_whole(tmp_path, monkeypatch):
    """Read eight bytes at a time: a run of backslashes or digits is counted whole across
    the edges, so an escape after an even run is text and after an odd one an escape."""
    monkeypatch.setattr(import_reading, "HEAD", 8)
    monkeypatch.setattr(import_reading, "BUFFER", 8)

    def file(name: str, note: str) -> Path:
        text = json.dumps(package([_release(note="NOTE")]), indent=1).replace('"NOTE"', note)
        (tmp_path / name).write_text(text)
        return tmp_path / name

    run(file("even.json", '"' + "\\" * 20 + 'ud800"'))
    with pytest.raises(CommandError, match=r"odd\.json: a lone UTF-16 surrogate escape"):
        run(file("odd.json", '"' + "\\" * 21 + 'ud800"'))
    with pytest.raises(CommandError, match=r"long\.json: a number of more than 100 digits"):
        run(file("long.json", "1" * 150))
    assert ExternalRelease.objects.count() == 1


def test_digits_in_a_string_of_json_lines_are_text(tmp_path):
    write_lines(tmp_path / "text.jsonl", [_release(description="Ref: " + "7" * 150)])
    run(tmp_path / "text.jsonl")
    assert ExternalRelease.objects.count() == 1
