"""What the cog blocks in README.md and docs/cli.md print: real output, with the clock pinned.

`cog -r README.md docs/cli.md docs/rules.md` rewrites them; `cog --check` (in .ci/run) fails when
the code has moved on. Every sample runs the real command in a child process with a fresh,
temporary GLUTE_HOME, `GLUTE_TODAY` set, no colour and a fixed width, so the output depends on
neither the day nor the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import typer
import typer.main
from typer.testing import CliRunner

from glutecli.cli import app

WIDTH = 88  # columns for help and samples: what fits a GitHub code block without wrapping
ROOT = Path(__file__).resolve().parent.parent

# Settings of the person running cog that would leak into the samples.
_CLEARED = ("GLUTE_CATALOGUE", "GLUTE_PROFILE", "GLUTE_DEBUG", "GLUTE_HOME", "GLUTE_TODAY", "FORCE_COLOR", "CLICOLOR_FORCE")


def command_paths() -> list[list[str]]:
    """Every command and subcommand as the words after `glute` (groups before their commands)."""
    out: list[list[str]] = []

    def walk(cmd: Any, path: list[str]) -> None:
        # Duck-typed: recent typer releases carry their own copy of click's classes.
        if hasattr(cmd, "list_commands"):
            ctx = typer.Context(cmd)
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    out.append([*path, name])
                    walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return out


def help_text(path: list[str]) -> str:
    """`glute PATH --help` as printed at WIDTH columns, without colour."""
    env: dict[str, str | None] = dict.fromkeys(_CLEARED)
    env.update({"NO_COLOR": "1", "COLUMNS": str(WIDTH), "TERM": "dumb"})
    result = CliRunner().invoke(app, [*path, "--help"], env=env, terminal_width=WIDTH, prog_name="glute")
    if result.exit_code != 0:
        raise RuntimeError(f"glute {' '.join(path)} --help failed: {result.output}")
    return result.output.rstrip() + "\n"


def cli_reference() -> str:
    """The body of docs/cli.md: `glute --help`, then every command's help, in the CLI's order."""
    parts = ["## glute\n\n```text\n" + help_text([]) + "```\n"]
    for path in command_paths():
        title = " ".join(["glute", *path])
        parts.append(f"## {title}\n\n```text\n{help_text(path)}```\n")
    return "\n".join(parts)


class Sample:
    """A temporary GLUTE_HOME in which commands run as `glute ...` on pinned days."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="glute-docs-")
        self.home = Path(self._dir.name)

    def __enter__(self) -> Sample:
        return self

    def __exit__(self, *exc: object) -> None:
        self._dir.cleanup()

    def write(self, name: str, text: str) -> None:
        """A file the commands can read by `name` (they run in the temporary folder)."""
        (self.home / name).write_text(text, encoding="utf-8")

    def run(self, args: str, *, today: str, stdin: str | None = None, prompt: bool = True, code: int = 0) -> str:
        """Run `glute ARGS` on `today` (YYYY-MM-DD); stdout and stderr as one text. An exit status
        other than `code` stops cog: the prose around a sample says what the command does."""
        env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
        env.update({"GLUTE_HOME": str(self.home / "home"), "GLUTE_TODAY": today, "NO_COLOR": "1", "COLUMNS": str(WIDTH), "TERM": "dumb"})
        proc = subprocess.run(
            [sys.executable, "-m", "glutecli", *args.split()],
            cwd=self.home,
            env=env,
            input=stdin or "",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if proc.returncode != code:
            raise RuntimeError(f"glute {args} (on {today}) exited {proc.returncode}, not {code}:\n{proc.stdout}{proc.stderr}")
        text = (proc.stdout + proc.stderr).rstrip()
        lines = [line.rstrip() for line in text.splitlines()]
        head = [f"$ glute {args}"] if prompt else []
        return "\n".join(head + lines) + "\n"


    def step(
        self, args: str, today: str, note: str, *, keep: str | None = None, until: str | None = None, lines: int | None = None, code: int = 0
    ) -> str:
        """One step of a transcript: `$ glute ARGS   # NOTE`, then the output (from the line
        starting with `keep` up to `until`, or its first `lines` lines; `...` marks a cut)."""
        out = self.run(args, today=today, prompt=False, code=code).rstrip("\n")
        body = out
        if keep is not None:
            body = section(out, keep, until).rstrip("\n")
            if not out.startswith(body):
                body = "...\n" + body
        if lines is not None:
            body = "\n".join(body.splitlines()[:lines])
        return f"{'$ glute ' + args:<43} # {note}\n" + (body + "\n" if body else "")


def block(text: str, lang: str = "text") -> str:
    """`text` as a fenced Markdown block."""
    return f"```{lang}\n{text.rstrip()}\n```\n"


def section(text: str, start: str, stop: str | None = None) -> str:
    """The lines of `text` from the first one starting with `start` up to (not including) the
    first later one starting with `stop`; a sample shows the part the prose talks about."""
    lines = text.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.lstrip().startswith(start))
    end = len(lines)
    if stop is not None:
        end = next((i for i in range(begin + 1, len(lines)) if lines[i].lstrip().startswith(stop)), len(lines))
    return "\n".join(lines[begin:end]).rstrip() + "\n"
