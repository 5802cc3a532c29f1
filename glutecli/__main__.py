"""Console entry point. Answers `--version` before anything heavy is imported."""

from __future__ import annotations

import sys


def _interrupt_later(unraisable: sys.UnraisableHookArgs) -> None:
    # A Ctrl-C that lands in a callback Python runs while importing (a weakref callback of the
    # import lock) cannot propagate: Python would print "Exception ignored ... Traceback" and go
    # on as if no key was pressed. Deliver it again to the main program instead, where it exits
    # 130 as usual: from another thread, as a signal delivered here would land in this hook again.
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        import _thread

        _thread.start_new_thread(_thread.interrupt_main, ())
        return
    sys.__unraisablehook__(unraisable)


def main() -> None:
    sys.unraisablehook = _interrupt_later
    try:
        argv = sys.argv[1:]
        if argv in (["--version"], ["-V"]):
            from . import __version__

            sys.stdout.write(f"glute {__version__}\n")
            return
        from .cli import run

        run(argv)
    except (KeyboardInterrupt, Exception) as err:
        # Ctrl-C while Python is still importing (before the CLI's own handler is in place), or
        # wrapped in another error while a model class is made: no traceback, the usual 130.
        # Nothing can have been written yet. Anything else is not ours to report here.
        from .errors import ExitCode, outcome

        if outcome(err).code is not ExitCode.INTERRUPTED:
            raise
        sys.stderr.write("\n")
        raise SystemExit(ExitCode.INTERRUPTED) from None


if __name__ == "__main__":
    main()
