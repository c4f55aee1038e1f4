"""The report's opening paragraph: whose report, the statistics period and where it is
published (shared/reference/rules.md §2.1, after the 金东区 report)."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import AnnualReportPage


def preamble_paragraphs(page: "AnnualReportPage") -> list[str]:
    year = page.year
    return [
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        f"《中华人民共和国政府信息公开工作年度报告格式》的要求编制，"
        f"由{page.organisation.name}{year}年政府信息公开工作总体情况、主动公开政府信息情况、"
        f"收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
        f"存在的主要问题及改进情况、其他需要报告的事项等部分组成。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"本报告在本网站政府信息公开专栏公开，可在线浏览或下载。"
    ]
