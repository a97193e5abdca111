"""The view-model reference is generated from the code, so it cannot go stale."""

from __future__ import annotations

from letters.viewmodel.doc import reference_markdown, undescribed_paths
from tests.builders import ROOT

DOCS = ROOT / "docs"


def test_view_model_reference_is_current() -> None:
    current = (DOCS / "view-model.md").read_text(encoding="utf-8")
    assert current == reference_markdown(), "regenerate: python -m letters.viewmodel.doc > docs/view-model.md"


def test_every_view_model_name_is_described() -> None:
    assert undescribed_paths() == []


def test_templates_guide_documents_every_templates_command() -> None:
    guide = (DOCS / "templates.md").read_text(encoding="utf-8")
    for command in ("templates list", "templates export", "templates check", "templates context", "--template refund-demand"):
        assert f"letters {command}" in guide or command in guide
