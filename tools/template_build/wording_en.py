"""The English letters, one list of blocks per stage (see build.py for the block language).

UK conventions: one date at the top, "Dear Sir or Madam … Yours faithfully" or
"Dear Ms Reyes … Yours sincerely" (the view model's ``salutation`` and ``valediction``),
a final response asked for by a date. A letter to a company in the United States gets US
conventions from the view model (its dates, "Dear Ms. Reyes:", "Sincerely,"): the wording
here uses no word spelt differently in the two (LETTER-CRAFT §7). Every sentence that states
a fact is guarded by the view-model field that says the case records it; the user's own
words (summary, detail, issue, promise) are printed exactly as written.
"""

from __future__ import annotations

from template_build.build import Col, For, H, If, Layout, P, Table, body, item, lead, p

LAYOUT = Layout(
    lang="en",
    latin="Calibri",  # metric-compatible Carlito where the PDF is made (.ci/pdf-deps.sh)
    east_asia="Noto Serif CJK SC",
    mono="Courier New",  # Liberation Mono where the PDF is made
    size=11,
    cell=9.5,
    title=14,
    line=1.1,
    after=6,
    justify=False,
    indent_chars=0,
    lang_tag="en-GB",
    header="{{ complainant.name }} · {{ stage_title }}",
    page_words=("page ", " of ", ""),
)

BLANK = "____________________"

SENDER = [
    p(
        "{{ complainant.name }}",
        ("complainant.address", "{{ complainant.address }}"),
        ("complainant.phone", "Phone: {{ complainant.phone|nb }}"),
        ("complainant.email", "Email: {{ complainant.email }}"),
    ),
    p("{{ letter_date }}"),
]
TO_COMPANY = p(
    "{{ company.recipient }}",
    "{{ company.name }}",
    ("company.address", "{{ company.address }}"),
    ("company.email", "Email: {{ company.email }}"),
)
REFS = p(
    "My ref: {{ case_id|nb }}",
    ("company_ref", "Your ref: {{ company_ref|nb }}"),
    ("complainant.account_id", "Account: {{ complainant.account_id|nb }}"),
)
DEAR = p("{{ salutation }}")
DEADLINE = "by {{ deadline }} ({{ deadline_days }} days from the date of this letter)"
BY_EMAIL = "{% if complainant.email %}, by email to {{ complainant.email }}{% endif %}"


def closing() -> list:
    return [p("{{ valediction }}", style="Closing"), p("{{ complainant.name }}", style="Signature")]


#: The user's issue as a sentence of its own (their words exactly, a full stop only when they wrote none).
ISSUE = "{{ issue }}{% if issue[-1:] not in ['.', '!', '?', '。', '！', '？'] %}.{% endif %}"
ABOUT = "{% if about %} about {{ about }}{% endif %}"


def subject(lead: str, ref: bool = True, fallback: str = "", wrong: str = "grievance") -> str:
    """A subject read at a glance: ``lead`` then at most three parts, the thing (order, booking,
    account), the wrong (the user's ``issue`` as written, else the sum in dispute) and the
    company's reference: "Formal complaint: booking SKY7QX – the refund … not paid – your ref CR-…"."""
    before = "true" if fallback else f"thing or {wrong}"  # with a fallback, something always comes before the reference
    tail = f"{{% if company_ref %}}{{% if {before} %}} – {{% endif %}}your ref {{{{ company_ref|nb }}}}{{% endif %}}" if ref else ""
    none = f"{{% if not thing and not {wrong} %}}{fallback}{{% endif %}}" if fallback else ""
    return (
        lead + f"{{% if thing %}}{{{{ thing }}}}{{% endif %}}{{% if thing and {wrong} %}} – {{% endif %}}"
        f"{{% if {wrong} %}}{{{{ {wrong} }}}}{{% endif %}}" + none + tail
    )


#: A follow-up's wrong: the user's issue, else the promise not kept, else the sum in dispute.
FOLLOW_UP_WRONG = "(issue or (('your promise of ' ~ promise.date ~ ' not kept') if promise and promise.broken else grievance))"


#: What the user asks for, as noun phrases joined as English joins a list ("a refund of £412.80 and a written apology").
#: Three or more are not recited in the opening: the list below says them in the user's words.
NOUNS = "{% for d in demands %}{{ d.noun }}{% if loop.revindex == 2 %}{% if ',' in d.noun %},{% endif %} and {% endif %}{% endfor %}"
#: Nor are demands the user put in words of their own that a noun would only paraphrase ("a written
#: explanation" for "explain why my dispute was closed"): a sum's noun says what a refund's words say.
LISTED = "demands|length > 2 or demands|selectattr('detail')|rejectattr('amount_text')|list"
ASKS = "{% if " + LISTED + " %}by taking the steps set out below{% else %}with " + NOUNS + "{% endif %}"
#: The user's issue as written: a sentence of its own when they wrote one ("The bank refused …"),
#: else led in, so that their clause or noun phrase stands as written.
PROBLEM = "{% if issue %} {% if not issue[:1].isupper() %}The problem is this: {% endif %}" + ISSUE + "{% endif %}"

INCIDENTS = For(
    "i in incidents",
    [
        body(
            # a lead-in, then the user's account; one that starts in lower case follows a colon, not a full stop
            "⟦{{ i.date }}{% if i.channel %}, {{ i.channel }}{% endif %}{% if i.staff_text %}, with {{ i.staff_text|nb }}{% endif %}"
            "{% if i.sentence[:1].islower() %}:{% else %}.{% endif %}⟧ "
            "{{ i.sentence|ml }}{% if i.evidence_text %} {{ i.evidence_text }}{% endif %}"
        )
    ],
)
#: One line each, told as the first complaint tells it ("20 September 2026, email: …"), not "date: Email: …".
INCIDENTS_BRIEF = For(
    "i in incidents",
    [
        item(
            "{{ i.date }}{% if i.channel %}, {{ i.channel }}{% endif %}{% if i.staff_text %}, with {{ i.staff_text|nb }}{% endif %}: "
            "{{ i.sentence|ml }}{% if i.evidence_text %} {{ i.evidence_text }}{% endif %}"
        )
    ],
)
#: The demands continue one clause ("To put this right, please:", which takes an order as the user writes one,
#: "do not report the amount…", as "I would like you to:" did not): the user's own words as
#: written, the stock ones in lower case to match.
DEMANDS = For("d in demands", [item("{{ loop.index }}. {{ d.sentence|ml }}")])
ASK_LEAD = lead("To put this right, please:")

TRANSACTIONS = If(
    "transactions",
    [
        H("The transactions concerned"),
        For(
            "t in transactions",
            [
                P(
                    [
                        "{{ t.date }}: {{ t.amount_text }}{% if t.network %}, {{ t.network }}{% endif %}",
                        ("t.txid", "Transaction ID: {{ t.txid|nb }}"),
                        ("t['from']", "From: {{ t['from']|nb }}"),
                        ("t.to", "To: {{ t.to|nb }}"),
                        ("t.explorer", "Explorer: {{ t.explorer }}"),
                    ],
                    "Entry",
                )
            ],
        ),
    ],
)


def losses() -> If:
    return If(
        "losses",
        [
            H("What this cost me"),
            For("l in losses", [item("{{ l.description|ml }}: {{ l.amount_text }}")]),
            If("losses|length > 1", [body("Total: {{ loss_total_text }}.")]),
        ],
    )


def policies(owner: str, verdict: str, heading: bool = True) -> If:
    return If(
        "policies",
        [
            # under its own heading the list needs no lead that says the heading again
            *([H(f"{owner} own terms")] if heading else [lead(f"{owner} own terms say how this should have been handled:")]),
            For(
                "p in policies",
                [item("{{ p.title }}{% if p.clause %}, {{ p.clause }}{% endif %}{% if p.summary %}: {{ p.summary|ml }}{% endif %}.")],
            ),
            body(verdict),
        ],
    )


#: The law on what happened, for the company to read from the first letter (the filing's grounds begin with it).
LAW = If("law", [H("The law"), For("g in law", [body("{{ g|ml }}")])])

EVIDENCE = If(
    "evidence or company_records or earlier_letters",
    [
        H("Evidence and records"),
        If("evidence or earlier_letters", [body("I enclose copies of the documents listed under Enclosures below.")]),
        If("company_records", [body("Please preserve these records you hold, and send me a copy of them: {{ company_records }}.")]),
    ],
)


def _dated(rows: str) -> Table:
    return Table(
        f"c in {rows}",
        [Col("Date", 3.3, ["{{ c.date }}"]), Col("What happened", 12.7, ["{{ c.text|nb }}"])],
        txt=["{{ c.date }}: {{ c.text|ml }}"],
    )


CHRONOLOGY = _dated("chronology")
ATTEMPTS = _dated("attempts")

ENCLOSURES = If(
    "evidence or earlier_letters or (final_response and stage == 'consumer-association')",
    [
        p("⟦Enclosures⟧", style="Label"),
        For(
            "l in earlier_letters",
            [P(["Copy of my {{ l.title }} of {{ l.date }}"], "Enclosure")],
            then=If(
                "final_response and stage == 'consumer-association'",
                [P(["Copy of the company's final response of {{ final_response.date }}"], "Enclosure")],
            ),
        ),
        For(
            "e in evidence",
            [
                P(
                    [
                        "{{ e.id }}  {{ e.kind_text|capitalize }}{% if e.date %}, {{ e.date }}{% endif %}: {{ e.description|ml }}"
                        "{% if e.reference %} (ref. {{ e.reference|nb }}){% endif %}",
                        ("e.file_name", "File: {{ e.file_name }}{% if e.size_text %}, {{ e.size_text }}{% endif %}"),
                        ("e.sha256", "SHA-256: ⟪{{ e.sha256 }}⟫"),
                    ],
                    "Enclosure",
                )
            ],
        ),
    ],
)

EN: dict[str, list] = {}

EN["first-complaint"] = [
    *SENDER,
    TO_COMPANY,
    REFS,
    DEAR,
    p(subject("Formal complaint: ", fallback="service on {{ incident_dates_text }}"), style="Subject"),
    body(
        "I am writing to make a formal complaint about {{ service_you|nb }}{% if about %}, concerning {{ about }}{% endif %}."
        + PROBLEM
        + " I ask you to put this right "
        + ASKS
        + ".{% if final_response_note %} {{ final_response_note }};"
        " I would be grateful for it by {{ deadline }}.{% else %} Please send me your final response " + DEADLINE + ".{% endif %}"
    ),
    H("What happened"),
    INCIDENTS,
    TRANSACTIONS,
    policies("Your", "What happened did not follow these terms."),
    LAW,
    losses(),
    ASK_LEAD,
    DEMANDS,
    EVIDENCE,
    H("Your reply"),
    P(
        [
            "Please acknowledge this letter{% if ask_reference %}, give me a reference number for my complaint{% endif %}"
            " and tell me who is handling it and when I can expect to hear from them. Please send your final response in writing"
            "{% if complainant.email %} by email to {{ complainant.email }}{% endif %}."
        ],
        "Last",
    ),
    *closing(),
    ENCLOSURES,
]

COMPLAINED = (
    "{% if first_complaint %}On {{ first_complaint.date }} I complained to you"
    "{% if first_complaint.channel %} by {{ first_complaint.channel }}{% endif %}"
    "{% if first_complaint.reference %} (your ref {{ first_complaint.reference|nb }}){% endif %} about "
    "{{ service_you|nb }}" + "{% if about %}, concerning {{ about }}{% endif %}.{% else %}I have complained to you "
    "about {{ service_you|nb }}" + "{% if about %}, concerning {{ about }}{% endif %}.{% endif %}" + PROBLEM
)
WHERE_IT_STANDS = (
    "{% if promise %} {{ promise.text }}{% if promise.broken %} That date has passed and the promise has not been kept."
    "{% endif %}{% if promise.summary and promise.satisfactory == false %} I do not accept the rest of that reply either"
    " ({{ promise.summary|trim('.') }}).{% endif %}{% elif last_reply %}{% if last_reply.satisfactory == false %} Your reply of {{ last_reply.date }} "
    "did not resolve my complaint.{% else %} I have your reply of {{ last_reply.date }}.{% endif %}"
    "{% elif first_complaint and first_complaint.deadline_missed %} I asked for "
    "{% if final_response_due %}a reply{% else %}your final response{% endif %} by "
    "{{ first_complaint.deadline }}; that date has passed and I have had no reply.{% endif %}"
    "{% if chases %} I have since chased it {{ chases_text|nb }}.{% endif %}"
)

EN["follow-up"] = [
    *SENDER,
    TO_COMPANY,
    REFS,
    DEAR,
    p(subject("Follow-up to my complaint: ", fallback="service on {{ incident_dates_text }}", wrong=FOLLOW_UP_WRONG), style="Subject"),
    body(COMPLAINED + WHERE_IT_STANDS),
    body(
        "I ask again that you put this right "
        + ASKS
        # a firm with eight weeks for its final response is asked for a reply, not the final response, before they are up
        + ".{% if final_response_due %} Your final response is due by {{ final_response_due }};"
        " please reply to this letter "
        + DEADLINE
        + BY_EMAIL
        + ".{% else %} Please send me your final response in writing "
        + DEADLINE
        + BY_EMAIL
        + ".{% endif %} If {% if last_reply %}this is not put right{% else %}I have no reply{% endif %} by then, I will {{ next_step }}."
    ),
    H("My complaint in brief"),
    INCIDENTS_BRIEF,
    TRANSACTIONS,
    losses(),
    ASK_LEAD,
    DEMANDS,
    EVIDENCE,
    P(
        [
            "Please acknowledge this letter{% if ask_reference %}, give me a reference number for my complaint{% endif %}"
            " and tell me who is handling it."
        ],
        "Last",
    ),
    *closing(),
    ENCLOSURES,
]

EN["escalation"] = [
    *SENDER,
    p(
        "{% if management.name %}{{ management.name }}{% else %}{{ management.title }}{% endif %}",
        ("management.name", "{{ management.title }}"),
        "{{ company.name }}",
        ("company.address", "{{ company.address }}"),
        ("management.email", "Email: {{ management.email }}"),
    ),
    REFS,
    DEAR,
    p(subject("For management review: ", fallback="service on {{ incident_dates_text }}"), style="Subject"),
    body(
        "I ask you to review {% if first_complaint %}the complaint I made to your customer service on {{ first_complaint.date }}"
        "{% else %}my complaint{% endif %} about {{ service_you|nb }}{% if about %}, concerning {{ about }}{% endif %}."
        + PROBLEM
        + "{% if promise and promise.broken %} On {{ promise.date }} you promised “{{ promise.promise }}”"
        "{% if promise.by and not promise.by_said %} by {{ promise.by }}{% endif %}; that promise has not been kept."
        "{% elif final_response %} Your final response of {{ final_response.date }} did not resolve it."
        "{% elif last_reply and last_reply.satisfactory == false %} Your reply of {{ last_reply.date }} did not resolve it."
        "{% elif not last_reply %} I have had no reply.{% endif %}"
        " I ask you to put this right " + ASKS + ", and to send me {% if final_response %}the outcome of your review"
        "{% else %}your final response{% endif %} by {{ deadline }}."
    ),
    H("What has happened"),
    lead("In date order:"),
    CHRONOLOGY,
    TRANSACTIONS,
    policies("Your", "What happened did not follow these terms."),
    LAW,
    losses(),
    ASK_LEAD,
    DEMANDS,
    EVIDENCE,
    H("Your reply"),
    body(
        "Please acknowledge this letter, tell me who is handling it and send "
        "{% if final_response %}the outcome of your review{% else %}your final response{% endif %} in writing"
        "{% if complainant.email %} by email to {{ complainant.email }}{% endif %} by {{ deadline }}."
    ),
    # LETTER-CRAFT §2: a calm reservation of rights, the next forum as information
    P(
        [
            "I would still prefer to settle this with you directly, and I reserve my rights."
            "{% if next_step %} If it is not resolved by then, I will {{ next_step }}.{% endif %}"
        ],
        "Last",
    ),
    *closing(),
    ENCLOSURES,
]

FIELD = "{{ %s or '" + BLANK + "' }}"

EN["consumer-association"] = [
    *SENDER,
    p(
        "{% if authority.known %}{{ authority.name }}{% else %}" + BLANK + "{% endif %}",
        ("authority.channel", "Via: {{ authority.channel }}"),
        ("authority.address", "{{ authority.address }}"),
        ("authority.email", "Email: {{ authority.email }}"),
        ("authority.website", "Website: {{ authority.website }}"),
        ("authority.phone", "Phone: {{ authority.phone|nb }}"),
    ),
    p("My ref: {{ case_id|nb }}"),
    DEAR,
    p(
        subject("Complaint against {{ company.legal_name or company.name }}{% if thing or grievance %}: {% endif %}", ref=False),
        style="Subject",
    ),
    body(
        "I wish to complain about {{ service_it|nb }}{% if about %}, concerning {{ about }}{% endif %}."
        + PROBLEM
        + "{% if attempts_text %} I have tried to settle it with the company ({{ attempts_text|nb }}) without a "
        "satisfactory result.{% endif %}{% if promise and promise.broken %} On {{ promise.date }} the company promised "
        "“{{ promise.promise }}”{% if promise.by and not promise.by_said %} by {{ promise.by }}{% endif %}, and it has not kept "
        "that promise.{% endif %}{% if authority.why_now %} {{ authority.why_now }}{% elif final_response %} The company's "
        "final response of {{ final_response.date }} is enclosed.{% endif %}"
        " I ask for your help in obtaining from the company {% if " + LISTED + " %}what I set out below"
        "{% else %}" + NOUNS + "{% endif %}."
    ),
    H("Complainant"),
    p(
        "Name: {{ complainant.name }}",
        "Phone: " + FIELD % "complainant.phone",
        "Address: " + FIELD % "complainant.address",
        "Email: " + FIELD % "complainant.email",
        ("complainant.account_id", "Account with the company: {{ complainant.account_id|nb }}"),
    ),
    H("The company"),
    p(
        "Name: {{ company.legal_name or company.name }}",
        ("company.legal_name", "Trading as: {{ company.name }}"),
        ("company.registration_id", "Registration number: {{ company.registration_id|nb }}"),
        "Address: " + FIELD % "company.address",
        ("company.phone", "Phone: {{ company.phone|nb }}"),
        ("company.email", "Email: {{ company.email }}"),
        ("company.website", "Website: {{ company.website }}"),
        ("company.app", "App: {{ company.app }}"),
    ),
    # what was bought, as the body's form asks for it (LETTER-CRAFT §3: the transaction in the filing)
    If(
        "matter.product or matter.order",
        [
            H("The purchase"),
            p(
                "{% if matter.product %}Product or service: {{ matter.product }}{% else %}Order or reference: {{ matter.order|nb }}{% endif %}",
                ("matter.product and matter.order", "Order or reference: {{ matter.order|nb }}"),
                ("matter.purchase_date", "Date: {{ matter.purchase_date }}"),
                ("matter.purchase_amount", "Amount: {{ matter.purchase_amount }}"),
            ),
        ],
    ),
    TRANSACTIONS,
    H("What happened"),
    # the incidents are the user's words to the company: their "you" is the company, not the body
    If("told_to_the_company", [lead("In my own words, as I put them to the company (“you” there means the company):")]),
    INCIDENTS,
    If(
        "authority.grounds or policies",
        [
            H("Grounds"),
            For("g in authority.grounds", [body("{{ g|ml }}")]),
            policies("The company's", "What happened did not follow these terms.", heading=False),
        ],
    ),
    losses(),
    H("What I ask you to help me obtain from the company"),
    For(
        "d in demands",
        # what the user asked for in their own words, quoted, with its sum when their words do not say
        # it; a stock noun ("a written apology") only where they gave none
        [
            item(
                "{{ loop.index }}. {% if d.detail %}“{{ d.detail|ml }}”"
                "{% if d.amount_text and d.amount_text in d.sentence and d.amount_text not in d.detail %} ({{ d.amount_text }}){% endif %}"
                "{% if d.pay_to %}, paid to {{ d.pay_to }}{% endif %}{% else %}{{ d.noun }}{% endif %}"
            )
        ],
    ),
    H("My attempts to settle it with the company"),
    If("attempts", [lead("In date order:"), ATTEMPTS], [body("None recorded.")]),
    If(
        "evidence or earlier_letters or final_response or company_records",
        [
            H("Evidence"),
            If("evidence or earlier_letters or final_response", [body("I enclose copies of the documents listed under Enclosures below.")]),
            If("company_records", [body("I have asked the company to preserve these records it holds: {{ company_records }}.")]),
        ],
    ),
    H("Declaration"),
    P(["The information in this complaint is true to the best of my knowledge. Nothing in it affects my other legal rights."], "Last"),
    p("{{ valediction }}", style="Closing"),
    p("Signature: " + BLANK, "{{ complainant.name }}", style="Signature"),
    ENCLOSURES,
]
