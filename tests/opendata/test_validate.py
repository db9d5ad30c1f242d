"""`openbuy ocds validate`: every stored release checked against the schema extended with
the extensions it declares and against the codelists; problems counted by path and
message, a non-zero exit with one line when there are any.

The broken releases here are written straight into the store: they stand for data
corrupted outside openbuy, which no action would publish."""

import io

import orjson
import pytest
from django.core.management import CommandError, call_command

from openbuy.opendata.models import Release
from tests.opendata import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return factories.releases()


@pytest.fixture
def tender(published) -> Release:
    """The Scottish requirement's tender (it has lots), which broken releases copy."""
    return Release.objects.filter(ocid=published["scottish"].ocid).order_by("seq").first()


def _validate(*args) -> str:
    out = io.StringIO()
    call_command("ocds", "validate", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _corrupt(good: Release, number: int, change, *, extensions="lots", data=None) -> Release:
    """A copy of a good stored release under another process's ocid, changed."""
    release = orjson.loads(good.data)
    ocid = f"ocds-broken-{number}"
    release.update(ocid=ocid, id=f"{ocid}-1")
    change(release)
    data = orjson.dumps(release) if data is None else data
    return Release.objects.create(
        jurisdiction_id=good.jurisdiction_id,
        ocid=ocid,
        release_id=release["id"],
        date=good.date,
        tags=",".join(release["tag"]),
        extensions=extensions,
        data=data,
        size=len(data),
    )


def _bad_status(release):
    release["tender"]["status"] = "open for business"


def test_releases_published_by_the_actions_are_valid(published):
    assert _validate() == (
        f"{Release.objects.count()} releases checked against OCDS 1.1.5 and the extensions "
        "they declare: no problems\n"
    )


def test_problems_are_counted_by_path_and_message(tender):
    _corrupt(tender, 1, _bad_status)
    _corrupt(tender, 2, _bad_status)
    _corrupt(tender, 3, lambda release: release["tender"]["lots"][0].update(status="maybe"))

    out = io.StringIO()
    checked = Release.objects.count()
    with pytest.raises(
        CommandError, match=rf"^6 problems of 4 kinds in 3 of {checked} releases$"
    ) as refused:
        call_command("ocds", "validate", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["Count", "Path", "Problem", "(first", "found", "in)"]
    # Most frequent first: the bad status breaks the schema's enum and the codelist.
    assert lines[1].split()[:2] == ["2", "tender/status"]
    assert lines[1].endswith("(ocds-broken-1-1)")
    statuses = [line for line in lines if "tender/status" in line]
    assert [line.split()[:2] for line in statuses] == [["2", "tender/status"]] * 2
    assert '"open for business" is not one of "planning", "planned"' in statuses[0]
    assert "'open for business' is not a code of the codelist tenderStatus.csv" in statuses[1]
    lots = [line.split()[:2] for line in lines if "tender/lots/status" in line]
    assert lots == [["1", "tender/lots/status"]] * 2
    assert "\n" not in str(refused.value)


def test_the_top_kinds_are_listed_and_the_rest_counted(tender):
    _corrupt(tender, 1, _bad_status)
    _corrupt(tender, 2, lambda release: release["tender"]["lots"][0].update(status="maybe"))

    out = io.StringIO()
    checked = Release.objects.count()
    with pytest.raises(CommandError, match=rf"^4 problems of 4 kinds in 2 of {checked} releases$"):
        call_command("ocds", "validate", "--top", "1", stdout=out)

    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[-1] == "… and 3 more kinds of problem (--top to list more)"


def test_a_release_that_is_not_json_or_declares_an_unknown_extension_is_a_problem(tender):
    _corrupt(tender, 1, lambda release: None, data=b'{"ocid": "ocds-broken-1"')
    _corrupt(tender, 2, lambda release: None, extensions="lots,teleportation")

    out = io.StringIO()
    checked = Release.objects.count()
    with pytest.raises(CommandError, match=rf"^2 problems of 2 kinds in 2 of {checked} releases$"):
        call_command("ocds", "validate", stdout=out)

    lines = out.getvalue().splitlines()[1:]
    assert [line.split()[:3] for line in lines] == [["1", "/", "is"], ["1", "/", "declares"]]
    assert " /  " in lines[0]
    assert " is not JSON: unexpected end of data" in lines[0]
    assert lines[1].endswith(
        "declares the extension 'teleportation', which openbuy does not know (ocds-broken-2-1)"
    )


def test_one_jurisdictions_releases_are_checked_alone(tender):
    _corrupt(tender, 1, _bad_status)  # a Scottish release

    assert _validate("--jurisdiction", "au") == (
        "1 release checked against OCDS 1.1.5 and the extensions it declares: no problems\n"
    )


def test_a_missing_schema_folder_is_one_line(published, tmp_path, settings):
    missing = tmp_path / "ocds"
    with pytest.raises(
        CommandError,
        match=f"^{missing} is not an OCDS schema folder: {missing}/1.1.5/release-schema.json "
        "is missing$",
    ):
        _validate("--schema-dir", str(missing))

    settings.OPENBUY_OCDS_SCHEMA_DIR = ""
    with pytest.raises(
        CommandError,
        match=r"^No OCDS schema folder: set OPENBUY_OCDS_SCHEMA_DIR or give --schema-dir$",
    ):
        _validate()


def test_an_unknown_jurisdiction_is_one_line(published):
    with pytest.raises(CommandError, match=r"^No jurisdiction has the code 'XX'$"):
        _validate("--jurisdiction", "XX")
