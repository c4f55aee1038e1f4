"""The report's opening paragraph: whose report, the statistics period, where it is
published and whom to contact (shared/reference/rules.md §2.1, after the 金东区 report:
"本报告电子版可在…查阅或下载。如对本报告有任何疑问，请与…联系（地址：…；邮编：…；
联系电话：…）"). Website and contact come from the site's SiteIdentity settings."""

from typing import TYPE_CHECKING

from gongkai.core.models import SiteIdentity

if TYPE_CHECKING:
    from wagtail.models import Site

    from .models import AnnualReportPage


def _contact(identity: SiteIdentity) -> str:
    """地址/邮编/联系电话/电子邮箱 that are filled in, joined as the reports write them."""
    parts = [
        (label, value)
        for label, value in (
            ("地址", identity.address),
            ("邮编", identity.postcode),
            ("联系电话", identity.phone),
            ("电子邮箱", identity.email),
        )
        if value
    ]
    return "；".join(f"{label}：{value}" for label, value in parts)


def _where(page: "AnnualReportPage", site: "Site | None") -> str:
    if site is None:
        return "本报告在本网站政府信息公开专栏公开，可在线浏览或下载。"
    name = site.site_name or site.root_page.title
    return (
        f"本报告电子版可在“{name}”网站（{site.root_url}）政府信息公开专栏查阅或下载。"
    )


def preamble_paragraphs(page: "AnnualReportPage") -> list[str]:
    year = page.year
    site = page.get_site()
    text = (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        f"《中华人民共和国政府信息公开工作年度报告格式》的要求编制，"
        f"由{page.organisation.name}{year}年政府信息公开工作总体情况、主动公开政府信息情况、"
        f"收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
        f"存在的主要问题及改进情况、其他需要报告的事项等部分组成。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"{_where(page, site)}"
    )
    contact = _contact(SiteIdentity.for_site(site)) if site is not None else ""
    if contact:
        text += f"如对本报告有任何疑问，请与{page.organisation.name}联系（{contact}）。"
    return [text]
