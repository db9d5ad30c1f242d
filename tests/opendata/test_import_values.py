"""`openbuy ocds import` reads values as the standard means them: numbers by value, dates
as RFC 3339 instants."""

import pytest
from django.core.management import CommandError

from openbuy.opendata.models import ExternalRecord, ExternalRelease

from .import_helpers import compiled, package, run, write_json, write_lines

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_jobs")]


def _release(number: int = 1, date: str = "2024-01-01T00:00:00Z", **fields) -> dict:
    return {"ocid": "ocds-abc123-1", "id": str(number), "date": date, **fields}


def test_a_release_again_with_its_numbers_written_otherwise_is_the_same(tmp_path, capsys):
    amount = {"tender": {"value": {"amount": 100.5, "count": 100.0}}}
    write_lines(tmp_path / "a.jsonl", [_release(**amount)])
    again = {"tender": {"value": {"amount": 100.50, "count": 100}}}
    write_lines(tmp_path / "b.jsonl", [_release(**again)])
    (tmp_path / "c.json").write_text(
        '{"version": "1.1", "releases": [{"ocid": "ocds-abc123-1", "id": "1", "date": '
        '"2024-01-01T00:00:00Z", "tender": {"value": {"amount": 100.500, "count": 1e2}}}]}'
    )
    run(tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.json")
    assert capsys.readouterr().out.count("1 already imported") == 2
    # true is not 1.
    write_lines(tmp_path / "a.jsonl", [_release(2, x=1)])
    write_lines(tmp_path / "b.jsonl", [_release(2, x=True)])
    run(tmp_path / "a.jsonl")
    with pytest.raises(CommandError, match=r"b\.jsonl: line 1 .*imported before, with other"):
        run(tmp_path / "b.jsonl")


@pytest.mark.parametrize(
    "date",
    [
        "2024-01-01",
        "2024-01-01T00:00:00",  # no offset
        "2024-W01-1",
        "20240101T000000Z",
        "2024-01-01T00:00Z",
        "2024-01-01T00:00:00+0100",
        "2024-01-01T00:00:00\u0660Z",
        "9999-12-31T23:59:59-12:00",  # after year 9999 in UTC
    ],
)
def test_dates_that_are_not_rfc_3339_date_times(tmp_path, date):
    write_json(tmp_path / "dates.json", package([_release(date=date)]))
    with pytest.raises(
        CommandError,
        match=r"dates\.json: release 1 \(ocid ocds-abc123-1\): date .* is not a date and time "
        r"with its offset from UTC \(RFC 3339",
    ):
        run(tmp_path / "dates.json")
    assert not ExternalRelease.objects.exists()


def test_releases_are_compiled_in_the_order_of_their_instants(tmp_path):
    # 10:00+05:00 is 05:00 UTC: before 06:00Z, though its text sorts after.
    later = _release(1, "2024-01-01T06:00:00Z", tender={"title": "later"})
    earlier = _release(2, "2024-01-01T10:00:00+05:00", tender={"title": "earlier"})
    write_lines(tmp_path / "both.jsonl", [later, earlier])
    run(tmp_path / "both.jsonl")
    assert compiled("ocds-abc123-1")["tender"]["title"] == "later"


@pytest.mark.parametrize(
    ("ocid", "shown"),
    [
        ("ocds-abc123-", "'ocds-abc123-'"),
        ("ocds-abc123-1\n", r"'ocds-abc123-1\\n'"),
        ("ocds-abc123-1\u202e", r"'ocds-abc123-1\\u202e'"),
        ("ocds-abc123-a b", "'ocds-abc123-a b'"),
    ],
)
def test_ocids_with_nothing_after_the_prefix_or_unprintable(tmp_path, ocid, shown):
    write_json(tmp_path / "ocid.json", package([{**_release(), "ocid": ocid}]))
    with pytest.raises(
        CommandError,
        match=rf"ocid\.json: release 1 \(ocid {shown}\): the ocid has nothing after its prefix, "
        "or a space, control or format character",
    ):
        run(tmp_path / "ocid.json")


def test_a_record_whose_releases_are_of_another_process(tmp_path):
    record = {"ocid": "ocds-abc123-1", "releases": [{"url": "u", "date": "2024-01-01T00:00:00Z"}]}
    compiled_release = {**_release(), "ocid": "ocds-abc123-2"}
    write_json(
        tmp_path / "compiled.json",
        {"version": "1.1", "records": [{**record, "compiledRelease": compiled_release}]},
    )
    with pytest.raises(
        CommandError,
        match=r"compiled\.json: record 1 \(ocid ocds-abc123-1\): its compiledRelease's ocid "
        "ocds-abc123-2 is not the record's",
    ):
        run(tmp_path / "compiled.json")
    embedded = {**record, "releases": [compiled_release]}
    write_json(tmp_path / "embedded.json", {"version": "1.1", "records": [embedded]})
    with pytest.raises(
        CommandError, match=r"embedded\.json: record 1, release 1 .* ocds-abc123-2 is not the"
    ):
        run(tmp_path / "embedded.json")
    assert not ExternalRelease.objects.exists()


def test_a_package_with_both_releases_and_records(tmp_path):
    both = {**package([_release()]), "records": [{"ocid": "ocds-abc123-1", "releases": []}]}
    write_json(tmp_path / "both.json", both)
    write_lines(tmp_path / "both.jsonl", [both])
    for name in ("both.json", "both.jsonl"):
        with pytest.raises(CommandError, match=r"both\.jsonl?: (package|line) 1: both releases"):
            run(tmp_path / name)
    assert not ExternalRelease.objects.exists()


def test_integers_beyond_64_bits_and_amounts_beyond_the_listing_are_kept_exactly(tmp_path):
    big = 10**22
    path = tmp_path / "big.jsonl"
    path.write_text(
        '{"ocid": "ocds-abc123-1", "id": "1", "date": "2024-01-01T00:00:00Z", '
        f'"tender": {{"value": {{"amount": {big}, "currency": "A\\u0000B"}}, "n": {2**70}}}}}\n'
        '{"ocid": "ocds-abc123-2", "id": "1", "date": "2024-01-01T00:00:00Z", '
        '"tender": {"value": {"amount": 1e22, "currency": "EUR"}}}\n'
    )
    run(path)
    assert compiled("ocds-abc123-1")["tender"] == {
        "value": {"amount": big, "currency": "A\x00B"},
        "n": 2**70,
    }
    assert compiled("ocds-abc123-2")["tender"]["value"]["amount"] == 1e22
    listed = dict(ExternalRecord.objects.values_list("ocid", "value_currency").order_by("ocid"))
    assert listed == {"ocds-abc123-1": "", "ocds-abc123-2": "EUR"}
    assert ExternalRecord.objects.get(ocid="ocds-abc123-2").value_amount == 10**22


def test_what_a_file_holds_is_shown_in_one_line(tmp_path):
    write_lines(tmp_path / "prefix.jsonl", [{**_release(), "ocid": "bad\nline\u202e"}])
    with pytest.raises(CommandError) as raised:
        run(tmp_path / "prefix.jsonl")
    assert r"(ocid 'bad\nline\u202e')" in str(raised.value)
    first, second = _release(), _release(date="2024-01-02T00:00:00Z")
    first["id"] = second["id"] = "a\nInjected: line"
    write_lines(tmp_path / "id.jsonl", [first, second])
    with pytest.raises(CommandError) as raised:
        run(tmp_path / "id.jsonl")
    assert r"release 'a\nInjected: line' was imported before" in str(raised.value)
    assert "\n" not in str(raised.value)
