"""`openbuy ocds import` on bad input: one line naming the file, where in it (line, or
package and release) and the ocid; nothing of a failed file stays, files before it do."""

import copy
import gzip
import json

import pytest
from django.core.management import CommandError

from openbuy.opendata import importer
from openbuy.opendata.models import ExternalRecord, ExternalRelease

from .import_helpers import (
    compiled,
    example,
    example_releases,
    package,
    run,
    write_json,
    write_lines,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_jobs")]


def _release(number: int, ocid: str = "ocds-abc123-1", **fields) -> dict:
    return {
        "ocid": ocid,
        "id": str(number),
        "date": f"2024-01-{number:02d}T00:00:00Z",
        "tag": ["tender"],
        "tender": {"id": "t", "title": f"Title {number}"},
        **fields,
    }


def test_a_truncated_file(tmp_path):
    text = json.dumps(example("open_multiple_award"), indent=2)
    (tmp_path / "cut.json").write_text(text[: len(text) // 2])
    with pytest.raises(
        CommandError,
        match=r"cut\.json: the JSON ends early, after byte \d+: is the file truncated\?",
    ):
        run(tmp_path / "cut.json")
    lines = "".join(json.dumps(_release(n)) + "\n" for n in (1, 2))
    (tmp_path / "cut.jsonl").write_text(lines[:-20])
    with pytest.raises(CommandError, match=r"cut\.jsonl: line 2: the JSON ends early"):
        run(tmp_path / "cut.jsonl")
    (tmp_path / "cut.json.gz").write_bytes(gzip.compress(text.encode())[:-100])
    with pytest.raises(CommandError, match=r"cut\.json\.gz: the gzip data ends early"):
        run(tmp_path / "cut.json.gz")
    assert not ExternalRelease.objects.exists()


def test_not_json(tmp_path):
    (tmp_path / "notes.txt").write_text("These are not releases.\n")
    with pytest.raises(
        CommandError, match=r"notes\.txt: not JSON, before byte \d+ \(lexical error"
    ):
        run(tmp_path / "notes.txt")
    write_lines(tmp_path / "lines.jsonl", [_release(1)])
    with (tmp_path / "lines.jsonl").open("a") as f:
        f.write("{nonsense}\n")
    with pytest.raises(CommandError, match=r"lines\.jsonl: line 2: not JSON \("):
        run(tmp_path / "lines.jsonl")
    write_json(tmp_path / "array.json", [_release(1)])
    with pytest.raises(CommandError, match=r"array\.json: value 1: not a JSON object but an array"):
        run(tmp_path / "array.json")
    write_json(tmp_path / "other.json", {"name": "not OCDS"})
    with pytest.raises(
        CommandError, match=r"other\.json: value 1: neither a release nor a package"
    ):
        run(tmp_path / "other.json")
    (tmp_path / "empty.json").write_text("\n")
    with pytest.raises(CommandError, match=r"empty\.json: no releases or records in it"):
        run(tmp_path / "empty.json")
    with pytest.raises(CommandError, match=r"missing\.json: no such file or directory"):
        run(tmp_path / "missing.json")


def test_the_wrong_encoding(tmp_path):
    """Latin-1 read as UTF-8 is refused, not guessed at; the error says how to fix it."""
    release = example("open_multiple_first_stage")["releases"][0]
    line = json.dumps(_release(1)) + "\n" + json.dumps(release, ensure_ascii=False) + "\n"
    (tmp_path / "latin1.jsonl").write_bytes(line.encode("latin-1"))
    with pytest.raises(
        CommandError,
        match=r"latin1\.jsonl: line 2: not UTF-8 text \(byte 0x[0-9a-f]{2} at column \d+\); "
        "name its encoding with --encoding",
    ):
        run(tmp_path / "latin1.jsonl")
    write_json(tmp_path / "package.json", package([release]))
    data = (tmp_path / "package.json").read_text(encoding="utf-8").encode("latin-1")
    (tmp_path / "package.json").write_bytes(data)
    with pytest.raises(CommandError, match=r"package\.json: not UTF-8 text, before byte \d+"):
        run(tmp_path / "package.json")
    with pytest.raises(CommandError, match=r"package\.json: not utf-16 text"):
        run(tmp_path / "package.json", "--encoding", "utf-16")
    with pytest.raises(CommandError, match="--encoding klingon: no such encoding"):
        run(tmp_path / "package.json", "--encoding", "klingon")
    assert not ExternalRelease.objects.exists()


def test_a_record_package_where_release_packages_are_expected(tmp_path):
    records = {"version": "1.1", "records": [{"ocid": "ocds-abc123-1", "releases": [_release(1)]}]}
    path = write_json(tmp_path / "records.json", records)
    with pytest.raises(
        CommandError, match=r"records\.json: a record package, not a release package"
    ):
        run(path, "--expect", "releases")
    releases = write_json(tmp_path / "releases.json", package([_release(1)]))
    with pytest.raises(
        CommandError, match=r"releases\.json: a release package, not a record package"
    ):
        run(releases, "--expect", "records")
    bare = write_lines(tmp_path / "bare.jsonl", [_release(1)])
    with pytest.raises(CommandError, match=r"bare\.jsonl: line 1: a release, not a record package"):
        run(bare, "--expect", "records")
    run(path)  # both are accepted unless one is expected
    assert compiled("ocds-abc123-1")["tender"]["title"] == "Title 1"


def test_a_linked_record_without_its_compiled_release(tmp_path):
    record = {
        "ocid": "ocds-abc123-1",
        "releases": [{"url": "https://example.org/1", "date": "2024-01-01T00:00:00Z"}],
    }
    path = write_json(tmp_path / "linked.json", {"version": "1.1", "records": [record]})
    with pytest.raises(
        CommandError,
        match=r"linked\.json: record 1 \(ocid ocds-abc123-1\): its releases are linked, not "
        "embedded, and it has no compiledRelease",
    ):
        run(path)


def test_duplicate_release_ids(tmp_path, capsys):
    """The same release twice is read once; the same id with other content is an error."""
    path = write_lines(tmp_path / "twice.jsonl", [_release(1), _release(2), _release(1)])
    run(path)
    assert "2 new releases, 1 already imported" in capsys.readouterr().out
    changed = _release(2, tender={"id": "t", "title": "Changed"})
    other = write_lines(tmp_path / "other.jsonl", [_release(3), changed])
    with pytest.raises(
        CommandError,
        match=r"other\.jsonl: line 2 \(ocid ocds-abc123-1\): release 2 was imported before, "
        "with other content",
    ):
        run(other)
    within = write_json(tmp_path / "within.json", package([_release(5), _release(5, tag=["x"])]))
    with pytest.raises(
        CommandError, match=r"within\.json: release 2 \(ocid ocds-abc123-1\): release 5 was"
    ):
        run(within)
    assert sorted(ExternalRelease.objects.values_list("release_id", flat=True)) == ["1", "2"]


def test_an_ocid_without_a_registered_prefix(tmp_path):
    path = write_lines(tmp_path / "ocids.jsonl", [_release(1), _release(2, ocid="abc-1")])
    with pytest.raises(
        CommandError,
        match=r"ocids\.jsonl: line 2 \(ocid abc-1\): the ocid does not start with a registered "
        "prefix",
    ):
        run(path)
    second = package([_release(1), _release(2, ocid="OCDS-ABC123-2")])
    text = json.dumps(package([_release(3)])) + json.dumps(second)
    (tmp_path / "two.json").write_text(text)
    with pytest.raises(
        CommandError, match=r"two\.json: package 2, release 2 \(ocid OCDS-ABC123-2\)"
    ):
        run(tmp_path / "two.json")
    missing = _release(1)
    del missing["ocid"]
    with pytest.raises(CommandError, match=r"none\.json: release 1: no ocid"):
        run(write_json(tmp_path / "none.json", package([missing])))


def test_releases_without_an_id_or_a_date(tmp_path):
    with pytest.raises(
        CommandError, match=r"id\.jsonl: line 1 \(ocid ocds-abc123-1\): a release without an id"
    ):
        run(write_lines(tmp_path / "id.jsonl", [_release(1, id=None)]))
    with pytest.raises(
        CommandError,
        match=r"date\.jsonl: line 1 \(ocid ocds-abc123-1\): date 'soon' is not a date and time",
    ):
        run(write_lines(tmp_path / "date.jsonl", [_release(1, date="soon")]))
    with pytest.raises(
        CommandError, match=r"none\.jsonl: line 1 \(ocid ocds-abc123-1\): a release without a date$"
    ):
        run(write_lines(tmp_path / "none.jsonl", [_release(1, date=None)]))


def test_messages_say_where_in_the_line_and_file_without_the_parsers_own_words(tmp_path):
    """A line's column, not the parser's "line 1"; a file of one line in another encoding
    is read as a line, so the wrong byte's column is said; one beginning with a UTF-16
    byte order mark is named as such; the stream parser's message is one line."""
    write_lines(tmp_path / "lines.jsonl", [_release(1)])
    with (tmp_path / "lines.jsonl").open("a") as f:
        f.write('{"ocid": "ocds-abc123-2", "id": "2",, "x": 1}\n')
    with pytest.raises(CommandError, match=r"lines\.jsonl: line 2: not JSON \(.* at column 37\)$"):
        run(tmp_path / "lines.jsonl")
    text = json.dumps(
        package([_release(1, tender={"id": "t", "title": "Papelería"})]), ensure_ascii=False
    )
    (tmp_path / "one.json").write_bytes(text.encode("latin-1"))
    column = text.index("í") + 1
    with pytest.raises(
        CommandError,
        match=rf"one\.json: line 1: not UTF-8 text \(byte 0xed at column {column}\); name its",
    ):
        run(tmp_path / "one.json")
    (tmp_path / "wide.json").write_bytes(text.encode("utf-16"))
    with pytest.raises(
        CommandError,
        match=r"wide\.json: it begins with a UTF-16 byte order mark: name its encoding with "
        r"--encoding utf-16",
    ):
        run(tmp_path / "wide.json")
    run(tmp_path / "wide.json", "--encoding", "utf-16")
    (tmp_path / "notes.txt").write_text("These are not releases.\n")
    with pytest.raises(CommandError) as raised:
        run(tmp_path / "notes.txt")
    assert "\\n" not in str(raised.value)
    assert "\n" not in str(raised.value)
    assert ExternalRelease.objects.count() == 1


def test_the_files_after_a_failed_one_are_named_as_not_read(tmp_path):
    good = write_lines(tmp_path / "good.jsonl", [_release(1)])
    bad = write_lines(tmp_path / "bad.jsonl", [_release(2, ocid="nope")])
    later = write_lines(tmp_path / "later.jsonl", [_release(3, ocid="ocds-abc123-3")])
    last = write_lines(tmp_path / "last.jsonl", [_release(4, ocid="ocds-abc123-4")])
    with pytest.raises(
        CommandError,
        match=rf"bad\.jsonl: line 1 \(ocid nope\): .* \({later}, {last}, after it, were not "
        r"read\)$",
    ):
        run(good, bad, later, last)
    with pytest.raises(CommandError, match=r"bad\.jsonl: line 1 \(ocid nope\)") as alone:
        run(bad)
    assert "after it" not in str(alone.value)
    assert list(ExternalRelease.objects.values_list("release_id", flat=True)) == ["1"]


def test_a_failed_file_leaves_nothing_and_the_files_before_it_stay(tmp_path, monkeypatch):
    """Batches of two, so the failed file had written releases and records before failing."""
    monkeypatch.setattr(importer, "BATCH", 2)
    monkeypatch.setattr(importer, "STATES", 1)
    good = write_lines(tmp_path / "good.jsonl", example_releases())
    bad = [_release(n, ocid=f"ocds-abc123-{n}") for n in range(1, 8)]
    bad[5]["ocid"] = "nope"
    failing = write_lines(tmp_path / "bad.jsonl", bad)
    after = write_lines(tmp_path / "after.jsonl", [_release(1, ocid="ocds-abc123-99")])
    with pytest.raises(CommandError, match=r"bad\.jsonl: line 6 \(ocid nope\)"):
        run(good, failing, after)
    assert ExternalRelease.objects.count() == 7
    assert sorted(ExternalRecord.objects.values_list("ocid", flat=True)) == sorted(
        {r["ocid"] for r in example_releases()}
    )


def test_releases_of_one_process_whose_objects_disagree(tmp_path):
    first = _release(1, tender="a text where later releases have an object")
    second = copy.deepcopy(_release(2))
    with pytest.raises(
        CommandError, match=r"types\.jsonl: line 2 \(ocid ocds-abc123-1\): An earlier release had"
    ):
        run(write_lines(tmp_path / "types.jsonl", [first, second]))
