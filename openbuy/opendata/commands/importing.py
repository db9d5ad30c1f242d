"""`openbuy ocds import FILE...`: other publishers' OCDS data, one file (one transaction) at
a time, stopping at the first file that fails (importer.py says how)."""

import argparse
import codecs
import time
from pathlib import Path

from django.core.management.base import CommandError
from django.db import IntegrityError, OperationalError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openbuy.core.actors import SYSTEM

from ..import_files import default_jobs, ocds_file_import
from ..import_reading import BadFile

HELP = (
    "Import other publishers' OCDS data (release packages, record packages, JSON Lines, "
    "gzipped or not), kept apart from openbuy's own; a file is imported whole or not at all."
)


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--encoding", help=("The files' text encoding (UTF-8 unless named)."))
    parser.add_argument(
        "--publisher",
        help=("The publisher's name to store, rather than each package's own."),
    )
    parser.add_argument(
        "--expect",
        choices=["releases", "records"],
        help=("Refuse packages of the other kind (both are imported unless named)."),
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        help=(
            "Processes to share the work of each file (one a core, up to 4, unless named; "
            "1 for one)."
        ),
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help=("Show progress even when the error output is not a terminal."),
    )


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= 64:
        raise argparse.ArgumentTypeError(_("a whole number from 1 to 64"))
    return jobs


class _Progress:
    """A line on stderr, written over as it changes: releases read, and how fast."""

    EVERY = 0.25  # seconds between two writes

    def __init__(self, out, name: str):
        self.out, self.name = out, name
        self.start = self.last = time.monotonic()
        self.count, self.shown = 0, False

    def __call__(self, count: int) -> None:
        self.count = count
        now = time.monotonic()
        if self.shown and now - self.last < self.EVERY:
            return
        self.last, self.shown = now, True
        self._write(now)

    def _write(self, now: float) -> None:
        rate = self.count / max(now - self.start, 1e-6)
        line = _("%(file)s: %(count)d releases, %(rate)d a second") % {
            "file": self.name,
            "count": self.count,
            "rate": rate,
        }
        # Plain: stderr's style would colour it as an error.
        self.out.write(f"\r{line}", style_func=str, ending="")
        self.out.flush()

    def close(self) -> None:
        if self.shown:
            self._write(time.monotonic())
            self.out.write("", style_func=str)


def run(command, *, files, encoding, publisher, expect, progress, jobs, **_options) -> None:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as error:
            raise CommandError(
                _("--encoding %(name)s: no such encoding") % {"name": encoding}
            ) from error
    for number, name in enumerate(files):
        try:
            _import_file(command, name, encoding, publisher, expect, progress, jobs)
        except CommandError as error:
            after = files[number + 1 :]
            if not after:
                raise
            note = ngettext(
                "%(files)s, after it, was not read",
                "%(files)s, after it, were not read",
                len(after),
            ) % {"files": ", ".join(after)}
            raise CommandError(f"{error} ({note})") from error


def _import_file(command, name, encoding, publisher, expect, progress, jobs) -> None:
    bar = _Progress(command.stderr, name) if progress or command.stderr.isatty() else None
    try:
        outcome = ocds_file_import(
            actor=SYSTEM,
            path=Path(name),
            encoding=encoding,
            publisher=publisher,
            expect=expect,
            progress=bar,
            jobs=jobs or default_jobs(),
        )
    except BadFile as error:
        raise CommandError(f"{name}: {error}") from error
    except IntegrityError as error:
        raise CommandError(
            _(
                "%(file)s: another import stored some of its releases meanwhile; nothing "
                "of it was imported: import it again"
            )
            % {"file": name}
        ) from error
    except OperationalError as error:
        # SQLite's one writer at a time, busy too long; two PostgreSQL imports each
        # waiting for processes the other has locked.
        if "locked" not in str(error) and "deadlock" not in str(error):
            raise
        raise CommandError(
            _(
                "%(file)s: the database stayed busy with another write (another "
                "import?); nothing of it was imported: import it again"
            )
            % {"file": name}
        ) from error
    except KeyboardInterrupt:
        raise CommandError(
            _("%(file)s: interrupted; nothing of it was imported") % {"file": name}
        ) from None
    finally:
        if bar:
            bar.close()
    command.stdout.write(f"{name}: {outcome.summary()}")
    if outcome.reordered:
        command.stderr.write(
            ngettext(
                "%(file)s: %(count)d process had releases out of date order (the first "
                "at %(where)s); it was compiled again in date order.",
                "%(file)s: %(count)d processes had releases out of date order (the first "
                "at %(where)s); each was compiled again in date order.",
                outcome.reordered,
            )
            % {"file": name, "count": outcome.reordered, "where": outcome.first_reordered}
        )
