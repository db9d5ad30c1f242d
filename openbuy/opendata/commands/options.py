"""Options the subcommands share: --jurisdiction CODE, and --progress for a progress line
on stderr (no dependency: one line rewritten in place, shown anyway when stderr is a
terminal)."""

import time

from django.core.management.base import CommandError

from openbuy.core.selectors import jurisdictions


def add_jurisdiction(parser, items: str) -> None:
    parser.add_argument("--jurisdiction", metavar="CODE", help=f"only this jurisdiction's {items}")


def add_progress(parser) -> None:
    parser.add_argument(
        "--progress", action="store_true", help="show progress even when stderr is no terminal"
    )


def jurisdiction(code: str | None):
    """The jurisdiction of --jurisdiction CODE (any case), None without the option."""
    if code is None:
        return None
    if not code.strip():
        # Not "every jurisdiction": an empty code is a mistake (an unset variable, say).
        raise CommandError("--jurisdiction needs a code, as GB-SCT")
    chosen = jurisdictions().filter(code__iexact=code).first()
    if chosen is None:
        raise CommandError(f"No jurisdiction has the code {code!r}")
    return chosen


class ProgressLine:
    """`name: 12,000 written, 8,450/s`, rewritten in place until `name` is done."""

    def __init__(self, stream, verb: str):
        self.stream, self.verb = stream, verb
        self.started = time.monotonic()
        self.width = 0

    def __call__(self, name: str, count: int, done: bool) -> None:
        now = time.monotonic()
        rate = count / max(now - self.started, 1e-3)
        line = f"{name}: {count:,} {self.verb}, {rate:,.0f}/s"
        self.stream.write("\r" + line.ljust(self.width), ending="\n" if done else "")
        self.stream.flush()
        self.width = 0 if done else len(line)
        if done:
            self.started = now


def progress_line(command, asked: bool, verb: str) -> ProgressLine | None:
    if asked or command.stderr.isatty():
        return ProgressLine(command.stderr, verb)
    return None
