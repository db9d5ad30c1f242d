"""The file an import reads, opened once, as it was when the import began: a regular file
is read by position up to the size it had then, so every process of an import in parts
reads the same bytes, whatever is appended meanwhile or renamed over it; anything else
(a pipe) is read as a stream, by one process."""

import io
import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path

from .import_reading import BUFFER, BadFile


class _Snapshot(io.RawIOBase):
    """The first `size` bytes of an open file, read with pread: a forked process reading
    it never moves another's position. `crc` is the CRC-32 of what was read, so the
    processes reading one file can tell they read the same bytes."""

    def __init__(self, fd: int, size: int, checked: bool):
        self.fd, self.size, self.offset, self.crc = fd, size, 0, 0 if checked else None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        want = min(len(buffer), self.size - self.offset)
        if want <= 0:
            return 0
        data = os.pread(self.fd, want, self.offset)
        if not data:  # ended before the size it had when the import began
            raise BadFile(
                f"it was cut short while it was read (to {self.offset} bytes of the "
                f"{self.size} it had); nothing of it was imported"
            )
        buffer[: len(data)] = data
        self.offset += len(data)
        if self.crc is not None:
            self.crc = zlib.crc32(data, self.crc)
        return len(data)


@dataclass
class Source:
    fd: int
    size: int | None  # None where the file is not a regular file

    @property
    def shareable(self) -> bool:
        return self.size is not None

    def reader(self, checked: bool = False):
        """A buffered reader of the file from its start (of a stream, from where it is);
        `snapshot` is what it reads a regular file through (`checked`: with its CRC)."""
        if self.size is None:
            return open(self.fd, "rb", closefd=False)
        self.snapshot = _Snapshot(self.fd, self.size, checked)
        return io.BufferedReader(self.snapshot, BUFFER)

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
