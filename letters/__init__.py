"""letters: turn a YAML complaint case file into the letters that pursue it.

The library API follows the pipeline and mirrors the command line: :func:`load_case`
reads and validates a case file, :func:`case_status` plans what is due, :func:`build_context`
prepares the view model, :func:`render_letters` renders it in memory, :func:`generate` writes
one stage's letters, :func:`run_batch` many cases, :func:`append_contact` logs a contact,
:func:`validate_case` checks a file and :func:`case_schema` is the case file's JSON Schema.
What they return is exported too (:class:`Letter`, :class:`Written`, :class:`Validation`,
:class:`CaseStatus`, :class:`BatchSummary`, :class:`CaseResult`, :class:`ViewModel`).
Nothing here prints; every user-facing error is a :class:`LettersError`, and every error
class is exported (the list is ``letters.errors.__all__``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# The errors module is small and every use of the library needs it: imported now, so its
# ``__all__`` is the one list of error names, here as there.
from letters import errors as _errors

if TYPE_CHECKING:  # what a type checker sees; at run time the table below imports on first use
    __version__: str
    from letters.batch import BatchOptions as BatchOptions
    from letters.batch import BatchSummary as BatchSummary
    from letters.batch import CaseResult as CaseResult
    from letters.batch import run_batch as run_batch
    from letters.casefile.load import CaseFile as CaseFile
    from letters.casefile.load import load_case as load_case
    from letters.casefile.logbook import append_contact as append_contact
    from letters.casefile.model import STAGES as STAGES
    from letters.casefile.model import Case as Case
    from letters.casefile.schema import case_schema as case_schema
    from letters.errors import *  # noqa: F403 - the error classes, named once in letters.errors.__all__
    from letters.pipeline import Letter as Letter
    from letters.pipeline import Validation as Validation
    from letters.pipeline import Written as Written
    from letters.pipeline import generate as generate
    from letters.pipeline import render_letters as render_letters
    from letters.pipeline import validate_case as validate_case
    from letters.plan.stages import CaseStatus as CaseStatus
    from letters.plan.stages import case_status as case_status
    from letters.plan.stages import check_stage as check_stage
    from letters.viewmodel.build import build_context as build_context
    from letters.viewmodel.types import ViewModel as ViewModel

#: public name → the module that defines it (imported on first use).
_LAZY = {
    "Case": "casefile.model",
    "STAGES": "casefile.model",
    "CaseFile": "casefile.load",
    "load_case": "casefile.load",
    "CaseStatus": "plan.stages",
    "case_status": "plan.stages",
    "check_stage": "plan.stages",
    "ViewModel": "viewmodel.types",
    "build_context": "viewmodel.build",
    "Letter": "pipeline",
    "Written": "pipeline",
    "Validation": "pipeline",
    "render_letters": "pipeline",
    "generate": "pipeline",
    "validate_case": "pipeline",
    "BatchOptions": "batch",
    "BatchSummary": "batch",
    "CaseResult": "batch",
    "run_batch": "batch",
    "append_contact": "casefile.logbook",
    "case_schema": "casefile.schema",
    **dict.fromkeys(_errors.__all__, "errors"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import on first use so that ``import letters`` (and the CLI's start-up) stays cheap.

    The value is stored as a module attribute, so later look-ups skip this function and no
    submodule import can replace a public name (every public name differs from every
    submodule's name).
    """
    if name == "__version__":  # importlib.metadata alone costs more than a letter
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("letters")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0.0.0"
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'letters' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"letters.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
