"""Golden letters: every built-in letter for the example cases, as a reader gets it in .txt.

The files in tests/golden/ were read as the person sending them would read them. A change of
wording shows here as a difference to read; once it reads right, regenerate them with
``python tools/golden.py --update``.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.builders import ROOT


@pytest.fixture(scope="module")
def golden():
    spec = importlib.util.spec_from_file_location("golden", ROOT / "tools" / "golden.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["golden"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def made(golden) -> dict[str, str]:
    return dict(golden.golden_letters())


def test_every_stage_and_language_has_a_golden_letter(golden, made: dict[str, str]) -> None:
    from letters.casefile.load import load_case

    language = {(case := load_case(path).case).case_id: case.language for path in golden.case_files()}
    stages = {(name.split("/")[1], language[name.split("/")[0]]) for name in made}
    assert {s for s, _ in stages} == {"first-complaint.txt", "follow-up.txt", "escalation.txt", "consumer-association.txt"}
    assert len(stages) == 12  # every stage in zh, zh-Hant and en


def test_golden_letters_are_what_the_templates_write(golden, made: dict[str, str]) -> None:
    kept = {str(p.relative_to(golden.GOLDEN)): p.read_text(encoding="utf-8") for p in golden.GOLDEN.glob("*/*.txt")}
    assert sorted(kept) == sorted(made), "run: python tools/golden.py --update"
    for name, text in made.items():
        assert kept[name] == text, f"tests/golden/{name} differs: read the change, then run python tools/golden.py --update"


def test_no_golden_letter_prints_a_private_note(made: dict[str, str]) -> None:
    notes = ["记得每周检查一次钱包", "keep calm on the phone"]  # the notes of tests/golden/cases/*.yaml
    assert [name for name, text in made.items() if any(note in text for note in notes)] == []


def test_a_closed_case_is_never_told_its_reply_did_not_resolve_it(made: dict[str, str]) -> None:
    closed = {name: text for name, text in made.items() if name.startswith("PATH-5-")}
    assert sorted(closed) == ["PATH-5-EN/first-complaint.txt", "PATH-5-ZH/first-complaint.txt"]  # no chase of a closed case
    for text in closed.values():
        assert "did not resolve" not in text and "未能解决本人的投诉" not in text
