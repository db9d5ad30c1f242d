"""What a file is refused for before a parser sees it, in constant memory: nesting deeper
than any OCDS data needs (ijson builds each event's path, so depth costs memory as its
square; orjson writes no more than 255 levels), numbers of more digits than any amount or
id (ijson's C backend crashes on one of thousands of digits), and escapes of lone UTF-16
surrogates (ijson reads them as "?" or fails, and no database stores them).

A stream of values is screened a buffer at a time (`Screened`, from its first byte once it
is known not to be JSON Lines); JSON Lines a line at a time (`screen`), by the process that
reads the line, as a line another part of an import skips need not be (import_files), and
with their strings told apart, so a run of digits in text is text. Depth is counted from
ijson's events (import_reading's `_build`) or, for a line of JSON Lines, from its brackets
outside strings (`check_line_depth`)."""

import io
import re

DEEPEST = 64  # levels of arrays and objects; OCDS releases need fewer than 20
LONGEST_NUMBER = 100  # digits in a row, outside strings
_DIGITS_ONLY = bytes(48 if chr(i) in "0123456789" else 32 for i in range(256))
_RUN = b"0" * (LONGEST_NUMBER + 1)
_BEFORE_NUMBER = b":,["
# A high surrogate's escape followed by a low one's is a character; anything else is lone.
# The backslashes before "u" are counted: an even number is escaped backslashes, not an escape.
_SURROGATE = re.compile(
    rb"(\\+)u[dD][89abAB][0-9a-fA-F]{2}(\\u[dD][c-fC-F][0-9a-fA-F]{2})?"
    rb"|(\\+)u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_OVERLAP = 16  # bytes kept from one buffer to the next, so no escape or number is cut
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_PAIR = re.compile(rb"\[\]|\{\}")
_BRACKETS = bytes(range(256)).translate(None, b"[]{}")


class TooDeep(ValueError):
    pass


class Refused(ValueError):
    """Raised by Screened; import_reading turns it into a BadFile."""


def too_deep(where: str) -> str:
    return f"{where}: nested deeper than {DEEPEST} levels of arrays and objects"


class Screened(io.RawIOBase):
    """A stream's bytes, refused (Refused) at the first long number or lone surrogate once
    `start()`ed; until then what is read is held back, to be screened by start() (a stream
    of values), or not at all: `stop()` (JSON Lines, screened a line at a time)."""

    def __init__(self, stream):
        self.stream, self.offset, self.tail = stream, 0, b""
        self.held: list[bytes] | None = []  # None once started or stopped
        self.screening = self.ended = False

    def readable(self) -> bool:
        return True

    def start(self) -> None:
        held, self.held, self.screening = b"".join(self.held or ()), None, True
        screen(held, 0, final=self.ended)
        self.tail = _tail(held)

    def stop(self) -> None:
        self.held = None

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        if self.screening:
            joined = self.tail + data
            screen(joined, self.offset - len(self.tail), final=not size)
            self.tail = _tail(joined)
        elif self.held is not None:
            self.held.append(data)
            self.ended = not size
        self.offset += size
        return size


def _tail(data: bytes) -> bytes:
    """The end of a buffer, screened again with the next: an escape or a number cut at the
    edge, with the whole run of backslashes or digits it ends (their count matters), and
    what comes before that run (which tells a number from text)."""
    start = max(0, len(data) - _OVERLAP)
    before = data[:start]
    start -= len(before) - len(before.rstrip(b"0123456789\\"))
    return data[max(0, start - _OVERLAP) :]


def screen(
    data: bytes, start: int, *, final: bool = True, numbers: bool = True, whole: bool = False
) -> None:
    """Raise Refused at the first long number (unless `numbers` is false: the caller knows
    there is no run of digits long enough) or lone surrogate escape in `data`, which begins
    at byte `start` of the stream; with `final` false, more follows it. `whole`: data is a
    whole JSON text (a line), whose strings can be told, so digits in them are text."""
    if numbers and _RUN in data.translate(_DIGITS_ONLY):
        _numbers(_STRING.sub(_blank, data) if whole else data, start)
    if b"\\u" in data:
        for found in _SURROGATE.finditer(data):
            slashes = found.group(1) or found.group(3)
            lone = found.group(3) is not None or found.group(2) is None
            # A high surrogate at the buffer's end may find its low one in the next.
            cut = not final and found.end() > len(data) - _OVERLAP
            if len(slashes) % 2 and lone and not cut:
                raise Refused(
                    f"a lone UTF-16 surrogate escape ({found.group(0)[-6:].decode()}), "
                    f"at byte {start + found.start() + len(slashes)}: not text"
                )


def _blank(string: re.Match) -> bytes:
    return b'"' + b" " * (len(string.group()) - 2) + b'"'  # as long: offsets stay right


def _numbers(data: bytes, start: int) -> None:
    digits = data.translate(_DIGITS_ONLY)
    at = digits.find(_RUN)
    while at >= 0:
        begin = at
        while begin and digits[begin - 1] == 48:
            begin -= 1
        # A run of digits in a string is text; one after ":", "," or "[" is a number.
        before = data[:begin].rstrip().removesuffix(b"-").rstrip()[-1:]
        if not before or before in _BEFORE_NUMBER:
            raise Refused(f"a number of more than {LONGEST_NUMBER} digits, at byte {start + begin}")
        end = digits.find(b" ", at)
        at = -1 if end < 0 else digits.find(_RUN, end)


def check_line_depth(line: bytes, where: str) -> None:
    """Raise TooDeep if a line of JSON nests deeper than DEEPEST (a malformed line is
    left to the parser to describe)."""
    if line.count(b"[") + line.count(b"{") <= DEEPEST:
        return  # most lines: there are not enough brackets
    brackets = _STRING.sub(b"", line).translate(None, _BRACKETS)
    for _level in range(DEEPEST):
        brackets, pairs = _PAIR.subn(b"", brackets)
        if not brackets or not pairs:
            return
    raise TooDeep(too_deep(where))
