"""What an export needs beyond the plan and the catalogue (only the calendar uses these today)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...programme import CalendarInfo

DEFAULT_TIME = dt.time(7, 30)
DEFAULT_DURATION = 30


@dataclass(frozen=True)
class Options:
    """`time`: the sessions' start; `duration`: minutes (None: each session's estimate);
    `calendar`: a programme's identity and revision (stable UIDs, SEQUENCE, zone, reminder)."""

    time: dt.time = DEFAULT_TIME
    duration: int | None = None
    calendar: CalendarInfo | None = None
