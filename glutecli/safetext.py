"""Text from a file or the user, made safe to show in a terminal (no third-party imports).

Catalogue names, cues, an answer file's name, a log note, a file name in an error message: any
of them may hold an ESC sequence (OSC 52 writes the clipboard, OSC 8 makes links, CSI clears the
screen), a bare CR that overwrites the line, a C1 control, or a bidi override that shows text in
another order than it is stored. `safe()` shows each such character visibly escaped (`\\x1b`,
`\\u202e`): the text stays readable and nothing is interpreted by the terminal.
"""

from __future__ import annotations

import re

# C0 controls (TAB and LF are decided per call), DEL, C1 controls; then format characters that
# change what a terminal shows: bidi embeddings/overrides/isolates and marks, zero-width
# characters, the BOM, line/paragraph separators and the interlinear annotation controls.
_ALWAYS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
_PATTERNS = {
    (False, False): re.compile(f"[{_ALWAYS}\t\n]"),
    (True, False): re.compile(f"[{_ALWAYS}\t]"),
    (False, True): re.compile(f"[{_ALWAYS}\n]"),
    (True, True): re.compile(f"[{_ALWAYS}]"),
}


def escape_char(ch: str) -> str:
    """`\\x1b`, `\\u202e`, `\\U0001f600`: the code point, as Python would write it."""
    n = ord(ch)
    if n < 0x100:
        return f"\\x{n:02x}"
    if n < 0x10000:
        return f"\\u{n:04x}"
    return f"\\U{n:08x}"


def safe(text: object, *, newlines: bool = False, tabs: bool = False) -> str:
    """`text` with every control or invisible formatting character shown escaped.

    `newlines=True` keeps LF where a multi-line text is legitimate (a CR is always escaped: a bare
    CR rewrites the line already shown); `tabs=True` keeps TAB.
    """
    s = text if isinstance(text, str) else str(text)
    pattern = _PATTERNS[(newlines, tabs)]
    if pattern.search(s) is None:
        return s
    return pattern.sub(lambda m: escape_char(m.group()), s)


def is_safe(text: str, *, newlines: bool = False) -> bool:
    """True when `safe()` would leave `text` unchanged."""
    return _PATTERNS[(newlines, False)].search(text) is None


def quote(text: object) -> str:
    """A value echoed in a message: single-quoted, on one line, escaped (`'a\\x1bb'`)."""
    return "'" + safe(text).replace("'", "\\'") + "'"


def safe_json(text: str) -> str:
    """JSON text for a terminal: the same characters escaped as JSON escapes (`\\u202e`), so the
    document still parses to the same data. JSON already escapes C0 controls inside strings."""
    pattern = _PATTERNS[(True, True)]
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
