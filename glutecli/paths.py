"""Where glute keeps things: the bundled catalogue, the data directory, the cache directory."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError, StoreError

PACKAGE_DIR = Path(__file__).parent


def bundled_catalogue() -> Path:
    """The catalogue shipped in the wheel, or data/exercises.yaml of a source checkout."""
    inside = PACKAGE_DIR / "data" / "exercises.yaml"
    if inside.is_file():
        return inside
    return PACKAGE_DIR.parent / "data" / "exercises.yaml"


def data_dir(create: bool = True) -> Path:
    """GLUTE_HOME if set, else the platform's user data directory."""
    env = os.environ.get("GLUTE_HOME")
    if env is not None:
        if not env.strip():
            raise StoreError("GLUTE_HOME is set but empty", hint="unset it or point it at a folder, e.g. export GLUTE_HOME=~/.glute")
        path = Path(env).expanduser().absolute()  # a relative GLUTE_HOME means the same folder everywhere below
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("glute", appauthor=False))
    if path.exists() and not path.is_dir():
        raise StoreError(f"GLUTE_HOME={path} is a file, not a folder", hint="point GLUTE_HOME at a folder (it is created if missing)")
    if create:
        try:
            if not path.is_dir():
                # Health data: the folder glute makes is its owner's only (0700 whatever the umask).
                path.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(path, 0o700)
        except OSError as e:
            raise StoreError(f"cannot create data folder {path}: {e.strerror or e}", hint="set GLUTE_HOME to a writable folder") from None
        if env is None:
            _private_folder(path)
    return path


def _private_folder(path: Path) -> None:
    """The platform data folder is glute's own: an older glute made it 0755; take group and other
    permissions off (a GLUTE_HOME someone chose is left as it is)."""
    import stat

    try:
        st = path.stat()
        if hasattr(os, "getuid") and st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(path, stat.S_IMODE(st.st_mode) & 0o700)
    except OSError:
        pass


def cache_dir() -> Path | None:
    """A cache folder, or None when there is none we may write (caching is then skipped)."""
    env = os.environ.get("GLUTE_CACHE_DIR")
    if env:
        return Path(env)
    home = os.environ.get("GLUTE_HOME")
    if home:
        return Path(home) / "cache"
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("glute", appauthor=False))
    except Exception:  # pragma: no cover - caching is an optimisation only
        return None


def catalogue_key(path: Path | None) -> str:
    """Identifies a catalogue file's content for caches: its path, size and modification time."""
    if path is None:
        return "<given>"
    try:
        st = path.stat()
    except OSError:
        return str(path)
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def system_zone() -> str | None:
    """The system's IANA time zone name (TZ, /etc/timezone or /etc/localtime), or None."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text("utf-8").strip())
    except OSError:
        pass
    try:
        link = os.readlink("/etc/localtime")
        if "zoneinfo/" in link:
            candidates.append(link.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if (name and "/" in name) or name in ("UTC", "GMT"):
            try:
                from zoneinfo import ZoneInfo

                ZoneInfo(name)
                return name
            except (ValueError, OSError, KeyError):
                continue
    return None


def catalogue_path(option: str | None) -> Path:
    """--catalogue wins, then GLUTE_CATALOGUE, then the bundled catalogue."""
    chosen = option or os.environ.get("GLUTE_CATALOGUE") or None
    if chosen:
        return Path(chosen)
    path = bundled_catalogue()
    if not path.is_file():
        raise InputError(f"bundled catalogue not found at {path}", hint="reinstall glute: pip install --force-reinstall glute")
    return path
