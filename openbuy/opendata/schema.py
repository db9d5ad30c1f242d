"""The OCDS release schema extended with a package's extensions, its codelists, and the
check of a release against both (tests, `openbuy ocds validate`, and every release as it
is published when a schema folder is configured).

The folder holds the standard's files as published, never copied into openbuy:
`1.1.5/release-schema.json` and `1.1.5/codelists/*.csv`, and each extension as
`extensions/<repository>/release-schema.json` and `codelists/*.csv`. An extended schema is
the core schema with each extension's schema applied as a JSON Merge Patch (RFC 7386), in
the order the package declares them; an extension's `+name.csv` adds codes to a core
codelist, `-name.csv` removes some, and a plain `name.csv` is new or replaces one.
"""

import csv
import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jsonschema_rs
from django.conf import settings

CORE = "1.1.5"
_REPOSITORY = re.compile(r"open-contracting-extensions/([^/]+)/")


class SchemaMissing(RuntimeError):
    """The schema folder, or an extension a package declares, is not where it should be."""


@dataclass(frozen=True)
class Problem:
    path: str  # the JSON path with array positions left out, like tender/lots/status
    message: str


def schema_dir() -> Path | None:
    folder = settings.OPENBUY_OCDS_SCHEMA_DIR
    return Path(folder) if folder else None


def repository(extension_url: str) -> str:
    found = _REPOSITORY.search(extension_url)
    if not found:
        raise SchemaMissing(f"{extension_url} is not an extension of open-contracting-extensions")
    return found.group(1)


def _merge_patch(target, patch):
    if not isinstance(patch, dict):
        return patch
    if not isinstance(target, dict):
        target = {}
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = _merge_patch(target.get(key), value)
    return target


def _read(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as missing:
        raise SchemaMissing(f"{path} is missing") from missing


def extended_schema(folder: Path, repositories: Iterable[str]) -> dict:
    schema = _read(folder / CORE / "release-schema.json")
    for name in repositories:
        schema = _merge_patch(schema, _read(folder / "extensions" / name / "release-schema.json"))
    return schema


def _codes(path: Path) -> set[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["Code"] for row in csv.DictReader(f)}


def codelists(folder: Path, repositories: Iterable[str]) -> dict[str, set[str]]:
    lists = {p.name: _codes(p) for p in (folder / CORE / "codelists").glob("*.csv")}
    for name in repositories:
        for path in sorted((folder / "extensions" / name / "codelists").glob("*.csv")):
            if path.name.startswith("+"):
                lists.setdefault(path.name[1:], set()).update(_codes(path))
            elif path.name.startswith("-"):
                lists.get(path.name[1:], set()).difference_update(_codes(path))
            else:
                lists[path.name] = _codes(path)
    return lists


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["definitions"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _codelist_fields(schema: dict) -> list[tuple[tuple[str, ...], str]]:
    """Every (path, codelist) in the schema; "[]" in a path steps into an array."""
    found = []

    def walk(node: dict, path: tuple[str, ...], depth: int) -> None:
        node = _resolve(schema, node)
        if "codelist" in node:
            found.append((path, node["codelist"]))
        if depth > 8:
            return
        for key, child in node.get("properties", {}).items():
            walk(child, (*path, key), depth + 1)
        if isinstance(node.get("items"), dict):
            walk(node["items"], (*path, "[]"), depth + 1)

    walk(schema, (), 0)
    return found


def _values(value, path: tuple[str, ...]) -> Iterator:
    if not path:
        if isinstance(value, list):
            yield from value
        elif value is not None:
            yield value
        return
    step, rest = path[0], path[1:]
    if step == "[]":
        for item in value if isinstance(value, list) else ():
            yield from _values(item, rest)
    elif isinstance(value, dict) and step in value:
        yield from _values(value[step], rest)


class Checker:
    """A release schema with its extensions, and its codelists, ready to check releases."""

    def __init__(self, folder: Path, extension_urls: Iterable[str]):
        repositories = [repository(url) for url in extension_urls]
        schema = extended_schema(folder, repositories)
        self.validator = jsonschema_rs.Draft4Validator(schema, validate_formats=True)
        lists = codelists(folder, repositories)
        self.codelist_fields = [
            (path, name, lists.get(name, set())) for path, name in _codelist_fields(schema)
        ]

    def problems(self, release: dict) -> list[Problem]:
        found = [
            Problem(
                "/".join(str(p) for p in error.instance_path if not isinstance(p, int)),
                error.message,
            )
            for error in self.validator.iter_errors(release)
        ]
        for path, name, codes in self.codelist_fields:
            where = "/".join(p for p in path if p != "[]")
            found.extend(
                Problem(where, f"{value!r} is not a code of the codelist {name}")
                for value in _values(release, path)
                if isinstance(value, str) and value not in codes
            )
        return found


@functools.cache
def checker(folder: Path, extension_urls: tuple[str, ...]) -> Checker:
    return Checker(folder, extension_urls)
