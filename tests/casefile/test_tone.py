"""The tone check warns about abusive or threatening wording, with the line, and nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from letters.casefile.load import load_case
from letters.casefile.tone import tone_warnings
from tests.builders import ROOT, case_dict, write_case


def warnings_for(tmp_path: Path, lang: str = "en", summary: str = "", **changes: Any) -> list[str]:
    data = case_dict(lang, **changes)
    if summary:
        data["incidents"][0]["summary"] = summary
    return [str(w) for w in tone_warnings(load_case(write_case(tmp_path, data)))]


@pytest.mark.parametrize(
    "lang, summary, phrase, kind",
    [
        ("en", "The agent was an idiot and closed my ticket.", "idiot", "abusive"),
        ("en", "Tell them I will kill you if this goes on.", "I will kill you", "threatening"),
        ("en", "You'll regret ignoring me.", "You'll regret", "threatening"),
        ("en", "What a load of BULLSHIT.", "BULLSHIT", "abusive"),
        ("zh", "客服就是个白痴，直接关闭了工单。", "白痴", "abusive"),
        ("zh", "再不处理你给我等着。", "你给我等着", "threatening"),
        ("zh", "我要弄死这个客服", "弄死", "threatening"),
        ("zh", "垃圾客服，态度恶劣", "垃圾客服", "abusive"),
    ],
)
def test_abusive_and_threatening_words_are_quoted_with_their_line(tmp_path: Path, lang: str, summary: str, phrase: str, kind: str) -> None:
    found = warnings_for(tmp_path, lang, summary)
    path = tmp_path / "case.yaml"
    line = next(
        n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "summary:" in text and "incidents" not in text
    )
    assert len(found) == 1
    assert found[0].startswith(f'{path}:{line}: incidents[0].summary: {kind} wording "{phrase}": ')


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "I asked to assess the class of my account in Scunthorpe; the assistant shrugged."),
        ("en", "Scammers impersonating your support team contacted me; a thief took 10 USDT."),
        ("en", "The kill switch on my card was turned on; the bomb emoji appeared in the chat."),
        ("en", "Shiitake mushrooms, cocktails, Dickens and a pigeon: none of these are insults."),
        ("zh", "我妈妈的账户也被冻结了，客服说是垃圾邮件拦截，让我等着审核。"),
        ("zh", "遇到骗子冒充客服，请你们尽快核实并给出说明。"),
        ("zh", "客服操作你们的系统时出了错，没有回应我，随后关闭工单。"),
    ],
)
def test_ordinary_words_are_not_flagged(tmp_path: Path, lang: str, text: str) -> None:
    assert warnings_for(tmp_path, lang, text) == []


def test_a_phrase_in_a_folded_summary_is_located_on_its_own_line(tmp_path: Path) -> None:
    path = write_case(tmp_path, (ROOT / "examples" / "bitpie-zh.yaml").read_text(encoding="utf-8").replace("语气不耐烦", "骂我是白痴"))
    found = [str(w) for w in tone_warnings(load_case(path))]
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "白痴" in text)
    assert len(found) == 1 and found[0].startswith(f'{path}:{line}: incidents[0].summary: abusive wording "白痴"')


def test_identifiers_are_not_checked(tmp_path: Path) -> None:
    evidence = [{"kind": "transaction", "description": "Fee record", "reference": "SHIT-42", "file": None}]
    assert warnings_for(tmp_path, "en", evidence=[{k: v for k, v in evidence[0].items() if v}]) == []


def test_every_free_text_field_is_checked(tmp_path: Path) -> None:
    found = warnings_for(
        tmp_path,
        "en",
        demands=[{"type": "other", "detail": "fire that moron"}],
        contacts=[{"date": "2026-10-05", "kind": "note", "summary": "watch your back"}],
    )
    assert [w.split(": ")[1] for w in found] == ["demands[0].detail", "contacts[0].summary"]


def test_validate_warns_but_passes(cli: Any, tmp_path: Path) -> None:
    data = case_dict("en")
    data["incidents"][0]["summary"] = "The agent was an idiot."
    path = write_case(tmp_path, data)
    result = cli("validate", path, "--on", "2026-10-08")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Warning: {path}:")
    assert 'abusive wording "idiot"' in result.stderr


# The quick look that lets a case with calm text skip the full check (benchmarks/README.md)
# must never say "nothing" where the full check finds something.
_PIECES = [
    *("idiot", "IDIOTS", "Fuck", "f**k", "go to hell", "I'll kill you", "ſtupid", "İdiot", "sue you", "see you in court"),
    *("傻逼", "傻B", "弄死", "起诉你们", "!!!", "！！！", "NEVER EVER AGAIN", "ABCD EFGH IJKL"),
    *(" ", "\n", "*", "'", "x", "-", ",", "a", "I", "\0"),
]


@given(parts=st.lists(st.sampled_from(_PIECES), max_size=10), noise=st.text(max_size=6))
@example(parts=["ſtupid"], noise="")
@example(parts=["x", "İdiot"], noise=" ")
@example(parts=["NEVER EVER AGAIN"], noise="")
@example(parts=["I'll kill you"], noise="")
@example(parts=["傻B"], noise="")
@example(parts=["!", "!", "!"], noise="")
def test_fuzz_the_quick_look_misses_nothing_the_full_check_finds(parts: list[str], noise: str) -> None:
    from letters.casefile.tone import _might_have_tone, find_tone

    text = noise.join(parts)
    if find_tone(text):
        assert _might_have_tone(text), text


def test_a_case_with_calm_text_is_not_flagged_and_a_rude_one_is(tmp_path: Path) -> None:
    calm = load_case(write_case(tmp_path, case_dict("en"), "calm.yaml"))
    data = case_dict("en")
    data["demands"][0]["detail"] = "Apologise, you MORONS."
    rude = load_case(write_case(tmp_path, data, "rude.yaml"))
    assert tone_warnings(calm) == []
    assert [w.field for w in tone_warnings(rude)] == ["demands[0].detail"]


@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
def test_the_quick_look_reads_every_text_the_full_check_reads(lang: str) -> None:
    import datetime as dt

    from letters.casefile.example import example_text
    from letters.casefile.load import parse_case_text
    from letters.casefile.tone import _strings, _texts

    case = parse_case_text(example_text(lang), on=dt.date(2026, 11, 1)).case
    found: list[str] = []
    _strings(case, found)
    assert found == [text for _loc, text in _texts(case.model_dump(mode="python"), ())]
    assert len(found) > 20
