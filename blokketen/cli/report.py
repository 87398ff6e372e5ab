"""How a ``blokketen`` command ends: the one place that turns errors into one-line messages
and every outcome into an exit code.

Command handlers raise :class:`~blokketen.BlokketenError` for anything that went wrong and
never print errors or pick exit codes themselves. They return None when done, or a
:class:`Verdict` when their answer is a judgement (a diploma that is not valid, a scenario
that does not match, an import that left records out): a result, not an error.

Exit codes, the same for every command:

- 0 (:data:`EXIT_DONE`): done; a verdict that is ok.
- 1 (:data:`EXIT_FAILED`): refused or failed on chain (a revert, a node that stopped
  answering, a receipt that did not come), so something may have been sent and a re-run
  resumes; a verdict that is not ok.
- 2 (:data:`EXIT_BAD_INPUT`): nothing was done, because of the input or the setup (a bad
  argument, a compile error, no node at the URL, a wrong key or password, a stale manifest).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from blokketen._exceptions import (
    BadRowsError,
    BlokketenError,
    ChainError,
    CompileError,
    ConfigurationError,
    ContractRevert,
    InputError,
    NoNodeAtUrl,
)

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_DONE",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "Handler",
    "Verdict",
    "exit_code",
    "report",
    "run_command",
]

EXIT_DONE = 0
"""Done; a verdict that is ok."""
EXIT_FAILED = 1
"""Refused or failed on chain (something may have been sent); a verdict that is not ok."""
EXIT_BAD_INPUT = 2
"""Nothing was done, because of the input or the setup."""
EXIT_INTERRUPTED = 130
"""Ctrl-C."""


@dataclass(frozen=True)
class Verdict:
    """A command's answer that is a judgement, not an error: ``ok`` exits 0, otherwise 1."""

    ok: bool


Handler = Callable[[argparse.Namespace], Verdict | None]
"""What a command runs: None when done, a :class:`Verdict` when it judges something."""


def exit_code(outcome: Verdict | None) -> int:
    """The exit code of a handler's return value."""
    return EXIT_DONE if outcome is None or outcome.ok else EXIT_FAILED


def run_command(args: argparse.Namespace) -> int:
    """Run the handler that the parser chose (``args.func``) and end it as above."""
    handler: Handler = args.func
    try:
        return exit_code(handler(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BlokketenError as err:
        return report(err)


def report(err: BlokketenError, *, out: TextIO | None = None) -> int:
    """Print ``err`` on stderr (one line, naming the field where there is one; then a line
    per note added to it) and return its exit code."""
    stream = out or sys.stderr
    code = _code(err)
    for text in _lines(err):
        print(text, file=stream)
    for note in getattr(err, "__notes__", ()):
        print(f"note: {note}", file=stream)
    return code


def _code(err: BlokketenError) -> int:
    if isinstance(err, ContractRevert):
        return EXIT_FAILED
    if isinstance(err, ChainError) and not isinstance(err, NoNodeAtUrl):
        return EXIT_FAILED
    return EXIT_BAD_INPUT


def _lines(err: BlokketenError) -> list[str]:
    if isinstance(err, CompileError):
        return [f"compile error:\n{err}"]  # solc's own report, with file and line
    if isinstance(err, BadRowsError):  # every bad row, then one summary line
        where = f"{err.source}:" if err.source else "line "
        rows = len({p.line for p in err.problems})
        return [*(f"{where}{p.line}: {p.field}: {p.problem}" for p in err.problems),
                f"error: {len(err.problems)} problem(s) in {rows} row(s); nothing was sent"]
    if isinstance(err, ContractRevert):
        return [f"reverted: {err}"]
    if isinstance(err, InputError | ConfigurationError):
        return [f"error: {err}"]
    return [f"error: ({type(err).__name__}) {err}"]
