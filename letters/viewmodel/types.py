"""The view model, declared once: every name a template may use, its type and what it means.

``build_context`` returns a :class:`ViewModel`; ``docs/view-model.md`` and ``letters templates
check`` are derived from these declarations (:mod:`letters.viewmodel.shape`), and a test
checks that what ``build_context`` returns for sample cases matches them key for key.
Text the case leaves out is ``""``; an object typed ``… | None`` is ``None`` when there is
no such contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, TypedDict

__all__ = ["Doc", "ViewModel"]


@dataclass(frozen=True)
class Doc:
    """What a field means, for template authors (``Annotated[str, Doc("…")]``)."""

    text: str


class Complainant(TypedDict):
    name: Annotated[str, Doc("your name")]
    email: Annotated[str, Doc("your email")]
    phone: Annotated[str, Doc("your phone number")]
    address: Annotated[str, Doc("your postal address")]
    account_id: Annotated[str, Doc("your account or wallet id at the company")]


class Company(TypedDict):
    name: Annotated[str, Doc("its name")]
    department: Annotated[str, Doc("the department written to")]
    address: Annotated[str, Doc("its postal address")]
    email: Annotated[str, Doc("its email")]
    legal_name: Annotated[str, Doc("its registered name")]
    registration_id: Annotated[str, Doc("its registration number (统一社会信用代码, company number…)")]
    phone: Annotated[str, Doc("its phone number")]
    website: Annotated[str, Doc("its website")]
    app: Annotated[str, Doc("its app")]
    recipient: Annotated[str, Doc("the department, or a generic `客户服务部` / `Customer Service Department`")]


class Matter(TypedDict):
    issue: Annotated[str, Doc("the grievance in one line, as the case's `issue` gives it (may be empty)")]
    product: Annotated[str, Doc("what was bought (`purchase.product`), or empty")]
    order: Annotated[str, Doc("its order, bill, policy or card number (`purchase.order`), or empty")]
    order_text: Annotated[str, Doc("the same as a Chinese letter names it: a bare number as `订单号：YP2026…`, a named one as written")]
    service: Annotated[
        bool,
        Doc(
            "true when it is a service taken out (a contract, plan or membership; a telecoms, energy or water supply): Chinese letters say 办理 / 辦理, not 购买"
        ),
    ]
    purchase_date: Annotated[str, Doc("the day it was bought, or empty")]
    purchase_amount: Annotated[str, Doc("what was paid, with its currency, or empty")]
    reader: Annotated[str, Doc("who the writer is to the company, from `company.sector`: card, bank, shop, passenger, user or customer")]
    subject: Annotated[
        str,
        Doc(
            "Chinese: what 事由 names after 关于 — the `issue`, else the thing bought and its number, else the first incident (empty in English)"
        ),
    ]
    you: Annotated[str, Doc("Chinese: the company in the second person (`贵行` to a bank, else `贵公司`); empty in English")]
    it: Annotated[str, Doc("Chinese: the company in the third person (`该行` / `该公司`); empty in English")]
    customer: Annotated[str, Doc("Chinese: the writer's standing (`持卡人`, `顾客`, `用户`, `旅客`, `客户`); empty in English")]
    body_you: Annotated[str, Doc("Chinese: the body a filing goes to, in the second person (`贵会`, `貴會`, `贵单位`); empty in English")]


class Management(TypedDict):
    name: Annotated[str, Doc("the manager's name")]
    title: Annotated[str, Doc("the manager's title; a generic head of customer service when not given")]
    email: Annotated[str, Doc("the manager's email")]
    salutation: Annotated[str, Doc("zh `尊敬的{name}{title}：`, zh-Hant `敬啟者：`, en `Dear {name}` (or the title when there is no name)")]


class Staff(TypedDict):
    name: Annotated[str, Doc("their name")]
    id: Annotated[str, Doc("their staff id")]
    role: Annotated[str, Doc("their role")]
    label: Annotated[str, Doc("name, id and role in one phrase; works with name or id alone")]
    involved_any: Annotated[bool, Doc("true when the case ties the staff member to at least one incident")]
    involved_all: Annotated[bool, Doc("true when it ties them to every incident")]


class Incident(TypedDict):
    date: Annotated[str, Doc("date of the incident")]
    date_iso: Annotated[str, Doc("the same date as `YYYY-MM-DD`")]
    channel: Annotated[str, Doc("where it happened (chat, phone…)")]
    summary: Annotated[str, Doc("what happened, as the case file says it (a Chinese letter writes its quotes and brackets full-width)")]
    sentence: Annotated[str, Doc("the summary ending as a sentence (a full stop, or 。)")]
    problems: Annotated[
        list[str], Doc("the problems, each as a mild phrase in the letter's language (`态度生硬`, `discourteous treatment`)")
    ]
    problems_text: Annotated[str, Doc("the problems joined into one phrase (`a, b and c` / `a、b和c`)")]
    staff_involved: Annotated[bool, Doc("whether the incident lists any staff member (v2 `incidents[].staff`; v1 `staff_involved`)")]
    staff: Annotated[list[str], Doc("the staff this incident lists, each as the letter names them (an unknown name said plainly)")]
    staff_text: Annotated[
        str,
        Doc(
            "those staff in one phrase (`Mark (staff ID AG-3310)` / `热线客服（未能得知其姓名）`); empty when it lists nobody, "
            "and in a Chinese letter when the summary already names each of them in full (their name or id, and their role)"
        ),
    ]
    evidence_ids: Annotated[list[str], Doc("the enclosed evidence dated that day (E1, E2…)")]
    evidence_text: Annotated[str, Doc("those enclosures cited inline: `(enclosure E1)` / `（见附件E1）`; empty when none")]
    text: Annotated[str, Doc("the incident as one full sentence: where, with whom, the summary as written, the enclosures cited")]


class EvidenceItem(TypedDict):
    id: Annotated[str, Doc("E1, E2… (or the id given in the case file)")]
    kind: Annotated[str, Doc("chat-log, email, call-recording, screenshot, document, transaction or other")]
    kind_text: Annotated[str, Doc("the kind as a phrase in the letter's language")]
    date: Annotated[str, Doc("date of the evidence")]
    description: Annotated[str, Doc("what it is")]
    file: Annotated[str, Doc("the file, relative to the case file")]
    file_name: Annotated[str, Doc("the file's name without its folder (what an enclosures list shows)")]
    reference: Annotated[str, Doc("ticket number, transaction hash…")]
    reference_text: Annotated[
        str, Doc("the same as a Chinese letter names it: a bare number as `编号：REC-8`, one the user named (`工单 BX-1`) as written")
    ]
    sha256: Annotated[str, Doc("SHA-256 of the file (hex); empty when there is no file")]
    size_text: Annotated[str, Doc("size of the file (`17 bytes`, `17字节`, `12.5 KB`); empty when there is no file")]


class Person(TypedDict):
    key: Annotated[str, Doc("the staff member's key (S1, S2… or the case's own)")]
    name: Annotated[str, Doc("their name (empty when not known)")]
    id: Annotated[str, Doc("their staff id")]
    role: Annotated[str, Doc("their role")]
    label: Annotated[str, Doc("as the letter names them; a member with neither name nor id is said plainly to be unnamed")]
    dates_text: Annotated[str, Doc("the dates of the incidents that list them, in one phrase; empty when none")]


class Policy(TypedDict):
    title: Annotated[str, Doc("the document's title")]
    clause: Annotated[str, Doc("the clause")]
    summary: Annotated[str, Doc("what the clause says")]


class Loss(TypedDict):
    description: Annotated[str, Doc("what the loss is")]
    amount_text: Annotated[str, Doc("the amount with its currency (`人民币35.50元`, `€25.00`, `1.2 USDT`)")]
    currency: Annotated[str, Doc("the currency code or asset symbol")]


class Total(TypedDict):
    currency: Annotated[str, Doc("the currency code or asset symbol")]
    amount_text: Annotated[str, Doc("the total with its currency")]


class Demand(TypedDict):
    type: Annotated[str, Doc("apology, explanation, correction, compensation, refund, staff-action or other")]
    text: Annotated[str, Doc("the demand as a request in the letter's language, without final punctuation")]
    detail: Annotated[str, Doc("your own words about it (may be empty)")]
    sentence: Annotated[
        str,
        Doc(
            "the demand as a sentence: your detail, else a plain request; a refund or compensation with its sum, how it is made up and where to pay"
        ),
    ]
    short: Annotated[str, Doc("the demand as a short phrase for the summary (`a refund of €25.00`, `退还人民币35.50元`)")]
    noun: Annotated[
        str, Doc("the demand as a noun phrase, for what a filing asks the body to help obtain (`a refund of €25.00`, `退还人民币899.00元`)")
    ]
    amount_text: Annotated[str, Doc("the sum a refund or compensation asks for (its own, else the losses it claims), or empty")]
    loss_ids: Annotated[list[str], Doc("the losses its sum is made of (L1, L2…); a loss is claimed by one demand at most")]
    pay_to: Annotated[str, Doc("where the money should go, or empty")]


# functional form: one key is `from`, a Python keyword
Transaction = TypedDict(
    "Transaction",
    {
        "date": Annotated[str, Doc("date of the transaction")],
        "date_iso": Annotated[str, Doc("the same date as `YYYY-MM-DD`")],
        "amount_text": Annotated[str, Doc("the amount with its currency")],
        "currency": Annotated[str, Doc("the currency code or asset symbol")],
        "on_chain": Annotated[bool, Doc("a crypto asset moved on a blockchain: `from` and `to` are wallet addresses")],
        "network": Annotated[str, Doc("network or payment rail (TRC-20, card…)")],
        "txid": Annotated[str, Doc("transaction hash or order number")],
        "from": Annotated[str, Doc("sending address or account (write `t['from']`: `from` is a Jinja keyword)")],
        "to": Annotated[str, Doc("receiving address or account")],
        "explorer": Annotated[str, Doc("block-explorer link")],
    },
)


class Dated(TypedDict):
    date: Annotated[str, Doc("its date")]
    date_iso: Annotated[str, Doc("the same date as `YYYY-MM-DD`")]
    text: Annotated[str, Doc("what happened that day, as a sentence")]


class EarlierLetter(TypedDict):
    date: Annotated[str, Doc("the day it was sent")]
    date_iso: Annotated[str, Doc("the same date as `YYYY-MM-DD`")]
    title: Annotated[str, Doc("what it was (`complaint`, `follow-up letter`… / `投诉函`…)")]


class Contact(TypedDict):
    date: Annotated[str, Doc("date of the contact")]
    date_iso: Annotated[str, Doc("the same date as `YYYY-MM-DD`")]
    kind: Annotated[str, Doc("complaint, follow-up, escalation, filing, reply, call, chat or note")]
    kind_text: Annotated[str, Doc("the kind as a phrase in the letter's language")]
    channel: Annotated[str, Doc("how it was sent or made")]
    reference: Annotated[str, Doc("ticket or reference number")]
    summary: Annotated[str, Doc("what it said")]
    satisfactory: Annotated[bool | None, Doc("for replies: true, false, or None when not said")]
    outcome_text: Annotated[str, Doc("answered, unanswered, unsatisfactory… as a phrase; empty for notes")]


class ContactSummary(TypedDict):
    date: Annotated[str, Doc("date of that contact")]
    date_iso: Annotated[str, Doc("the same date as `YYYY-MM-DD`")]
    channel: Annotated[str, Doc("how it was sent or made")]
    reference: Annotated[str, Doc("ticket or reference number")]
    summary: Annotated[str, Doc("what it said")]
    satisfactory: Annotated[bool | None, Doc("for replies: true, false, or None when not said")]
    days_since: Annotated[int, Doc("days from that contact to the letter date")]
    deadline: Annotated[
        str, Doc("the reply deadline that contact set (a follow-up's `chase_days`, else 7 days; a letter's `response_days`)")
    ]
    deadline_iso: Annotated[str, Doc("the same date as `YYYY-MM-DD`")]
    deadline_passed: Annotated[bool, Doc("true when that deadline is before the letter date")]
    deadline_missed: Annotated[bool, Doc("true when it passed with no reply logged by then")]


class Promise(TypedDict):
    date: Annotated[str, Doc("the day of the reply that made the promise")]
    date_iso: Annotated[str, Doc("the same date as `YYYY-MM-DD`")]
    channel: Annotated[str, Doc("how the reply came")]
    reference: Annotated[str, Doc("its reference")]
    promise: Annotated[str, Doc("what it promised, exactly as the case records it")]
    by: Annotated[str, Doc("the date it was promised by (empty when none was given)")]
    by_iso: Annotated[str, Doc("the same date as `YYYY-MM-DD`, or empty")]
    by_said: Annotated[
        bool, Doc("true when the promise's own words already name that day (`11月10日前退回`): the letters do not add it again")
    ]
    broken: Annotated[bool, Doc("true when that date has passed (before the letter date) and the promise is not marked kept")]
    summary: Annotated[str, Doc("what else the reply said, as the case records it (its `summary`), or empty")]
    satisfactory: Annotated[bool | None, Doc("whether the user found the reply satisfactory (false: the rest of it is not accepted)")]
    text: Annotated[str, Doc("the promise as a sentence: the reply's date, channel and reference, the promise quoted, its deadline")]


class FormField(TypedDict):
    label: Annotated[str, Doc("the field's label on the form, in the letter's language")]
    value: Annotated[str, Doc("the text for it, from the case (empty when the case does not say)")]
    missing: Annotated[str, Doc("when `value` is empty: the case-file key to add to fill it (`purchase.order`); else empty")]


class Authority(TypedDict):
    name: Annotated[str, Doc("its name in the letter's language (empty when no body is known: leave a blank to fill in)")]
    address: Annotated[str, Doc("its postal address")]
    website: Annotated[str, Doc("its website")]
    email: Annotated[str, Doc("its email")]
    phone: Annotated[str, Doc("its phone number")]
    channel: Annotated[str, Doc("how a complaint reaches it when that is not the body itself (全国12315平台), else empty")]
    name_in_sentence: Annotated[
        str, Doc('the name as it reads inside an English sentence ("the Financial Ombudsman Service"); a name the case gives, as given')
    ]
    known: Annotated[bool, Doc("whether a body is known for this case (false: the letter leaves a blank to fill in)")]
    kind: Annotated[str, Doc("what the body does: conciliate, regulate, ombudsman or advise (empty when not known)")]
    title: Annotated[str, Doc("what a filing with it is called when not the stage's title (调解申请书, 电信用户申诉书), else empty")]
    word: Annotated[
        str, Doc("what a complaint to it is called: 投诉 / 投訴 / complaint, or its own word (申诉 to a telecoms appeal centre)")
    ]
    respondent: Annotated[str, Doc("what the company is called in the filing: 被投诉方 / 被申诉方 / 被申請方 (Chinese), else empty")]
    grounds: Annotated[
        list[str],
        Doc(
            "calm sentences citing only the law the case's facts fit (its problems, purchase, transactions, demands), "
            "for the grounds paragraph; empty when none fits (the company's own terms are `policies`)"
        ),
    ]
    why_now: Annotated[
        str,
        Doc(
            "one sentence in the letter's language saying why the body may act now (its waiting period passed, or the "
            "final response enclosed); empty when nothing can be said"
        ),
    ]
    form_fields: Annotated[list[FormField], Doc("the fields of the body's online form, in its order (empty when none is known)")]
    notes: Annotated[
        list[str], Doc("what the user should know about this route (what the body does not take, a referral), for information")
    ]


class ViewModel(TypedDict):
    lang: Annotated[str, Doc("the letter's language: `zh`, `zh-Hant` or `en`")]
    stage: Annotated[str, Doc("the stage (`first-complaint`, `follow-up`, `escalation`, `consumer-association`) or your template's name")]
    stage_title: Annotated[str, Doc("the stage's title in the letter's language")]
    case_id: Annotated[str, Doc("the case id (also names the output folder)")]
    letter_date: Annotated[str, Doc("date of the letter (`--on`, default today), written in the letter's language")]
    letter_date_iso: Annotated[str, Doc("the letter date as `YYYY-MM-DD`")]
    sent_on: Annotated[
        str,
        Doc(
            "the day this stage was sent, when it already was (the letter is then dated that day and tells only what came before); else empty"
        ),
    ]
    salutation: Annotated[
        str, Doc("the greeting for this stage's recipient: `Dear Sir or Madam,`, `Dear Ms Hall,`, `尊敬的……：`, `敬啟者：`")
    ]
    valediction: Annotated[str, Doc("the matching close: `Yours faithfully,` or `Yours sincerely,` (empty in zh: 此致 / 敬礼！)")]
    issue: Annotated[str, Doc("the case's `issue`, exactly as written; empty when the case gives none")]
    grievance: Annotated[
        str, Doc("what went wrong in one phrase: the case's `issue`, else from the facts (`€25.00 in dispute`); may be empty")
    ]
    about: Annotated[
        str, Doc("the order, booking, account or policy the complaint is about (`order YP2026…`, `account CW-7781-22`); empty when unknown")
    ]
    thing: Annotated[
        str, Doc("`about` without what was bought: the order, booking, account or policy a subject names (`booking SKY7QX`); may be empty")
    ]
    next_step: Annotated[
        str, Doc("what the user will do next if this letter goes unanswered, as information (`ask your management to review it`); empty")
    ]
    final_response_note: Annotated[
        str,
        Doc(
            "English, to a UK firm the FCA regulates (company.sector financial, insurance or investment) or one in an ombudsman scheme outside finance (energy, telecoms, an airline's ADR): that it has up to eight weeks (the scheme's wait: 8 weeks, 6 weeks) for its final response (a clause, no full stop); else empty"
        ),
    ]
    final_response_due: Annotated[
        str,
        Doc(
            "the follow-up to such a firm, sent before its weeks are up: the day they end and how long they are (`2 November 2026, eight weeks after my complaint`), so the letter asks for a reply by its deadline and the final response by that day; else empty"
        ),
    ]
    company_ref: Annotated[str, Doc("the company's own reference for the complaint (from the complaint or a reply), or empty")]
    matter: Annotated[Matter, Doc("what the complaint is about (issue, purchase, subject) and the register of the reader")]
    ask_reference: Annotated[bool, Doc("true when the case has no company reference yet, so the letter asks for one")]
    service_you: Annotated[
        str, Doc("who gave the service complained of and when, said to the company (the staff member only where involved)")
    ]
    service_it: Annotated[str, Doc("the same, said to a third party (a consumer body)")]
    incident_dates_text: Annotated[str, Doc("the incidents' dates in one phrase: `14 and 16 September 2026` / `2026年10月3日和5日`")]
    problems_text: Annotated[str, Doc("every problem of the case, each once, in one phrase (mild labels)")]
    fee_charged: Annotated[
        bool, Doc("true when the case records money paid (a loss or a transaction): a fee was charged, not only asked for")
    ]
    complainant: Annotated[Complainant, Doc("you, the person complaining")]
    company: Annotated[Company, Doc("the company complained to")]
    management: Annotated[Management, Doc("who receives the escalation")]
    staff: Annotated[Staff, Doc("the first staff member the case records (empty values when it records none); see `people`")]
    people: Annotated[list[Person], Doc("every staff member the case records, in its order")]
    incidents: Annotated[list[Incident], Doc("what happened, oldest first")]
    evidence: Annotated[list[EvidenceItem], Doc("the evidence you enclose (the schedule); never what the company holds")]
    company_evidence: Annotated[
        list[EvidenceItem], Doc("evidence the company holds (`held_by: company`): asked to be preserved, never enclosed")
    ]
    policies: Annotated[list[Policy], Doc("clauses of the company's own terms that were not followed")]
    told_to_the_company: Annotated[
        list[str],
        Doc(
            "the words by which the incidents speak to the company (`you`, `your` / `贵公司`, `你们`), each once; a filing"
            " says whom they mean before the incidents, so the body does not take them for itself; empty when none"
        ),
    ]
    law: Annotated[
        list[str],
        Doc(
            "the law on what happened, for the letters to the company: one sentence per provision of the company's jurisdiction"
            " the case's own facts fit (a 7-day return refused, a card billing error, a back-bill, a cancelled flight); the"
            " filing has them in `authority.grounds`"
        ),
    ]
    losses: Annotated[list[Loss], Doc("money lost")]
    loss_totals: Annotated[list[Total], Doc("one total per currency, in order of first appearance")]
    loss_total_text: Annotated[str, Doc("the totals in one phrase: `人民币35.50元及1.2 USDT` / `£10.00 and 1.5 USDT`")]
    transactions: Annotated[list[Transaction], Doc("the money movements in dispute")]
    demands: Annotated[list[Demand], Doc("what you ask for")]
    demands_text: Annotated[str, Doc("the demands' short phrases in one phrase")]
    response_days: Annotated[int, Doc("days the company has to reply")]
    deadline_days: Annotated[
        int, Doc("days this letter gives for a reply (a follow-up's `chase_days`, else 7 at most; else `response_days`)")
    ]
    deadline: Annotated[str, Doc("letter date + response_days, in the letter's language")]
    deadline_iso: Annotated[str, Doc("the deadline as `YYYY-MM-DD`")]
    contacts: Annotated[list[Contact], Doc("the chronology of every contact, oldest first (never the private notes)")]
    chronology: Annotated[
        list[Dated], Doc("one merged, dated list: incidents, letters, deadlines that passed unanswered, chases and replies")
    ]
    attempts: Annotated[list[Dated], Doc("the chronology without the incidents: the attempts to settle it with the company")]
    attempts_text: Annotated[str, Doc("the letters already sent, in one phrase (`my complaint of 5 October 2026 and …`), or empty")]
    chases: Annotated[list[ContactSummary], Doc("contacts chasing the first complaint (follow-ups, calls, chats), oldest first")]
    chases_text: Annotated[str, Doc("the chases in one phrase (`on 20 October 2026 by telephone (ref CALL-2207)`), or empty")]
    earlier_letters: Annotated[list[EarlierLetter], Doc("the letters already sent (not calls or chats), to enclose in copy")]
    company_records: Annotated[
        str,
        Doc(
            "what the company holds and is asked to preserve: call recordings and chat transcripts from the case's channels, and `company_evidence`; or empty"
        ),
    ]
    first_complaint: Annotated[
        ContactSummary | None, Doc("the first complaint sent, or None when there is no such contact; guard it with `{% if … %}`")
    ]
    last_follow_up: Annotated[
        ContactSummary | None, Doc("the latest follow-up sent, or None when there is no such contact; guard it with `{% if … %}`")
    ]
    last_escalation: Annotated[
        ContactSummary | None, Doc("the latest escalation sent, or None when there is no such contact; guard it with `{% if … %}`")
    ]
    last_reply: Annotated[
        ContactSummary | None, Doc("the company's latest reply, or None when there is no such contact; guard it with `{% if … %}`")
    ]
    promise: Annotated[
        Promise | None, Doc("the company's latest promise with a date, not marked kept, when no letter of yours followed it; else None")
    ]
    final_response: Annotated[
        ContactSummary | None, Doc("the company's final response (a reply logged `final: true`), enclosed with the filing; else None")
    ]
    other_channel: Annotated[str, Doc("another way to reach the company than the one the complaint went unanswered on")]
    authority: Annotated[
        Authority, Doc("the consumer body the filing goes to: the case's own `authority`, else the one of the company's jurisdiction")
    ]
