"""Releases made through the real actions, and the OCDS package schemas to check files
against (with the release schema extended by the extensions each package declares)."""

import functools
import json
from pathlib import Path

import jsonschema_rs
from django.conf import settings

from openbuy.opendata import schema
from openbuy.opendata.models import Release
from openbuy.opendata.serialize import EXTENSIONS
from tests.opportunities import factories as f

PACKAGE_SCHEMAS = "https://standard.open-contracting.org/schema/1__1__5/"


def releases() -> dict:
    """Four releases of two processes in two jurisdictions, in this order: a Scottish
    requirement's tender (lots), its close (lots, bids) and its award (lots, scale), then
    an Australian requirement's tender (lots). Returns {"scottish": requirement,
    "australian": requirement}."""
    with f.evaluated(suppliers=2, rates=("600.00", "500.00"), scores=(3, 2)) as made:
        _market, scottish, responses = made
        f.award(scottish, responses[0])
    person, body = f.australian_buyer()
    australian = f.published(person, body)
    return {"scottish": scottish, "australian": australian}


def stored_extensions() -> list[list[str]]:
    """Each stored release's extension keys, in the order of writing."""
    rows = Release.objects.order_by("seq").values_list("extensions", flat=True)
    return [row.split(",") for row in rows]


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
