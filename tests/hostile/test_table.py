"""docs/hostile-inputs.md is the hostile tests' own list of inputs: same ids, same words.

Regenerate it after changing a ROWS list: ``python -m tests.hostile.test_table``.
"""

from __future__ import annotations

from tests.builders import ROOT
from tests.hostile import (
    test_concurrency,
    test_crashes,
    test_disk,
    test_environment,
    test_faults,
    test_headers,
    test_inputs,
    test_interview,
    test_library,
    test_limits,
    test_manifests,
    test_model_limits,
    test_names,
    test_packages,
    test_paths,
    test_record,
    test_special_files,
    test_templates,
    test_terminal,
    test_values,
    test_yaml,
)

DOC = ROOT / "docs" / "hostile-inputs.md"
FAMILIES = [
    ("YAML and encodings", "tests/hostile/test_yaml.py", test_yaml.ROWS),
    ("Values", "tests/hostile/test_values.py", test_values.ROWS),
    ("Paths", "tests/hostile/test_paths.py", test_paths.ROWS),
    ("Templates", "tests/hostile/test_templates.py", test_templates.ROWS),
    ("Faults", "tests/hostile/test_faults.py", test_faults.ROWS),
    ("E-mail headers", "tests/hostile/test_headers.py", test_headers.ROWS),
    ("Names that are not UTF-8", "tests/hostile/test_names.py", test_names.ROWS),
    ("Special files", "tests/hostile/test_special_files.py", test_special_files.ROWS),
    ("Outputs never over inputs", "tests/hostile/test_inputs.py", test_inputs.ROWS),
    ("Batch manifests", "tests/hostile/test_manifests.py", test_manifests.ROWS),
    ("Template resource limits", "tests/hostile/test_limits.py", test_limits.ROWS),
    (".docx packages", "tests/hostile/test_packages.py", test_packages.ROWS),
    ("Full disks", "tests/hostile/test_disk.py", test_disk.ROWS),
    ("Concurrent runs", "tests/hostile/test_concurrency.py", test_concurrency.ROWS),
    ("The process environment", "tests/hostile/test_environment.py", test_environment.ROWS),
    ("Values at the documented limits", "tests/hostile/test_model_limits.py", test_model_limits.ROWS),
    ("What reaches the terminal", "tests/hostile/test_terminal.py", test_terminal.ROWS),
    ("Library calls", "tests/hostile/test_library.py", test_library.ROWS),
    ("What is logged", "tests/hostile/test_record.py", test_record.ROWS),
    ("What used to be a traceback", "tests/hostile/test_crashes.py", test_crashes.ROWS),
    ("The interview, going back", "tests/hostile/test_interview.py", test_interview.ROWS),
]

INTRO = """# Hostile inputs: what letters does with them

Every row is an input someone tried on purpose, with the test id that tries it again on
every run. "What the user gets" is the `Error:` line (after `path:line: field:`), exit 1,
unless it says otherwise; in every refused case no letter is written, no temporary file is
left and no file of the user's changes. Property-based tests (tests/test_fuzz.py) add
arbitrary Unicode text in valid cases and random damage to case files (deleted, duplicated
and retyped keys, changed values, flipped bits, truncation): every run ends in exit 0 or
`Error:` lines with exit 1, never a traceback. Each family below has its own
`test_fuzz_…` property test as well.

Limits: a case file is at most 2 MiB, 100,000 values and 10,000,000 characters of text after aliases; a free-text field at
most 20,000 characters; dates between 1900-01-01 and 2999-12-31; a template's `range()` at
most 10,000 items, one render at most 1,000,000 steps (every loop iteration, call and
filter) and 50,000,000 characters, any one text it builds 50,000,000 characters (a filter's
result estimated before it is made), all the texts it builds 100,000,000, and any
list 1,000,000 items, any width or count it passes 100,000, any integer it computes 4,300
digits; blocks nest at most 15 deep and expressions 40; macros call each other at most 100
deep; a render may take at most 2 GiB of address space more than the process had (RLIMIT_AS). A .docx template is at most 1,000 files and 100 MB inflated (50 MB a part, packed at
most 200:1), read from its zip directory before anything is inflated. Dates: an incident, contact or evidence dated after the letter date (`--on`,
default today) is an error; a contact before the first incident is accepted.

This file is generated from the tests (`python -m tests.hostile.test_table`).
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    parts = [INTRO]
    total = 0
    for title, module, rows in FAMILIES:
        parts.append(f"\n## {title} ({module})\n\n| test id | input | what the user gets |\n|---|---|---|\n")
        parts += [f"| `{r.id}` | {_cell(r.input)} | {_cell(r.outcome)} |\n" for r in rows]
        total += len(rows)
    reported = [r.id for _, _, rows in FAMILIES for r in rows if "(reported)" in r.outcome]
    parts.append(
        f"\n{total} hostile inputs; {total - len(reported)} handled as described"
        + (f", {len(reported)} reported as open: {', '.join(reported)}" if reported else "")
        + ".\n"
    )
    return "".join(parts)


def test_hostile_table_matches_the_tests() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "docs/hostile-inputs.md is stale: run python -m tests.hostile.test_table"


def test_every_row_id_is_a_test_id() -> None:
    ids = [row.id for _, _, rows in FAMILIES for row in rows]
    assert len(ids) == len(set(ids)), "a test id is listed twice"


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
