"""`openbuy ocds import`: other publishers' packages, records and JSON Lines, compiled per
process as ocdsmerge compiles them, kept apart from openbuy's own records, searchable."""

import copy
import gzip
import json

import pytest

from openbuy.core import search
from openbuy.core.models import AuditEvent
from openbuy.opendata import external_index, importer
from openbuy.opendata.merge import RULES_1_0
from openbuy.opendata.models import ExternalRecord, ExternalRelease, Record

from .import_helpers import (
    PACKAGES,
    compiled,
    example,
    example_releases,
    ocdsmerge_compiled,
    package,
    run,
    same_form,
    write_json,
    write_lines,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_jobs")]

CHILE, SCOTLAND = "ocds-70d2nz-54705", "ocds-r6ebe6-9af22e2f-5307-4e98-bff6-1ebffbff343d"


def _by_ocid(releases):
    found = {}
    for release in releases:
        found.setdefault(release["ocid"], []).append(release)
    return found


def _assert_compiled_as_ocdsmerge(releases, rules=None):
    for ocid, of_process in _by_ocid(releases).items():
        expected = ocdsmerge_compiled(of_process, *([rules] if rules else []))
        assert same_form(compiled(ocid)) == expected, ocid


def test_release_packages_compile_as_ocdsmerge_compiles_them(tmp_path, capsys):
    """Each worked example is a package of its own; a process's releases come in several
    files, the later stage first for the Chilean one: each is compiled in date order."""
    paths = [write_json(tmp_path / f"{name}.json", example(name)) for name in PACKAGES]
    run(*paths)
    out = capsys.readouterr().out
    assert "closed_single_first_stage.json: 1 new release; 1 process updated." in out
    releases = example_releases()
    _assert_compiled_as_ocdsmerge(releases)
    assert ExternalRelease.objects.count() == len(releases) == 7
    assert ExternalRecord.objects.count() == 4
    record = ExternalRecord.objects.get(ocid=CHILE)
    assert (record.releases, record.as_published) == (2, False)
    assert record.title == "Artículos de Escritorio y Papelería"
    assert record.publisher == "Dirección de Compras y Contratación Pública"
    # Imported processes never become openbuy's own.
    assert not Record.objects.exists()


def test_json_lines_gzipped_give_the_same_processes(tmp_path, capsys):
    """JSON Lines, one release a line, gzipped: the magic bytes tell, not the name."""
    releases = example_releases()
    path = write_lines(tmp_path / "releases.data", reversed(releases), compress=True)
    run(path)
    out = capsys.readouterr().out
    assert "7 new releases; 4 processes updated." in out
    _assert_compiled_as_ocdsmerge(releases)


def test_packages_written_one_after_another_in_one_file(tmp_path):
    """Several packages concatenated (as OCDS Kit writes them), each with its publisher."""
    first = package(example("open_multiple_second_stage")["releases"])
    second = package(example("open_multiple_award")["releases"], publisher={"name": "Other"})
    path = tmp_path / "both.json"
    path.write_text(json.dumps(first, indent=2) + "\n" + json.dumps(second, indent=2))
    run(path)
    _assert_compiled_as_ocdsmerge(first["releases"] + second["releases"])
    publishers = dict(ExternalRelease.objects.values_list("release_id", "publisher"))
    assert sorted(publishers.values()) == ["Other", "Tester"]
    assert ExternalRecord.objects.get(ocid=CHILE).publisher == "Other"


def test_json_lines_of_packages_and_a_publisher_named(tmp_path):
    lines = [package(example(name)["releases"]) for name in PACKAGES]
    run(write_lines(tmp_path / "packages.jsonl", lines), "--publisher", "Mercado Público")
    _assert_compiled_as_ocdsmerge(example_releases())
    assert set(ExternalRelease.objects.values_list("publisher", flat=True)) == {"Mercado Público"}


def test_record_packages_embedded_releases_are_compiled_linked_ones_taken_as_published(
    tmp_path,
):
    releases = example_releases()
    chile = [r for r in releases if r["ocid"] == CHILE]
    scotland = [r for r in releases if r["ocid"] == SCOTLAND]
    published = ocdsmerge_compiled(scotland)
    published["tender"]["title"] = "As the publisher compiled it"
    records = {
        "version": "1.1",
        "publisher": {"name": "Records"},
        "records": [
            {"ocid": CHILE, "releases": chile},
            {
                "ocid": SCOTLAND,
                "releases": [
                    {"url": "https://example.org/1.json", "date": r["date"], "tag": r["tag"]}
                    for r in scotland
                ],
                "compiledRelease": published,
            },
        ],
    }
    run(write_json(tmp_path / "records.json", records))
    assert same_form(compiled(CHILE)) == ocdsmerge_compiled(chile)
    assert compiled(SCOTLAND) == published
    record = ExternalRecord.objects.get(ocid=SCOTLAND)
    assert (record.as_published, record.releases, record.linked_releases) == (True, 0, 2)
    assert record.title == "As the publisher compiled it"


def test_a_version_1_0_package_is_compiled_by_its_rules(tmp_path):
    """1.0's organisations have no id: a later list of tenderers replaces the earlier one,
    as ocdsmerge does with the 1.0 schema."""
    ocid = "ocds-abcdef-1"
    first = {
        "ocid": ocid,
        "id": "1",
        "date": "2015-01-01T00:00:00Z",
        "tag": ["tender"],
        "buyer": {"name": "A council", "identifier": {"scheme": "GB-COH", "id": "1"}},
        "tender": {"id": "t", "title": "Road repairs", "tenderers": [{"name": "Alpha"}]},
    }
    second = {
        "ocid": ocid,
        "id": "2",
        "date": "2015-02-01T00:00:00Z",
        "tag": ["tenderUpdate"],
        "tender": {"id": "t", "tenderers": [{"name": "Alpha"}, {"name": "Beta"}]},
    }
    old = {"uri": "https://example.org", "publisher": {"name": "Old"}, "releases": [first, second]}
    run(write_json(tmp_path / "old.json", old))
    assert compiled(ocid)["tender"]["tenderers"] == [{"name": "Alpha"}, {"name": "Beta"}]
    _assert_compiled_as_ocdsmerge([first, second], RULES_1_0)
    assert ExternalRecord.objects.get(ocid=ocid).buyer == "A council"


def test_importing_a_file_again_changes_nothing(tmp_path, capsys):
    path = write_lines(tmp_path / "releases.jsonl", example_releases())
    run(path)
    capsys.readouterr()
    before = list(ExternalRecord.objects.order_by("ocid").values())
    events = AuditEvent.objects.filter(verb="ocds.imported").count()
    run(path)
    out = capsys.readouterr().out
    assert out.strip() == f"{path}: 0 new releases, 7 already imported: nothing changed."
    assert list(ExternalRecord.objects.order_by("ocid").values()) == before
    assert ExternalRelease.objects.count() == 7
    assert AuditEvent.objects.filter(verb="ocds.imported").count() == events == 1
    # The same releases, written otherwise (a package, pretty-printed), are the same.
    run(write_json(tmp_path / "again.json", package(example_releases())))
    out = capsys.readouterr().out
    assert "0 new releases, 7 already imported: nothing changed." in out


def test_releases_out_of_date_order_are_compiled_in_date_order_with_a_warning(tmp_path, capsys):
    releases = example_releases()
    ordered = sorted(releases, key=lambda r: r["date"])
    path = write_lines(tmp_path / "backwards.jsonl", reversed(ordered))
    run(path)
    err = capsys.readouterr().err
    assert "backwards.jsonl: 3 processes had releases out of date order (the first at line" in err
    _assert_compiled_as_ocdsmerge(releases)
    # A release arriving later, in a file of its own, dated before the others.
    early = copy.deepcopy(ordered[-1])
    early.update(id="early", date="2001-01-01T00:00:00Z", tender={"title": "First"})
    run(write_lines(tmp_path / "late.jsonl", [early]))
    _assert_compiled_as_ocdsmerge([*releases, early])


def test_another_encoding_named(tmp_path, capsys):
    release = example("open_multiple_first_stage")["releases"][0]
    path = tmp_path / "latin1.jsonl"
    path.write_bytes((json.dumps(release, ensure_ascii=False) + "\n").encode("latin-1"))
    run(path, "--encoding", "latin-1")
    assert (
        compiled(release["ocid"])["tender"]["title"] == "CM de Artículos de Escritorio y Papelería"
    )


def test_progress_on_request(tmp_path, capsys):
    run(write_lines(tmp_path / "releases.jsonl", example_releases()), "--progress")
    assert "\rreleases.jsonl: 7 releases," in capsys.readouterr().err.replace(
        str(tmp_path) + "/", ""
    )


def test_search_finds_an_imported_process_by_its_title(tmp_path):
    run(write_json(tmp_path / "chile.json", example("open_multiple_second_stage")))
    record = ExternalRecord.objects.get(ocid=CHILE)
    found = search.search(search.Query(kind=external_index.KIND, text="papelería escritorio"))
    assert found.object_ids == [record.pk]
    assert found.cards[0]["ocid"] == CHILE
    assert found.cards[0]["title"] == "Artículos de Escritorio y Papelería"
    assert search.search(search.Query(kind=external_index.KIND, text="vaccine")).total == 0
    # `openbuy search reindex` makes the kind again from the records.
    assert search.reindex(external_index.KIND) == 1
    found = search.search(search.Query(kind=external_index.KIND, text="papelería"))
    assert found.object_ids == [record.pk]


def test_small_batches_and_few_processes_in_memory_give_the_same_results(tmp_path, monkeypatch):
    """A file bigger than a batch, with more processes than are kept in memory: their
    releases out of order, split across batches, each process read back between them."""
    monkeypatch.setattr(importer, "BATCH", 2)
    monkeypatch.setattr(importer, "STATES", 1)
    releases = example_releases()
    path = write_lines(tmp_path / "mixed.jsonl", [*releases[::2], *releases[1::2]])
    run(path)
    _assert_compiled_as_ocdsmerge(releases)
    assert ExternalRecord.objects.get(ocid=CHILE).releases == 2


def test_gzip_and_plain_are_told_by_their_bytes(tmp_path):
    data = json.dumps(example("closed_single_award")).encode()
    (tmp_path / "award.json.gz").write_bytes(data)  # named .gz, but plain
    (tmp_path / "award.json").write_bytes(gzip.compress(data))  # named .json, but gzipped
    run(tmp_path / "award.json.gz")
    run(tmp_path / "award.json")
    assert ExternalRelease.objects.count() == 1


def test_text_postgresql_cannot_hold_is_stored_without_it(tmp_path):
    """A NUL inside a title or a publisher's name: gone from the listing, kept in the data."""
    release = example("open_multiple_second_stage")["releases"][0]
    release["tender"]["title"] = "Papel\u0000ería"
    run(write_json(tmp_path / "nul.json", package([release], publisher={"name": "A\u0000B"})))
    record = ExternalRecord.objects.get(ocid=CHILE)
    assert (record.title, record.publisher) == ("Papelería", "AB")
    assert compiled(CHILE)["tender"]["title"] == "Papel\u0000ería"


def test_amounts_keep_every_digit_whatever_the_file(tmp_path):
    """Money longer than a double holds, in JSON Lines and in a package alike: compiled and
    stored exactly, and the same release from either file is the same release."""
    exact = "175334.1666666666666666666667"
    release = example("open_multiple_award")["releases"][0]
    text = json.dumps(release).replace('"amount": 280000', f'"amount": {exact}', 1)
    assert exact in text
    (tmp_path / "award.jsonl").write_text(text + "\n")
    run(tmp_path / "award.jsonl")
    stored = ExternalRecord.objects.get(ocid=CHILE).compiled
    assert f'"amount":{exact}'.encode() in bytes(stored)
    (tmp_path / "award.json").write_text('{"version": "1.1", "releases": [' + text + "]}")
    run(tmp_path / "award.json")
    assert ExternalRelease.objects.count() == 1


def test_a_line_of_json_lines_longer_than_what_is_read_first(tmp_path):
    """A package of 1,500 releases on one line (over 1 MiB), then a bare release."""
    base = example("closed_single_first_stage")["releases"][0]
    releases = [
        {**base, "id": str(n), "date": f"2019-10-09T00:{n // 60:02d}:{n % 60:02d}Z"}
        for n in range(1500)
    ]
    later = {**base, "id": "later", "date": "2020-01-01T00:00:00Z"}
    path = write_lines(tmp_path / "long.jsonl", [package(releases), later])
    assert path.read_bytes().index(b"\n") > 1 << 20
    run(path)
    assert ExternalRecord.objects.get(ocid=SCOTLAND).releases == 1501
    assert compiled(SCOTLAND)["date"] == "2020-01-01T00:00:00Z"
