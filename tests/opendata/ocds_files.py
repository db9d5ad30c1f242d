"""The OCDS schema folder the suite checks against (../shared/ocds, found by settings)."""

import json
from pathlib import Path

from django.conf import settings

from openbuy.opendata import schema


def folder() -> Path:
    found = schema.schema_dir()
    missing = (
        "The OCDS schema folder was not found: set OPENBUY_OCDS_SCHEMA_DIR "
        f"(now {settings.OPENBUY_OCDS_SCHEMA_DIR!r})"
    )
    assert found, missing
    assert (found / "1.1.5" / "release-schema.json").is_file(), missing
    return found


def example_releases() -> list[dict]:
    """The releases of the standard's worked framework examples."""
    releases = []
    for path in sorted((folder() / "examples" / "frameworks").glob("*.json")):
        package = json.loads(path.read_text())
        releases += package.get("releases", []) if isinstance(package, dict) else []
    return releases
