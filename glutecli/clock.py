"""The one place glute reads the clock.

The core never asks for the time: commands read it here once and pass `today` down as a value.
`GLUTE_TODAY=YYYY-MM-DD` pins "today" for the whole process; it is a testing aid (golden files,
whole programmes played out on a fixed calendar), documented in the README.
"""

from __future__ import annotations

import datetime as dt
import os

ENV = "GLUTE_TODAY"


def now() -> dt.datetime:
    """The current instant in UTC; its date follows GLUTE_TODAY when that is set."""
    real = dt.datetime.now(dt.UTC)
    pinned = _pinned()
    if pinned is None:
        return real
    # Keep the local time of day, so successive writes still order, on the pinned local date.
    local = real.astimezone()
    return local.replace(year=pinned.year, month=pinned.month, day=pinned.day).astimezone(dt.UTC)


def today() -> dt.date:
    """Today's local date (GLUTE_TODAY when set)."""
    pinned = _pinned()
    return pinned if pinned is not None else now().astimezone().date()


def _pinned() -> dt.date | None:
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        from .errors import InputError

        raise InputError(f"{ENV}={value!r}: not a date", hint=f"write it as YYYY-MM-DD, e.g. {ENV}=2026-11-23, or unset it") from None
