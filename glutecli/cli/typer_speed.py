"""A workaround for typer's coercion cost, isolated here: delete this module when typer stops
needing it (tests/test_typer_speed.py fails then, and says so).

typer >= 0.29 builds a pydantic TypeAdapter for every parameter it processes, even one left at its
default, which made every TAB (`glute pl<TAB>`, `glute plan --fo<TAB>`) and every view import
pydantic (+60-80 ms). A default (8, OutputFormat.table), a flag's True/False and any string for a
`str` option need no coercion, nor does a choice or a small whole number typed as text.
Everything else (a list, a value out of range, a typo) still goes through typer's own coercion,
with its messages. This uses typer's private `_coercion` module: on a typer without it (older or
newer), nothing is changed.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, get_args

from .options import check_value

_AS_IS: list[Any] = []  # the pass-through class, made once (or [None] on a typer without the hook)


def _as_is_class() -> Any:
    if _AS_IS:
        return _AS_IS[0]
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:  # pragma: no cover - older or newer typer: keep its behaviour
        _AS_IS.append(None)
        return None

    class _AsIs(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            t = self.annotation
            args = get_args(t)
            if type(None) in args and len(args) == 2:  # X | None
                t = args[0] if args[1] is type(None) else args[1]
            if type(value) is t and (t in (str, bool, int) or issubclass(t, Enum)):
                return value
            if type(value) is str and isinstance(t, type):
                if issubclass(t, Enum) and value in t._value2member_map_:
                    return t(value)
                if t is int and value.isdigit() and len(value) < 10:
                    n, info = int(value), getattr(self, "parameter_info", None)
                    lo, hi = getattr(info, "min", None), getattr(info, "max", None)
                    if (lo is None or n >= lo) and (hi is None or n <= hi):
                        return n
            # Anything else: checked (and told) in glute's words first, then typer's coercion.
            info = getattr(self, "parameter_info", None)
            value = check_value(value, self.annotation, getattr(info, "min", None), getattr(info, "max", None), _name(param))
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)

    _AS_IS.append(_AsIs)
    return _AsIs


def _name(param: Any) -> str:
    """How the user wrote the option: its long name (or the argument's metavar)."""
    opts = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
    return opts[0] if opts else str(getattr(param, "metavar", None) or getattr(param, "name", "value")).upper()


def take_as_is(params: Any) -> None:
    """Give each typer parameter the pass-through coercion, unless it already has one."""
    as_is = _as_is_class()
    if as_is is None:  # pragma: no cover
        return
    for p in params:
        desc = getattr(p, "type_descriptor", None)
        if p is not None and getattr(p, "_runtime_param", False) is None and desc is not None:
            try:
                p._runtime_param = as_is(parameter_info=desc.parameter_info, annotation=desc.annotation)
            except Exception:  # pragma: no cover - a typer that changed its private shape: leave it be
                return


def take_as_is_everywhere(cmd: Any, ctx: Any) -> None:
    """The same for every command under `cmd`, including their --help options."""
    stack = [cmd]
    while stack:
        c = stack.pop()
        stack.extend(getattr(c, "commands", {}).values())
        take_as_is(getattr(c, "params", ()))
        try:
            take_as_is([c.get_help_option(ctx)])  # made (and kept) on first use: make it now
        except Exception:  # pragma: no cover
            pass
