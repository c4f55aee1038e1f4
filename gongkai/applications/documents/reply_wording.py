"""What a 答复书 says for each result type, and the article it relies on.

Articles are of the 《中华人民共和国政府信息公开条例》(2019) unless the basis names another
text (shared/reference/rules.md §1.2, §1.5). The citations for 属于行政查询事项 (Art. 36
item 7) and 要求确认或重新出具已获取信息 (Art. 38) are our reading of the 条例.
"""

from dataclasses import dataclass

from ..enums import ResultType
from ..models import Application

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


@dataclass(frozen=True)
class Wording:
    basis: str  # e.g. 第十四条、第三十六条第（三）项
    text: str  # the decision, with {placeholders} filled from the application
    source: str = REGULATION


WITHHELD = "经审查，您申请获取的政府信息{what}，本机关决定不予公开。"

WORDINGS: dict[str, Wording] = {
    ResultType.DISCLOSED: Wording(
        "第三十六条第（二）项",
        "经审查，您申请获取的政府信息属于可以公开的政府信息，本机关予以公开，"
        "现按您要求的方式提供（见附件）。",
    ),
    ResultType.PARTIALLY_DISCLOSED: Wording(
        "第三十七条",
        "经审查，您申请获取的政府信息中含有不应当公开的内容（{reasons}），但能够作区分处理。"
        "本机关向您提供可以公开的部分，其余部分不予公开。",
    ),
    ResultType.WITHHELD_STATE_SECRET: Wording(
        "第十四条、第三十六条第（三）项", WITHHELD.format(what="属于国家秘密")
    ),
    ResultType.WITHHELD_PROHIBITED_BY_LAW: Wording(
        "第十四条、第三十六条第（三）项",
        WITHHELD.format(what="属于法律、行政法规禁止公开的政府信息"),
    ),
    ResultType.WITHHELD_SECURITY_STABILITY: Wording(
        "第十四条、第三十六条第（三）项",
        WITHHELD.format(what="公开后可能危及国家安全、公共安全、经济安全、社会稳定"),
    ),
    ResultType.WITHHELD_THIRD_PARTY: Wording(
        "第十五条、第三十六条第（三）项",
        WITHHELD.format(
            what="涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害"
        ),
    ),
    ResultType.WITHHELD_INTERNAL_AFFAIRS: Wording(
        "第十六条第一款、第三十六条第（三）项",
        WITHHELD.format(
            what="属于人事管理、后勤管理、内部工作流程等方面的内部事务信息"
        ),
    ),
    ResultType.WITHHELD_PROCESS_INFORMATION: Wording(
        "第十六条第二款、第三十六条第（三）项",
        WITHHELD.format(
            what="属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
            "请示报告等过程性信息"
        ),
    ),
    ResultType.WITHHELD_ENFORCEMENT_FILE: Wording(
        "第十六条第二款、第三十六条第（三）项",
        WITHHELD.format(what="属于行政执法案卷信息"),
    ),
    ResultType.WITHHELD_ADMINISTRATIVE_QUERY: Wording(
        "第三十六条第（七）项",
        "经审查，您申请获取的信息属于法律、行政法规对信息的获取有特别规定的行政查询事项，"
        "本机关不作为政府信息公开申请提供，请您按照有关法律、行政法规的规定办理查询。",
    ),
    ResultType.UNAVAILABLE_NOT_HELD: Wording(
        "第三十六条第（四）项",
        "经检索，本机关没有您申请获取的政府信息，该政府信息不存在。",
    ),
    ResultType.UNAVAILABLE_NEEDS_CREATION: Wording(
        "第三十八条",
        "经审查，本机关没有现成的您所申请的政府信息，需要对现有政府信息进行加工、分析才能形成，"
        "本机关不予提供。",
    ),
    ResultType.UNAVAILABLE_STILL_UNCLEAR: Wording(
        "第二十九条第二款、第三十条",
        "本机关已于{correction_requested_on}告知您补正申请，补正后您的申请内容仍不明确，"
        "本机关无法确定您所需的政府信息，无法提供。",
    ),
    ResultType.NOT_PROCESSED_PETITION: Wording(
        "第三十九条第一款",
        "经审查，您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开"
        "申请处理，请您通过相应渠道反映。",
    ),
    ResultType.NOT_PROCESSED_REPEATED: Wording(
        "第三十六条第（六）项",
        "经审查，本机关已就您申请公开的政府信息作出过答复，您重复申请公开相同政府信息，"
        "本机关不予重复处理。",
    ),
    ResultType.NOT_PROCESSED_PUBLICATION: Wording(
        "第三十九条第二款",
        "经审查，您要求提供的是政府公报、报刊、书籍等公开出版物，本机关不予处理，"
        "您可以通过公开发行渠道获取。",
    ),
    ResultType.NOT_PROCESSED_EXCESSIVE: Wording(
        "第三十五条",
        "经审查，您申请公开政府信息的数量、频次明显超过合理范围，且未能说明理由或者理由不合理，"
        "本机关不予处理。",
    ),
    ResultType.NOT_PROCESSED_CONFIRMATION: Wording(
        "第三十八条",
        "经审查，您要求本机关确认或者重新出具您已获取的信息，本机关不作为政府信息公开申请处理。",
    ),
    ResultType.OTHER_NO_CORRECTION: Wording(
        "第三十条",
        "本机关已于{correction_requested_on}告知您补正申请，补正期限为{correction_due_on}。"
        "您无正当理由逾期未补正，视为放弃申请，本机关不再处理您的政府信息公开申请。",
    ),
    ResultType.OTHER_FEE_UNPAID: Wording(
        "",
        "本机关已于{fee_issued_on}向您发出收费通知，缴费期限为{fee_due_on}。您逾期未按收费通知"
        "要求缴纳信息处理费，视为放弃申请，本机关不再处理您的政府信息公开申请。",
        source=FEE_MEASURES,
    ),
    ResultType.OTHER: Wording("第三十六条", "经审查，本机关对您的申请作出如下处理。"),
}
PUBLISHED = Wording(
    "第三十六条第（一）项",
    "经审查，您申请获取的政府信息已经主动公开，您可以通过以下途径获取：{published_location}。",
)
NOT_OURS = Wording(
    "第三十六条第（五）项",
    "经审查，您申请获取的政府信息不属于本机关负责公开，负责公开该政府信息的机关及联系方式为："
    "{responsible_agency}。",
)
WITHDRAWN = Wording(
    "", "您已于{concluded_on}撤回政府信息公开申请，本机关终止办理。", source=""
)


def wording_for(application: Application) -> Wording:
    """The wording for the application's result, with the variants of Art. 36 items 1, 5."""
    if application.status == "withdrawn":
        return WITHDRAWN
    if (
        application.result_type == ResultType.DISCLOSED
        and application.published_location
    ):
        return PUBLISHED
    if (
        application.result_type == ResultType.UNAVAILABLE_NOT_HELD
        and application.responsible_agency
    ):
        return NOT_OURS
    return WORDINGS[application.result_type]


def citation(wording: Wording) -> str:
    """依据《…》第…条的规定 — empty when the wording relies on no provision."""
    if not wording.source:
        return ""
    return f"依据{wording.source}{wording.basis}的规定"
