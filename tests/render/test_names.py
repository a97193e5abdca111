"""A batch builds only the view-model sections its templates read (``render_letters(lean=True)``).

The names come from each template's own compiled code (:mod:`letters.render.names`); a
template that brings in another one, or one docxtpl renders, gets the whole view model.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from letters.casefile.load import load_case
from letters.pipeline import render_letters
from letters.plan.stages import STAGES
from letters.render import template_names
from letters.render.env import text_env
from letters.templating.search import TemplateSearchPath, builtin_dir, template_files
from letters.viewmodel.types import ViewModel
from tests.builders import case_dict, docx_bytes, write_case

ON = dt.date(2026, 11, 30)
CONTACTS = [
    {"date": "2026-10-05", "kind": "complaint", "channel": "email", "reference": "TK-5521"},
    {"date": "2026-10-20", "kind": "follow-up", "channel": "post"},
    {"date": "2026-10-25", "kind": "reply", "summary": "Refused any refund", "satisfactory": False, "promise": "a call back"},
    {"date": "2026-11-05", "kind": "escalation", "channel": "registered mail"},
]


@pytest.mark.parametrize("path", template_files(builtin_dir()), ids=lambda p: p.name)
def test_every_builtin_template_reads_known_names(path: Path) -> None:
    names = template_names(path.suffix[1:], path)
    assert names is not None
    assert names - set(ViewModel.__annotations__) <= set(text_env().globals)  # range, dict…: Jinja's own
    assert {"complainant", "company"} <= names


def test_a_first_complaint_reads_neither_the_filing_body_nor_the_chronology() -> None:
    for path in template_files(builtin_dir()):
        if path.name.startswith("first-complaint."):
            names = template_names(path.suffix[1:], path)
            assert names is not None and not names & {"authority", "chronology", "attempts", "people"}, path.name


@pytest.mark.parametrize(
    "source",
    [
        '{% include "other.txt" %}',
        '{% import "m.txt" as m %}{{ m.x }}',
        '{% from "m.txt" import x %}{{ x }}',
        '{% extends "b.txt" %}',
        "{{ broken",
    ],
)
def test_a_template_that_brings_in_another_or_does_not_compile_has_no_known_names(tmp_path: Path, source: str) -> None:
    path = tmp_path / "mine.en.txt"
    path.write_text("{{ case_id }}" + source, encoding="utf-8")
    assert template_names("txt", path) is None


def test_an_edited_template_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "mine.en.txt"
    path.write_text("{{ case_id }}", encoding="utf-8")
    assert template_names("txt", path) == {"case_id"}
    path.write_text("{{ case_id }} {{ authority.name }}!", encoding="utf-8")
    assert template_names("txt", path) == {"case_id", "authority"}


def test_a_docx_template_reads_what_its_body_and_core_properties_read(tmp_path: Path) -> None:
    path = tmp_path / "mine.en.docx"
    path.write_bytes(
        docx_bytes(
            ["{{ case_id }}", "{% for p in people %}{{ p.name }}{% endfor %}"], header="{{ letter_date }}", title="{{ stage_title }}"
        )
    )
    assert template_names("docx", path) == {"case_id", "people", "letter_date", "stage_title"}


@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
@pytest.mark.parametrize("stage", STAGES)
def test_a_lean_letter_is_the_same_letter(tmp_path: Path, lang: str, stage: str) -> None:
    case_file = load_case(write_case(tmp_path, case_dict(lang, contacts=CONTACTS)))
    full = render_letters(case_file, stage=stage, on=ON)
    lean = render_letters(case_file, stage=stage, on=ON, lean=True)
    assert lean.files == full.files
    assert set(lean.context) < set(full.context)
    assert all(lean.context[key] == full.context[key] for key in lean.context)


@pytest.mark.parametrize("section", ["_management", "_staff", "_promise", "_other_channel", "_totals", "service_phrases", "_about"])
def test_a_lean_build_works_out_no_section_its_templates_do_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, section: str) -> None:
    from letters.viewmodel import build

    case_file = load_case(write_case(tmp_path, case_dict("en", contacts=CONTACTS)))

    def unread(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{section} was worked out")

    monkeypatch.setattr(build, section, unread)
    lean = build.build_context(case_file, "escalation", ON, only=frozenset({"case_id", "complainant"}))
    assert lean["case_id"] == case_file.case.case_id
    with pytest.raises(AssertionError, match=f"{section} was worked out"):  # the full build does use it
        build.build_context(case_file, "escalation", ON)


def test_a_users_template_that_reads_the_filing_body_gets_it_in_a_batch(tmp_path: Path) -> None:
    """The sections a built-in first complaint does not read are worked out for a template that does."""
    from letters.batch import BatchOptions, run_batch

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "first-complaint.en.txt").write_text(
        "{{ authority.name }}|{{ people|map(attribute='name')|join(',') }}|{{ chronology|length }}"
        "|{{ service_you }}|{{ management.title }}|{{ incident_dates_text }}\n",
        encoding="utf-8",
    )
    write_case(tmp_path / "cases", case_dict("en", contacts=CONTACTS[:1]))
    full = render_letters(load_case(tmp_path / "cases" / "case.yaml"), stage="first-complaint", on=ON)
    expected_name = full.context["authority"]["name"]
    assert expected_name
    summary = run_batch(
        [tmp_path / "cases"],
        BatchOptions(stage="first-complaint", on=ON, out=str(tmp_path / "out"), formats=("txt",), template_dirs=(str(mine),)),
        jobs=1,
    )
    assert summary.failed == 0, summary.line()
    (written,) = (tmp_path / "out").rglob("*.txt")
    name, people, rows, service, management, dates = written.read_text(encoding="utf-8").strip().split("|")
    assert name == expected_name
    assert (service, management, dates) == (
        full.context["service_you"],
        full.context["management"]["title"],
        full.context["incident_dates_text"],
    )
    assert service and management and dates
    assert people == ",".join(p["name"] for p in full.context["people"]) and people
    assert int(rows) == len(full.context["chronology"]) > 0


def test_the_search_path_finds_a_users_template_first(tmp_path: Path) -> None:
    """(the batch test above relies on ``template_dirs`` putting the user's folder first)"""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "first-complaint.en.txt").write_text("x", encoding="utf-8")
    assert TemplateSearchPath.build([mine]).find("first-complaint", "en", "txt").parent == mine.resolve()
