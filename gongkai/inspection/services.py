"""One inspection of one site: the checks run over the database and the published tree.

Read-only (nothing is stored: a run is cheap enough to repeat on demand); named a service
because it is what commands, views and tasks call.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils import timezone
from wagtail.models import Site

from gongkai.publishing.conf import get_dynamic_prefixes
from gongkai.publishing.services import get_site_tree
from gongkai.publishing.trees import walk_files

from . import selectors
from .links import find_dead_links, parse_html
from .metadata import lacks_interpretation, missing_fields
from .rules import Finding, Severity, is_failed, judge_columns, judge_home
from .spelling import find_misspellings

ExternalCheck = Callable[[str], str | None]


@dataclass
class InspectionReport:
    site: Site
    run_at: datetime
    findings: list[Finding] = field(default_factory=list)
    published: bool = True

    @property
    def failed(self) -> bool:
        """A 单项否决 item was hit."""
        return is_failed(self.findings)

    def as_dict(self) -> dict[str, object]:
        return {
            "site": self.site.hostname,
            "run_at": self.run_at.isoformat(),
            "published": self.published,
            "failed": self.failed,
            "findings": [finding.as_dict() for finding in self.findings],
        }


def inspect_site(
    *,
    site: Site,
    now: datetime | None = None,
    external_check: ExternalCheck | None = None,
) -> InspectionReport:
    now = now or timezone.now()
    report = InspectionReport(site=site, run_at=now)
    columns = judge_columns(selectors.column_facts(site), now)
    report.findings += judge_home(
        selectors.newest_item_time(site), now, site.root_page_id
    )
    report.findings += columns.findings
    item_ids: set[int] = set()
    for item in selectors.item_facts(site):
        item_ids.add(item.page_id)
        missing = missing_fields(item)
        if missing:
            report.findings.append(
                Finding(
                    "missing_metadata",
                    Severity.NOTICE,
                    f"“{item.title}”缺少{'、'.join(missing)}。",
                    item.page_id,
                    item.url,
                )
            )
        if lacks_interpretation(item):
            report.findings.append(
                Finding(
                    "missing_interpretation",
                    Severity.DEDUCT,
                    f"政策文件“{item.title}”没有解读，也没有说明不解读的理由。",
                    item.page_id,
                    item.url,
                )
            )
    tree = get_site_tree(site)
    if tree is None:
        report.published = False
        report.findings.append(
            Finding(
                "not_published",
                Severity.NOTICE,
                "站点尚未发布，未检查已发布页面的链接和错别字。",
            )
        )
    else:
        report.findings += _inspect_tree(site, tree, external_check, item_ids)
    order = {Severity.VETO: 0, Severity.DEDUCT: 1, Severity.NOTICE: 2}
    report.findings.sort(key=lambda finding: order[finding.severity])
    return report


def _inspect_tree(
    site: Site, tree: Path, external_check: ExternalCheck | None, item_ids: set[int]
) -> list[Finding]:
    # Symlinks are a finding of `gongkai verify`, never a target a link may rely on.
    files = {path for path, is_symlink in walk_files(tree) if not is_symlink}
    owners = selectors.page_of_file(site)
    parsed = {}
    on_items: dict[tuple[str, int | None], Finding] = {}
    elsewhere: dict[str, Finding] = {}
    for path, html in selectors.read_tree_html(tree, files):
        page = parsed[path] = parse_html(html)
        # Only links and anchors are kept for the link pass.
        text, page.text = page.text, ""
        for wrong in find_misspellings(text):
            if wrong.severe:
                message = f"严重错别字：“{wrong.wrong}”应为“{wrong.correct}”（…{wrong.context}…）。"
                severity = Severity.VETO
            else:
                message = f"疑似漏字：“{wrong.wrong}”（…{wrong.context}…）。"
                severity = Severity.DEDUCT
            finding = Finding("misspelling", severity, message, owners.get(path), path)
            if finding.page_id in item_ids:
                on_items.setdefault((wrong.wrong, finding.page_id), finding)
            else:
                elsewhere.setdefault(wrong.wrong, finding)
    # A misspelt title shows on its item page and again on list pages and the home page:
    # reported once per item page (its <title> and heading count once), and on a list
    # page only when no item page carries it.
    on_item_forms = {form for form, _page_id in on_items}
    findings = list(on_items.values())
    findings += [f for form, f in elsewhere.items() if form not in on_item_forms]
    dead = find_dead_links(
        parsed.items(),
        files,
        hostnames=(site.hostname,),
        dynamic_prefixes=get_dynamic_prefixes(),
        anchors_by_file={path: page.anchors for path, page in parsed.items()},
        external_check=external_check,
    )
    findings += [
        Finding(
            "dead_link",
            Severity.DEDUCT,
            f"链接不可用：{link.target}（{link.reason}）。",
            owners.get(link.source),
            link.source,
        )
        for link in dead
    ]
    return findings
