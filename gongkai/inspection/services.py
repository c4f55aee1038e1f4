"""One inspection of one site: the checks run over the database and the published tree.

`inspect_site` computes a report and writes nothing; `runs.py` stores runs and their findings.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from django.utils import timezone
from wagtail.models import Site

from gongkai.publishing.conf import get_dynamic_prefixes
from gongkai.publishing.services import get_site_tree
from gongkai.publishing.trees import walk_files

from . import selectors
from .crawl import DEFAULT_LIMIT, Fetcher, crawl, pages_to_crawl
from .links import find_dead_links, parse_html
from .metadata import ItemFacts, lacks_interpretation, missing_fields
from .org_terms import checkers_by_page
from .rules import (
    Finding,
    Severity,
    is_failed,
    judge_columns,
    judge_home,
    judge_reachability,
)
from .ruleset import Ruleset
from .site_spelling import distinct, site_resources, site_suspects, suspect_message
from .spelling import NATIONAL, Checker, find_misspellings
from .statistical_spelling import Suspect

ExternalCheck = Callable[[str], str | None]
# A page's text and its checker -> its 疑似错别字 (site_spelling.site_suspects).
SuspectCheck = Callable[[str, Checker], list[Suspect]]
# A visible publish time on an item page: 2026-12-05, 2026/12/5, 2026年12月5日 …
VISIBLE_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")


TREE_CHECKS = ("misspelling", "no_publish_time", "dead_link")  # located by file path
ITEM_CHECKS = ("missing_metadata",)  # per item, from its own live row


@dataclass(frozen=True)
class TreeScope:
    """An incremental run: parse only `changed` files; keep the previous run's tree
    findings (`carried`) of every other file that still exists.

    With `since` (the previous run's start) the per-item database checks read only the
    items published or revised after it (and every policy document: its 解读 count moves
    with other pages) and keep the previous run's `carried_items` findings of every other
    item still live. The column, home page and 互动 checks are a few aggregate queries and
    always run whole."""

    changed: frozenset[str]
    carried: tuple[Finding, ...] = ()
    since: datetime | None = None
    carried_items: tuple[Finding, ...] = ()
    # A stored run (runs.store_report) copies the unchanged items' findings from this
    # run inside the database instead of `carried_items`: reading and writing 100,000 of
    # them through Python was 20 of a stored run's 26 s. The report then names the items
    # it re-read (`InspectionReport.rechecked_items`), whose findings are not copied.
    items_from_run: int | None = None


class _AnchorsOnDemand(dict):
    """Anchors of the pages parsed in this run, and of any other page a link points
    into, read when first asked (an incremental run parses only the changed pages)."""

    def __init__(self, tree: Path, parsed: dict) -> None:
        super().__init__({path: page.anchors for path, page in parsed.items()})
        self.tree = tree

    def get(self, key, default=None):  # type: ignore[override]
        if key not in self:
            try:
                html = (self.tree / key).read_text(encoding="utf-8", errors="replace")
            except OSError:
                return default
            self[key] = parse_html(html).anchors
        return self[key]


@dataclass(frozen=True)
class CrawlOptions:
    """Fetch the running site at `base_url` (e.g. https://www.example.gov.cn/)."""

    base_url: str
    fetcher: Fetcher | None = None  # default: fetchers.fetch_page
    limit: int = DEFAULT_LIMIT


@dataclass
class InspectionReport:
    site: Site
    run_at: datetime
    findings: list[Finding] = field(default_factory=list)
    published: bool = True
    ruleset: Ruleset = field(default_factory=Ruleset.default)
    # Set when the scope's `items_from_run` leaves the carried item findings to the
    # store: the items read afresh, whose stored findings are not to be copied.
    rechecked_items: frozenset[int] | None = None

    @property
    def failed(self) -> bool:
        """A 单项否决 item was hit."""
        return is_failed(self.findings)

    @property
    def score(self):  # Decimal: the estimate of part 2 (扣分指标), out of 100
        return self.ruleset.score(self.findings)

    def as_dict(self) -> dict[str, object]:
        return {
            "site": self.site.hostname,
            "run_at": self.run_at.isoformat(),
            "published": self.published,
            "failed": self.failed,
            "score": str(self.score),
            "findings": [finding.as_dict() for finding in self.findings],
        }


def inspect_site(
    *,
    site: Site,
    now: datetime | None = None,
    external_check: ExternalCheck | None = None,
    ruleset: Ruleset | None = None,
    crawl_options: CrawlOptions | None = None,
    scope: TreeScope | None = None,
) -> InspectionReport:
    now = now or timezone.now()
    ruleset = ruleset or selectors.ruleset_for(site)
    criteria = ruleset.criteria()
    report = InspectionReport(site=site, run_at=now, ruleset=ruleset)
    columns = judge_columns(selectors.column_facts(site), now, criteria)
    report.findings += judge_home(
        selectors.newest_item_time(site), now, site.root_page_id, criteria
    )
    report.findings += columns.findings
    report.findings += judge_reachability(
        selectors.reachability_week(site, now), criteria
    )
    report.findings += _publish_refusals(site)
    report.findings += _unanswered_consultations(
        now, ruleset.threshold("unanswered_consultation")
    )
    since = scope.since if scope is not None else None
    read: set[int] = set()
    for item in selectors.item_facts(site, changed_since=since):
        read.add(item.page_id)
        report.findings += _item_findings(item)
    item_ids: set[int] | None = read
    if scope is not None and since is not None:
        if scope.items_from_run is not None:
            report.rechecked_items = frozenset(read)
            item_ids = None  # every live item: read below only if the tree needs them
        else:
            live = selectors.live_item_urls(site)
            report.findings += [
                replace(finding, location=live[finding.page_id])
                for finding in scope.carried_items
                if finding.page_id in live and finding.page_id not in read
            ]
            item_ids = set(live)
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
        if item_ids is None:
            item_ids = set(selectors.live_items(site).values_list("pk", flat=True))
        report.findings += _inspect_tree(site, tree, external_check, item_ids, scope)
        if crawl_options is not None:
            report.findings += _crawl(site, tree, crawl_options, ruleset)
    report.findings = ruleset.apply(report.findings)
    order = {Severity.VETO: 0, Severity.DEDUCT: 1, Severity.NOTICE: 2}
    report.findings.sort(key=lambda finding: order[finding.severity])
    return report


def _item_findings(item: ItemFacts) -> list[Finding]:
    findings = []
    missing = missing_fields(item)
    if missing:
        findings.append(
            Finding(
                "missing_metadata",
                Severity.NOTICE,
                f"“{item.title}”缺少{'、'.join(missing)}。",
                item.page_id,
                item.url,
            )
        )
    if lacks_interpretation(item):
        findings.append(
            Finding(
                "missing_interpretation",
                Severity.DEDUCT,
                f"政策文件“{item.title}”没有解读，也没有说明不解读的理由。",
                item.page_id,
                item.url,
            )
        )
    return findings


def _inspect_tree(
    site: Site,
    tree: Path,
    external_check: ExternalCheck | None,
    item_ids: set[int],
    scope: TreeScope | None = None,
) -> list[Finding]:
    # Symlinks are a finding of `gongkai verify`, never a target a link may rely on.
    files = {path for path, is_symlink in walk_files(tree) if not is_symlink}
    to_parse = files if scope is None else files & scope.changed
    owners = selectors.page_of_file(site)
    # The organisations' own protected terms: one checker per organisation, built once.
    checkers = checkers_by_page(
        {owner for path in to_parse if (owner := owners.get(path)) is not None}
    )
    return scan_tree(
        tree,
        files,
        to_parse,
        owners=owners,
        item_ids=item_ids,
        hostnames=(site.hostname,),
        external_check=external_check,
        carried=scope.carried if scope is not None else (),
        checkers=checkers,
        suspects=_suspect_check(),
    )


def _suspect_check() -> SuspectCheck | None:
    """The statistical check with the site's model as it is at the run's start; None
    while search has stored no model (then the run has no 疑似错别字)."""
    resources = site_resources()
    if resources is None:
        return None
    return lambda text, checker: site_suspects(text, checker, resources)


def scan_tree(
    tree: Path,
    files: set[str],
    to_parse: set[str],
    *,
    owners: dict[str, int | None],
    item_ids: set[int],
    hostnames: tuple[str, ...],
    external_check: ExternalCheck | None = None,
    carried: tuple[Finding, ...] = (),
    checkers: Mapping[int, Checker] | None = None,
    suspects: SuspectCheck | None = None,
) -> list[Finding]:
    """The tree checks over `to_parse` (all files, or the changed ones), plus the `carried`
    findings of files not parsed that still exist. No ORM: bench/inspection times it.
    `checkers`: page id -> the checker of its organisation's protected terms (pages not
    in it get the national list only). `suspects`: the statistical 疑似错别字 check, run
    on item pages only (a list page repeats its items' titles), a 提示 (NOTICE)."""
    checkers = checkers or {}
    parsed = {}
    on_items: dict[tuple[str, int | None], Finding] = {}
    elsewhere: dict[str, Finding] = {}
    for path, html in selectors.read_tree_html(tree, to_parse):
        page = parsed[path] = parse_html(html)
        # Only links and anchors are kept for the link pass.
        text, page.text = page.text, ""
        if owners.get(path) in item_ids and not VISIBLE_DATE.search(text):
            on_items[("", owners[path])] = Finding(
                "no_publish_time",
                Severity.DEDUCT,
                "页面未显示发布时间（按检查指标视为未更新）。",
                owners[path],
                path,
            )
        owner = owners.get(path)
        checker = checkers.get(owner, NATIONAL) if owner is not None else NATIONAL
        for wrong in find_misspellings(text, checker):
            if wrong.severe:
                message = f"严重错别字：“{wrong.wrong}”应为“{wrong.correct}”（…{wrong.context}…）。"
                severity = Severity.VETO
            else:
                message = f"疑似漏字：“{wrong.wrong}”（…{wrong.context}…）。"
                severity = Severity.DEDUCT
            rule = "misspelling" if wrong.severe else "missing_word"
            finding = Finding(
                "misspelling", severity, message, owners.get(path), path, rule=rule
            )
            if finding.page_id in item_ids:
                on_items.setdefault((wrong.wrong, finding.page_id), finding)
            else:
                elsewhere.setdefault(wrong.wrong, finding)
        if suspects is not None and owner in item_ids:
            for suspect in distinct(suspects(text, checker)):
                on_items.setdefault(
                    (f"?{suspect.wrong}", owner),
                    Finding(
                        "misspelling",
                        Severity.NOTICE,
                        f"疑似错别字：{suspect_message(suspect)}。",
                        owner,
                        path,
                        rule="suspected_misspelling",
                    ),
                )
    # A misspelt title shows on its item page and again on list pages and the home page:
    # reported once per item page (its <title> and heading count once), and on a list
    # page only when no item page carries it.
    on_item_forms = {form for form, _page_id in on_items if form}
    findings = list(on_items.values())
    findings += [f for form, f in elsewhere.items() if form not in on_item_forms]
    dead = find_dead_links(
        parsed.items(),
        files,
        hostnames=hostnames,
        dynamic_prefixes=get_dynamic_prefixes(),
        anchors_by_file=_AnchorsOnDemand(tree, parsed),
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
    findings += [
        finding
        for finding in carried
        if finding.location in files and finding.location not in to_parse
    ]
    return findings


def _publish_refusals(site: Site) -> list[Finding]:
    """A publish the guard refused (publish_guards), with no publish of the page since:
    the page is not live with that text, and whoever scheduled or scripted it may not know."""
    return [
        Finding(
            "publish_refused",
            Severity.NOTICE,
            f"发布未执行：“{refusal.title}”"
            f"（{timezone.localtime(refusal.at):%Y-%m-%d %H:%M}，"
            f"{'定时发布' if refusal.scheduled else '程序直接发布'}）：{refusal.reason}",
            refusal.page_id,
            refusal.url,
        )
        for refusal in selectors.open_publish_refusals(site)
    ]


def _unanswered_consultations(now: datetime, months: int) -> list[Finding]:
    """互动回应差: within the past year, a 政务咨询 letter unanswered for > `months`
    (answered late counts too: the public listing shows both dates to an inspector).
    The finding names the letter by its tracking code, never by its writer or text."""
    letters = selectors.unanswered_consultations(timezone.localdate(now), months)
    return [
        Finding(
            "unanswered_consultation",
            Severity.VETO,
            f"互动回应差：政务咨询 {letter.display_code}（{letter.organisation.name}，"
            f"{letter.received_on.isoformat()} 收到）超过 {months} 个月未答复。",
            location="/hudong/",
        )
        for letter in letters
    ]


def _crawl(
    site: Site, tree: Path, options: CrawlOptions, ruleset: Ruleset
) -> list[Finding]:
    from .fetchers import fetch_page

    files = [path for path, is_symlink in walk_files(tree) if not is_symlink]
    return crawl(
        options.base_url,
        pages_to_crawl(files, options.limit),
        options.fetcher or fetch_page,
        slow_seconds=ruleset.threshold("slow_page"),
        owners=selectors.page_of_file(site),
    )
