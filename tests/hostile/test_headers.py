"""Text that reaches an e-mail header (subject, names, the note header, attachment file
names): every line break, Unicode separators included, is folded into a space, never a
traceback or a second header; attachment names are made safe for every mail client."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from letters.render.eml import attachment_name, header_text
from tests.builders import case_dict, write_case
from tests.hostile.support import Row, generate

ROWS = [
    Row(
        "header-u2028",
        '`company.name: "Evil\\u2028Bcc: x@evil.example"` (LINE SEPARATOR) with `--format eml`',
        "draft written; Subject on one line `… Evil Bcc: x@evil.example)`, no Bcc header",
    ),
    Row("header-u2029", "the same with U+2029 PARAGRAPH SEPARATOR", "the same: folded into a space"),
    Row("header-nel", "the same with U+0085 NEXT LINE", "the same"),
    Row("header-crlf", '`complainant.name: "Tom\\r\\nBcc: x@evil.example"`', "From display name `Tom Bcc: x@evil.example`; no Bcc header"),
    Row("header-lf", "a line feed in the company name", "folded"),
    Row("header-vt-ff-fs", "vertical tab, form feed, FS/GS/RS (\\x1c-\\x1e) in names", "folded"),
    Row(
        "header-note-website",
        "`authority.website` with a line break, in the note header of a filing draft",
        "the X-Letters-Note header on one line",
    ),
    Row(
        "header-address-break",
        '`company.email: "a@b.example\\nBcc: c@d.example"`',
        "folded; the address refused as one the draft cannot use, or kept on one line; never a Bcc",
    ),
    Row(
        "header-encoded-word-sender",
        "`complainant.name: =?utf-8?q?CEO_=3Cceo=40bitpie=2Eexample=3E?=` (an RFC 2047 encoded word naming another sender)",
        "the From header names the complainant's address alone; the name is shown as written, never decoded",
    ),
    Row("header-encoded-word-base64", "the same as a base64 encoded word after Chinese text", "the same"),
    Row("header-encoded-word-subject", "an encoded word in the company name (the Subject)", "shown as written, not decoded"),
    Row("attachment-separator", 'an evidence file named `a\\u2028b "x".png`', "attached as `E1-a b _x_.png`"),
    Row(
        "attachment-bidi",
        "an evidence file name with U+202E (RIGHT-TO-LEFT OVERRIDE) to show `gnp.exe` as `exe.png`",
        "the override removed",
    ),
    Row("attachment-path", "an attachment name holding `|`, `?`, `<`, `>`, `/`, `\\\\` or `..`", "each such character `_`; never a path"),
    Row("attachment-reserved", "an evidence file named `CON.png`", "attached as `_CON.png`"),
    Row("attachment-long", "an evidence file name of 300 characters", "cut to 150, extension kept"),
]


def _draft(tmp_path: Path, data: dict) -> email.message.EmailMessage:
    case = write_case(tmp_path, data)
    result = generate(case, tmp_path / "out", "--format", "eml")
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "out" / data["case_id"] / "first-complaint.eml").read_bytes()
    return email.message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]


def _headers(message: email.message.EmailMessage) -> list[str]:
    return [name.lower() for name in message]


@pytest.mark.parametrize(
    ("row_id", "sep"),
    [
        ("header-u2028", "\u2028"),
        ("header-u2029", "\u2029"),
        ("header-nel", "\x85"),
        ("header-lf", "\n"),
        ("header-vt-ff-fs", "\x0b\x0c\x1c\x1d\x1e"),
    ],
    ids=["header-u2028", "header-u2029", "header-nel", "header-lf", "header-vt-ff-fs"],
)
def test_a_line_break_in_the_subject_is_folded(tmp_path: Path, row_id: str, sep: str) -> None:
    data = case_dict("en")
    data["company"]["name"] = f"Evil{sep}Bcc: x@evil.example"
    message = _draft(tmp_path, data)
    subject = str(message["Subject"])  # controls XML cannot hold are dropped from names; separators become spaces
    assert subject.endswith(("(case T-EN-1, Evil Bcc: x@evil.example)", "(case T-EN-1, EvilBcc: x@evil.example)"))
    assert "bcc" not in _headers(message)


def test_a_line_break_in_a_display_name_is_folded(tmp_path: Path) -> None:
    data = case_dict("en")
    data["complainant"]["name"] = "Tom\r\nBcc: x@evil.example"
    message = _draft(tmp_path, data)
    assert str(message["From"]) == '"Tom Bcc: x@evil.example" <tom@example.com>'
    assert "bcc" not in _headers(message)


def test_a_line_break_in_the_note_header_is_folded(tmp_path: Path) -> None:
    data = case_dict(
        "en",
        contacts=[
            {"date": "2026-10-05", "kind": "complaint", "channel": "email"},
            {"date": "2026-10-20", "kind": "follow-up", "channel": "email"},
            {"date": "2026-10-25", "kind": "escalation", "channel": "email"},
        ],
    )
    data["authority"] = {"name": "Body", "website": "https://body.example\u2028X-Evil: 1"}
    case = write_case(tmp_path, data)
    result = generate(case, tmp_path / "out", "--format", "eml", stage="consumer-association")
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes((tmp_path / "out" / "T-EN-1" / "consumer-association.eml").read_bytes(), policy=policy.default)
    assert "https://body.example X-Evil: 1" in message["X-Letters-Note"]
    assert "x-evil" not in _headers(message)  # type: ignore[arg-type]


def test_a_line_break_in_an_address_never_adds_a_header(tmp_path: Path) -> None:
    data = case_dict("en")
    data["company"]["email"] = "a@b.example\nBcc: c@d.example"
    case = write_case(tmp_path, data)
    result = generate(case, tmp_path / "out", "--format", "eml")
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    if result.exit_code == 0:
        message = email.message_from_bytes((tmp_path / "out" / "T-EN-1" / "first-complaint.eml").read_bytes(), policy=policy.default)
        assert "bcc" not in _headers(message)  # type: ignore[arg-type]
    else:
        assert result.stderr.startswith("Error: ") and "not an e-mail address the draft can use" in result.stderr


@pytest.mark.parametrize(
    ("row_id", "name", "expected"),
    [
        ("attachment-separator", 'a\u2028b "x".png', "E1-a b _x_.png"),
        ("attachment-bidi", "report\u202egnp.exe", "E1-report gnp.exe"),
        ("attachment-path", "a|b?c<d>.png", "E1-a_b_c_d_.png"),
        ("attachment-reserved", "CON.png", "E1-CON.png"),
    ],
    ids=["attachment-separator", "attachment-bidi", "attachment-path", "attachment-reserved"],
)
def test_attachment_names_are_safe(tmp_path: Path, row_id: str, name: str, expected: str) -> None:
    (tmp_path / name).write_bytes(b"evidence bytes")
    data = case_dict("en")
    data["evidence"][0]["file"] = name
    message = _draft(tmp_path, data)
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names[-1] == expected


def test_attachment_name_rules() -> None:
    assert attachment_name("CON.png") == "_CON.png"
    assert attachment_name("../../etc/passwd") == "_._etc_passwd"
    assert attachment_name("...") == "attachment"
    assert attachment_name(".png") == "attachment.png"
    assert attachment_name("notes") == "notes"
    long = attachment_name("a" * 300 + ".png")
    assert len(long) == 150 and long.endswith(".png")
    assert attachment_name("E1-\udcbb\udcb5.png") == "E1-_udcbb_udcb5.png"


BREAKS = st.sampled_from(
    ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\x00", "\x7f", "\u202e", "\ufeff"]
)
WORDS = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Cf")), min_size=1, max_size=12)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.one_of(BREAKS, WORDS), min_size=1, max_size=8))
def test_fuzz_header_text_is_one_line_and_keeps_the_words(pieces: list[str]) -> None:
    """Any mix of words and breaks: one line, no control or separator left, every word still there."""
    text = "".join(pieces)
    folded = header_text(text)
    assert len(folded.splitlines()) <= 1 and folded == folded.strip()
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029\u202e\ufeff" for c in folded)
    for word in text.split():
        for piece in "".join(c if c.isprintable() and c not in "\u2028\u2029" else " " for c in word).split():
            assert piece in folded
    name = attachment_name(text + ".png")
    assert "/" not in name and "\\" not in name and name.endswith(".png") and len(name) <= 150
    message = email.message.EmailMessage(policy=policy.SMTP)
    message["Subject"] = folded  # never "Header values may not contain linefeed…"
    message.set_content("x")
    message.add_attachment(b"x", maintype="application", subtype="octet-stream", filename=name)
    parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    assert [k.lower() for k in parsed].count("subject") == 1


FORGED = "=?utf-8?q?CEO_=3Cceo=40bitpie=2Eexample=3E?="
FORGED_B64 = "王小明 =?utf-8?b?Q0VPIDxjZW9AYml0cGllLmV4YW1wbGU+?="


@pytest.mark.parametrize(
    ("row_id", "name"),
    [("header-encoded-word-sender", FORGED), ("header-encoded-word-base64", FORGED_B64)],
    ids=["header-encoded-word-sender", "header-encoded-word-base64"],
)
def test_an_encoded_word_in_a_name_cannot_forge_the_sender(tmp_path: Path, row_id: str, name: str) -> None:
    data = case_dict("en")
    data["complainant"]["name"] = name
    message = _draft(tmp_path, data)
    (address,) = message["From"].addresses
    assert address.addr_spec == "tom@example.com"
    assert address.display_name.replace("\u200b", "").replace(" ", "") == name.replace(" ", "")


def test_an_encoded_word_in_the_subject_is_shown_as_written(tmp_path: Path) -> None:
    data = case_dict("en")
    data["company"]["name"] = "=?utf-8?q?Your_account_is_closed?="
    message = _draft(tmp_path, data)
    assert "Your_account_is_closed" in str(message["Subject"]).replace("\u200b", "")


NAME_PIECES = st.one_of(
    WORDS,
    st.sampled_from(["=?", "?=", "=?utf-8?q?", "=?utf-8?b?", "<", ">", "@", ",", '"', "\\", "ceo@evil.example", "=3C", "=40", " "]),
)


@given(pieces=st.lists(NAME_PIECES, min_size=1, max_size=10))
@example(pieces=[FORGED])
@example(pieces=["=?utf-8?q?", "=3C", "ceo", "=40", "x.example", "=3E", "?="])
def test_fuzz_any_display_name_leaves_one_sender(pieces: list[str]) -> None:
    """Whatever the name, a mail client reading the From header finds the complainant's address alone."""
    from letters.render import eml

    message = email.message.EmailMessage(policy=policy.SMTP)
    try:
        message["From"] = eml._address(None, "".join(pieces), "tom@example.com")  # type: ignore[arg-type]
    except Exception as exc:  # refused names are a one-line error, never a forged sender
        assert type(exc).__name__ == "EmlError", exc
        return
    message.set_content("x")
    parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    assert [a.addr_spec for a in parsed["From"].addresses] == ["tom@example.com"]
