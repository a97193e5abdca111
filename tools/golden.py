#!/usr/bin/env python3
"""Golden letters: the .txt of every built-in letter for the example cases, kept in tests/golden/.

Every example case (examples/*.yaml, examples/path/*.yaml and the fuller tests/golden/cases/*.yaml)
is rendered for every stage the case allows, as if today were ON, with the built-in templates
only. tests/templates/test_builtin_golden.py compares them; after changing a letter's wording,
read the difference and regenerate with:

    python tools/golden.py --update

Without --update it lists the letters that differ and exits 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from letters.casefile.load import load_case  # noqa: E402
from letters.casefile.model import STAGES  # noqa: E402
from letters.errors import LettersError  # noqa: E402
from letters.pipeline import render_letters  # noqa: E402
from letters.templating.search import TemplateSearchPath  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
#: The day the golden letters are written on: after every example's last contact.
ON = dt.date(2026, 11, 25)
CASES = ("examples/*.yaml", "examples/path/*.yaml", "tests/golden/cases/*.yaml", "tests/templates/zh_cases/*.yaml")


def case_files() -> list[Path]:
    return sorted(path for pattern in CASES for path in ROOT.glob(pattern))


def golden_letters() -> Iterator[tuple[str, str]]:
    """(name under tests/golden/, letter text) for every example case and every stage it allows."""
    search = TemplateSearchPath.build(use_env=False, use_config=False)
    for path in case_files():
        case_file = load_case(path)
        for stage in STAGES:
            try:
                letter = render_letters(case_file, stage=stage, formats=("txt",), search=search, on=ON)
            except LettersError:  # a stage the case does not allow yet (or any more)
                continue
            yield f"{case_file.case.case_id}/{stage}.txt", letter.files["txt"].decode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite tests/golden/ from the current templates")
    args = parser.parse_args(argv)
    made = dict(golden_letters())
    kept = {str(p.relative_to(GOLDEN)): p for p in GOLDEN.glob("*/*.txt") if p.parent.name != "cases"}
    differ = sorted(n for n in made if n not in kept or kept[n].read_text(encoding="utf-8") != made[n])
    gone = sorted(n for n in kept if n not in made)
    if not args.update:
        for name in differ + gone:
            print(f"differs: tests/golden/{name}")
        return 1 if differ or gone else 0
    for name in gone:
        kept[name].unlink()
    for name in differ:
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(made[name], encoding="utf-8")
        print(f"wrote tests/golden/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
