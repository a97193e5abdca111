"""``letters init``: a commented example case file to fill in."""

from __future__ import annotations

from pathlib import Path

from letters.errors import OutputError, OutputExistsError
from letters.output import write_atomic

__all__ = ["example_text", "write_example", "EXAMPLES"]

EXAMPLES = {"zh": "bitpie-zh.yaml", "en": "wallet-en.yaml"}


def example_text(lang: str) -> str:
    from letters.paths import shipped_dir

    return (shipped_dir("examples", "examples") / EXAMPLES[lang]).read_text(encoding="utf-8")


def write_example(path: str | Path, lang: str, *, force: bool = False) -> Path:
    """Write the example for ``lang``; an existing file is kept unless ``force``."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(path, "is a folder; give a file name such as my-case.yaml")
    if path.exists() and not force:
        raise OutputExistsError(path)
    write_atomic(path.absolute(), example_text(lang).encode("utf-8"), force=force)
    return path
