"""``letters init``: a commented example case file to fill in, and the schema editors check it with."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from letters.errors import OutputError, OutputExistsError
from letters.fsio import write_atomic
from letters.locale import _

__all__ = ["EXAMPLES", "SCHEMA_NAME", "Initialised", "example_text", "write_example"]

EXAMPLES = {"zh": "bitpie-zh.yaml", "zh-Hant": "quickpay-zh-hant.yaml", "en": "wallet-en.yaml"}
#: Written beside the case file; its first line points editors (yaml-language-server) at it.
SCHEMA_NAME = "case.schema.json"
#: How each shipped example names itself in its comments.
_SELF_NAME = {"zh": "本文件名", "zh-Hant": "本檔案名", "en": "wallet-en.yaml"}


def example_text(lang: str, name: str | None = None) -> str:
    """The example for ``lang``; with ``name``, its comments name that file and its first line the schema."""
    from letters.paths import shipped_dir

    text = (shipped_dir("examples", "examples") / EXAMPLES[lang]).read_text(encoding="utf-8")
    if name is None:
        return text
    return f"# yaml-language-server: $schema={SCHEMA_NAME}\n" + text.replace(_SELF_NAME[lang], shlex.quote(name))


@dataclass(frozen=True)
class Initialised:
    """What ``init`` wrote: the case file, and the schema beside it (``None`` when one was already there)."""

    case: Path
    schema: Path | None
    schema_kept: Path | None = None


def write_example(path: str | Path, lang: str, *, force: bool = False) -> Initialised:
    """Write the example for ``lang`` and, if absent, the JSON Schema beside it.

    An existing case file is kept unless ``force``; an existing schema file is never replaced.
    """
    from letters.casefile.schema import case_schema_json

    path = Path(path)
    if path.is_dir():
        raise OutputError(path, _("is a folder; give a file name such as my-case.yaml"))
    if path.exists() and not force:
        raise OutputExistsError(path)
    write_atomic(path.absolute(), example_text(lang, str(path)).encode("utf-8"), force=force)
    schema = path.parent / SCHEMA_NAME
    if schema.exists() or schema.is_symlink():
        return Initialised(path, None, schema)
    write_atomic(schema.absolute(), (case_schema_json() + "\n").encode("utf-8"), force=False)
    return Initialised(path, schema)
