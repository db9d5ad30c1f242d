"""Releases made through the real actions, and the OCDS package schemas to check files
against (with the release schema extended by the extensions each package declares)."""

import functools
import io
import itertools
import json
from collections.abc import Iterable
from pathlib import Path

import jsonschema_rs
from django.conf import settings
from django.core.management import call_command

from openbuy.opendata import bulkfiles, schema
from openbuy.opendata.models import Release
from openbuy.opendata.serialize import EXTENSIONS
from tests.opportunities import factories as f

PACKAGE_SCHEMAS = "https://standard.open-contracting.org/schema/1__1__5/"


def releases() -> dict:
    """Thirteen releases of three processes in two jurisdictions, in this order of writing
    (stored extensions in brackets):

    1-9. The live DOS framework the Scottish requirement is bought under (its authority is
       Scottish): its tender (techniques); a tender update as each of its two lots is added
       and one as it opens (lots, techniques); one as applications close (lots, bids,
       techniques); its awards, pending (lots, techniques, scale); a contract for each of
       its two suppliers' countersigned agreements (none); an award update as it goes live
       (lots, techniques, scale).
    10-12. The Scottish requirement's tender (lots), its close (lots, bids) and its award
       (lots, scale).
    13. The Australian requirement's tender (lots).

    Records in ocid order: the Australian requirement's, the framework's, the Scottish
    requirement's. Tests count what the store holds rather than trusting these numbers,
    which change whenever an action learns to publish. Returns {"framework": framework,
    "scottish": requirement, "australian": requirement}."""
    with f.evaluated(suppliers=2, rates=("600.00", "500.00"), scores=(3, 2)) as made:
        market, scottish, responses = made
        f.award(scottish, responses[0])
    person, body = f.australian_buyer()
    australian = f.published(person, body)
    return {"framework": market["framework"], "scottish": scottish, "australian": australian}


def stored_extensions(**where) -> list[list[str]]:
    """Each stored release's extension keys (of those matching `where`), in the order of
    writing; [""] for a release that uses none."""
    rows = Release.objects.filter(**where).order_by("seq").values_list("extensions", flat=True)
    return [row.split(",") for row in rows]


def declared(extension_keys: Iterable[list[str]]) -> list[str] | None:
    """What a package of releases with these stored extension keys declares: the union's
    URLs in the order of EXTENSIONS, or None (the field left out) when they use none."""
    return urls(*{key for keys in extension_keys for key in keys}) or None


def split(total: int, limit: int) -> list[int]:
    """How many items each file holds when `total` are cut at `limit` a file."""
    return [len(part) for part in itertools.batched(range(total), limit)]


def urls(*keys) -> list[str]:
    return [url for key, url in EXTENSIONS.items() if key in keys]


@functools.cache
def _package_validator(kind: str, extension_urls: tuple[str, ...]):
    folder = Path(settings.OPENBUY_OCDS_SCHEMA_DIR)
    repositories = [schema.repository(url) for url in extension_urls]
    release_schema = schema.extended_schema(folder, repositories)

    def retrieve(uri: str):
        if uri == PACKAGE_SCHEMAS + "release-schema.json":
            return release_schema
        return json.loads((folder / schema.CORE / uri.removeprefix(PACKAGE_SCHEMAS)).read_text())

    package_schema = json.loads((folder / schema.CORE / f"{kind}-package-schema.json").read_text())
    return jsonschema_rs.Draft4Validator(package_schema, validate_formats=True, retriever=retrieve)


def assert_valid_package(package: dict, kind: str) -> None:
    """The package is valid against OCDS's release (or record) package schema, its
    releases against the release schema extended with the extensions it declares."""
    validator = _package_validator(kind, tuple(package.get("extensions", ())))
    errors = [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(package)]
    assert errors == []


def bulk_file(folder, name: str):
    """Where the current generation's file `name` is on disk."""
    found = bulkfiles.served(folder, name)
    assert found is not None, f"{name} is not in a current manifest"
    return found[0]


def files_in(folder) -> list[str]:
    """The manifests, and the files in every generation's folder."""
    found = []
    for path in folder.iterdir():
        if path.is_dir():
            found.extend(p.name for p in path.iterdir())
        elif path.name != ".lock":
            found.append(path.name)
    return sorted(found)


def export_command(*args) -> str:
    """What `openbuy ocds export` with these arguments says it wrote."""
    out = io.StringIO()
    call_command("ocds", "export", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()
