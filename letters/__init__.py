"""letters: turn a YAML complaint case file into the letters that pursue it.

The library API follows the pipeline and mirrors the command line: :func:`load_case`
reads and validates a case file, :func:`case_status` plans what is due, :func:`build_context`
prepares the view model, :func:`render_letters` renders it in memory, :func:`generate` writes
one stage's letters, :func:`run_batch` many cases, :func:`append_contact` logs a contact,
:func:`validate_case` checks a file and :func:`case_schema` is the case file's JSON Schema.
Nothing here prints; every user-facing error is a :class:`LettersError`.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "__version__",
    "Case",
    "CaseFile",
    "STAGES",
    "load_case",
    "case_status",
    "check_stage",
    "build_context",
    "render_letters",
    "generate",
    "BatchOptions",
    "run_batch",
    "append_contact",
    "validate_case",
    "case_schema",
    "LettersError",
    "CaseFileError",
    "StageError",
    "TemplateError",
    "TemplateNotFoundError",
    "OutputError",
    "OutputExistsError",
    "PdfError",
]

#: public name → the module that defines it (imported on first use).
_LAZY = {
    "Case": "casefile.model",
    "STAGES": "casefile.model",
    "CaseFile": "casefile.load",
    "load_case": "casefile.load",
    "case_status": "plan.stages",
    "check_stage": "plan.stages",
    "build_context": "viewmodel.build",
    "render_letters": "pipeline",
    "generate": "pipeline",
    "validate_case": "pipeline",
    "BatchOptions": "batch",
    "run_batch": "batch",
    "append_contact": "casefile.logbook",
    "case_schema": "casefile.schema",
    "LettersError": "errors",
    "CaseFileError": "errors",
    "StageError": "errors",
    "TemplateError": "errors",
    "TemplateNotFoundError": "errors",
    "OutputError": "errors",
    "OutputExistsError": "errors",
    "PdfError": "errors",
}


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
