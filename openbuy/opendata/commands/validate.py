"""`openbuy ocds validate`: every stored release checked against the OCDS release schema
extended with the extensions it declares, and against the codelists, reading one release
at a time; problems are counted by path and message, so a million releases with one bug
make one line."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from django.core.management.base import CommandError

from .. import schema
from ..models import Release
from ..serialize import EXTENSIONS, extension_urls
from . import options

HELP = (
    f"Check every stored release against the OCDS {schema.CORE} release schema extended "
    "with the extensions it declares, and its codelists; lists the problems by path and "
    "message, and exits non-zero when there are any."
)
CHUNK = 2_000
# Kinds of problem counted apart; past this many, the rest are counted together, so that
# a store whose releases all differ still takes no more memory.
MAX_KINDS = 10_000
OTHERS = schema.Problem("", "other problems (too many kinds to count apart)")


def add_arguments(parser) -> None:
    parser.add_argument(
        "--schema-dir",
        type=Path,
        help="the OCDS schema folder (default: OPENBUY_OCDS_SCHEMA_DIR): 1.1.5/ and "
        "extensions/<repository>/, as the standard publishes them",
    )
    options.add_jurisdiction(parser, "releases")
    parser.add_argument("--top", type=int, default=20, help="kinds of problem listed (default 20)")
    options.add_progress(parser)


@dataclass
class Report:
    checked: int = 0
    broken: int = 0  # releases with a problem
    problems: int = 0
    kinds: Counter = field(default_factory=Counter)
    first_in: dict = field(default_factory=dict)  # kind -> the first release it was found in

    def add(self, release_id: str, problems: list[schema.Problem]) -> None:
        self.checked += 1
        if not problems:
            return
        self.broken += 1
        self.problems += len(problems)
        for problem in problems:
            kind = OTHERS if problem not in self.kinds and len(self.kinds) >= MAX_KINDS else problem
            self.kinds[kind] += 1
            self.first_in.setdefault(kind, release_id)


def _problems(folder: Path, extensions: str, data) -> list[schema.Problem]:
    keys = [key for key in extensions.split(",") if key]
    found = [
        schema.Problem("", f"declares the extension {key!r}, which openbuy does not know")
        for key in keys
        if key not in EXTENSIONS
    ]
    try:
        release = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        return [*found, schema.Problem("", f"is not JSON: {error}")]
    return found + schema.checker(folder, tuple(extension_urls(keys))).problems(release)


def check(releases, folder: Path, progress=None) -> Report:
    report = Report()
    rows = releases.order_by("seq").values_list("release_id", "extensions", "data")
    for release_id, extensions, data in rows.iterator(chunk_size=CHUNK):
        report.add(release_id, _problems(folder, extensions, data))
        if progress and report.checked % CHUNK == 0:
            progress("releases", report.checked, False)
    if progress:
        progress("releases", report.checked, True)
    return report


def _folder(given: Path | None) -> Path:
    folder = given or schema.schema_dir()
    if folder is None:
        raise CommandError(
            "No OCDS schema folder: set OPENBUY_OCDS_SCHEMA_DIR or give --schema-dir"
        )
    core = Path(folder) / schema.CORE / "release-schema.json"
    if not core.is_file():
        raise CommandError(f"{folder} is not an OCDS schema folder: {core} is missing")
    return Path(folder)


def run(command, *, schema_dir, jurisdiction, top, progress, **_rest):
    folder = _folder(schema_dir)
    releases = Release.objects.all()
    chosen = options.jurisdiction(jurisdiction)
    if chosen is not None:
        releases = releases.filter(jurisdiction=chosen)
    try:
        report = check(releases, folder, options.progress_line(command, progress, "checked"))
    except schema.SchemaMissing as missing:
        raise CommandError(str(missing)) from missing
    if not report.problems:
        checked = (
            "1 release checked against OCDS {core} and the extensions it declares"
            if report.checked == 1
            else "{count:,} releases checked against OCDS {core} and the extensions they declare"
        )
        command.stdout.write(
            checked.format(count=report.checked, core=schema.CORE) + ": no problems"
        )
        return
    command.stdout.write(f"{'Count':>9}  {'Path':<40} Problem (first found in)")
    for problem, count in report.kinds.most_common(max(top, 0)):
        where = problem.path or "/"
        first = report.first_in[problem]
        command.stdout.write(f"{count:>9,}  {where:<40} {problem.message} ({first})")
    hidden = len(report.kinds) - max(top, 0)
    if hidden > 0:
        command.stdout.write(f"… and {hidden:,} more kinds of problem (--top to list more)")
    raise CommandError(
        f"{report.problems:,} problems of {len(report.kinds):,} kinds in {report.broken:,} "
        f"of {report.checked:,} releases"
    )
