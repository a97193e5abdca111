"""The command line stands in for pydantic's plugin loader when every plugin is disabled, so a
``letters`` process does not import importlib.metadata to find none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from letters.casefile.example import example_text

#: Validate a case the way a command does after ``main`` set up the process, then say what was imported.
PROBE = """
import sys
from letters.cli import _no_plugin_search
_no_plugin_search()
from letters.casefile.load import parse_case_text
case = parse_case_text(sys.stdin.read()).case
print(case.case_id, "importlib.metadata" in sys.modules, type(case.__pydantic_validator__).__name__)
"""


def _probe(disabled: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if disabled is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = disabled
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run([sys.executable, "-c", PROBE], input=example_text("en"), env=env, capture_output=True, text=True, check=True)
    return done.stdout.split(maxsplit=1)[1].strip()


@pytest.mark.parametrize("disabled", ["__all__", "1", "true"])
def test_with_every_plugin_disabled_none_are_looked_for(disabled: str) -> None:
    assert _probe(disabled) == "False SchemaValidator"


@pytest.mark.parametrize("disabled", [None, "some_plugin"])
def test_otherwise_pydantic_looks_for_them_itself(disabled: str | None) -> None:
    assert _probe(disabled) == "True SchemaValidator"
