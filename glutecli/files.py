"""Reading and writing whole text files safely: size limits, clear errors, atomic replacement."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError

# Refuse big inputs before reading them: an answer file is ~1 KB, the built-in catalogue ~70 KB,
# a 10,000-exercise user catalogue ~12 MB (22 MB with stick figures).
MAX_BYTES = 32 * 1024 * 1024


def read_text(path: str | Path, *, what: str = "file") -> str:
    """Read a UTF-8 text file with clear errors for every way a path can be wrong."""
    if str(path) == "-":
        import sys

        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        name = "<stdin>"
    else:
        if not str(path).strip():
            raise InputError(f"no {what} name given (an empty path)", hint="give a file name, or - for stdin")
        p = Path(path)
        name = str(path)
        try:
            st = p.stat()
        except FileNotFoundError:
            raise InputError(f"{name}: no such {what}", hint="check the path") from None
        except OSError as e:  # symlink loops, permission denied, name too long
            raise InputError(f"{name}: cannot open {what}: {e.strerror or e}") from None
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{name}: is a directory, expected a {what}")
        if not stat.S_ISREG(st.st_mode):
            # A FIFO with no writer would block for ever, a device may never end: regular files only.
            raise InputError(f"{name}: is not a regular file (a FIFO, a device or a socket), expected a {what}", hint="to read from a pipe, give - and pipe it to stdin")
        if st.st_size > MAX_BYTES:
            raise InputError(f"{name}: {st.st_size // (1024 * 1024)} MB is too large (limit {MAX_BYTES // (1024 * 1024)} MB)")
        try:
            with open(p, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as e:
            raise InputError(f"{name}: cannot read {what}: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: too large (limit {MAX_BYTES // (1024 * 1024)} MB)")
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file, expected YAML or JSON text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not valid UTF-8 text (byte 0x{data[e.start]:02x})", hint="save the file as UTF-8") from None
    return text


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temp file + fsync + rename so a crash never leaves a half-written file.

    The temp file is made by `tempfile.mkstemp` (O_CREAT|O_EXCL, an unpredictable name, mode 0600)
    in the target's folder: another user of a shared folder cannot plant a symlink for it to follow.
    The result is 0600 (health data), or keeps the mode of the regular file it replaces.
    """
    import tempfile

    from .errors import StoreError

    path = Path(path)
    try:
        st = os.stat(path)
        mode = stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else 0o600
    except OSError:
        mode = 0o600
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            if hasattr(os, "fchmod"):  # (not on Windows: ACLs, not modes)
                os.fchmod(fh.fileno(), mode)
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        import errno

        if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
            why = "the disk is full"
        elif e.errno == errno.EROFS:
            why = f"cannot write to {path.parent}: the folder is read-only"
        elif e.errno in (errno.EACCES, errno.EPERM):
            why = f"cannot write to {path.parent}: permission denied"
        else:
            why = f"cannot write: {e.strerror or e}"
        raise StoreError(f"{path}: {why}; the file was not written", hint="check that the folder exists, is writable and the disk is not full") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
