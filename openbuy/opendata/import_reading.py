"""Reading other publishers' OCDS files as a stream, whatever their size: release packages,
record packages, bare releases, several of them one after another (as OCDS Kit writes and
reads them), or JSON Lines (one release or one package a line); gzipped or not (the magic
bytes tell); UTF-8 unless an encoding is named.

JSON Lines are parsed a line at a time by orjson, which is fast; anything else by ijson's
event stream, one release (or record) built at a time. A file is JSON Lines when its first
line (read up to 64 MiB) is a whole JSON object by itself: a package written over several
lines is not, nor one written on a single line longer than that (read as a stream).

Numbers: orjson reads a decimal fraction as a double, exact for every number of up to 15
significant digits; a line with a longer number is read again by the standard library, its
longer fractions as Decimals, so no amount changes (`parse`). ijson reads fractions as
Decimals. Both are written back alike (`dumps`), so a release reads the same from either
kind of file.
"""

import codecs
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

import ijson
import orjson

from .import_guards import (
    DEEPEST,
    Refused,
    Screened,
    TooDeep,
    check_line_depth,
    screen,
    too_deep,
)

GZIP_MAGIC = b"\x1f\x8b"
BOM = b"\xef\xbb\xbf"
_UTF_16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # and UTF-32's little-endian one begins so
HEAD = 1 << 20  # read at first, to tell JSON Lines from anything else
LONGEST_FIRST_LINE = 64 << 20  # read further while the first line has not ended
BUFFER = 1 << 16
# A number orjson could round has 16 or more digits and points in a row (so may a string:
# then the line is only read more slowly). Bytes.translate finds them ten times faster
# than a regular expression.
_DIGITS = bytes(48 if chr(i) in "0123456789." else 32 for i in range(256))
_LONG = b"0" * 16
_EXACT_DIGITS = 15


SKIPPED: dict = {}  # what a skipped line holds


class BadFile(Exception):
    """What is wrong with a file, and where: one line, without the file's name."""


@dataclass
class Package:
    """A top-level value of the file: a package, or a release by itself."""

    number: int  # its place among the file's top-level values
    kind: str = "release"  # "release", "release package" or "record package"
    meta: dict = field(default_factory=dict)  # its fields other than releases and records

    @property
    def version(self) -> str:
        # Version 1.0 packages have no "version" field.
        return str(self.meta.get("version") or ("1.1" if self.kind == "release" else "1.0"))

    @property
    def publisher(self) -> str:
        publisher = self.meta.get("publisher")
        name = publisher.get("name") if isinstance(publisher, dict) else None
        return name.strip() if isinstance(name, str) else ""


@dataclass(slots=True)
class Item:
    """A release or a record, as read, and where it was."""

    kind: str  # "release" or "record"
    data: dict
    package: Package
    line: int = 0  # its line in a JSON Lines file (0 otherwise)
    index: int = 0  # its place in its package's releases or records (0 for a bare release)
    raw: bytes | None = None  # a bare release's line of JSON Lines, as read
    offset: int = -1  # where raw begins in the file, where its bytes are read as they are

    def where(self, inner: int = 0) -> str:
        """Where it is, for a message: "line 12, release 3", "package 2, record 5, release 1"."""
        parts = []
        if self.line:
            parts.append(f"line {self.line}")
        elif not self.index:
            parts.append(f"value {self.package.number}")
        elif self.package.number > 1:
            parts.append(f"package {self.package.number}")
        if self.index:
            parts.append(f"{self.kind} {self.index}")
        if inner:
            parts.append(f"release {inner}")
        return ", ".join(parts)


def number(value):
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"{value} is not a number JSON can hold")
        # Written as orjson writes the double it would have read, if that is exact.
        if len(value.as_tuple().digits) <= _EXACT_DIGITS:
            return float(value)
        return orjson.Fragment(str(value))
    raise TypeError(f"{type(value).__name__} is not JSON")


def dumps(value) -> bytes:
    """Compact UTF-8 JSON, numbers written alike whichever parser read them."""
    try:
        return orjson.dumps(value, default=number)
    except orjson.JSONEncodeError as error:
        if "64-bit" not in str(error):
            raise
        # orjson writes no integer beyond 64 bits: those are written as Decimals are.
        return orjson.dumps(_wide(value), default=number)


def _wide(value):
    """The value with each integer beyond 64 bits made a Decimal."""
    if type(value) is dict:
        return {key: _wide(item) for key, item in value.items()}
    if type(value) is list:
        return [_wide(item) for item in value]
    if type(value) is int and not -(2**63) <= value < 2**64:
        return Decimal(value)
    return value


def _exact(text: str):
    # A fraction of at most 16 characters has at most 15 digits: a double holds it exactly.
    return float(text) if len(text) <= 16 else Decimal(text)


def parse(data: bytes, long: bool | None = None):
    """One JSON value, every number exact (see the module's docstring). `long`: whether
    it has a run of digits long enough to need the exact parser, where that is known."""
    if long is None:
        long = has_long_run(data)
    return json.loads(data, parse_float=_exact) if long else orjson.loads(data)


def has_long_run(data: bytes) -> bool:
    """A run of 16 digits and points or more: a number orjson could round, or text."""
    return _LONG in data.translate(_DIGITS)


class _Chained(io.RawIOBase):
    """The bytes already read, then the rest of the stream."""

    def __init__(self, head: bytes, rest):
        self.head, self.rest, self.offset = memoryview(head), rest, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            size = min(len(buffer), len(self.head))
            buffer[:size] = self.head[:size]
            self.head = self.head[size:]
        else:
            data = self.rest.read(len(buffer))
            size = len(data)
            buffer[:size] = data
        self.offset += size
        return size


class _Recoded(io.RawIOBase):
    """Text in another encoding, read as UTF-8."""

    def __init__(self, stream, encoding: str):
        self.text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")
        self.encoding, self.pending = encoding, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending:
            try:
                text = self.text.read(BUFFER)
            except UnicodeError as error:
                reason = getattr(error, "reason", str(error))
                raise BadFile(f"not {self.encoding} text ({reason})") from error
            if not text:
                return 0
            self.pending = text.encode("utf-8")
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


@contextmanager
def items(raw, encoding: str | None = None, skip=None) -> Iterator[Iterator[Item]]:
    """The releases and records of a file (`raw`: a buffered binary reader of it, which
    this closes), one at a time, in the order they are written.
    Raises BadFile at the first thing wrong. With `skip` (an ocid's bytes: whether it is
    another's), a line of JSON Lines that begins with an ocid to skip is not read but
    yielded as SKIPPED, and one that begins with another ocid than it has raises Misrouted."""
    with raw:
        try:
            stream = gzip.GzipFile(fileobj=raw) if raw.peek(2)[:2] == GZIP_MAGIC else raw
            if encoding and codecs.lookup(encoding).name != "utf-8":
                stream = _Recoded(stream, encoding)
            # Where a line is in the file: only where the bytes read are the file's.
            plain = stream is raw
            screened = Screened(stream)
            stream = io.BufferedReader(screened, BUFFER)
            head = stream.read(HEAD)
            # A line of JSON Lines may be a package of thousands of releases.
            while b"\n" not in head and len(head) < LONGEST_FIRST_LINE:
                more = stream.read(HEAD)
                if not more:
                    break
                head += more
        except (OSError, EOFError, zlib.error) as error:
            raise _gzip_error(error) from error
        except Refused as error:
            raise BadFile(str(error)) from error
        start = len(head)
        if head[:2] in _UTF_16_BOMS and not encoding:
            raise BadFile(
                "it begins with a UTF-16 byte order mark: name its encoding with "
                "--encoding utf-16 (or utf-32)"
            )
        head = head.removeprefix(BOM)
        if not head.strip():
            yield iter(())
            return
        chained = _Chained(head, stream)
        reader = io.BufferedReader(chained, BUFFER)
        if not _is_json_lines(head):
            try:
                screened.start()
            except Refused as error:
                raise BadFile(str(error)) from error
            yield _guarded(_values(reader, chained))
            return
        # Each line is screened as it is read, and only by the process that reads it: a
        # part of an import skips most lines.
        screened.stop()
        yield _guarded(_lines(reader, skip, start - len(head), plain))


def _gzip_error(error: Exception) -> BadFile:
    if isinstance(error, EOFError):
        return BadFile("the gzip data ends early: is the file truncated?")
    return BadFile(f"broken gzip data ({error})")


def _guarded(found: Iterator[Item]) -> Iterator[Item]:
    try:
        yield from found
    except (OSError, EOFError, zlib.error) as error:
        raise _gzip_error(error) from error
    except Refused as error:
        raise BadFile(str(error)) from error


def _is_json_lines(head: bytes) -> bool:
    for line in head.split(b"\n")[:-1] if b"\n" in head else [head]:
        if line.strip():
            try:
                return isinstance(orjson.loads(line), dict)
            except orjson.JSONDecodeError:
                # A first line that is not UTF-8 is read as a line, so the message says
                # where in it the first wrong byte is.
                return _not_utf8(line) and line.lstrip().startswith(b"{")
    return False


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


class Misrouted(Exception):
    """A line begins with one ocid and has another (a key written twice)."""


_OCID_FIRST = b'{"ocid":"'


def _first_ocid(line: bytes) -> bytes | None:
    """The ocid a line of JSON Lines begins with, if it is written plainly."""
    if not line.startswith(_OCID_FIRST):
        return None
    end = line.find(b'"', len(_OCID_FIRST))
    ocid = line[len(_OCID_FIRST) : end]
    return ocid if end > 0 and b"\\" not in ocid else None


def _lines(reader, skip=None, start: int = 0, plain: bool = False) -> Iterator[Item]:
    """The items of JSON Lines, whose first line begins at byte `start` of the stream;
    where the stream is the file's bytes as they are (`plain`), with each bare release's
    `offset` in it."""
    bare = Package(number=0)  # the package of every bare release: none
    skipped = Item("skipped", SKIPPED, bare)  # one for every line skipped: nothing in it
    offset = start
    for number, line in enumerate(reader, 1):
        at = offset
        offset += len(line)
        if line.isspace():
            continue
        first = _first_ocid(line) if skip else None
        if first is not None and skip(first):
            yield skipped
            continue
        long = has_long_run(line)  # for the screen and the parser alike: found once
        screen(line, at, numbers=long, whole=True)
        try:
            check_line_depth(line, f"line {number}")
            value = parse(line, long)
        except TooDeep as error:
            raise BadFile(str(error)) from error
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            raise BadFile(f"line {number}: {_json_error(line, error)}") from error
        if not isinstance(value, dict):
            raise BadFile(f"line {number}: not a JSON object")
        if "ocid" in value:  # a bare release: the common case, made quickly
            if first is not None and value["ocid"] != first.decode():
                raise Misrouted(number)
            yield Item("release", value, bare, number, 0, line.rstrip(), at if plain else -1)
        else:
            yield from _contents(Package(number=number), value, line=number)


def _json_error(line: bytes, error: Exception) -> str:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as wrong:
        return (
            f"not UTF-8 text (byte 0x{line[wrong.start]:02x} at column {wrong.start + 1}); "
            "name its encoding with --encoding"
        )
    message = str(error)
    if message.startswith("unexpected end of data") or "EOF" in message:
        return "the JSON ends early: is the file truncated?"
    # The parsers count the line as their line 1: only the column says where it is.
    message = _WITHIN_LINE.sub(r"at column \1", message)
    return f"not JSON ({message})"


_WITHIN_LINE = re.compile(r"line 1 column (\d+) \(char \d+\)")


def _contents(package: Package, value: dict, line: int = 0) -> Iterator[Item]:
    """The releases or records of a package read whole (a line of JSON Lines)."""
    if "releases" in value and "records" in value:
        raise BadFile(f"line {line}: {_BOTH}")
    for key, kind in (("releases", "release package"), ("records", "record package")):
        if key in value:
            entries = value.pop(key)
            if not isinstance(entries, list):
                raise BadFile(f"line {line}: its {key} are not an array")
            package.kind, package.meta = kind, value
            for index, entry in enumerate(entries, 1):
                yield _item(package, key, entry, index, line)
            return
    yield _item(package, "", value, 0, line)


def _item(package: Package, key: str, entry, index: int, line: int) -> Item:
    kind = "record" if key == "records" else "release"
    item = Item(kind, entry, package, line, index)
    if not isinstance(entry, dict):
        raise BadFile(f"{item.where()}: not a JSON object")
    if not key and "ocid" not in entry:
        raise BadFile(
            f"{item.where()}: neither a release nor a package (no ocid, releases or records)"
        )
    return item


def _values(reader, chained: _Chained) -> Iterator[Item]:
    """Every top-level value of a stream, each package's releases or records built one
    at a time."""
    events = ijson.basic_parse(reader, multiple_values=True, buf_size=BUFFER)
    try:
        for number, (event, _value) in enumerate(events, 1):
            if event != "start_map":
                raise BadFile(f"value {number}: not a JSON object but {_KINDS.get(event, event)}")
            yield from _top_value(events, Package(number=number))
    except ijson.JSONError as error:
        raise BadFile(_stream_error(error, chained.offset)) from error
    except UnicodeDecodeError as error:
        raise BadFile(
            f"not UTF-8 text, before byte {chained.offset}; name its encoding with --encoding"
        ) from error
    except TooDeep as error:
        raise BadFile(too_deep(f"before byte {chained.offset}")) from error


_BOTH = "both releases and records: a package holds one or the other"
_KINDS = {"start_array": "an array", "string": "a string", "number": "a number"}


def _stream_error(error: Exception, offset: int) -> str:
    message = str(error)
    if "premature EOF" in message or "Incomplete JSON content" in message:
        return f"the JSON ends early, after byte {offset}: is the file truncated?"
    if "invalid bytes in UTF8 string" in message:
        return f"not UTF-8 text, before byte {offset}; name its encoding with --encoding"
    # ijson's C backend gives its message as the repr of bytes: "\\n" is two characters.
    first = re.split(r"\n|\\n", message.strip())[0].removeprefix("b'").rstrip(".")
    return f"not JSON, before byte {offset} ({first})"


def _top_value(events, package: Package) -> Iterator[Item]:
    meta, key, listed = package.meta, "", False
    for event, value in events:
        if event == "map_key":
            key = value
        elif event == "end_map":
            break
        elif key in ("releases", "records") and event == "start_array":
            if listed:
                raise BadFile(f"package {package.number}: {_BOTH}")
            listed = True
            package.kind = "record package" if key == "records" else "release package"
            yield from _entries(events, package, key)
        elif event in ("start_map", "start_array"):
            meta[key] = _build(events, event, DEEPEST - 1)
        else:
            meta[key] = value
    if not listed:
        yield _item(package, "", meta, 0, 0)


def _entries(events, package: Package, key: str) -> Iterator[Item]:
    for index, (event, _value) in enumerate(events, 1):
        if event == "end_array":
            return
        if event != "start_map":
            kind = "record" if key == "records" else "release"
            raise BadFile(f"{Item(kind, {}, package, 0, index).where()}: not a JSON object")
        yield _item(package, key, _build(events, event, DEEPEST - 2), index, 0)


def _build(events, first: str, room: int):
    """The value that `first` started, of at most `room` levels (TooDeep if more), from
    ijson's events up to its end. Built here rather than by ijson's ObjectBuilder: almost
    every event of a file passes through this loop, and one call less an event is a third
    of the time of reading."""
    root = {} if first == "start_map" else []
    stack, top, key = [root], root, None
    for event, value in events:
        if event == "map_key":
            key = value
        elif event == "start_map" or event == "start_array":
            new = {} if event == "start_map" else []
            if type(top) is dict:
                top[key] = new
            else:
                top.append(new)
            stack.append(new)
            top = new
            if len(stack) > room:
                raise TooDeep
        elif event == "end_map" or event == "end_array":
            stack.pop()
            if not stack:
                return root
            top = stack[-1]
        elif type(top) is dict:
            top[key] = value
        else:
            top.append(value)
    return root
