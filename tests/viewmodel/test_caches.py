"""Every cache the view model keeps is keyed by all its value depends on: change one input and the
answer changes with it, in the same process."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from letters.casefile.load import load_case
from letters.casefile.model import Contact, Incident
from letters.viewmodel.build import build_context
from letters.viewmodel.words import is_letter_channel, records_text
from tests.builders import case_dict, write_case

ON = dt.date(2026, 10, 8)


def test_the_channel_medium_follows_the_channel_and_the_contact_kind() -> None:
    assert [is_letter_channel(c) for c in ("email", "hotline", "email", "live chat", "Email")] == [True, False, True, False, True]
    day = dt.date(2026, 10, 1)
    incident = Incident.model_validate({"date": day, "channel": "post", "summary": "s", "problems": ["rude"]})
    contacts = [Contact.model_validate({"date": day, "kind": kind, "channel": "web form"}) for kind in ("complaint", "call")]
    assert records_text([incident], contacts[:1], "en") == ""
    assert records_text([incident], contacts[1:], "en") == "the call recording of 1 October 2026"


def test_each_letter_lays_out_its_own_case_text(tmp_path: Path) -> None:
    """The per-letter prose memo: the same field, another case, another text; two fields, two texts."""
    one = case_dict("zh")
    two = case_dict("zh")
    two["company"] = {**two["company"], "name": 'B"公司"', "department": "客服(一部)"}
    first, second = (build_context(load_case(write_case(tmp_path / n, d)), "first-complaint", ON) for n, d in (("a", one), ("b", two)))
    assert second["company"]["name"] == "B“公司”" and second["company"]["department"] == "客服（一部）"
    assert first["company"]["name"] == one["company"]["name"]
