"""The import action: one file of other publishers' OCDS data, all of it or nothing
(importer.py says how a file is read into processes), on one core or several.

On several (`jobs` > 1, where the system can fork): each of `jobs` processes reads the whole
file and compiles only the processes whose ocid falls in its part (importer.FileImport's
`part`); what it would write, and what it would read, goes through a pipe to this process,
which holds the file's one transaction and does every write. Compiling, hashing and writing
JSON, most of an import's work, is shared; reading is not (each part must meet the file's
errors in order), and it is the smaller share. Of the errors the parts meet, the first in
the file's order is the one reported, as one process would report it; once no part can meet
an earlier one, the others are stopped.
"""

import contextlib
import gc
import multiprocessing
import os
import queue
import threading
import traceback
import zlib
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction

from openbuy.core import audit

from .import_reading import BadFile, Misrouted, items
from .import_sink import Database
from .import_source import Source, open_source
from .importer import FileImport, Outcome
from .verbs import Verb

_ASKED = ("states", "stored_release", "stored_releases")  # what a part waits for
_TOLD = ("upsert_records",)  # what it does not (and insert_releases, of its own)


class Stopped(BadFile):
    """A process reading the file ended without finishing (killed, out of memory)."""


def default_jobs() -> int:
    return settings.OPENBUY_IMPORT_JOBS or min(len(os.sched_getaffinity(0)), 4)


@contextmanager
def _collector_paused():
    """An import makes millions of small objects that live until their batch is written,
    and no reference cycles: Python's cycle collector would spend half its time on them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(run: FileImport, source: Source, encoding: str | None, skip=None) -> Outcome:
    with items(source.reader(checked=skip is not None), encoding, skip) as found:
        for item in found:
            run.add(item)
        return run.finish()


@audit.action
def ocds_file_import(
    *,
    actor,
    path: Path,
    encoding: str | None = None,
    publisher: str | None = None,
    expect: str | None = None,
    progress=None,
    jobs: int = 1,
) -> Outcome:
    """Import one file of other publishers' OCDS data, all of it or (raising BadFile)
    nothing. `expect` ("releases" or "records") refuses packages of the other kind;
    progress(count) is called after each batch with the releases read so far; `jobs`
    processes share the work."""
    source = open_source(path)
    try:
        with _collector_paused():
            outcome = None
            if jobs > 1 and source.shareable and "fork" in multiprocessing.get_all_start_methods():
                try:
                    with transaction.atomic():
                        outcome = _in_parts(source, encoding, publisher, expect, progress, jobs)
                except Misrouted:
                    pass  # a line with its ocid twice: read by one process, from the start
            if outcome is None:
                run = FileImport(publisher=publisher, expect=expect, progress=progress)
                outcome = _read(run, source, encoding)
    finally:
        source.close()
    if outcome.changed:
        audit.record(
            Verb.OCDS_IMPORTED,
            actor=actor,
            object_type="opendata.externalrecord",
            payload={
                "file": path.name,
                "releases": outcome.new,
                "published": outcome.published,
                "processes": outcome.processes,
                "publisher": publisher or "",
            },
        )
    else:
        audit.nothing_changed()
    return outcome


class _Remote:
    """A part's sink: the process holding the transaction, through a pipe."""

    def __init__(self, pipe):
        self.pipe = pipe

    def _ask(self, *message):
        self.pipe.send(message)
        return self.pipe.recv()

    def states(self, ocids):
        return self._ask("states", ocids)

    def stored_release(self, ocid, release_id):
        return self._ask("stored_release", ocid, release_id)

    def stored_releases(self, ocids):
        return self._ask("stored_releases", ocids)

    def insert_releases(self, rows, places):
        if rows:
            # A line of the file is sent as where it is, not as its bytes: the process
            # holding the transaction reads them from the file (_lines_read), a third of
            # what a part would otherwise send and that process receive. Their CRC tells
            # it whether the file was written over meanwhile.
            self.pipe.send(
                (
                    "insert_releases",
                    [
                        row if place < 0 else (*row[:5], (place, len(row[5]), zlib.crc32(row[5])))
                        for row, place in zip(rows, places, strict=True)
                    ],
                )
            )

    def upsert_records(self, records):
        self.pipe.send(("upsert_records", records))


def _part(pipe, parents, source, encoding, publisher, expect, fresh, part) -> None:
    """A forked process's work. It lets go of what it inherited of the parent's: the
    parent's ends of the pipes (so a parent that dies, even by SIGKILL, ends its parts: a
    part's next read or write of its pipe fails) and its database connections (never
    used here; a PostgreSQL socket held open would keep a dead parent's transaction)."""
    for end in parents:
        end.close()
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and connection.vendor == "postgresql":
            os.close(connection.connection.pgconn.socket)
        connection.connection = None
    index, parts = part
    run = FileImport(
        publisher=publisher,
        expect=expect,
        progress=lambda count: pipe.send(("read", run.batches, count)),
        sink=_Remote(pipe),
        fresh=fresh,
        part=part,
    )
    try:
        outcome = _read(run, source, encoding, lambda ocid: zlib.crc32(ocid) % parts != index)
        message = ("done", outcome, run.first_reordered_at, source.snapshot.crc)
    except BadFile as error:
        message = ("error", str(error), run.at or (run.batches + 1, 0, run.added))
    except Misrouted:
        message = ("misrouted",)
    except (BrokenPipeError, ConnectionResetError):
        return  # the parent is gone (killed): nobody to tell
    except BaseException:  # noqa: BLE001 (a bug, told to the parent, which raises it)
        message = ("crash", traceback.format_exc())
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        pipe.send(message)


def _in_parts(source, encoding, publisher, expect, progress, jobs) -> Outcome:
    sink = Database()
    pipes, workers = [], []
    try:
        start_parts(pipes, workers, source, (encoding, publisher, expect, sink.fresh()), jobs)
        return serve(sink, pipes, workers, progress, source)
    finally:
        _end(workers)
        for pipe in pipes:
            pipe.close()


def _end(workers: list) -> None:
    for worker in workers:
        if worker.is_alive():
            worker.kill()
        worker.join()


def start_parts(pipes: list, workers: list, source, reading: tuple, jobs: int) -> None:
    """Fork `jobs` parts reading `source` (with `reading`: encoding, publisher, expect and
    whether the store was empty), adding their pipes and processes to the lists."""
    context = multiprocessing.get_context("fork")
    for index in range(jobs):
        ours, theirs = context.Pipe()
        pipes.append(ours)
        worker = context.Process(
            target=_part, args=(theirs, pipes, source, *reading, (index, jobs)), daemon=True
        )
        worker.start()
        theirs.close()
        workers.append(worker)


class _Received:
    """Each part's messages, received by a thread of their own as they come: a part never
    waits for this process to finish writing before it can send the next batch (the
    writes leave Python's lock to the threads while the database works)."""

    ENDS = ("done", "error", "misrouted", "crash", "stopped")

    def __init__(self, pipes: list):
        self.queue = queue.Queue(maxsize=4 * len(pipes))
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._receive, args=(n, pipe), daemon=True)
            for n, pipe in enumerate(pipes)
        ]
        for thread in self.threads:
            thread.start()

    def _receive(self, n: int, pipe) -> None:
        while not self.stopping.is_set():
            try:
                message = pipe.recv()
            except (EOFError, OSError):
                message = ("stopped",)
            while not self.stopping.is_set():
                try:
                    self.queue.put((n, message), timeout=0.1)
                    break
                except queue.Full:
                    continue
            if message[0] in self.ENDS:
                return

    def get(self):
        return self.queue.get()


def serve(sink: Database, pipes: list, workers: list, progress, source: Source) -> Outcome:
    """Do what the parts ask until each has finished, or one has met the first error."""
    received = _Received(pipes)
    try:
        return _answer(received, sink, pipes, workers, progress, source)
    finally:
        received.stopping.set()
        # The parts end, and with them the threads reading their pipes (which then read the
        # end of the pipe), before the pipes are closed: a thread still reading a closed
        # pipe would read whatever is next given its number (a database's socket, in a
        # process that goes on).
        _end(workers)
        for thread in received.threads:
            thread.join(timeout=10)


class Changed(BadFile):
    """The file was written over while it was read."""

    def __init__(self):
        super().__init__("it was written over while it was read; nothing of it was imported")


def _lines_read(source: Source, rows: list[tuple]) -> list[tuple]:
    """The rows a part sent, each line's bytes read from the file where the part said they
    are (data given as (offset, length, CRC-32)), with one read of the span they are in."""
    places = [row[5] for row in rows if type(row[5]) is tuple]
    if not places:
        return rows
    begin = min(offset for offset, _size, _crc in places)
    end = max(offset + size for offset, size, _crc in places)
    # The span holds the other parts' lines too: read whole where that is cheap, and
    # line by line where the lines are a small part of a large span.
    whole = end - begin <= max(SPAN, SPARSE * sum(size for _o, size, _c in places))
    data = _pread(source.fd, end - begin, begin) if whole else b""
    read = []
    for row in rows:
        if type(row[5]) is not tuple:
            read.append(row)
            continue
        offset, size, crc = row[5]
        if whole:
            line = data[offset - begin : offset - begin + size]
        else:
            line = _pread(source.fd, size, offset)
        if zlib.crc32(line) != crc:
            raise Changed
        read.append((*row[:5], line))
    return read


SPAN, SPARSE = 64 << 20, 4  # bytes read at once whatever they hold; or this many times theirs


def _pread(fd: int, size: int, offset: int) -> bytes:
    """`size` bytes from `offset`, or Changed (a read gives at most 2 GiB on Linux)."""
    pieces, done = [], 0
    while done < size:
        data = os.pread(fd, min(size - done, 1 << 30), offset + done)
        if not data:
            raise Changed
        pieces.append(data)
        done += len(data)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def _answer(received: _Received, sink: Database, pipes: list, workers: list, progress, source):
    live = set(range(len(pipes)))
    batches = [0] * len(pipes)  # batches each part has finished
    done, errors = {}, {}
    while live:
        n, (kind, *rest) = received.get()
        if kind == "insert_releases":
            sink.insert_releases(_lines_read(source, rest[0]))
        elif kind in _TOLD:
            getattr(sink, kind)(*rest)
        elif kind in _ASKED:
            pipes[n].send(getattr(sink, kind)(*rest))
        elif kind == "read":
            batches[n] = rest[0]
            if progress and n == 0:
                progress(rest[1])
        elif kind == "done" or kind == "error":
            (done if kind == "done" else errors)[n] = rest
            live.discard(n)
        elif kind == "misrouted":
            raise Misrouted
        elif kind == "crash":
            raise RuntimeError(f"importing part {n + 1} failed:\n{rest[0]}")
        else:
            workers[n].join()
            raise Stopped(
                f"the process reading part {n + 1} of it stopped "
                f"(exit code {workers[n].exitcode}); nothing of it was imported"
            )
        if errors:
            message, at = min(errors.values(), key=lambda error: error[1])
            # A part still reading meets errors from its next batch on, at the earliest.
            if all((batches[p] + 1, 0, 0) > at for p in live):
                raise BadFile(message)
    # Each part read the whole file: had it been written over meanwhile, they may have
    # read it otherwise, and a line could have been in one's share and then another's.
    if len({crc for _outcome, _at, crc in done.values()}) > 1:
        raise Changed
    return _together([done[n] for n in range(len(pipes))])


def _together(parts: list) -> Outcome:
    """One outcome of the parts' (which compiled different processes)."""
    outcome = Outcome()
    for part, _at, _crc in parts:
        for name in ("new", "same", "published", "older", "processes", "reordered"):
            setattr(outcome, name, getattr(outcome, name) + getattr(part, name))
    reordered = [(at, part.first_reordered) for part, at, _crc in parts if at is not None]
    if reordered:
        outcome.first_reordered = min(reordered)[1]
    return outcome
