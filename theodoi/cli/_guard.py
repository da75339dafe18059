"""The CLI's error edge: every failure becomes one line on stderr and an exit code, never a traceback.

- :class:`~theodoi.errors.TheodoiError` → ``theodoi: path: message``, exit :attr:`~TheodoiError.exit_code`
  (2 for unreadable input);
- anything else → ``theodoi: lỗi nội bộ (internal error): ...``, exit :data:`INTERNAL_EXIT`;
  ``--debug`` or ``THEODOI_DEBUG=1`` also prints the traceback.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from theodoi.errors import TheodoiError

INTERNAL_EXIT = 70  # EX_SOFTWARE
P = ParamSpec("P")
R = TypeVar("R")

_debug = False


class UsageProblem(TheodoiError):
    """The options given do not make sense together (exit code 2, like a usage error)."""

    code = "usage"
    exit_code = 2


def set_debug(flag: bool) -> None:
    global _debug
    _debug = flag


def debugging() -> bool:
    return _debug or os.environ.get("THEODOI_DEBUG", "") not in ("", "0")


def one_line(text: str) -> str:
    return " ".join(text.split())


def error_line(exc: BaseException, path: str | None = None) -> str:
    """The one line that reports ``exc`` (with ``path`` when the error does not name one)."""
    if isinstance(exc, TheodoiError):
        where = exc.path or path
        message = f"{where}: {exc.message}" if where else exc.message
    else:
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        message = f"lỗi nội bộ (internal error): {detail}"
        message = f"{path}: {message}" if path else message
    return "theodoi: " + one_line(message)


def exit_code(exc: BaseException) -> int:
    return exc.exit_code if isinstance(exc, TheodoiError) else INTERNAL_EXIT


def traceback_text(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)).rstrip("\n")


def report(exc: BaseException, path: str | None = None) -> int:
    """Print ``exc`` as one line on stderr (and its traceback when debugging); return its exit code."""
    if debugging() and not isinstance(exc, TheodoiError):
        traceback.print_exception(exc, file=sys.stderr)
    sys.stderr.write(error_line(exc, path) + "\n")
    sys.stderr.flush()
    return exit_code(exc)


def is_passthrough(exc: BaseException) -> bool:
    """Exceptions the command-line framework handles itself (exit, abort, usage, broken pipe)."""
    return isinstance(exc, typer.Exit | typer.Abort | BrokenPipeError) or type(exc).__module__.startswith(
        ("typer.", "click.")
    )


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Decorate a command so that its errors are reported by :func:`report`."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except Exception as exc:
            if is_passthrough(exc):
                raise
            raise typer.Exit(report(exc)) from None

    return wrapper
