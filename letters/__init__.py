"""letters: turn a YAML complaint case file into the letters that pursue it.

The library API mirrors the command line: :func:`load_case` reads and validates a case
file, :func:`build_context` prepares the view model, :func:`generate` renders and writes
a stage's letters and :func:`case_status` says what is due next.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "__version__",
    "Case",
    "CaseFile",
    "load_case",
    "build_context",
    "generate",
    "render_letters",
    "case_status",
    "check_stage",
    "STAGES",
    "LettersError",
    "CaseFileError",
    "StageError",
    "TemplateError",
    "TemplateNotFoundError",
    "OutputError",
    "OutputExistsError",
]

_LAZY = {
    "Case": "models",
    "CaseFile": "caseio",
    "load_case": "caseio",
    "build_context": "context",
    "generate": "generate",
    "render_letters": "generate",
    "case_status": "stages",
    "check_stage": "stages",
    "STAGES": "stages",
    "LettersError": "errors",
    "CaseFileError": "errors",
    "StageError": "errors",
    "TemplateError": "errors",
    "TemplateNotFoundError": "errors",
    "OutputError": "errors",
    "OutputExistsError": "errors",
}


def __getattr__(name: str) -> Any:
    """Import on first use so that ``import letters`` (and the CLI's start-up) stays cheap."""
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

    return getattr(import_module(f"letters.{module}"), name)
