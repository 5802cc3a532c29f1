"""Every hint and note of the store that names a glute command, option or setting, in one place:
the store itself knows nothing of the CLI, and a renamed command changes one line here."""

from __future__ import annotations

DOCTOR = "run 'glute doctor' to check the store ('glute doctor --repair' backs it up before changing anything)"
FOREIGN = "move it away (or set GLUTE_HOME to another folder); glute makes a new store where there is none"
WRITABLE = "set GLUTE_HOME to a writable folder"
WRITABLE_WITH_SPACE = "set GLUTE_HOME to a writable folder with free space"
CANNOT_OPEN = "check GLUTE_HOME points at a writable folder"
NEWER = "upgrade glute (pip install -U glute); the file was left untouched"
NO_ASSESSMENT = "run 'glute assess' (or 'glute assess --answers FILE'), or try 'glute plan --example'"
LIST_ASSESSMENTS = "list them with: glute history"
START_OVER = "start over with: glute plan --new"
NO_STORE_YET = "no store yet: it is created by the first 'glute assess' or 'glute plan'"
UPGRADED_NEXT = "upgraded to {version} by the next glute command (or --repair)"


def amend_log(date: str) -> str:
    """How to replace the log of `date` (an ISO date)."""
    return f"amend it with: glute log --date {date} --replace ..."
