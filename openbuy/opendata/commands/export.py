"""`openbuy ocds export`: the bulk files (opendata/bulk.py), written where the downloads
page serves them unless told otherwise."""

import argparse
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from .. import bulk, bulkfiles
from . import options

HELP = (
    "Write the open data as bulk files: release packages, record packages and JSON Lines "
    "of releases, each file at most 250,000 releases (or records) and 1 GB, with a "
    "manifest; the previous files are replaced once all the new ones are written."
)


def _kinds(text: str) -> list[str]:
    kinds = [kind.strip() for kind in text.split(",") if kind.strip()]
    unknown = sorted(set(kinds) - set(bulkfiles.KINDS))
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(
            f"{', '.join(unknown) or 'nothing'} is not a kind of file; "
            f"choose among {','.join(bulkfiles.KINDS)}"
        )
    return kinds


def _positive(text: str) -> int:
    try:
        # ASCII digits only: int() would take "１２" too.
        number = int(text.replace("_", "")) if text.isascii() else 0
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return number


def _folder(text: str) -> Path:
    # Path("") is the current folder: an empty --out is a mistake, not a choice of folder.
    if not text.strip():
        raise argparse.ArgumentTypeError("needs a folder")
    return Path(text)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--out",
        type=_folder,
        help="the folder to write (default: OPENBUY_OCDS_EXPORT_DIR, which /open-data/"
        "downloads/ serves)",
    )
    parser.add_argument("--gzip", action="store_true", help="compress each file (.gz)")
    parser.add_argument(
        "--what",
        type=_kinds,
        default=list(bulkfiles.KINDS),
        help="which files, comma-separated: releases (release packages), records (record "
        "packages), jsonl (a release a line); default all three",
    )
    options.add_jurisdiction(parser, "data")
    parser.add_argument(
        "--max-count", type=_positive, default=bulk.MAX_COUNT, help="releases or records a file"
    )
    parser.add_argument(
        "--max-bytes", type=_positive, default=bulk.MAX_BYTES, help="bytes a file, uncompressed"
    )
    options.add_progress(parser)


def run(command, *, out, gzip, what, jurisdiction, max_count, max_bytes, progress, **_rest):
    chosen = options.jurisdiction(jurisdiction)
    folder = Path(out or settings.OPENBUY_OCDS_EXPORT_DIR)
    try:
        manifest = bulk.export(
            folder,
            kinds=what,
            compress=gzip,
            jurisdiction=chosen,
            limits=bulk.Limits(count=max_count, bytes=max_bytes),
            progress=options.progress_line(command, progress, "written"),
        )
    except bulkfiles.ExportBusy as busy:
        raise CommandError(str(busy)) from busy
    except KeyboardInterrupt:
        raise CommandError(
            f"Interrupted: nothing new was written to {folder}; what it served is served still"
        ) from None
    except OSError as error:
        raise CommandError(f"Could not write to {folder}: {error.strerror or error}") from error
    for entry in manifest["files"]:
        items = "records" if entry["kind"] == "records" else "releases"
        command.stdout.write(
            f"{entry['name']}: {entry['count']:,} {items}, {entry['size']:,} bytes"
        )
    totals = ", ".join(
        f"{manifest[key]:,} {key}" for key in ("releases", "records") if key in manifest
    )
    command.stdout.write(f"Wrote {len(manifest['files'])} files ({totals}) to {folder}")
