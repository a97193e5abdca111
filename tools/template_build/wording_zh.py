"""The Simplified Chinese letters (mainland usage), one list of blocks per stage (see build.py for the block language).

Conventions of a formal 投诉函: 致 at the top, 事由 naming the thing and the wrong with the
company's reference, 称呼 on its own line and 您好！ under it, headings numbered 一、二、三…,
本人 throughout the template's words (the user's own 我 stays as written), 此致 / 敬礼！, and
the date once, in the 落款 under 投诉人. The register follows the reader (``matter``: 贵行 and
持卡人 to a bank, 顾客 to a shop, 用户 only for an app or a utility). Incidents are told in the
user's words with the enclosure that proves them （见附件E1）; no problem tags are recited.
Every sentence that states a fact is guarded by the view-model field that says the case records it.
"""

from __future__ import annotations

from template_build.build import Col, For, H, If, Layout, P, Table, body, item, lead, p

LAYOUT = Layout(
    lang="zh",
    latin="Times New Roman",  # metric-compatible Liberation Serif where the PDF is made (.ci/pdf-deps.sh)
    east_asia="Noto Serif CJK SC",
    mono="Courier New",  # Liberation Mono where the PDF is made
    size=12,
    cell=10.5,
    title=16,
    line=1.15,
    after=3,
    justify=True,
    indent_chars=2,
    lang_tag="en-US",
    header="{{ complainant.name }}　{{ stage_title }}",
    page_words=("第", "页 共", "页"),
    nb_hyphen="-\u2060",  # a hyphen and a word joiner: see Layout.nb_hyphen
)

BLANK = "＿＿＿＿＿＿＿＿"
YOU = "{{ matter.you }}"
IT = "{{ matter.it }}"

TO_COMPANY = p(
    "致：{{ company.name }}{{ company.recipient }}",
    ("company.address", "地址：{{ company.address }}"),
    ("company.email", "电子邮箱：{{ company.email }}"),
)
DEAR = p("{{ salutation }}")
HELLO = body("您好！")
REF = "{% if company_ref %}（贵方编号：{{ company_ref|nb }}）{% endif %}"
SUBJECT = "关于{{ matter.subject|nb }}的投诉" + REF
DEADLINE = "于{{ deadline }}前（即本函发出之日起{{ deadline_days }}日内）"
BY_EMAIL = "{% if complainant.email %}，答复请发送至电子邮箱{{ complainant.email }}{% endif %}"
#: Who the writer is to the company: 持卡人 of a bank's card, the buyer of an order, a user of an app.
INTRO = (
    "本人{{ complainant.name }}"
    # a card holder's purchase made with the card is the transaction complained of, not who they are
    "{% if matter.reader in ('card', 'bank') and matter.product and '卡' not in matter.product"
    " and 'card' not in matter.product|lower %}是" + YOU + "{{ matter.customer }}"
    "{% if complainant.account_id %}（账户号：{{ complainant.account_id|nb }}）{% endif %}。本次投诉涉及的交易："
    "{% if matter.purchase_date %}{{ matter.purchase_date }}，{% endif %}{{ matter.product }}"
    "{% if matter.order %}{% if matter.product[-1:] in ['）', ')'] %}，{{ matter.order_text|nb }}{% else %}（{{ matter.order_text|nb }}）{% endif %}{% endif %}{% if matter.purchase_amount %}，金额{{ matter.purchase_amount }}{% endif %}。"
    "{% elif matter.reader in ('card', 'bank') %}是" + YOU + "{{ matter.customer }}"
    "{% if matter.product or matter.order or complainant.account_id %}（{{ [matter.product, matter.order_text|nb, complainant.account_id and '账户号：' ~ complainant.account_id|nb]|select|join('，') }}）{% endif %}。"
    "{% elif matter.product and matter.purchase_date %}于{{ matter.purchase_date }}"
    "{% if matter.service %}在" + YOU + "办理{% else %}向" + YOU + "购买{% endif %}{{ matter.product }}"
    "{% if matter.order %}{% if matter.product[-1:] in ['）', ')'] %}，{{ matter.order_text|nb }}{% else %}（{{ matter.order_text|nb }}）{% endif %}{% endif %}{% if matter.purchase_amount %}，金额{{ matter.purchase_amount }}{% endif %}。"
    "{% else %}是" + YOU + "{{ matter.customer }}"
    "{% if matter.product or matter.order or complainant.account_id %}（{{ [matter.product, matter.order_text|nb, complainant.account_id and '账户号：' ~ complainant.account_id|nb]|select|join('，') }}）{% endif %}。"
    "{% endif %}"
)


def signature(signed: bool = False) -> list:
    who = "{{ authority.word }}人（签名）：" + BLANK if signed else "投诉人：{{ complainant.name }}"  # 申诉人 to an appeal centre
    return [
        p("此致", "敬礼！", style="Closing"),
        p(
            who,
            *(["姓名：{{ complainant.name }}"] if signed else []),
            ("complainant.phone", "联系电话：{{ complainant.phone|nb }}"),
            ("complainant.email", "电子邮箱：{{ complainant.email }}"),
            *([] if signed else [("complainant.address", "通讯地址：{{ complainant.address }}")]),
            "{{ letter_date }}",
            style="Signature",
        ),
    ]


#: An incident told in the user's words: when, where, the staff it names (only its own), the enclosure that proves it.
INCIDENT = (
    "⟦{{ i.date }}{% if i.channel %}，{{ i.channel }}{% endif %}：⟧{{ i.sentence|ml }}"
    "{% if i.staff_text %}经办职员：{{ i.staff_text|nb }}。{% endif %}{{ i.evidence_text }}"
)
INCIDENTS = For("i in incidents", [body(INCIDENT)])
INCIDENTS_BRIEF = For(
    "i in incidents",
    [
        item(
            "{{ loop.index }}. {{ i.date }}{% if i.channel %}，{{ i.channel }}{% endif %}：{{ i.sentence|ml }}"
            "{% if i.staff_text %}经办职员：{{ i.staff_text|nb }}。{% endif %}{{ i.evidence_text }}"
        )
    ],
)
DEMANDS = For("d in demands", [item("{{ loop.index }}. {{ d.sentence|ml }}")])
TRANSACTIONS = For(
    "t in transactions",
    [
        P(
            [
                "{{ loop.index }}. {{ t.date }}：{{ t.amount_text }}{% if t.network %}（{{ t.network }}）{% endif %}",
                ("t.txid", "交易编号：⟪{{ t.txid }}⟫"),
                ("t['from']", "{%+ if t.on_chain %}付款地址：⟪{{ t['from'] }}⟫{% else %}付款方：{{ t['from'] }}{% endif %}"),
                ("t.to", "{%+ if t.on_chain %}收款地址：⟪{{ t.to }}⟫{% else %}收款方：{{ t.to }}{% endif %}"),
                ("t.explorer", "区块浏览器链接：{{ t.explorer }}"),
            ],
            "Item",  # not justified: a long txid must not stretch its label across the line
        )
    ],
)


def losses(lead_text: str) -> If:
    return If(
        "losses",
        [
            H("经济损失"),
            If(
                "losses|length == 1",
                [body(lead_text + "{{ losses[0].description|ml }}，金额为{{ losses[0].amount_text }}。")],
                [
                    lead(lead_text.rstrip("：，為为") + "如下："),
                    For("l in losses", [item("{{ loop.index }}. {{ l.description|ml }}：{{ l.amount_text }}")]),
                    body("合计：{{ loss_total_text }}。"),
                ],
            ),
        ],
    )


def policies(owner: str, heading: bool = True) -> If:
    return If(
        "policies",
        [
            *([H("与" + owner + "规定不符之处")] if heading else []),
            For(
                "p in policies",
                [
                    body(
                        # a title the user wrote with its own 《》 ("途程旅行《机票退改签须知》") is not marked twice
                        "{% if '《' in p.title %}{{ p.title }}{% else %}《{{ p.title }}》{% endif %}{{ p.clause }}"
                        "{% if p.summary %}规定：{{ p.summary|ml }}。{% else %}。{% endif %}"
                    )
                ],
            ),
            body(owner + "的上述处理与{% if policies|length > 1 %}这些{% else %}该项{% endif %}规定不符。"),
        ],
    )


#: The law on what happened, for the company to read from the first letter (the filing's grounds begin with it).
LAW = If("law", [H("法律依据"), For("g in law", [body("{{ g|ml }}")])])

TRANSACTION_SECTION = If("transactions", [H("交易信息"), TRANSACTIONS])

EVIDENCE = If(
    "evidence or earlier_letters or company_records",
    [
        H("证据与记录保存"),
        If("evidence or earlier_letters", [body("现随函附上相关证据（见文末附件清单）。")]),
        If("company_records", [body("请" + YOU + "妥善保全{{ company_records }}，并向本人提供副本。")]),
    ],
)


def dated(rows: str, what: str = "经过") -> Table:
    """The table of dated rows (``chronology``, ``attempts``); ``what`` heads the text column
    (the Hong Kong letters pass their own word)."""
    return Table(
        f"c in {rows}",
        [Col("日期", 3.4, ["{{ c.date }}"]), Col(what, 12.6, ["{{ c.text|nb }}"])],
        txt=["{{ c.date }}　{{ c.text|ml }}"],
    )


CHRONOLOGY = dated("chronology")
ATTEMPTS = dated("attempts")


def enclosures(file: str = "文件", final: str = "最终答复") -> If:
    """The list of enclosures under the signature (the Hong Kong letters pass their own words
    for a file and the company's final response; a reference's label is the view model's). A filing that says the
    final response is enclosed lists it, after the user's own letters."""
    filing_final = "final_response and stage == 'consumer-association'"
    return If(
        f"evidence or earlier_letters or ({filing_final})",
        [
            p("⟦附件：⟧", style="Label"),
            For(
                "l in earlier_letters",
                [P(["{{ loop.index }}. {{ l.date }}{{ l.title }}（副本）"], "Enclosure")],
                then=If(
                    filing_final,
                    [P(["{{ earlier_letters|length + 1 }}. {{ final_response.date }}" + IT + final + "（副本）"], "Enclosure")],
                ),
            ),
            For(
                "e in evidence",
                [
                    P(
                        [
                            "{{ e.id }} {{ e.kind_text }}{% if e.date %}（{{ e.date }}）{% endif %}：{{ e.description|ml }}"
                            "{% if e.reference %}（{{ e.reference_text|nb }}）{% endif %}",
                            ("e.file_name", file + "：{{ e.file_name }}{% if e.size_text %}（{{ e.size_text }}）{% endif %}"),
                            ("e.sha256", "SHA-256：⟪{{ e.sha256 }}⟫"),
                        ],
                        "Enclosure",
                    )
                ],
            ),
        ],
    )


ENCLOSURES = enclosures()

ZH: dict[str, list] = {}

ZH["first-complaint"] = [
    p("{{ stage_title }}", style="Title"),
    TO_COMPANY,
    p("事由：" + SUBJECT, style="Subject"),
    DEAR,
    HELLO,
    body(
        INTRO + "现就{{ matter.subject|nb }}一事向" + YOU + "正式投诉。本人请求" + YOU + "{{ demands_text }}。"
        "请于{{ deadline }}前书面答复。"
    ),
    H("事情经过"),
    INCIDENTS,
    TRANSACTION_SECTION,
    policies(YOU),
    LAW,
    losses("本人因此损失"),
    H("本人的请求"),
    lead("为妥善解决此事，本人请求" + YOU + "："),
    DEMANDS,
    EVIDENCE,
    H("答复要求"),
    P(
        [
            "请" + YOU + "确认收到本函，告知{% if ask_reference %}本次投诉的编号、{% endif %}负责处理的人员及处理时间表，"
            "并" + DEADLINE + "书面答复" + BY_EMAIL + "。感谢" + YOU + "对此事的重视。"
        ],
        "Last",
    ),
    *signature(),
    ENCLOSURES,
]

#: The first complaint as the later letters recall it: when, how, its reference.
FC_DONE = (
    "{% if first_complaint %}本人于{{ first_complaint.date }}"
    "{% if first_complaint.channel %}通过{{ first_complaint.channel }}{% endif %}就{{ matter.subject|nb }}一事向" + YOU + "投诉"
    "{% if first_complaint.reference %}（贵方编号：{{ first_complaint.reference|nb }}）{% endif %}"
    "{% else %}本人此前已就{{ matter.subject|nb }}一事向" + YOU + "投诉{% endif %}"
)
#: The promise a reply made and did not keep, quoted with its date and deadline.
PROMISE = (
    "{% if promise %}" + YOU + "于{{ promise.date }}{% if promise.channel %}通过{{ promise.channel }}{% endif %}答复本人"
    "{% if promise.reference and promise.reference != company_ref %}（贵方编号：{{ promise.reference|nb }}）{% endif %}，"
    "承诺“{{ promise.promise }}”{% if promise.by and not promise.by_said %}，期限为{{ promise.by }}{% endif %}。"
    "{% if promise.broken %}该期限已过，" + YOU + "至今未兑现这一承诺。{% endif %}"
    # what else the reply said, when the user did not accept it (a refusal beside the promise)
    "{% if promise.summary and promise.satisfactory == false %}对于该答复的其他内容（{{ promise.summary }}），本人亦不能接受。{% endif %}"
    "{% endif %}"
)
REPLY_STATE = (
    "{% if last_reply and not (promise and promise.broken) %}" + YOU + "于{{ last_reply.date }}作出答复"
    "{% if last_reply.summary %}（{{ last_reply.summary }}）{% endif %}"
    "{% if last_reply.satisfactory == false %}，但未能解决问题。{% elif last_reply.satisfactory %}。"
    "{% else %}，但此事至今尚未解决。{% endif %}{% endif %}"
)

ZH["follow-up"] = [
    p("{{ stage_title }}", style="Title"),
    TO_COMPANY,
    p(
        "事由：" + SUBJECT + "{% if promise and promise.broken %}——承诺逾期未兑现{% elif not last_reply %}——至今未获答复"
        "{% else %}——尚未解决{% endif %}",
        style="Subject",
    ),
    DEAR,
    HELLO,
    body(
        FC_DONE + "{% if first_complaint %}，请" + YOU + "于{{ first_complaint.deadline }}前答复。"
        "{% if first_complaint.deadline_missed %}该期限已过{% if not last_reply %}，本人至今未收到任何答复"
        "{% endif %}。{% endif %}{% else %}。{% endif %}"
        + PROMISE
        + REPLY_STATE
        + "{% if chases %}此后，本人已{{ chases_text|nb }}，问题仍未解决。{% endif %}"
    ),
    lead("现再次请求" + YOU + "："),
    DEMANDS,
    # after a reply that settled nothing (a refusal, a promise not kept) the question is no longer whether it answers
    body(
        "请" + YOU + DEADLINE + "书面答复。{% if next_step %}如届时仍未{% if last_reply %}妥善解决{% else %}获答复{% endif %}，"
        "本人将{{ next_step }}。{% endif %}"
    ),
    H("投诉要点"),
    INCIDENTS_BRIEF,
    TRANSACTION_SECTION,
    losses("本人因此损失"),
    EVIDENCE,
    H("答复要求"),
    P(
        [
            "请" + YOU + "确认收到本函，告知{% if ask_reference %}本次投诉的编号、{% endif %}负责处理的人员及处理时间表，"
            "并在上述期限内书面答复" + BY_EMAIL + "。"
        ],
        "Last",
    ),
    *signature(),
    ENCLOSURES,
]

#: How the company answered, as the escalation's opening says it (its own leading punctuation).
ESC_REPLY = (
    "{% if promise and promise.broken %}；" + YOU + "于{{ promise.date }}承诺“{{ promise.promise }}”"
    "{% if promise.by and not promise.by_said %}，期限为{{ promise.by }}{% endif %}，但至今未兑现"
    "{% elif last_reply %}；" + YOU + "于{{ last_reply.date }}"
    "{% if final_response and final_response.date_iso == last_reply.date_iso %}作出最终答复{% else %}作出答复{% endif %}，"
    "但{% if last_reply.satisfactory == false %}未能解决问题"
    "{% else %}此事至今尚未解决{% endif %}{% else %}，但至今未获答复{% endif %}"
)

ZH["escalation"] = [
    p("{{ stage_title }}", style="Title"),
    p(
        "致：{{ company.name }}{{ management.title }}{% if management.name %}{{ management.name }}{% endif %}",
        ("company.address", "地址：{{ company.address }}"),
        ("management.email", "电子邮箱：{{ management.email }}"),
    ),
    p("事由：" + SUBJECT + "——请管理层复核", style="Subject"),
    DEAR,
    HELLO,
    body(
        FC_DONE + "{% if chases and (promise and promise.broken or last_reply) and "
        "(promise.date_iso if promise and promise.broken else last_reply.date_iso) < chases[0].date_iso %}"
        + ESC_REPLY
        + "。此后，本人又{{ chases_text|nb }}，但仍未获答复。"
        "{% else %}{% if chases %}，此后又{{ chases_text|nb }}{% endif %}" + ESC_REPLY + "。{% endif %}"
        "现致函您，恳请您亲自复核此事。本人请求" + YOU + "{{ demands_text }}。请于{{ deadline }}前书面答复。"
    ),
    H("事情经过"),
    lead("事情及双方沟通的经过，按时间顺序如下："),
    CHRONOLOGY,
    TRANSACTION_SECTION,
    policies(YOU),
    LAW,
    losses("本人因此损失"),
    H("本人的请求"),
    lead("本人请求" + YOU + "："),
    DEMANDS,
    EVIDENCE,
    H("答复期限"),
    P(
        [
            "请您确认收到本函，告知负责处理的人员，并"
            + DEADLINE
            + "{% if final_response %}就复核结果{% endif %}作出书面答复"
            + BY_EMAIL
            + "。"
        ],
        "Loose",
    ),
    P(
        [
            "本人仍希望与" + YOU + "直接协商解决此事，同时保留通过其他合法途径维护自身权益的权利。"
            "{% if next_step %}如此事届时仍未解决，本人将{{ next_step }}。{% endif %}"
        ],
        "Last",
    ),
    *signature(),
    ENCLOSURES,
]

FIELD = "{{ %s or '" + BLANK + "' }}"

ZH["consumer-association"] = [
    p("{{ authority.title or stage_title }}", style="Title"),
    p(
        "致：{% if authority.known %}{{ authority.name }}{% else %}" + BLANK + "{% endif %}",
        ("authority.channel", "提交渠道：{{ authority.channel }}"),
        ("authority.address", "地址：{{ authority.address }}"),
        ("authority.website", "网址：{{ authority.website }}"),
        ("authority.email", "电子邮箱：{{ authority.email }}"),
        ("authority.phone", "电话：{{ authority.phone|nb }}"),
    ),
    # 申诉 takes no object (native read: "申诉星联通信…"), so neither does 投诉 here
    p("事由：关于{{ company.legal_name or company.name }}的{{ authority.word }}——{{ matter.subject|nb }}", style="Subject"),
    DEAR,
    HELLO,
    body(
        "本人{{ complainant.name }}现就{{ matter.subject|nb }}一事对{{ company.legal_name or company.name }}提出{{ authority.word }}。"
        "{% if attempts_text %}本人已{{ attempts_text|nb }}{% endif %}"
        "{% if final_response and not authority.why_now %}{% if attempts_text %}，{% endif %}"
        + IT
        + "已于{{ final_response.date }}作出最终答复（见附件），但未能解决问题。"
        # a promise broken is what the body most needs to know the company left undone
        "{% elif promise and promise.broken %}{% if attempts_text %}；{% endif %}"
        + IT
        + "曾于{{ promise.date }}承诺“{{ promise.promise }}”"
        "{% if promise.by and not promise.by_said %}，期限为{{ promise.by }}{% endif %}，但至今未兑现。"
        "{% elif attempts_text %}，问题至今未能解决。{% endif %}"
        "{% if authority.why_now %}{{ authority.why_now }}{% endif %}"
        "恳请{{ matter.body_you }}受理本{{ authority.word }}，并协调" + IT + "解决。"
    ),
    H("{{ authority.word }}人信息"),
    p(
        "姓名：{{ complainant.name }}",
        "联系电话：" + FIELD % "complainant.phone",
        "通讯地址：" + FIELD % "complainant.address",
        "电子邮箱：" + FIELD % "complainant.email",
        ("complainant.account_id", "在" + IT + "的账户号：{{ complainant.account_id|nb }}"),
    ),
    H("{{ authority.respondent }}信息"),
    p(
        "名称：{{ company.legal_name or company.name }}",
        ("company.legal_name", "品牌名称：{{ company.name }}"),
        ("company.registration_id", "统一社会信用代码：{{ company.registration_id|nb }}"),
        "地址：" + FIELD % "company.address",
        ("company.phone", "联系电话：{{ company.phone|nb }}"),
        ("company.email", "电子邮箱：{{ company.email }}"),
        ("company.website", "网址：{{ company.website }}"),
        ("company.app", "App：{{ company.app }}"),
    ),
    If(
        "matter.product or matter.order or transactions",
        [
            H("交易信息"),
            If(
                "matter.product or matter.order",
                [
                    p(
                        "{% if matter.product %}商品或服务：{{ matter.product }}{% else %}订单：{{ matter.order|nb }}{% endif %}",
                        ("matter.product and matter.order", "订单或账单：{{ matter.order|nb }}"),
                        ("matter.purchase_date", "日期：{{ matter.purchase_date }}"),
                        ("matter.purchase_amount", "金额：{{ matter.purchase_amount }}"),
                    )
                ],
            ),
            TRANSACTIONS,
        ],
    ),
    H("事实经过"),
    If(
        "told_to_the_company",
        [lead("以下经过摘自本人致" + IT + "的陈述，文中的{% for w in told_to_the_company %}“{{ w }}”{% endfor %}均指" + IT + "：")],
    ),
    INCIDENTS,
    If(
        "authority.grounds or policies",
        [
            H("{{ authority.word }}理由"),
            For("g in authority.grounds", [body("{{ g|ml }}")]),
            policies(IT, heading=False),
        ],
    ),
    losses("本人因此损失"),
    H("{{ authority.word }}请求"),
    lead("本人的{{ authority.word }}请求如下："),
    For("d in demands", [item("{{ loop.index }}. {% if d.detail %}{{ d.sentence|ml }}{% else %}{{ d.noun }}。{% endif %}")]),
    H("协商经过"),
    If("attempts", [lead("本人此前已就此事与" + IT + "沟通，经过如下（按时间顺序）："), ATTEMPTS], [body("（暂无记录）")]),
    If("evidence or earlier_letters", [H("证据"), body("现随{{ authority.word }}书附上相关证据（见文末附件清单）。")]),
    H("声明"),
    P(["本人承诺，以上所述情况属实，所附证据真实有效。本人保留通过其他合法途径维护自身权益的权利。"], "Last"),
    *signature(signed=True),
    ENCLOSURES,
]
