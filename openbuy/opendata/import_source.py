"""The file an import reads, opened once, as it was when the import began: a regular file
is read by position up to the size it had then, so every process of an import in parts
reads the same bytes, whatever is appended meanwhile or renamed over it; anything else
(a pipe) is read as a stream, by one process."""

import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .import_reading import BUFFER, BadFile


class _Snapshot(io.RawIOBase):
    """The first `size` bytes of an open file, read with pread: a forked process reading
    it never moves another's position."""

    def __init__(self, fd: int, size: int):
        self.fd, self.size, self.offset = fd, size, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        want = min(len(buffer), self.size - self.offset)
        if want <= 0:
            return 0
        data = os.pread(self.fd, want, self.offset)
        buffer[: len(data)] = data
        self.offset += len(data)
        return len(data)


@dataclass
class Source:
    fd: int
    size: int | None  # None where the file is not a regular file

    @property
    def shareable(self) -> bool:
        return self.size is not None

    def reader(self):
        """A buffered reader of the file from its start (of a stream, from where it is)."""
        if self.size is None:
            return open(self.fd, "rb", closefd=False)
        return io.BufferedReader(_Snapshot(self.fd, self.size), BUFFER)

    def close(self) -> None:
        os.close(self.fd)


def open_source(path: Path) -> Source:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as error:
        raise BadFile(str(error.strerror or error).lower()) from error
    mode = os.fstat(fd).st_mode
    if stat.S_ISDIR(mode):
        os.close(fd)
        raise BadFile("is a directory")
    return Source(fd, os.fstat(fd).st_size if stat.S_ISREG(mode) else None)
