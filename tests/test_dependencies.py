"""The private parts of our dependencies that the code relies on are still there and still work.

Each is read by a ``getattr`` or called unbound somewhere in ``letters``; a release that drops
or changes one would otherwise fail quietly (a stop that no longer stops, a calendar that no
longer knows which years are published, click's words left in English) or far from the cause.
pyproject.toml bounds each package below its next major release; .ci/run also runs this file
and the tests of the code around these parts against the newest releases (reporting only).
"""

from __future__ import annotations

import datetime as dt
import gettext
import importlib
import inspect
import multiprocessing
import multiprocessing.pool

import pytest

# --- docxtpl: the engine calls three DocxTemplate methods unbound (letters/render/engine.py) ----


@pytest.mark.parametrize("method", ["patch_xml", "resolve_listing", "fix_tables"])
def test_docxtpl_methods_the_engine_calls_unbound_take_self_and_one_xml_text(method: str) -> None:
    from docxtpl.template import DocxTemplate

    function = getattr(DocxTemplate, method)
    assert len(inspect.signature(function).parameters) == 2  # (self, xml): called with None for self


def test_docxtpl_patch_xml_needs_nothing_of_the_instance() -> None:
    from docxtpl.template import DocxTemplate

    xml = "<w:body><w:p><w:r><w:t>{%p if x %}</w:t></w:r></w:p><w:p><w:r><w:t>{{ a }}</w:t></w:r></w:p></w:body>"
    patched = DocxTemplate.patch_xml(None, xml)  # type: ignore[arg-type]
    assert patched == '<w:body>{% if x %}<w:p><w:r><w:t xml:space="preserve">{{ a }}</w:t></w:r></w:p></w:body>'
    listed = DocxTemplate.resolve_listing(None, "<w:p><w:r><w:t>x\ty</w:t></w:r></w:p>")  # type: ignore[arg-type]
    assert "<w:tab/>" in listed and "\t" not in listed


# --- holidays: the plan reads the per-year tables of government notices (letters/plan/jurisdiction.py)


def test_holidays_keeps_chinas_notices_in_special_public_holidays_tables_by_year() -> None:
    from letters.plan.jurisdiction import _calendar, _published_years

    calendar = _calendar("CN")
    assert callable(calendar.get_nth_working_day)
    module = importlib.import_module(type(calendar).__module__)
    tables = [v.special_public_holidays for v in vars(module).values() if isinstance(getattr(v, "special_public_holidays", None), dict)]
    assert tables, f"no special_public_holidays table in {module.__name__}"
    years = _published_years("CN")
    assert {2024, 2025} <= years  # years whose 调休 notice is published (and in every release since 0.86)
    assert calendar.get_nth_working_day(dt.date(2025, 9, 26), 1) == dt.date(2025, 9, 28)  # a make-up Sunday


# --- click: the CLI points click's modules' ``_`` at our catalog (letters/locale/__init__.py) ----


def test_click_modules_call_gettext_under_the_name_underscore() -> None:
    from letters.locale import _, translate_click

    modules = [importlib.import_module(f"click.{name}") for name in ("core", "exceptions", "formatting", "decorators", "types")]
    untranslatable = [m.__name__ for m in modules if getattr(m, "_", None) not in (gettext.gettext, _)]
    assert untranslatable == [], "click modules without gettext's _"
    translate_click()
    assert all(m._ is _ for m in modules)  # type: ignore[attr-defined]


# --- multiprocessing: the batch stops a pool through its private parts (letters/batch/pool.py) -------


def test_a_pool_has_the_worker_handler_state_and_worker_list_the_batch_stops_it_with() -> None:
    assert multiprocessing.pool.TERMINATE != multiprocessing.pool.RUN
    pool = multiprocessing.get_context("spawn").Pool(1)
    try:
        handler = pool._worker_handler  # type: ignore[attr-defined]
        assert handler._state == multiprocessing.pool.RUN  # type: ignore[attr-defined]
        workers = pool._pool  # type: ignore[attr-defined]
        assert len(workers) == 1 and workers[0].is_alive()
    finally:
        pool.terminate()
        pool.join()


# --- the bounds and the job that tries past them -------------------------------------------


def test_each_dependency_used_through_private_parts_is_bounded_and_tried_newest_in_ci() -> None:
    import re

    from tests.builders import ROOT

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for package in ("click", "docxtpl", "holidays"):
        assert re.search(rf'"{package}>=[\d.]+,<\d+"', pyproject), f"{package} has no upper bound"
        assert re.search(rf"--upgrade [a-z ]*\b{package}\b", ci), f".ci/run does not try the newest {package}"
    assert "tests/test_dependencies.py" in ci and "tests/render/test_engine_equivalence.py" in ci and "tests/plan" in ci
