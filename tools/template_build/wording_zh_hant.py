"""The Traditional Chinese letters (``zh-Hant``), written as Hong Kong writes a formal letter.

This is a wording of its own, reviewed phrase by phrase, not the mainland letters through a
character conversion: 主旨 (not 事由), 敬啟者： with no 您好！ and 閣下 (never 您) for the
manager, 貴會 and 協助調解 to the Consumer Council, 確認收到本函, 處理時間表, 覆核, 文件 /
資料 (not 材料), 回覆, 於……或之前, 透過 a channel, and the close 此致, the addressee on the
next line, then the writer's name with 謹啟. The register follows the reader as in the
Simplified letters (``matter``: 貴行 and 持卡人 to a bank, 顧客 to a shop), and sums are in
one style (HK$2,380.00, from the view model). CJK text is set in Noto Serif CJK HK and tagged
zh-HK, so Word and LibreOffice pick Hong Kong glyphs.
"""

from __future__ import annotations

from dataclasses import replace

from template_build.build import For, H, If, P, body, item, lead, p
from template_build.wording_zh import LAYOUT as ZH_LAYOUT
from template_build.wording_zh import dated, enclosures

LAYOUT = replace(ZH_LAYOUT, lang="zh-Hant", east_asia="Noto Serif CJK HK", page_words=("第", "頁 共", "頁"))

BLANK = "＿＿＿＿＿＿＿＿"
YOU = "{{ matter.you }}"
IT = "{{ matter.it }}"
#: How the Hong Kong letter names the body it files with: 貴會 (the Consumer Council), 貴中心…
BODY = "{{ matter.body_you }}"

REF = "{% if company_ref %}（" + YOU + "編號：{{ company_ref|nb }}）{% endif %}"  # 貴行編號 to a bank
SUBJECT = "有關{{ matter.subject|nb }}的投訴" + REF
DEADLINE = "於{{ deadline }}或之前（即本函發出日起計{{ deadline_days }}日內）"
BY_EMAIL = "{% if complainant.email %}（電郵：{{ complainant.email }}）{% endif %}"
DEAR = p("{{ salutation }}")

TO_COMPANY = p(
    "致：{{ company.name }}{{ company.recipient }}",
    ("company.address", "地址：{{ company.address }}"),
    ("company.email", "電郵：{{ company.email }}"),
)
#: Who the writer is to the company: a bank's 持卡人, the buyer of an order, a user of an app.
INTRO = (
    "本人{{ complainant.name }}"
    # a card holder's purchase made with the card is the transaction complained of, not who they are
    "{% if matter.reader in ('card', 'bank') and matter.product and '卡' not in matter.product"
    " and 'card' not in matter.product|lower %}為" + YOU + "{{ matter.customer }}"
    "{% if complainant.account_id %}（帳戶號碼：{{ complainant.account_id|nb }}）{% endif %}。是次投訴涉及的交易："
    "{% if matter.purchase_date %}{{ matter.purchase_date }}，{% endif %}{{ matter.product }}"
    "{% if matter.order %}{% if matter.product[-1:] in ['）', ')'] %}，{{ matter.order_text|nb }}{% else %}（{{ matter.order_text|nb }}）{% endif %}{% endif %}{% if matter.purchase_amount %}，金額{{ matter.purchase_amount }}{% endif %}。"
    "{% elif matter.reader in ('card', 'bank') %}為" + YOU + "{{ matter.customer }}"
    "{% if matter.product or matter.order or complainant.account_id %}（{{ [matter.product, matter.order_text|nb, complainant.account_id and '帳戶號碼：' ~ complainant.account_id|nb]|select|join('，') }}）{% endif %}。"
    "{% elif matter.product and matter.purchase_date %}於{{ matter.purchase_date }}"
    "{% if matter.service %}在" + YOU + "辦理{% else %}向" + YOU + "購買{% endif %}{{ matter.product }}"
    "{% if matter.order %}{% if matter.product[-1:] in ['）', ')'] %}，{{ matter.order_text|nb }}{% else %}（{{ matter.order_text|nb }}）{% endif %}{% endif %}{% if matter.purchase_amount %}，金額{{ matter.purchase_amount }}{% endif %}。"
    "{% else %}為" + YOU + "{{ matter.customer }}"
    "{% if matter.product or matter.order or complainant.account_id %}（{{ [matter.product, matter.order_text|nb, complainant.account_id and '帳戶號碼：' ~ complainant.account_id|nb]|select|join('，') }}）{% endif %}。"
    "{% endif %}"
)

#: 此致, then who the letter is to (its 致： line without the address).
ADDRESSEE = {
    "first-complaint": "{{ company.name }}{{ company.recipient }}",
    "follow-up": "{{ company.name }}{{ company.recipient }}",
    "escalation": "{{ company.name }}{{ management.title }}{% if management.name %}{{ management.name }}{% endif %}",
    "consumer-association": "{% if authority.known %}{{ authority.name }}{% else %}" + BLANK + "{% endif %}",
}


def signature(stage: str, signed: bool = False) -> list:
    head = ["{{ authority.word }}人簽署：" + BLANK, "姓名：{{ complainant.name }}"] if signed else ["{{ complainant.name }}　謹啟"]
    return [
        P(["此致", ADDRESSEE[stage]], "Closing"),
        p(
            *head,
            ("complainant.phone", "聯絡電話：{{ complainant.phone|nb }}"),
            ("complainant.email", "電郵：{{ complainant.email }}"),
            *([] if signed else [("complainant.address", "通訊地址：{{ complainant.address }}")]),
            "{{ letter_date }}",
            style="Signature",
        ),
    ]


INCIDENT = (
    "⟦{{ i.date }}{% if i.channel %}，{{ i.channel }}{% endif %}：⟧{{ i.sentence|ml }}"
    "{% if i.staff_text %}經手職員：{{ i.staff_text|nb }}。{% endif %}{{ i.evidence_text }}"
)
INCIDENTS = For("i in incidents", [body(INCIDENT)])
INCIDENTS_BRIEF = For(
    "i in incidents",
    [
        item(
            "{{ loop.index }}. {{ i.date }}{% if i.channel %}，{{ i.channel }}{% endif %}：{{ i.sentence|ml }}"
            "{% if i.staff_text %}經手職員：{{ i.staff_text|nb }}。{% endif %}{{ i.evidence_text }}"
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
                ("t.txid", "交易編號：⟪{{ t.txid }}⟫"),
                ("t['from']", "{%+ if t.on_chain %}付款地址：⟪{{ t['from'] }}⟫{% else %}付款方：{{ t['from'] }}{% endif %}"),
                ("t.to", "{%+ if t.on_chain %}收款地址：⟪{{ t.to }}⟫{% else %}收款方：{{ t.to }}{% endif %}"),
                ("t.explorer", "區塊鏈瀏覽器連結：{{ t.explorer }}"),
            ],
            "Item",  # not justified: a long txid must not stretch its label across the line
        )
    ],
)
#: The law on what happened, for the company to read from the first letter (the filing's grounds begin with it).
LAW = If("law", [H("法律依據"), For("g in law", [body("{{ g|ml }}")])])

TRANSACTION_SECTION = If("transactions", [H("交易資料"), TRANSACTIONS])


def losses(lead_text: str) -> If:
    return If(
        "losses",
        [
            H("損失"),
            If(
                "losses|length == 1",
                [body(lead_text + "{{ losses[0].description|ml }}，金額為{{ losses[0].amount_text }}。")],
                [
                    lead(lead_text.rstrip("：，為为") + "如下："),
                    For("l in losses", [item("{{ loop.index }}. {{ l.description|ml }}：{{ l.amount_text }}")]),
                    body("合共：{{ loss_total_text }}。"),
                ],
            ),
        ],
    )


def policies(owner: str, heading: bool = True) -> If:
    return If(
        "policies",
        [
            *([H("與" + owner + "條款不符之處")] if heading else []),
            For(
                "p in policies",
                [
                    body(
                        # a title the user wrote with its own 《》 ("途程旅行《机票退改签须知》") is not marked twice
                        "{% if '《' in p.title %}{{ p.title }}{% else %}《{{ p.title }}》{% endif %}{{ p.clause }}"
                        "{% if p.summary %}訂明：{{ p.summary|ml }}。{% else %}。{% endif %}"
                    )
                ],
            ),
            body(owner + "的上述處理與{% if policies|length > 1 %}這些{% else %}該項{% endif %}條款不符。"),
        ],
    )


EVIDENCE = If(
    "evidence or earlier_letters or company_records",
    [
        H("證明文件及紀錄保存"),
        If("evidence or earlier_letters", [body("現隨函附上相關文件（見文末附件清單）。")]),
        If("company_records", [body("請" + YOU + "妥為保存{{ company_records }}，並向本人提供副本。")]),
    ],
)


CHRONOLOGY = dated("chronology", what="經過")
ATTEMPTS = dated("attempts", what="經過")
ENCLOSURES = enclosures(file="檔案", final="最終回覆")

ZH_HANT: dict[str, list] = {}

ZH_HANT["first-complaint"] = [
    p("{{ stage_title }}", style="Title"),
    TO_COMPANY,
    p("主旨：" + SUBJECT, style="Subject"),
    DEAR,
    body(
        INTRO + "現就{{ matter.subject|nb }}一事向" + YOU + "作出投訴。本人要求" + YOU + "{{ demands_text }}。"
        "請於{{ deadline }}或之前以書面回覆。"
    ),
    H("事件經過"),
    INCIDENTS,
    TRANSACTION_SECTION,
    policies(YOU),
    LAW,
    losses("本人因此蒙受的損失為"),
    H("本人的要求"),
    lead("為妥善解決此事，本人要求" + YOU + "："),
    DEMANDS,
    EVIDENCE,
    H("回覆要求"),
    P(
        [
            "請" + YOU + "確認收到本函，告知{% if ask_reference %}本個案的編號、{% endif %}負責跟進的職員及處理時間表，"
            "並" + DEADLINE + "以書面回覆本人" + BY_EMAIL + "。多謝" + YOU + "關注。"
        ],
        "Last",
    ),
    *signature("first-complaint"),
    ENCLOSURES,
]

FC_DONE = (
    "{% if first_complaint %}本人於{{ first_complaint.date }}"
    "{% if first_complaint.channel %}透過{{ first_complaint.channel }}{% endif %}就{{ matter.subject|nb }}一事向" + YOU + "作出投訴"
    "{% if first_complaint.reference %}（" + YOU + "編號：{{ first_complaint.reference|nb }}）{% endif %}"
    "{% else %}本人早前已就{{ matter.subject|nb }}一事向" + YOU + "作出投訴{% endif %}"
)
PROMISE = (
    "{% if promise %}" + YOU + "於{{ promise.date }}{% if promise.channel %}透過{{ promise.channel }}{% endif %}回覆本人"
    "{% if promise.reference and promise.reference != company_ref %}（編號：{{ promise.reference|nb }}）{% endif %}，"
    "承諾「{{ promise.promise }}」{% if promise.by and not promise.by_said %}，期限為{{ promise.by }}{% endif %}。"
    "{% if promise.broken %}該期限已過，" + YOU + "至今仍未履行有關承諾。{% endif %}"
    "{% if promise.summary and promise.satisfactory == false %}對於該回覆的其他內容（{{ promise.summary }}），本人亦不能接受。{% endif %}"
    "{% endif %}"
)
REPLY_STATE = (
    "{% if last_reply and not (promise and promise.broken) %}" + YOU + "於{{ last_reply.date }}回覆"
    "{% if last_reply.summary %}（{{ last_reply.summary }}）{% endif %}"
    "{% if last_reply.satisfactory == false %}，但未能解決問題。{% elif last_reply.satisfactory %}。"
    "{% else %}，但此事至今仍未解決。{% endif %}{% endif %}"
)

ZH_HANT["follow-up"] = [
    p("{{ stage_title }}", style="Title"),
    TO_COMPANY,
    p(
        "主旨：" + SUBJECT + "{% if promise and promise.broken %}——承諾逾期未履行{% elif not last_reply %}——至今未獲回覆"
        "{% else %}——仍未解決{% endif %}",
        style="Subject",
    ),
    DEAR,
    body(
        FC_DONE + "{% if first_complaint %}，並要求" + YOU + "於{{ first_complaint.deadline }}或之前回覆。"
        "{% if first_complaint.deadline_missed %}該期限已過{% if not last_reply %}，本人至今仍未收到任何回覆"
        "{% endif %}。{% endif %}{% else %}。{% endif %}"
        + PROMISE
        + REPLY_STATE
        + "{% if chases %}其後，本人已{{ chases_text|nb }}，問題仍未解決。{% endif %}"
    ),
    lead("現再次要求" + YOU + "："),
    DEMANDS,
    body(
        "請" + YOU + DEADLINE + "以書面回覆。{% if next_step %}如屆時仍未{% if last_reply %}妥善解決{% else %}獲回覆{% endif %}，"
        "本人將{{ next_step }}。{% endif %}"
    ),
    H("投訴要點"),
    INCIDENTS_BRIEF,
    TRANSACTION_SECTION,
    losses("本人因此蒙受的損失為"),
    EVIDENCE,
    H("回覆要求"),
    P(
        [
            "請" + YOU + "確認收到本函，告知{% if ask_reference %}本個案的編號、{% endif %}負責跟進的職員及處理時間表，"
            "並在上述期限內以書面回覆本人" + BY_EMAIL + "。"
        ],
        "Last",
    ),
    *signature("follow-up"),
    ENCLOSURES,
]

#: How the company answered, as the escalation's opening says it (its own leading punctuation).
ESC_REPLY = (
    "{% if promise and promise.broken %}；" + YOU + "於{{ promise.date }}承諾「{{ promise.promise }}」"
    "{% if promise.by and not promise.by_said %}，期限為{{ promise.by }}{% endif %}，但至今仍未履行"
    "{% elif last_reply %}；" + YOU + "於{{ last_reply.date }}"
    "{% if final_response and final_response.date_iso == last_reply.date_iso %}發出最終回覆{% else %}回覆{% endif %}，"
    "但{% if last_reply.satisfactory == false %}未能解決問題"
    "{% else %}此事至今仍未解決{% endif %}{% else %}，但至今仍未獲回覆{% endif %}"
)

ZH_HANT["escalation"] = [
    p("{{ stage_title }}", style="Title"),
    p(
        "致：{{ company.name }}{{ management.title }}{% if management.name %}{{ management.name }}{% endif %}",
        ("company.address", "地址：{{ company.address }}"),
        ("management.email", "電郵：{{ management.email }}"),
    ),
    p("主旨：" + SUBJECT + "——要求管理層覆核", style="Subject"),
    DEAR,
    body(
        FC_DONE + "{% if chases and (promise and promise.broken or last_reply) and "
        "(promise.date_iso if promise and promise.broken else last_reply.date_iso) < chases[0].date_iso %}"
        + ESC_REPLY
        + "。其後，本人又{{ chases_text|nb }}，但仍未獲回覆。"
        "{% else %}{% if chases %}，其後又{{ chases_text|nb }}{% endif %}" + ESC_REPLY + "。{% endif %}"
        "現致函閣下，懇請閣下親自覆核此事。本人要求" + YOU + "{{ demands_text }}。請閣下於{{ deadline }}或之前以書面回覆。"
    ),
    H("事件經過"),
    lead("事件及雙方溝通的經過，按時序如下："),
    CHRONOLOGY,
    TRANSACTION_SECTION,
    policies(YOU),
    LAW,
    losses("本人因此蒙受的損失為"),
    H("本人的要求"),
    lead("本人要求" + YOU + "："),
    DEMANDS,
    EVIDENCE,
    H("回覆期限"),
    # after a final response, what is asked for is the review's answer, not a final response again
    P(
        [
            "請閣下確認收到本函，告知負責跟進的職員，並" + DEADLINE + "{% if final_response %}就覆核結果作出書面回覆"
            "{% else %}作出最終書面回覆{% endif %}" + BY_EMAIL + "。"
        ],
        "Loose",
    ),
    P(
        [
            "本人仍希望與" + YOU + "直接解決此事，同時保留循其他合法途徑維護自身權益的權利。"
            "{% if next_step %}如此事屆時仍未解決，本人將{{ next_step }}。{% endif %}"
        ],
        "Last",
    ),
    *signature("escalation"),
    ENCLOSURES,
]

FIELD = "{{ %s or '" + BLANK + "' }}"

ZH_HANT["consumer-association"] = [
    p("{{ authority.title or stage_title }}", style="Title"),
    p(
        "致：{% if authority.known %}{{ authority.name }}{% else %}" + BLANK + "{% endif %}",
        ("authority.channel", "提交途徑：{{ authority.channel }}"),
        ("authority.address", "地址：{{ authority.address }}"),
        ("authority.website", "網址：{{ authority.website }}"),
        ("authority.email", "電郵：{{ authority.email }}"),
        ("authority.phone", "電話：{{ authority.phone|nb }}"),
    ),
    p("主旨：有關{{ company.legal_name or company.name }}的{{ authority.word }}——{{ matter.subject|nb }}", style="Subject"),
    DEAR,
    body(
        "本人{{ complainant.name }}現就{{ matter.subject|nb }}一事對{{ company.legal_name or company.name }}作出{{ authority.word }}。"
        "{% if attempts_text %}本人已{{ attempts_text|nb }}{% endif %}"
        "{% if final_response and not authority.why_now %}{% if attempts_text %}，{% endif %}"
        + IT
        + "已於{{ final_response.date }}作出最終回覆（見附件），但未能解決問題。"
        "{% elif promise and promise.broken %}{% if attempts_text %}；{% endif %}"
        + IT
        + "曾於{{ promise.date }}承諾「{{ promise.promise }}」"
        "{% if promise.by and not promise.by_said %}，期限為{{ promise.by }}{% endif %}，但至今仍未履行。"
        "{% elif attempts_text %}，問題至今仍未解決。{% endif %}"
        "{% if authority.why_now %}{{ authority.why_now }}{% endif %}"
        "{% if authority.kind == 'conciliate' %}懇請" + BODY + "協助調解。{% else %}懇請" + BODY + "跟進處理。{% endif %}"
    ),
    H("{{ authority.word }}人資料"),
    p(
        "姓名：{{ complainant.name }}",
        "聯絡電話：" + FIELD % "complainant.phone",
        "通訊地址：" + FIELD % "complainant.address",
        "電郵：" + FIELD % "complainant.email",
        ("complainant.account_id", "在" + IT + "的帳戶號碼：{{ complainant.account_id|nb }}"),
    ),
    H("{{ authority.respondent }}資料"),
    p(
        "名稱：{{ company.legal_name or company.name }}",
        ("company.legal_name", "品牌名稱：{{ company.name }}"),
        ("company.registration_id", "商業登記號碼：{{ company.registration_id|nb }}"),
        "地址：" + FIELD % "company.address",
        ("company.phone", "聯絡電話：{{ company.phone|nb }}"),
        ("company.email", "電郵：{{ company.email }}"),
        ("company.website", "網址：{{ company.website }}"),
        ("company.app", "應用程式：{{ company.app }}"),
    ),
    If(
        "matter.product or matter.order or transactions",
        [
            H("交易資料"),
            If(
                "matter.product or matter.order",
                [
                    p(
                        "{% if matter.product %}貨品或服務：{{ matter.product }}{% else %}單號：{{ matter.order|nb }}{% endif %}",
                        ("matter.product and matter.order", "單號：{{ matter.order|nb }}"),
                        ("matter.purchase_date", "日期：{{ matter.purchase_date }}"),
                        ("matter.purchase_amount", "金額：{{ matter.purchase_amount }}"),
                    )
                ],
            ),
            TRANSACTIONS,
        ],
    ),
    H("事件經過"),
    If(
        "told_to_the_company",
        [lead("以下經過摘自本人致" + IT + "的陳述，文中的{% for w in told_to_the_company %}「{{ w }}」{% endfor %}均指" + IT + "：")],
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
    losses("本人因此蒙受的損失為"),
    H("{{ authority.word }}要求"),
    lead("本人的要求如下："),
    For("d in demands", [item("{{ loop.index }}. {% if d.detail %}{{ d.sentence|ml }}{% else %}{{ d.noun }}。{% endif %}")]),
    H("與" + IT + "交涉的經過"),
    If("attempts", [lead("本人此前已就此事與" + IT + "交涉，經過如下（按時序）："), ATTEMPTS], [body("（暫無紀錄）")]),
    If("evidence or earlier_letters", [H("證明文件"), body("現隨{{ authority.word }}書附上相關文件（見文末附件清單）。")]),
    H("聲明"),
    P(
        [
            "本人聲明以上所述均屬事實，所附文件均為真確。"
            "{% if authority.kind == 'conciliate' %}本人同意" + BODY + "將本{{ authority.word }}轉交" + IT + "跟進。{% endif %}"
            "本人保留循其他合法途徑維護自身權益的權利。"
        ],
        "Last",
    ),
    *signature("consumer-association", signed=True),
    ENCLOSURES,
]
