"""Console entry point. Answers `--version` before anything heavy is imported."""

from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    if argv in (["--version"], ["-V"]):
        from . import __version__

        sys.stdout.write(f"glute {__version__}\n")
        return
    from .cli import run

    run(argv)


if __name__ == "__main__":
    main()
