"""Files for `openbuy ocds import` tests, made in tmp_path from the standard's worked
examples (read from the shared OCDS folder, never copied into the repository), and the
compiled release ocdsmerge makes of the same releases."""

import copy
import gzip
import json
from pathlib import Path

import orjson
import pytest
from django.core.management import call_command
from ocdsmerge import Merger

from openbuy.opendata import schema
from openbuy.opendata.import_reading import dumps, parse
from openbuy.opendata.merge import RULES
from openbuy.opendata.models import ExternalRecord


def examples_dir() -> Path:
    folder = schema.schema_dir()
    if folder is None or not (folder / "examples" / "frameworks").is_dir():
        pytest.skip("the shared OCDS folder with the worked examples is not here")
    return folder / "examples" / "frameworks"


def example(name: str) -> dict:
    return json.loads((examples_dir() / f"{name}.json").read_text(encoding="utf-8"))


PACKAGES = (
    "closed_single_first_stage",
    "closed_single_supplier",
    "closed_single_award",
    "open_multiple_first_stage",
    "open_multiple_supplier",
    "open_multiple_second_stage",
    "open_multiple_award",
)


def example_releases() -> list[dict]:
    return [copy.deepcopy(r) for name in PACKAGES for r in example(name)["releases"]]


def write_json(path: Path, value, *, compress: bool = False) -> Path:
    data = json.dumps(value, indent=2, ensure_ascii=False).encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def write_lines(path: Path, values, *, compress: bool = False) -> Path:
    data = "".join(json.dumps(v, ensure_ascii=False) + "\n" for v in values).encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def package(releases: list[dict], **fields) -> dict:
    return {"version": "1.1", "publisher": {"name": "Tester"}, **fields, "releases": releases}


def run(*args) -> None:
    call_command("ocds", "import", *map(str, args))


def compiled(ocid: str) -> dict:
    return parse(bytes(ExternalRecord.objects.get(ocid=ocid).compiled))


def _flat(tree: dict, path: tuple = ()) -> dict:
    rules = {}
    for key, rule in tree.items():
        if isinstance(rule, dict):
            rules.update(_flat(rule, (*path, key)))
        else:
            rules[(*path, key)] = rule
    return rules


def ocdsmerge_compiled(releases: list[dict], rules: dict = RULES) -> dict:
    """ocdsmerge's compiled release, with openbuy's merge rules (never fetched)."""
    merged = Merger(merge_rules=_flat(rules)).create_compiled_release(copy.deepcopy(releases))
    return same_form(merged)


def same_form(value) -> dict:
    """Numbers as compared: written as the import writes them, and read back."""
    return orjson.loads(dumps(value))
