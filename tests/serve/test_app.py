"""letters serve, route by route, through Starlette's TestClient: what each page does and what it refuses."""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from letters.casefile.load import load_case
from tests.serve.conftest import make_client
from tests.serve.webwalk import EN_CASE, answer_for, form_of, walk

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")


def csrf(client: Any) -> str:
    return client.keys.csrf


# --- who may come in -----------------------------------------------------------------------

EVERY_GET = ["/", "/case/wallet-en.yaml", "/case/wallet-en.yaml/letter/first-complaint.txt", "/new/new-case-abcd1234", "/lang/zh"]
EVERY_POST = [
    "/new",
    "/new/new-case-abcd1234/0",
    "/new/new-case-abcd1234/delete",
    "/case/wallet-en.yaml/sent",
    "/case/wallet-en.yaml/reply",
    "/case/wallet-en.yaml/kept",
    "/case/wallet-en.yaml/evidence",
]


@pytest.mark.parametrize("path", EVERY_GET)
def test_every_page_is_refused_without_the_session_cookie(folder: Path, path: str) -> None:
    client = make_client(folder, log_in=False)
    response = client.get(path)
    assert response.status_code == 403
    assert "Open this app with the link that letters serve printed" in response.text
    assert "CoinVault" not in response.text


@pytest.mark.parametrize("path", EVERY_POST)
def test_every_form_is_refused_without_the_session_cookie(folder: Path, path: str) -> None:
    client = make_client(folder, log_in=False)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    response = client.post(path, data={"csrf": client.keys.csrf, "stage": "first-complaint", "sent_on": "2026-12-01"})
    assert response.status_code == 403
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_the_token_is_exchanged_for_a_strict_httponly_cookie_once(folder: Path) -> None:
    client = make_client(folder, log_in=False)
    first = client.get(f"/?token={client.keys.token}", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "http://testserver/"  # the token leaves the address bar
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get("/").status_code == 200
    other = make_client(folder, log_in=False)
    other.keys.token, other.keys.session = client.keys.token, client.keys.session  # the same server, another browser
    again = other.get(f"/?token={client.keys.token}")
    assert again.status_code == 403
    assert "This link has already been used" in again.text


def test_a_wrong_token_or_cookie_is_refused(folder: Path) -> None:
    client = make_client(folder, log_in=False)
    assert client.get("/?token=guess").status_code == 403
    client.cookies.set("letters_session", "guess")
    assert client.get("/").status_code == 403
    assert client.keys.session is None  # a wrong guess spends nothing


def test_a_host_that_is_not_this_server_is_refused(folder: Path) -> None:
    client = make_client(folder)
    response = client.get("/", headers={"host": "attacker.example"})
    assert response.status_code == 403
    assert "only to its own address" in response.text


def test_a_form_posted_from_another_site_is_refused(client: Any, folder: Path) -> None:
    before = (folder / "wallet-en.yaml").read_bytes()
    response = client.post(
        "/case/wallet-en.yaml/sent",
        data={"csrf": csrf(client), "stage": "first-complaint", "sent_on": "2026-12-01"},
        headers={"origin": "http://attacker.example"},
    )
    assert response.status_code == 403
    assert (folder / "wallet-en.yaml").read_bytes() == before


@pytest.mark.parametrize("path", EVERY_POST)
@pytest.mark.parametrize("token", [None, "wrong"])
def test_every_form_needs_its_csrf_token(client: Any, folder: Path, path: str, token: str | None) -> None:
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    data = {"stage": "first-complaint", "sent_on": "2026-12-01", "entry": "1"}
    if token:
        data["csrf"] = token
    if path.endswith("/evidence"):
        response = client.post(path, data=data, files={"file": ("chat.png", b"\x89PNG data")})
    else:
        response = client.post(path, data=data)
    assert response.status_code in (403, 404)  # 404: a draft that does not exist is not even looked at
    if path != "/new/new-case-abcd1234/0":
        assert response.status_code == 403
        assert "This form has expired" in response.text
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_every_response_forbids_other_sites_and_caching(client: Any) -> None:
    for path in ("/", "/case/wallet-en.yaml", "/case/wallet-en.yaml/letter/first-complaint.txt", "/nowhere.yaml"):
        response = client.get(path)
        if path == "/nowhere.yaml":
            continue
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"


def test_no_page_loads_anything_from_elsewhere(client: Any) -> None:
    start = client.post("/new", data={"csrf": csrf(client)})
    for page in (client.get("/"), client.get("/case/bitpie-zh.yaml"), start):
        for url in re.findall(r'(?:src|href|action)="([^"]+)"', page.text):
            assert url.startswith(("/", "#")), url


# --- paths ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "..%2Fsecret.yaml",
        "%2Fetc%2Fpasswd.yaml",
        "..%5Csecret.yaml",
        "missing.yaml",
        ".hidden.yaml",
        "notes.txt",
        "link.yaml",
        "sub%2Fx.yaml",
    ],
)
def test_a_case_outside_the_folder_or_not_a_case_is_not_found(client: Any, folder: Path, name: str) -> None:
    (folder.parent / "secret.yaml").write_text("version: 1\ncase_id: SECRET-1\n")
    (folder / "notes.txt").write_text("not a case")
    (folder / ".hidden.yaml").write_text("version: 1\n")
    (folder / "link.yaml").symlink_to(folder.parent / "secret.yaml")
    for path in (f"/case/{name}", f"/case/{name}/letter/first-complaint.txt"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "SECRET" not in response.text
    response = client.post(f"/case/{name}/sent", data={"csrf": csrf(client), "stage": "first-complaint"})
    assert response.status_code == 404
    assert (folder.parent / "secret.yaml").read_text() == "version: 1\ncase_id: SECRET-1\n"


@pytest.mark.parametrize("key", ["..%2F..%2Fx", "new-case-..", "other", "new-case-" + "a" * 60])
def test_a_draft_outside_the_folder_is_not_found(client: Any, folder: Path, key: str) -> None:
    (folder.parent / "x.draft.json").write_text('{"answers": ["leak"]}')
    assert client.get(f"/new/{key}").status_code == 404
    assert client.get(f"/new/{key}/0").status_code == 404


# --- the list of cases ---------------------------------------------------------------------


def test_the_list_shows_each_case_and_what_is_due_in_words(client: Any) -> None:
    page = client.get("/").text
    assert "CoinVault Ltd – CW-2026-117" in page
    assert "Formal complaint: due today" in page
    assert page.count('class="card') == 3


def test_an_overdue_stage_is_said_in_words(client: Any, folder: Path) -> None:
    import datetime as dt

    from letters.casefile.logbook import record_stage_sent

    record_stage_sent(folder / "wallet-en.yaml", "first-complaint", dt.date(2026, 11, 1))
    page = client.get("/").text
    # 14 days to reply from 1 November: the follow-up was due on 15 November, 22 days before 7 December
    assert "Follow-up to my complaint: due since 15 November 2026, overdue by 22 days" in page


def test_a_broken_case_file_shows_its_errors_and_the_others_still_show(client: Any, folder: Path) -> None:
    text = (folder / "wallet-en.yaml").read_text()
    (folder / "wallet-en.yaml").write_text(text.replace("response_days: 14", "response_days: fourteen"))
    page = client.get("/").text
    assert re.search(r"wallet-en\.yaml:\d+: response_days: ", page)
    assert "快付錢包" in page  # the other cases are still listed


# --- a case --------------------------------------------------------------------------------


def test_the_case_page_previews_the_due_letter_in_the_cases_language(client: Any) -> None:
    page = client.get("/case/bitpie-zh.yaml").text
    assert '<article class="letter" lang="zh"' in page
    assert "比特派" in page and "投诉" in page
    assert '<html lang="en">' in page  # the interface keeps its own language


def test_a_case_file_that_breaks_while_the_page_is_open(client: Any, folder: Path) -> None:
    assert client.get("/case/wallet-en.yaml").status_code == 200
    path = folder / "wallet-en.yaml"
    path.write_text(path.read_text().replace("date: 2026-09-14", "date: 2026-13-45", 1))
    broken = path.read_bytes()
    page = client.get("/case/wallet-en.yaml")
    assert page.status_code == 200
    assert re.search(r"wallet-en\.yaml:\d+: incidents\[0\]\.date: ", page.text)
    response = client.post("/case/wallet-en.yaml/reply", data={"csrf": csrf(client), "reply_on": "2026-12-01", "verdict": "no"})
    assert response.status_code == 400
    assert re.search(r"wallet-en\.yaml:\d+: incidents\[0\]\.date: ", response.text)
    assert path.read_bytes() == broken  # nothing written into a file that does not validate
    download = client.get("/case/wallet-en.yaml/letter/first-complaint.docx")
    assert download.status_code == 400
    assert "incidents[0].date" in download.text


@pytest.mark.parametrize("fmt", ["docx", "txt", "eml"])
def test_each_format_downloads_as_an_attachment(client: Any, fmt: str) -> None:
    response = client.get(f"/case/wallet-en.yaml/letter/first-complaint.{fmt}")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
        assert "Dear Sir or Madam" in text and "Jane Doe" in text
    elif fmt == "eml":
        assert b"Subject:" in response.content
    else:
        assert "Jane Doe" in response.content.decode("utf-8")


def test_the_form_fields_are_offered_for_the_filing_only(client: Any) -> None:
    assert "first-complaint.form" not in client.get("/case/wallet-en.yaml").text
    assert "consumer-association.form" in client.get("/case/wallet-en.yaml?stage=consumer-association").text or (
        "This letter cannot be made yet" in client.get("/case/wallet-en.yaml?stage=consumer-association").text
    )
    response = client.get("/case/wallet-en.yaml/letter/first-complaint.form")
    assert response.status_code == 400
    assert "only for the consumer-association stage" in response.text


def test_a_letter_that_cannot_be_made_yet_says_why(client: Any) -> None:
    page = client.get("/case/wallet-en.yaml?stage=escalation").text
    assert "This letter cannot be made yet" in page
    response = client.get("/case/wallet-en.yaml/letter/escalation.docx")
    assert response.status_code == 400
    assert "letters log" in response.text  # the command line's own words


def test_unknown_stage_or_format_is_not_found(client: Any) -> None:
    assert client.get("/case/wallet-en.yaml/letter/first-complaint.exe").status_code == 404
    assert client.get("/case/wallet-en.yaml/letter/nothing.docx").status_code == 404


def test_record_as_sent_then_an_unsatisfactory_reply_makes_the_escalation_due(client: Any, folder: Path) -> None:
    path = folder / "wallet-en.yaml"
    response = client.post(
        "/case/wallet-en.yaml/sent",
        data={"csrf": csrf(client), "stage": "first-complaint", "sent_on": "2026-11-02", "sent_channel": "email", "sent_reference": "T-1"},
    )
    assert response.status_code == 200
    assert "Recorded: Formal complaint sent on 2026-11-02." in response.text
    contacts = load_case(path).case.contacts
    assert [(c.kind.value, c.date.isoformat(), c.channel, c.reference) for c in contacts][-1] == ("complaint", "2026-11-02", "email", "T-1")
    assert "# " in path.read_text()  # the user's comments are still there
    response = client.post(
        "/case/wallet-en.yaml/reply",
        data={"csrf": csrf(client), "reply_on": "2026-11-10", "verdict": "no", "reply_summary": "Refused a refund"},
    )
    assert "Logged the reply of 2026-11-10." in response.text
    assert "Escalation of my complaint: due since 10 November 2026" in response.text
    last = load_case(path).case.contacts[-1]
    assert (last.kind.value, last.satisfactory, last.summary) == ("reply", False, "Refused a refund")


def test_a_bad_reply_comes_back_filled_with_the_reason(client: Any, folder: Path) -> None:
    before = (folder / "wallet-en.yaml").read_bytes()
    response = client.post(
        "/case/wallet-en.yaml/reply",
        data={"csrf": csrf(client), "reply_on": "2026-02-30", "reply_summary": "They said no", "verdict": "no"},
    )
    assert response.status_code == 400
    assert "date: &#39;2026-02-30&#39; is not a date" in response.text
    assert ">They said no</textarea>" in response.text
    assert 'value="no" checked' in response.text
    assert (folder / "wallet-en.yaml").read_bytes() == before


def test_a_reply_dated_after_today_is_refused_as_the_command_line_refuses_it(client: Any, folder: Path) -> None:
    before = (folder / "wallet-en.yaml").read_bytes()
    response = client.post("/case/wallet-en.yaml/reply", data={"csrf": csrf(client), "reply_on": "2027-01-05", "verdict": "no"})
    assert response.status_code == 400
    assert "2027-01-05" in response.text
    assert (folder / "wallet-en.yaml").read_bytes() == before


# --- evidence uploads ----------------------------------------------------------------------


def evidence_form(client: Any, description: str = "Screenshot of the chat") -> dict[str, str]:
    return {"csrf": csrf(client), "evidence_kind": "screenshot", "evidence_description": description, "evidence_date": "2026-09-14"}


def test_an_upload_is_kept_in_the_evidence_folder_with_its_sha256_and_listed_in_the_case(client: Any, folder: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n" + os.urandom(2000)
    before = load_case(folder / "wallet-en.yaml").case.evidence
    response = client.post("/case/wallet-en.yaml/evidence", data=evidence_form(client), files={"file": ("chat 1.png", data, "image/png")})
    assert response.status_code == 200
    assert hashlib.sha256(data).hexdigest() in response.text
    assert f"listed it in the case as evidence E{len(before) + 1}" in response.text
    assert (folder / "evidence" / "chat 1.png").read_bytes() == data
    case = load_case(folder / "wallet-en.yaml").case
    added = case.evidence[-1]
    assert (added.kind.value, added.description, added.file, added.date.isoformat()) == (
        "screenshot",
        "Screenshot of the chat",
        "evidence/chat 1.png",
        "2026-09-14",
    )
    assert case.evidence[:-1] == before
    assert "# " in (folder / "wallet-en.yaml").read_text()  # the user's comments are kept
    again = client.post("/case/wallet-en.yaml/evidence", data=evidence_form(client, "Another"), files={"file": ("chat 1.png", b"other")})
    assert "evidence/chat 1-2.png" in again.text
    assert (folder / "evidence" / "chat 1.png").read_bytes() == data  # never overwritten


def test_an_upload_without_a_description_is_refused_and_nothing_is_kept(client: Any, folder: Path) -> None:
    before = (folder / "wallet-en.yaml").read_bytes()
    response = client.post("/case/wallet-en.yaml/evidence", data=evidence_form(client, " "), files={"file": ("chat.png", b"png")})
    assert response.status_code == 400
    assert "describe the evidence in one line" in response.text
    assert not (folder / "evidence").exists()
    assert (folder / "wallet-en.yaml").read_bytes() == before


def test_an_upload_is_never_served_back(client: Any, folder: Path) -> None:
    client.post("/case/wallet-en.yaml/evidence", data=evidence_form(client), files={"file": ("x.html", b"<script>alert(1)</script>")})
    assert (folder / "evidence" / "x.html").exists()
    for path in ("/evidence/x.html", "/static/../evidence/x.html", "/case/evidence%2Fx.html"):
        assert "<script>alert" not in client.get(path).text


@pytest.mark.parametrize(
    "name, reason",
    [
        (".htaccess", "may not start with a dot"),
        ("a<b>.png", "cannot be kept on every system"),
        ("con.txt", "cannot name a file on every system"),
        ("x" * 250 + ".png", "too long"),
    ],
)
def test_an_upload_with_a_name_that_cannot_be_kept_is_refused(client: Any, folder: Path, name: str, reason: str) -> None:
    before = (folder / "wallet-en.yaml").read_bytes()
    response = client.post("/case/wallet-en.yaml/evidence", data=evidence_form(client), files={"file": (name, b"data")})
    assert response.status_code == 400
    assert reason in response.text
    assert not (folder / "evidence").exists()
    assert (folder / "wallet-en.yaml").read_bytes() == before


def test_a_path_in_an_upload_name_is_dropped(client: Any, folder: Path) -> None:
    client.post("/case/wallet-en.yaml/evidence", data=evidence_form(client), files={"file": ("../../escape.png", b"data")})
    assert (folder / "evidence" / "escape.png").read_bytes() == b"data"
    assert not (folder.parent / "escape.png").exists()


def test_an_oversized_upload_is_refused_and_nothing_is_written(client: Any, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from letters.serve import cases

    monkeypatch.setattr(cases, "MAX_UPLOAD", 100 * 1024)
    response = client.post("/case/wallet-en.yaml/evidence", data=evidence_form(client), files={"file": ("big.bin", b"x" * (300 * 1024))})
    assert response.status_code == 413
    assert "larger than" in response.text
    response = client.post(
        "/case/wallet-en.yaml/evidence", data=evidence_form(client), files={"file": ("big.bin", b"x" * (100 * 1024 + 1))}
    )
    assert response.status_code == 413
    assert not (folder / "evidence").exists()


# --- a new case, one question per page -----------------------------------------------------


def start(client: Any) -> str:
    response = client.post("/new", data={"csrf": csrf(client)})
    assert response.status_code == 200
    return str(response.url)


def test_a_new_case_from_the_first_question_to_the_case_file(client: Any, folder: Path) -> None:
    response, asked = walk(client, start(client), EN_CASE)
    assert response.url.path == "/case/CW-WEB-1.yaml"
    assert "The case file was written: CW-WEB-1.yaml." in response.text
    case = load_case(folder / "CW-WEB-1.yaml").case
    assert case.complainant.name == "Jane Doe"
    assert case.incidents[0].summary == 'He told me to "stop wasting his time",\nthen closed the chat.'
    assert [d.type.value for d in case.demands] == ["refund", "apology"]  # in the order chosen
    assert asked[:3] == ["complainant.name", "complainant.email", "complainant.phone"]
    assert "sec.review" in asked
    assert not list(folder.glob("*.draft.json"))  # the draft is gone once the case is written
    download = client.get("/case/CW-WEB-1.yaml/letter/first-complaint.docx")
    assert "Jane Doe" in "\n".join(p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs)


def test_a_refused_answer_comes_back_with_the_reason_and_what_was_typed(client: Any, folder: Path) -> None:
    url = start(client)
    page = client.get(url)
    client.post(form_of(page.text)["action"], data={"csrf": csrf(client), "answer": "Jane"})
    response = client.post(url[: url.rindex("/")] + "/1", data={"csrf": csrf(client), "answer": "not-an-email"})
    assert response.status_code == 400
    assert "<title>Error: Your email address – letters</title>" in response.text
    assert '<a href="#answer">“not-an-email” does not look like an email address' in response.text
    assert 'value="not-an-email"' in response.text and 'aria-invalid="true"' in response.text
    draft = next(folder.glob("*.draft.json")).read_text()
    assert "not-an-email" not in draft


def test_a_required_answer_left_empty_is_asked_again(client: Any) -> None:
    url = start(client)
    response = client.post(url, data={"csrf": csrf(client), "answer": "  "})
    assert response.status_code == 400
    assert "This one is needed; please answer it." in response.text


@pytest.mark.parametrize(
    ("lang", "reason"), [("en", "Choose Yes or No."), ("zh", "请选择“是”或“否”。"), ("zh-Hant", "請選擇「是」或「否」。")]
)
def test_a_yes_or_no_question_is_never_answered_for_the_user(folder: Path, lang: str, reason: str) -> None:
    client = make_client(folder, lang=lang)
    response = client.get(start(client))
    while form_of(response.text)["kind"] != "yes_no":  # the first yes/no question (a manager to write to?)
        form = form_of(response.text)
        response = client.post(form["action"], data={"csrf": form["csrf"], "answer": answer_for(form, EN_CASE)})
    form = form_of(response.text)
    assert form["checked"] == []  # neither button ticked, though the terminal's default is No
    refused = client.post(form["action"], data={"csrf": form["csrf"]})  # sent without a choice
    assert refused.status_code == 400
    assert form_of(refused.text)["key"] == form["key"] and reason in refused.text
    answered = client.post(form["action"], data={"csrf": form["csrf"], "answer": "n"})
    assert answered.status_code == 200 and form_of(answered.text)["key"] != form["key"]


def test_back_shows_the_answer_given_and_a_changed_answer_keeps_the_later_ones_offered(client: Any) -> None:
    url = start(client)
    base = url[: url.rindex("/")]
    for step, text in enumerate(["Jane", "jane@example.com", "+44 1", "London"]):
        assert client.post(f"{base}/{step}", data={"csrf": csrf(client), "answer": text}).status_code == 200
    back = client.get(f"{base}/1")
    assert 'value="jane@example.com"' in back.text
    client.post(f"{base}/1", data={"csrf": csrf(client), "answer": "jane.doe@example.com"})
    nxt = client.get(f"{base}/2")
    assert 'value="+44 1"' in nxt.text  # offered again, not taken unseen
    assert client.get(f"{base}/4").status_code == 404  # the later answers wait to be confirmed


def test_save_and_resume_in_a_new_session(folder: Path) -> None:
    client = make_client(folder)
    url = start(client)
    base = url[: url.rindex("/")]
    client.post(f"{base}/0", data={"csrf": csrf(client), "answer": "Jane"})
    later = client.post(f"{base}/1", data={"csrf": csrf(client), "answer": "jane@example.com", "action": "save-later"})
    assert later.url.path == "/"
    again = make_client(folder)  # the server was stopped and started again
    home = again.get("/").text
    assert "Unfinished new cases" in home
    link = re.search(r'<a href="(/new/new-case-\w+)">Continue the case', home)
    assert link
    resumed = again.get(link[1])
    assert resumed.url.path.endswith("/1")
    assert form_of(resumed.text)["key"] == "complainant.email"


def test_the_review_page_changes_one_answer_and_checks_it(client: Any, folder: Path) -> None:
    answers = dict(EN_CASE)
    url = start(client)
    response = client.get(url)
    while 'data-kind="review"' not in response.text:
        form = form_of(response.text)

        response = client.post(form["action"], data={"csrf": csrf(client), "answer": answer_for(form, answers)})
    assert "<h1>Check your answers</h1>" in response.text
    shown = re.findall(r"<dd>(.*?)</dd>", response.text, re.S)
    # every choice in the words it was offered in, never its code in the case file
    assert "Mark (live-chat agent)" in shown and "English" in shown and not {"S1", "en", "crypto", "rude"} & set(shown)
    assert not any(re.fullmatch(r"[a-z-]+(, [a-z-]+)*", value) for value in shown), shown
    change = re.search(r'<a href="([^"]+/change/(\d+))">Change<span class="visually-hidden"> Your email address', response.text)
    assert change
    page = client.get(change[1])
    assert 'value="jane.doe@example.com"' in page.text
    bad = client.post(change[1], data={"csrf": csrf(client), "answer": "nope"})
    assert bad.status_code == 400 and "does not look like an email address" in bad.text
    good = client.post(change[1], data={"csrf": csrf(client), "answer": "jd@example.com"})
    assert "<dd>jd@example.com</dd>" in good.text
    final, _ = walk(client, str(good.url), answers)
    assert load_case(folder / "CW-WEB-1.yaml").case.complainant.email == "jd@example.com"


def to_file_name(client: Any) -> tuple[Any, dict[str, Any]]:
    """A new case answered with EN_CASE up to its last question, the file name: that page and its form."""
    response = client.get(start(client))
    for _ in range(60):
        form = form_of(response.text)
        if form["key"] == "file.name":
            break
        data = {"csrf": csrf(client), "action": "save"} if form["kind"] == "review" else {"csrf": csrf(client)}
        if form["kind"] != "review":
            data["answer"] = answer_for(form, EN_CASE)
        response = client.post(form["action"], data=data)
    return response, form


def test_a_case_file_is_never_written_over_an_existing_one(client: Any, folder: Path) -> None:
    (folder / "CW-WEB-1.yaml").write_text("mine")
    response, form = to_file_name(client)
    assert form["value"] == "CW-WEB-1.yaml"
    refused = client.post(form["action"], data={"csrf": csrf(client), "answer": "CW-WEB-1.yaml"})
    assert refused.status_code == 400
    assert "already exists; letters never overwrites it" in refused.text
    assert (folder / "CW-WEB-1.yaml").read_text() == "mine"


def test_two_new_cases_from_one_company_and_day_are_offered_ids_of_their_own(client: Any, folder: Path) -> None:
    """The second case is not offered the first one's id (their letters would share a folder) nor
    its file name (which the last page would then refuse)."""
    answers = {key: value for key, value in EN_CASE.items() if key != "case.case_id"}  # take what is offered
    walk(client, start(client), answers)
    response, _ = walk(client, start(client), answers)
    assert response.url.path == "/case/CL-20260914-2.yaml"
    assert [load_case(folder / f"{name}.yaml").case.case_id for name in ("CL-20260914", "CL-20260914-2")] == [
        "CL-20260914",
        "CL-20260914-2",
    ]


@pytest.mark.parametrize(("lang", "marked"), [("en", "(optional)"), ("zh", "（可选）"), ("zh-Hant", "（可選）")])
def test_only_what_may_be_left_empty_is_marked_optional(folder: Path, lang: str, marked: str) -> None:
    """The demands (at least one) are not marked optional; the phone number is, in the language's own brackets."""
    client = make_client(folder, lang=lang)
    response = client.get(start(client))
    seen: dict[str, str] = {}
    for _ in range(40):
        form = form_of(response.text)
        seen[form["key"]] = response.text
        if form["key"] == "demand.type":
            break
        response = client.post(form["action"], data={"csrf": form["csrf"], "answer": answer_for(form, EN_CASE)})
    spaced = " " if lang == "en" else ""  # no space before a full-width bracket
    assert f'{spaced}<span class="optional">{marked}</span>' in seen["complainant.phone"]
    assert lang != "zh" or '你的电话<span class="optional">（可选）</span>' in seen["complainant.phone"]
    assert 'class="optional"' not in seen["demand.type"]
    refused = client.post(form["action"], data={"csrf": form["csrf"]})  # nothing ticked
    assert refused.status_code == 400


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        (
            "en",
            "Describe the staff member: a name, an id or a role (at least one). Answer this question, or go Back to change an earlier one.",
        ),
        ("zh", "请说明这名职员：姓名、工号或岗位（至少一项）。可以在这一题补充，或点“返回”修改前面的回答。"),
        ("zh-Hant", "可以在這一題補充，或點「返回」修改前面的回答。"),
    ],
)
def test_a_part_refused_as_a_whole_is_mended_on_its_last_question(folder: Path, lang: str, reason: str) -> None:
    """A staff member with no name, id nor role: the page asks the role again and says so (the
    terminal goes through the part again; a page keeps the answers before it)."""
    client = make_client(folder, lang=lang)
    answers = {**EN_CASE, "staff.name": "", "staff.role": ""}
    response = client.get(start(client))
    for _ in range(40):
        form = form_of(response.text)
        response = client.post(form["action"], data={"csrf": form["csrf"], "answer": answer_for(form, answers)})
        if response.status_code == 400:
            break
    assert form["key"] == "staff.role"
    assert reason in html.unescape(response.text)
    mended = client.post(form["action"], data={"csrf": form["csrf"], "answer": "cashier"})
    assert mended.status_code == 200 and form_of(mended.text)["key"] == "ask.staff_more"


def test_delete_an_unfinished_case(client: Any, folder: Path) -> None:
    url = start(client)
    key = url.split("/")[-2]
    assert (folder / f"{key}.draft.json").exists()
    client.post(f"/new/{key}/delete", data={"csrf": csrf(client)})
    assert not (folder / f"{key}.draft.json").exists()


# --- languages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, lang, words",
    [
        ("zh-CN,zh;q=0.9", "zh", "你的案件"),
        ("zh-TW,zh;q=0.9", "zh-Hant", "你的個案"),
        ("en-GB", "en", "Your cases"),
        ("fr, zh-HK;q=0.5", "zh-Hant", "你的個案"),
    ],
)
def test_the_interface_follows_accept_language(folder: Path, header: str, lang: str, words: str) -> None:
    page = make_client(folder, lang=header).get("/")
    assert f'<html lang="{lang}">' in page.text
    assert words in page.text
    assert page.headers["content-language"] == lang


def test_the_switch_sets_the_language_and_comes_back(client: Any) -> None:
    response = client.get("/lang/zh-Hant?next=/case/wallet-en.yaml")
    assert response.url.path == "/case/wallet-en.yaml"
    assert '<html lang="zh-Hant">' in response.text
    assert '<article class="letter" lang="en"' in response.text  # the letter keeps the case's language
    assert client.get("/lang/zh?next=//attacker.example").url.path == "/"


def test_errors_come_in_the_interface_language(folder: Path) -> None:
    client = make_client(folder, lang="zh-CN")
    url = start(client)
    client.post(url, data={"csrf": csrf(client), "answer": "王小明"})
    response = client.post(url[: url.rindex("/")] + "/1", data={"csrf": csrf(client), "answer": "not-an-email"})
    assert "“not-an-email”看起来不是电子邮箱地址" in response.text
    path = folder / "wallet-en.yaml"
    path.write_text(path.read_text().replace("response_days: 14", "response_days: 0"))
    page = client.get("/case/wallet-en.yaml").text
    assert re.search(r"wallet-en\.yaml:\d+: response_days: .*[\u4e00-\u9fff]", page)


# --- the command ---------------------------------------------------------------------------


def test_serve_is_documented_in_help(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from letters.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "--no-browser" in result.output
    missing = CliRunner().invoke(cli, ["serve", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert "does not exist" in missing.output


def test_the_example_cases_load_as_yaml(folder: Path) -> None:
    for path in folder.glob("*.yaml"):
        assert yaml.safe_load(path.read_text())["case_id"]


# --- promises (case format v2), through the logbook ------------------------------------------


def test_a_change_answers_with_a_redirect_and_says_once_what_was_done(client: Any) -> None:
    response = client.post(
        "/case/wallet-en.yaml/sent",
        data={"csrf": csrf(client), "stage": "first-complaint", "sent_on": "2026-11-02"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/case/wallet-en.yaml"
    assert "Recorded: Formal complaint sent on 2026-11-02." in client.get("/case/wallet-en.yaml").text
    assert "Recorded:" not in client.get("/case/wallet-en.yaml").text  # reloading says nothing again


def test_a_promise_not_kept_reopens_the_case_and_marking_it_kept_closes_it(client: Any, folder: Path) -> None:
    path = folder / "wallet-en.yaml"
    client.post("/case/wallet-en.yaml/sent", data={"csrf": csrf(client), "stage": "first-complaint", "sent_on": "2026-10-20"})
    page = client.post(
        "/case/wallet-en.yaml/reply",
        data={
            "csrf": csrf(client),
            "reply_on": "2026-10-25",
            "verdict": "yes",
            "promise": "Refund within 14 days",
            "promise_by": "2026-11-08",
        },
    ).text
    assert "Why: the promise of 2026-10-25 (Refund within 14 days, by 2026-11-08) was not kept" in page
    assert "Follow-up to my complaint: due since 9 November 2026" in page
    last = load_case(path).case.contacts[-1]
    assert (last.promise, last.promise_by.isoformat(), last.kept) == ("Refund within 14 days", "2026-11-08", None)
    number = len(load_case(path).case.contacts)
    page = client.post("/case/wallet-en.yaml/kept", data={"csrf": csrf(client), "entry": str(number)}).text
    assert f"Marked the promise in entry {number} as kept." in page
    assert load_case(path).case.contacts[-1].kept is True
    assert "Promises not yet kept" not in page


def test_a_final_response_is_logged_as_the_command_line_logs_it(client: Any, folder: Path) -> None:
    client.post("/case/wallet-en.yaml/sent", data={"csrf": csrf(client), "stage": "first-complaint", "sent_on": "2026-10-20"})
    client.post("/case/wallet-en.yaml/reply", data={"csrf": csrf(client), "reply_on": "2026-11-01", "verdict": "no", "final": "yes"})
    last = load_case(folder / "wallet-en.yaml").case.contacts[-1]
    assert (last.kind.value, last.satisfactory, last.final) == ("reply", False, True)
    assert "Final response" in client.get("/case/wallet-en.yaml").text


def test_a_promise_date_without_the_promise_is_refused_with_the_loaders_reason(client: Any, folder: Path) -> None:
    before = (folder / "wallet-en.yaml").read_bytes()
    client.post("/case/wallet-en.yaml/sent", data={"csrf": csrf(client), "stage": "first-complaint", "sent_on": "2026-10-20"})
    before = (folder / "wallet-en.yaml").read_bytes()
    response = client.post("/case/wallet-en.yaml/reply", data={"csrf": csrf(client), "reply_on": "2026-10-25", "promise_by": "2026-11-08"})
    assert response.status_code == 400
    assert "promise_by needs the promise itself" in response.text
    assert 'value="2026-11-08"' in response.text
    assert (folder / "wallet-en.yaml").read_bytes() == before


def test_marking_an_entry_without_a_promise_kept_is_refused(client: Any, folder: Path) -> None:
    client.post("/case/wallet-en.yaml/sent", data={"csrf": csrf(client), "stage": "first-complaint", "sent_on": "2026-10-20"})
    before = (folder / "wallet-en.yaml").read_bytes()
    response = client.post("/case/wallet-en.yaml/kept", data={"csrf": csrf(client), "entry": "1"})
    assert response.status_code == 400
    assert (folder / "wallet-en.yaml").read_bytes() == before


def test_serve_listens_on_loopback_and_warns_before_listening_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from letters.cli import cli
    from letters.serve import run

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(run, "serve", lambda folder, **kw: calls.append(kw))
    quiet = CliRunner().invoke(cli, ["serve", str(tmp_path), "--no-browser"])
    assert quiet.exit_code == 0 and "Warning" not in quiet.output
    assert calls[0]["host"] is None and calls[0]["open_browser"] is False
    loud = CliRunner().invoke(cli, ["serve", str(tmp_path), "--host", "192.0.2.10", "--no-browser"])
    assert loud.exit_code == 0
    assert "Warning: listening on 192.0.2.10, not only on this computer" in loud.output
    assert [run.is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "192.168.1.2")] == [True, True, True, False, False]
    sock = run.bind(run.LOOPBACK, 0)  # a free port on this computer only
    try:
        assert sock.getsockname()[0] == "127.0.0.1" and sock.getsockname()[1] > 0
    finally:
        sock.close()


def test_drafts_saved_in_one_second_are_listed_newest_first(folder: Path) -> None:
    """``updated`` is to the second; the list still puts the one saved last first (a browser test
    resumed another test's draft when two were saved in one second)."""
    from letters.serve.interview import Draft, drafts_in

    first, second = Draft.create(folder, "en"), Draft.create(folder, "en")
    first.save()
    second.save()
    for draft in (first, second):  # the same second, as two saves a moment apart
        data = draft.path.read_text(encoding="utf-8")
        draft.path.write_text(re.sub(r'"updated": "[^"]*"', '"updated": "2026-12-07 10:00:00"', data), encoding="utf-8")
    os.utime(first.path, ns=(2_000_000_000_000_000_000, 2_000_000_000_000_000_000))
    os.utime(second.path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    assert [d.key for d in drafts_in(folder)] == [first.key, second.key]
    os.utime(second.path, ns=(3_000_000_000_000_000_000, 3_000_000_000_000_000_000))
    assert [d.key for d in drafts_in(folder)] == [second.key, first.key]


def test_the_file_name_page_saves_and_offers_no_save_for_later(client: Any) -> None:
    """Its answer writes the case file: a "save and come back later" button there read as the save
    and left the case unwritten (the Chromium walk)."""
    response, form = to_file_name(client)
    assert form["key"] == "file.name"
    assert '<button type="submit" class="button">Save the case file</button>' in response.text
    assert 'value="save-later"' not in response.text
    earlier = client.get(form["action"].rsplit("/", 1)[0] + "/0")  # any other question keeps both
    assert 'value="save-later"' in earlier.text and ">Continue</button>" in earlier.text
