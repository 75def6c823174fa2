"""The command line's plain arguments converted without pydantic (issue 16: ingest's fixed cost).

Typer 0.2x converts every parameter's value through a pydantic ``TypeAdapter`` built when the command runs:
importing pydantic and building the adapters of ``vnplan ingest``'s options cost the main process ~0.06 CPU-s
on every run (measured alone, 5 runs each: 0.155 -> 0.095 CPU-s from the command line's import to the command's
first line), before the fork server even starts. Most values
need no conversion at all: a string option's string, a digit string for an integer option, an enum option's
default member. :func:`install` gives Typer's parameters a conversion that handles exactly those cases, with
Typer's own helpers where it has them (choices, paths given as paths), and hands every other value (a malformed
or out-of-range number, a path given as text, a date, a custom parser, a file) to Typer's own pydantic
conversion, built then: values and error messages are Typer's own in every case. A Typer without this
mechanism (before 0.2x, or a later one that changed it) is left alone.
"""

from __future__ import annotations

import dataclasses
import re
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

# An integer as pydantic reads it and Python's int() gives the same: canonical ASCII digits, nothing else
# (signs, spaces, underscores and leading zeros go to Typer's own conversion).
_PLAIN_INT = re.compile(r"0|[1-9][0-9]*")
_NOT_PLAIN = object()


def plain_value(annotation: Any, info: Any, value: Any, ctx: Any = None, param: Any = None) -> Any:
    """The value Typer's conversion gives ``value`` for a parameter annotated ``annotation`` (with Typer's
    ``ParameterInfo`` ``info``), when it can be had without pydantic; else ``_NOT_PLAIN``. Follows the order
    of ``typer._adapters.build_adapter``/``build_leaf_adapter``."""
    if getattr(info, "parser", None) is not None:
        return _NOT_PLAIN
    if get_origin(annotation) is list:
        args = get_args(annotation)
        if len(args) != 1 or not isinstance(value, (list, tuple)):
            return _NOT_PLAIN
        items = [plain_value(args[0], info, item, ctx, param) for item in value]
        return _NOT_PLAIN if any(i is _NOT_PLAIN for i in items) else items
    if get_origin(annotation) is not None:
        return _NOT_PLAIN
    from typer._param_types import coerce_cli_choice, routes_to_path

    if isinstance(annotation, type) and issubclass(annotation, Enum):
        try:
            return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
        except Exception:  # Typer's conversion says what is wrong
            return _NOT_PLAIN
    if annotation is int:
        if type(value) is int:
            number = value
        elif type(value) is str and _PLAIN_INT.fullmatch(value):
            number = int(value)
        else:
            return _NOT_PLAIN
        low, high = getattr(info, "min", None), getattr(info, "max", None)
        if (low is not None and number < low) or (high is not None and number > high):
            return _NOT_PLAIN  # an error, or clamped: Typer's own
        return number
    if annotation is str:
        return value if type(value) is str else _NOT_PLAIN
    if isinstance(annotation, type) and issubclass(annotation, Path):
        if not routes_to_path(annotation, info):
            return _NOT_PLAIN
        path_type = getattr(info, "path_type", None) or annotation
        if not (isinstance(path_type, type) and isinstance(value, path_type)):
            return _NOT_PLAIN  # text to a Path: Typer reads it with pydantic
        from typer._param_types import coerce_cli_path

        try:
            return coerce_cli_path(value, info, path_type=path_type, param=param, ctx=ctx)
        except Exception:
            return _NOT_PLAIN
    return _NOT_PLAIN


def install() -> bool:
    """Make Typer's parameters convert plain values without pydantic (see the module's doc); True when
    installed (or already), False for a Typer without pydantic conversion."""
    try:
        from typer import _coercion
        from typer.core import _TyperParameter
    except ImportError:
        return False
    own = getattr(_TyperParameter, "get_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    build = getattr(_coercion, "build_runtime_param", None)
    if own is None or base is None or build is None or not dataclasses.is_dataclass(base):
        return False
    if getattr(own, "_vnplan_plain", False):
        return True

    @dataclasses.dataclass(frozen=True)
    class PlainRuntimeParam(base):  # type: ignore[misc, valid-type]
        descriptor: Any = None

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            out = plain_value(self.annotation, self.parameter_info, value, ctx, param)
            if out is not _NOT_PLAIN:
                return out
            return build(self.descriptor)._coerce_value(value, param=param, ctx=ctx)

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            d = self.type_descriptor
            if getattr(d, "file_annotation", None) is None:
                self._runtime_param = PlainRuntimeParam(
                    parameter_info=d.parameter_info, annotation=d.annotation, descriptor=d
                )
        return own(self)

    get_runtime_param._vnplan_plain = True  # type: ignore[attr-defined]
    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
    return True
