"""The declared view model (letters/viewmodel/types.py) is what build_context returns, key for key."""

from __future__ import annotations

import pytest

from letters.casefile.terms import STAGES
from letters.viewmodel.shape import descriptions, mismatches, sample_contexts, view_model_shape, walk


@pytest.mark.parametrize("stage", STAGES)
def test_every_sample_view_model_matches_the_declaration(stage: str) -> None:
    contexts = sample_contexts(stage)
    assert len(contexts) >= 4  # rich and minimal, in each language
    assert [problem for context in contexts for problem in mismatches(context, view_model_shape())] == []


def test_a_key_the_declaration_lacks_is_reported() -> None:
    context = dict(sample_contexts()[0])
    context["surprise"] = "x"
    del context["deadline"]
    context["complainant"] = {**context["complainant"], "name": 3}
    assert sorted(mismatches(context, view_model_shape())) == [
        "complainant.name: int, declared str",
        "deadline: declared but missing",
        "surprise: not declared",
    ]


def test_every_declared_name_has_a_description() -> None:
    described = descriptions()
    assert [path for path, _ in walk(view_model_shape()) if not described.get(path)] == []
