"""The Chinese letters, one list of blocks per stage (see build.py for the block language).

Conventions of a formal 投诉函: 致 at the top, 称呼 on its own line and 您好！ under it,
headings numbered 一、二、三…, 本人 throughout, 此致 / 敬礼！, and the date once, in the 落款
under 投诉人. Every sentence that states a fact is guarded by the view-model field that
says the case records it.
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

TO_COMPANY = p(
    "致：{{ company.name }}{{ company.recipient }}",
    ("company.address", "地址：{{ company.address }}"),
    ("company.email", "电子邮箱：{{ company.email }}"),
)
DEAR = p("{{ salutation }}")
HELLO = body("您好！")
ACCOUNT = "{% if complainant.account_id %}（账户号：{{ complainant.account_id|nb }}）{% endif %}"
REF = "{% if company_ref %}（贵方编号：{{ company_ref|nb }}）{% endif %}"
DEADLINE = "于{{ deadline }}前（即本函发出之日起{{ deadline_days }}日内）"
BY_EMAIL = "{% if complainant.email %}（电子邮件请发送至{{ complainant.email }}）{% endif %}"


def signature(signed: bool = False) -> list:
    who = "投诉人（签名）：" + BLANK if signed else "投诉人：{{ complainant.name }}"
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


INCIDENTS = For(
    "i in incidents",
    [
        body(
            "⟦{{ i.date }}{% if i.channel %}，{{ i.channel }}{% endif %}：⟧{{ i.sentence|ml }}"
            "{% if i.problems %}本人认为，此次服务存在以下问题：{{ i.problems_text }}。{% endif %}"
        )
    ],
)
INCIDENTS_BRIEF = For(
    "i in incidents",
    [
        item(
            "{{ loop.index }}. {{ i.date }}{% if i.channel %}（{{ i.channel }}）{% endif %}："
            "{% if i.problems %}{{ i.problems_text }}。{% else %}{{ i.sentence|ml }}{% endif %}"
        )
    ],
)
DEMANDS = For("d in demands", [item("{{ loop.index }}. {{ d.sentence|ml }}")])


def losses(lead_text: str) -> If:
    return If(
        "losses",
        [
            H("经济损失"),
            lead(lead_text),
            For("l in losses", [item("{{ loop.index }}. {{ l.description|ml }}：{{ l.amount_text }}")]),
            body("合计：{{ loss_total_text }}。"),
        ],
    )


def policies(owner: str, heading: bool = True) -> If:
    return If(
        "policies",
        [
            *([H("与" + owner + "规定不符之处")] if heading else []),
            lead(f"{owner}自身公布的规定如下："),
            For(
                "p in policies",
                [item("{{ loop.index }}. 《{{ p.title }}》{{ p.clause }}{% if p.summary %}：{{ p.summary|ml }}{% endif %}")],
            ),
            body("上述处理方式与这些规定不符。"),
        ],
    )


EVIDENCE = If(
    "evidence or company_records",
    [
        H("证据材料与记录保存"),
        If("evidence or earlier_letters", [body("现随函附上相关材料（见文末附件清单）。")]),
        If("company_records", [body("贵公司保存有{{ company_records }}，请妥善保存上述记录，并向本人提供副本。")]),
    ],
)


def _dated(rows: str) -> Table:
    return Table(
        f"c in {rows}", [Col("日期", 3.4, ["{{ c.date }}"]), Col("经过", 12.6, ["{{ c.text|nb }}"])], txt=["{{ c.date }}：{{ c.text|ml }}"]
    )


CHRONOLOGY = _dated("chronology")
ATTEMPTS = _dated("attempts")

ENCLOSURES = If(
    "evidence or earlier_letters",
    [
        p("⟦附件：⟧", style="Label"),
        For("l in earlier_letters", [P(["{{ loop.index }}. {{ l.date }}{{ l.title }}（副本）"], "Enclosure")]),
        For(
            "e in evidence",
            [
                P(
                    [
                        "{{ e.id }} {{ e.kind_text }}{% if e.date %}（{{ e.date }}）{% endif %}：{{ e.description|ml }}"
                        "{% if e.reference %}（参考号：{{ e.reference|nb }}）{% endif %}",
                        ("e.file_name", "文件：{{ e.file_name }}{% if e.size_text %}（{{ e.size_text }}）{% endif %}"),
                        ("e.sha256", "SHA-256：⟪{{ e.sha256 }}⟫"),
                    ],
                    "Enclosure",
                )
            ],
        ),
    ],
)

ZH: dict[str, list] = {}

ZH["first-complaint"] = [
    p("{{ stage_title }}", style="Title"),
    TO_COMPANY,
    p("事由：关于{{ incident_dates_text }}客服服务问题的投诉" + REF, style="Subject"),
    DEAR,
    HELLO,
    body(
        "本人{{ complainant.name }}是贵公司用户" + ACCOUNT + "，现就{{ service_you|nb }}向贵公司正式提出投诉"
        "{% if problems_text %}，具体问题为：{{ problems_text }}{% endif %}。本人请求贵公司{{ demands_text }}，"
        "请贵公司于{{ deadline }}前给予书面答复。"
    ),
    H("事情经过"),
    INCIDENTS,
    policies("贵公司"),
    losses("上述问题给本人造成以下经济损失："),
    H("本人的请求"),
    lead("为妥善解决此事，本人请求贵公司："),
    DEMANDS,
    EVIDENCE,
    H("答复要求"),
    P(
        [
            "请贵公司收到本函后确认收悉{% if ask_reference %}，告知本次投诉的受理编号{% endif %}，"
            "告知负责处理的人员及处理时限，并" + DEADLINE + "以书面形式作出答复" + BY_EMAIL + "。"
            "感谢贵公司对此事的重视，期待您的答复。"
        ],
        "Last",
    ),
    *signature(),
    ENCLOSURES,
]

FC_DONE = (
    "{% if first_complaint %}本人于{{ first_complaint.date }}"
    "{% if first_complaint.channel %}通过{{ first_complaint.channel }}{% endif %}向贵公司提交投诉"
    "{% if first_complaint.reference %}（贵方编号：{{ first_complaint.reference|nb }}）{% endif %}，"
    "反映{{ service_you|nb }}中存在的问题{% if problems_text %}（{{ problems_text }}）{% endif %}"
    "{% else %}本人此前已就{{ service_you|nb }}中存在的问题向贵公司提出投诉{% endif %}"
)
REPLY_STATE = (
    "{% if last_reply %}{% if last_reply.satisfactory == false %}贵公司于{{ last_reply.date }}作出的答复"
    "未能解决本人的投诉。{% elif last_reply.satisfactory %}感谢贵公司于{{ last_reply.date }}作出的答复。"
    "{% else %}本人已收到贵公司于{{ last_reply.date }}作出的答复。{% endif %}{% endif %}"
)

ZH["follow-up"] = [
    p("{{ stage_title }}", style="Title"),
    TO_COMPANY,
    p(
        "事由：本人{% if first_complaint %}{{ first_complaint.date }}{% endif %}的投诉"
        + REF
        + "{% if not last_reply %}至今未获答复{% elif last_reply.satisfactory == false %}尚未解决{% else %}有待最终答复"
        "{% endif %}",
        style="Subject",
    ),
    DEAR,
    HELLO,
    body(
        FC_DONE + "{% if first_complaint %}，并请贵公司于{{ first_complaint.deadline }}前答复。"
        "{% if first_complaint.deadline_missed %}该期限已过{% if not last_reply %}，本人至今未收到贵公司的任何答复"
        "{% endif %}。{% endif %}{% else %}。{% endif %}" + REPLY_STATE + "{% if chases %}此后，本人已{{ chases_text|nb }}。{% endif %}"
        "现再次请求贵公司{{ demands_text }}，请于{{ deadline }}前给予书面答复。"
    ),
    H("投诉要点"),
    INCIDENTS_BRIEF,
    losses("上述问题给本人造成的经济损失如下："),
    H("本人的请求"),
    lead("本人请求贵公司："),
    DEMANDS,
    EVIDENCE,
    H("答复要求"),
    P(
        [
            "请贵公司收到本函后确认收悉{% if ask_reference %}，告知本次投诉的受理编号{% endif %}，告知负责处理的人员，"
            "并" + DEADLINE + "以书面形式作出答复" + BY_EMAIL + "。感谢您的关注，期待贵公司的答复。"
        ],
        "Last",
    ),
    *signature(),
    ENCLOSURES,
]

ZH["escalation"] = [
    p("{{ stage_title }}", style="Title"),
    p(
        "致：{{ company.name }}{{ management.title }}{% if management.name %}{{ management.name }}{% endif %}",
        ("company.address", "地址：{{ company.address }}"),
        ("management.email", "电子邮箱：{{ management.email }}"),
    ),
    p("事由：关于本人投诉" + REF + "未获解决、恳请管理层复核的函", style="Subject"),
    DEAR,
    HELLO,
    body(
        "{% if first_complaint %}本人于{{ first_complaint.date }}{% else %}本人此前{% endif %}就{{ service_you|nb }}"
        "向贵公司客户服务部门提出投诉{% if problems_text %}（{{ problems_text }}）{% endif %}"
        "{% if chases %}，此后已{{ chases_text|nb }}{% endif %}"
        "{% if last_reply and last_reply.satisfactory == false %}；贵公司于{{ last_reply.date }}作出的答复未能解决"
        "本人的投诉{% elif not last_reply %}，但至今未获答复{% endif %}。为此，本人特致函您，恳请您亲自复核此事。"
        "本人请求贵公司{{ demands_text }}。请您于{{ deadline }}前给予书面答复。"
    ),
    H("事件与沟通经过"),
    lead("按时间顺序如下："),
    CHRONOLOGY,
    H("事情经过"),
    INCIDENTS,
    policies("贵公司"),
    losses("上述问题给本人造成以下经济损失："),
    H("本人的请求"),
    lead("本人请求贵公司："),
    DEMANDS,
    EVIDENCE,
    H("答复期限"),
    P(["请您收到本函后确认收悉，告知负责处理的人员，并" + DEADLINE + "以书面形式作出最终答复" + BY_EMAIL + "。"], "Loose"),
    P(
        [
            "本人仍希望与贵公司直接协商解决此事，同时保留通过其他合法途径维护自身权益的权利。特此告知：如此事未能解决，"
            "本人可向{% if authority.known %}{{ authority.name }}{% else %}有关消费者组织或市场监督管理部门{% endif %}"
            "反映。"
        ],
        "Last",
    ),
    *signature(),
    ENCLOSURES,
]

FIELD = "{{ %s or '" + BLANK + "' }}"

ZH["consumer-association"] = [
    p("{{ stage_title }}", style="Title"),
    p(
        "致：{% if authority.known %}{{ authority.name }}{% else %}" + BLANK + "{% endif %}",
        ("authority.channel", "提交渠道：{{ authority.channel }}"),
        ("authority.address", "地址：{{ authority.address }}"),
        ("authority.website", "网址：{{ authority.website }}"),
        ("authority.email", "电子邮箱：{{ authority.email }}"),
        ("authority.phone", "电话：{{ authority.phone|nb }}"),
    ),
    p("事由：对{{ company.legal_name or company.name }}的消费投诉", style="Subject"),
    DEAR,
    HELLO,
    body(
        "本人{{ complainant.name }}现就{{ service_it|nb }}提出投诉{% if problems_text %}，具体问题为："
        "{{ problems_text }}{% endif %}。{% if attempts_text %}本人已{{ attempts_text|nb }}，问题至今未能解决。{% endif %}"
        "恳请贵单位依法受理，并协调该公司{{ demands_text }}。"
    ),
    H("投诉人信息"),
    p(
        "姓名：{{ complainant.name }}",
        "联系电话：" + FIELD % "complainant.phone",
        "通讯地址：" + FIELD % "complainant.address",
        "电子邮箱：" + FIELD % "complainant.email",
        ("complainant.account_id", "在该公司的账户号：{{ complainant.account_id|nb }}"),
    ),
    H("被投诉方信息"),
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
        "transactions",
        [
            H("交易信息"),
            For(
                "t in transactions",
                [
                    P(
                        [
                            "{{ loop.index }}. {{ t.date }}：{{ t.amount_text }}{% if t.network %}（{{ t.network }}）{% endif %}",
                            ("t.txid", "交易编号：{{ t.txid|nb }}"),
                            ("t['from']", "付款方：{{ t['from']|nb }}"),
                            ("t.to", "收款方：{{ t.to|nb }}"),
                            ("t.explorer", "区块浏览器链接：{{ t.explorer }}"),
                        ],
                        "Entry",
                    )
                ],
            ),
        ],
    ),
    H("事实经过"),
    For(
        "i in incidents",
        [
            body(
                "⟦{{ i.date }}{% if i.channel %}，{{ i.channel }}{% endif %}：⟧{{ i.sentence|ml }}"
                "{% if i.staff_involved %}涉事人员：{{ staff.label }}。{% endif %}"
                "{% if i.problems %}本人认为，此次服务存在以下问题：{{ i.problems_text }}。{% endif %}"
            )
        ],
    ),
    If(
        "authority.grounds or policies",
        [
            H("投诉理由"),
            For("g in authority.grounds", [body("{{ g|ml }}")]),
            policies("该公司", heading=False),
        ],
    ),
    losses("本人因此遭受的经济损失如下："),
    H("投诉请求"),
    lead("恳请贵单位协调该公司："),
    DEMANDS,
    H("协商经过"),
    If("attempts", [lead("本人此前已就此事与该公司沟通，经过如下（按时间顺序）："), ATTEMPTS], [body("（暂无记录）")]),
    If("evidence or earlier_letters", [H("证据材料"), body("现随投诉书附上相关材料（见文末附件清单）。")]),
    H("声明"),
    P(["本人承诺，以上所述情况真实，所附证据材料真实有效。本人保留通过其他合法途径维护自身权益的权利。"], "Last"),
    *signature(signed=True),
    ENCLOSURES,
]
