"""The bulk files' folder: each export writes a generation of a dataset's files into a
folder of its own, a manifest per dataset names the current generation (replacing the
manifest is the one step that switches generations), and a lock keeps two exports from
writing one folder at once.

A folder holds the whole instance's dataset (manifest.json, and generation-<id>/ holding
releases-0001.json, ...) and any jurisdiction's (gb-sct-manifest.json,
gb-sct-generation-<id>/gb-sct-releases-0001.json, ...). A killed export leaves a folder no
manifest names, so what is served always matches its manifest's counts and checksums; the
dataset's next export removes it. Only files a manifest names are served: a name is never
read as a path.
"""

import contextlib
import datetime
import fcntl
import gzip
import hashlib
import os
import queue
import re
import secrets
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from django.utils import timezone

# What each kind of file holds, by the kind's name in manifests and in `--what`.
KINDS = {
    "releases": "releases-{:04d}.json",
    "records": "records-{:04d}.json",
    "jsonl": "releases-{:04d}.jsonl",
}
MANIFEST = "manifest.json"
NAME = re.compile(
    r"\A(?:[a-z0-9]+(?:-[a-z0-9]+)*-)?(?:releases|records|manifest)(?:-\d{4,})?"
    r"\.jsonl?(?:\.gz)?\Z"
)
CONTENT_TYPES = {
    ".json": "application/json",
    ".jsonl": "application/jsonl",
    ".gz": "application/gzip",
}
_TEMPORARY = ".tmp"
_QUEUED = 2
_GATHER = 1 << 20
# What an export names a file while writing it: never anyone else's file.
_TEMPORARY_NAME = re.compile(
    r"\A\.(?:[a-z0-9]+(?:-[a-z0-9]+)*-)?(?:releases|records|manifest)(?:-\d{4,})?"
    r"\.jsonl?(?:\.gz)?\.[0-9a-f]{8}\.tmp\Z"
)
GENERATION = re.compile(r"\A(?:[a-z0-9]+(?:-[a-z0-9]+)*-)?generation-[0-9a-f]{12}\Z")


class ExportBusy(RuntimeError):
    """Another export is writing to the folder."""


def prefix(jurisdiction_code: str | None) -> str:
    return f"{jurisdiction_code.lower()}-" if jurisdiction_code else ""


def manifest_name(jurisdiction_code: str | None) -> str:
    return prefix(jurisdiction_code) + MANIFEST


def new_generation(folder: Path, jurisdiction_code: str | None) -> Path:
    """An empty folder for a generation's files, named by no manifest yet."""
    folder.mkdir(parents=True, exist_ok=True)
    generation = folder / f"{prefix(jurisdiction_code)}generation-{secrets.token_hex(6)}"
    generation.mkdir()
    return generation


def content_type(name: str) -> str:
    """Served as what it is on disk: a .gz file is a gzip download (never Content-Encoding,
    which would have the browser unpack it and save JSON under a .gz name)."""
    return CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream")


@contextlib.contextmanager
def locked(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as busy:
            raise ExportBusy(f"Another export is writing to {folder}") from busy
        # What a killed export left half-written: a manifest, or a file from before
        # generations had folders (a generation's go with it).
        for stale in folder.glob(f".*{_TEMPORARY}"):
            if _TEMPORARY_NAME.match(stale.name):
                stale.unlink(missing_ok=True)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class _Hashing:
    """The file as it lands on disk: its size and SHA-256, for the manifest."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data) -> int:
        self.file.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        self.file.flush()


@dataclass
class Written:
    name: str
    kind: str
    count: int
    size: int
    sha256: str


@dataclass
class Output:
    """One file being written under a temporary name (gzip-compressed if asked)."""

    folder: Path
    name: str
    kind: str
    compress: bool
    count: int = 0
    temporary: Path = field(init=False)

    def __post_init__(self):
        self.temporary = self.folder / f".{self.name}.{secrets.token_hex(4)}{_TEMPORARY}"
        self._file = self.temporary.open("wb", buffering=1 << 20)
        self._hashing = _Hashing(self._file)
        # mtime 0: the same data gives the same bytes, so the checksum follows the content.
        self._out = (
            gzip.GzipFile(fileobj=self._hashing, mode="wb", compresslevel=6, mtime=0)
            if self.compress
            else self._hashing
        )
        # Hashing, compressing and writing, on a thread of their own: they leave Python's
        # lock while they work, as the database's driver does while it reads the next
        # chunk, so an export reads and writes at once. Small writes (a record's parts)
        # go to the thread _GATHER bytes at a time; at most _QUEUED of those wait.
        self._gathered: list[bytes] = []
        self._gathered_size = 0
        self._queued: queue.Queue = queue.Queue(maxsize=_QUEUED)
        self._failed: BaseException | None = None
        self._writer = threading.Thread(target=self._drain, daemon=True)
        self._writer.start()

    def _drain(self) -> None:
        while (data := self._queued.get()) is not None:
            if self._failed is None:
                try:
                    self._out.write(data)
                except BaseException as error:  # noqa: BLE001 (raised by the next write)
                    self._failed = error

    def _written(self) -> None:
        """Wait for what is queued to be written; raise what writing it raised."""
        if self._writer.is_alive():
            self._queued.put(None)
            self._writer.join()
        if self._failed is not None:
            raise self._failed

    def write(self, data) -> None:
        if self._failed is not None:
            raise self._failed
        self._gathered.append(data)
        self._gathered_size += len(data)
        if self._gathered_size >= _GATHER:
            self._send()

    def _send(self) -> None:
        gathered = self._gathered
        if gathered:
            self._queued.put(gathered[0] if len(gathered) == 1 else b"".join(gathered))
            self._gathered, self._gathered_size = [], 0

    def close(self) -> Written:
        self._send()
        self._written()
        if self.compress:
            self._out.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        return Written(
            self.name, self.kind, self.count, self._hashing.size, self._hashing.sha256.hexdigest()
        )

    def discard(self) -> None:
        with contextlib.suppress(BaseException):
            self._written()
        # Closing flushes what is buffered, which fails again on a full disk: the file
        # goes all the same, or it would keep the disk full for the next export too.
        with contextlib.suppress(OSError):
            self._file.close()
        self.temporary.unlink(missing_ok=True)


def publish(
    folder: Path,
    directory: Path,
    outputs: list[Output],
    written: list[Written],
    *,
    code: str | None,
    about: dict,
    at: datetime.datetime,
) -> dict:
    """Put a complete generation of a dataset in place: its files get their names in the
    generation's folder, then the manifest names it; then the dataset's other generations
    go (the previous one, and any a killed export left), never another dataset's."""
    for output in outputs:
        output.temporary.replace(directory / output.name)
    _sync(directory)
    document = {
        **about,
        "written_at": at,
        "generation": directory.name,
        "files": [vars(w) for w in sorted(written, key=_listed)],
    }
    manifest = manifest_name(code)
    temporary = folder / f".{manifest}.{secrets.token_hex(4)}{_TEMPORARY}"
    with temporary.open("wb") as file:
        file.write(orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_UTC_Z))
        file.flush()
        os.fsync(file.fileno())
    temporary.replace(folder / manifest)
    _sync(folder)
    # Published: what cannot be removed now is left for the next export.
    _remove_others(folder, code, keep={directory.name})
    return orjson.loads(orjson.dumps(document, option=orjson.OPT_UTC_Z))


def remove_stale(folder: Path, code: str | None) -> None:
    """Remove what killed or failed exports left of the dataset (generations no manifest
    names), before writing a new one: on a full disk, their space is what it needs."""
    document = read_manifest(folder / manifest_name(code)) or {}
    generation = document.get("generation")
    if generation and isinstance(generation, str):
        keep = {generation}
    else:  # written before generations had folders: its files are in the folder itself
        files = document.get("files")
        keep = (
            {e.get("name") for e in files if isinstance(e, dict)}
            if isinstance(files, list)
            else set()
        )
    _remove_others(folder, code, keep)


def _remove_others(folder: Path, code: str | None, keep: set) -> None:
    """The dataset's generations, and its files from before generations had folders, but
    those named in `keep`; never another dataset's, nor what a link points to."""
    own = re.compile(
        rf"\A{re.escape(prefix(code))}(?:(?:releases|records)-\d{{4,}}\.jsonl?(?:\.gz)?"
        rf"|generation-[0-9a-f]{{12}})\Z"
    )
    for old in folder.iterdir():
        if own.match(old.name) and old.name not in keep:
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    old.unlink()
    with contextlib.suppress(OSError):
        _sync(folder)


def _listed(written: Written) -> tuple:
    # releases-9999.json before releases-10000.json
    return list(KINDS).index(written.kind), len(written.name), written.name


def _sync(folder: Path) -> None:
    """The renames reach the disk too, not only the files' contents."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def read_manifest(path: Path) -> dict | None:
    try:
        document = orjson.loads(path.read_bytes())
    except (FileNotFoundError, orjson.JSONDecodeError):
        return None
    return document if isinstance(document, dict) else None


def manifests(folder: Path) -> list[dict]:
    """Each dataset's current manifest: the whole instance's first, then jurisdictions'."""
    found = []
    for path in sorted(Path(folder).glob(f"*{MANIFEST}")):
        document = read_manifest(path)
        if document is not None and NAME.match(path.name):
            document["name"] = path.name
            document["written_at"] = _moment(document.get("written_at"))
            found.append(document)
    return sorted(found, key=lambda d: (d.get("jurisdiction") is not None, d["name"]))


def _moment(text) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text).astimezone(datetime.UTC)
    except (TypeError, ValueError):
        return None


def served(folder: Path, name: str) -> tuple[Path, dict] | None:
    """The file `name` of a current generation, or its manifest, with what the manifest
    says of it; None for anything else."""
    folder = Path(folder)
    if not NAME.match(name) or (folder / name).resolve().parent != folder.resolve():
        return None
    for document in manifests(folder):
        if name == document["name"]:
            return folder / name, {"name": name, "written_at": document["written_at"]}
        generation = document.get("generation", "")  # none: written before generations had folders
        if generation and not (isinstance(generation, str) and GENERATION.match(generation)):
            continue
        for entry in document.get("files", []):
            if entry.get("name") == name:
                return folder / generation / name, entry
    return None


def now() -> datetime.datetime:
    return timezone.now().replace(microsecond=0)
