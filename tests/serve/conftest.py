from __future__ import annotations

import datetime as dt
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: The examples' incidents are in 2026; the pages are looked at on this day.
TODAY = dt.date(2026, 12, 7)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of cases: the three examples."""
    cases = tmp_path / "cases"
    cases.mkdir()
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        shutil.copy(example, cases / example.name)
    return cases


def make_client(folder: Path, *, lang: str | None = None, today: dt.date = TODAY, log_in: bool = True) -> Any:
    from letters.serve.app import create_app
    from letters.serve.security import Keys

    keys = Keys(hosts={"testserver"})
    app = create_app(folder, keys=keys, today=lambda: today)
    headers = {"accept-language": lang} if lang else {}
    client = TestClient(app, headers=headers, follow_redirects=True)
    client.keys = keys  # type: ignore[attr-defined]
    if log_in:
        response = client.get(f"/?token={keys.token}")
        assert response.status_code == 200
    return client


@pytest.fixture
def client(folder: Path) -> Any:
    return make_client(folder)
