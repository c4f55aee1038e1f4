"""Publishing a site to files: full publish, incremental refresh, verify and repair."""

import hashlib
import logging
import multiprocessing
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections, transaction
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from wagtail.models import Page, Site

from gongkai.catalog.selectors import (
    attach_item_neighbours,
    count_items_below,
    list_column_items,
)
from gongkai.columns.column_pages import (
    affected_numbered_pages,
    count_numbered_pages,
    page_of_position,
)
from gongkai.columns.models import PAGINATION_SEGMENT
from gongkai.core.changes import prepare as prepare_derived_data
from gongkai.core.enums import ColumnListMode

from .assets import (
    document_url_prefix,
    find_asset_links,
    find_asset_source,
    find_css_links,
)
from .compression import CODINGS, check_sibling, sibling_base, wants_siblings
from .conf import get_publish_root
from .enums import FileKind
from .links import find_broken_links, find_internal_links
from .models import PublishedFile, PublishedSite
from .paths import file_to_url_path, url_to_file_path
from .redirects import write_redirect_map
from .renderer import RenderError, SiteRenderer
from .targets import (
    ListChange,
    Target,
    list_site_pages,
    page_targets,
    prefetch_interpretations,
    prefetch_page_relations,
    site_targets,
)
from .trees import (
    abandoned_trees,
    clear_journal,
    create_tree,
    has_journal,
    is_inside,
    live_tree,
    remove_file,
    remove_tree,
    site_lock,
    switch_tree,
    walk_files,
    write_journal,
    write_published,
)

logger = logging.getLogger(__name__)
Progress = Callable[[int, int, float], None]
FOLDER_UNSAFE = re.compile(r"[^A-Za-z0-9.-]")


class PublishError(Exception):
    pass


@dataclass
class PublishReport:
    """What one publish run did; paths are relative to the site's folder."""

    site: Site
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0


@dataclass
class VerifyReport:
    site: Site
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    symlinks: list[str] = field(default_factory=list)
    interrupted: bool = (
        False  # a publish stopped between switching the tree and the manifest
    )

    @property
    def is_intact(self) -> bool:
        return not (
            self.changed
            or self.missing
            or self.added
            or self.symlinks
            or self.interrupted
        )


def get_site_folder(site: Site) -> str:
    """One folder per site, named after its host name (nginx: root <publish root>/$host)."""
    return FOLDER_UNSAFE.sub("_", site.hostname) or f"site-{site.pk}"


def get_site_tree(site: Site) -> Path | None:
    try:
        return live_tree(get_publish_root(), get_site_folder(site))
    except OSError as exc:
        raise PublishError(
            f"站点“{site}”的发布链接指向发布根目录之外，已拒绝：{exc}"
        ) from exc


def is_site_published(site: Site) -> bool:
    """Whether the site was fully published, so that its changes are published too.

    Read from the database (PublishedSite), never from the disk: the admin server that
    enqueues the work need not hold the web root. Whether this machine holds the tree
    is `get_site_tree`, asked by the worker before it writes."""
    return PublishedSite.objects.filter(site_id=site.pk).exists()


def published_site_ids() -> set[int]:
    return set(PublishedSite.objects.values_list("site_id", flat=True))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _entry(
    site: Site, path: str, kind: str, page_id: int | None, data: bytes
) -> PublishedFile:
    return PublishedFile(
        site=site,
        path=path,
        kind=kind,
        page_id=page_id,
        size=len(data),
        sha256=_sha256(data),
    )


def _full_targets(site: Site) -> Iterable[tuple[Target, Page | None]]:
    pages = list(list_site_pages(site))
    prefetch_page_relations(pages)
    prefetch_interpretations(pages)
    attach_item_neighbours(pages)
    list_counts = count_items_below(pages)
    for page in pages:
        for target in page_targets(page, site, list_counts=list_counts):
            yield target, page
    for target in site_targets():
        yield target, None


# --- full publish -----------------------------------------------------------------


def publish_site(
    *, site: Site, progress: Progress | None = None, processes: int = 1
) -> PublishReport:
    """Render every public file of `site` into a new tree and switch it in at once.

    A page that fails is reported and keeps its previously published file; the rest
    of the site is published. The manifest is replaced in the same transaction.
    `processes` > 1 renders in that many forked processes (the command's default:
    one per core); only from a process without other threads that hold the database.
    """
    root, folder = get_publish_root(), get_site_folder(site)
    report = PublishReport(site=site)
    started = time.monotonic()
    with site_lock(root, folder):
        previous = get_site_tree(site)
        for abandoned in abandoned_trees(root, folder):  # left by a killed publish
            remove_tree(abandoned)
        tree = create_tree(root, folder)
        try:
            entries = _render_full(
                site, tree, previous, report, progress, started, processes
            )
            write_journal(root, folder, tree)
            with transaction.atomic():
                PublishedFile.objects.filter(site=site).delete()
                PublishedFile.objects.bulk_create(entries.values(), batch_size=2000)
                _record_published(site, root, folder, len(entries))
                switch_tree(root, folder, tree)
        except BaseException:
            if live_tree(root, folder) != tree:
                remove_tree(tree)
            raise
        clear_journal(root, folder)
        write_redirect_map(site, root, folder)
        if previous is not None:
            remove_tree(previous)
    report.seconds = time.monotonic() - started
    return report


def _record_published(site: Site, root: Path, folder: str, files: int) -> None:
    PublishedSite.objects.update_or_create(
        site=site,
        defaults={"publish_root": str(root), "folder": folder, "files": files},
    )


# (target index, size, sha256, asset links, internal links, error) for each rendered target
Rendered = tuple[int, int, str, set[str], set[str], str | None]
_fork_state: dict[str, Any] = {}


def _render_range(indices: list[int]) -> list[Rendered]:
    """Render targets by index into the new tree (in this process or a forked one)."""
    renderer, tree, targets = (
        _fork_state["renderer"],
        _fork_state["tree"],
        _fork_state["targets"],
    )
    results: list[Rendered] = []
    for index in indices:
        target, page = targets[index]
        try:
            data = renderer.render(target, page)
        except RenderError as exc:
            results.append((index, 0, "", set(), set(), str(exc)))
            continue
        # The new tree is not served yet: no temporary files needed.
        write_published(tree / target.file_path, target.file_path, data, atomic=False)
        is_page = target.kind == FileKind.PAGE
        links = find_asset_links(data) if is_page else set()
        internal = (
            find_internal_links(data, target.url_path, renderer.root_url)
            if is_page
            else set()
        )
        results.append((index, len(data), _sha256(data), links, internal, None))
    return results


def _render_all(
    site: Site,
    tree: Path,
    targets: list[tuple[Target, Page | None]],
    processes: int,
    progress: Progress | None,
    started: float,
) -> Iterable[Rendered]:
    _fork_state.update(renderer=SiteRenderer(site), tree=tree, targets=targets)
    chunks = [
        list(range(start, min(start + 100, len(targets))))
        for start in range(0, len(targets), 100)
    ]
    done = 0
    try:
        if processes > 1 and len(chunks) > 1:
            connections.close_all()  # each forked process opens its own connection
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                for results in pool.imap_unordered(_render_range, chunks):
                    done += len(results)
                    if progress:
                        progress(done, len(targets), time.monotonic() - started)
                    yield from results
        else:
            for chunk in chunks:
                results = _render_range(chunk)
                done += len(results)
                if progress and (done % 200 < 100 or done == len(targets)):
                    progress(done, len(targets), time.monotonic() - started)
                yield from results
    finally:
        _fork_state.clear()


def _render_full(
    site: Site,
    tree: Path,
    previous: Path | None,
    report: PublishReport,
    progress: Progress | None,
    started: float,
    processes: int,
) -> dict[str, PublishedFile]:
    targets = list(_full_targets(site))
    entries: dict[str, PublishedFile] = {}
    links: set[str] = set()
    internal: dict[str, set[str]] = {}
    for index, size, digest, page_links, page_internal, error in _render_all(
        site, tree, targets, processes, progress, started
    ):
        target = targets[index][0]
        if error is not None:
            report.failures.append((target.url_path, error))
            _keep_previous(site, tree, previous, target, entries)
            continue
        entries[target.file_path] = PublishedFile(
            site=site,
            path=target.file_path,
            kind=target.kind,
            page_id=target.page_id,
            size=size,
            sha256=digest,
        )
        report.written.append(target.file_path)
        if target.kind == FileKind.PAGE:
            report.pages += 1
            links |= page_links
            internal[target.url_path] = page_internal
    _copy_assets(site, tree, links, entries, report)
    _check_links(internal, entries, report)
    return entries


def _check_links(
    internal: dict[str, set[str]],
    entries: dict[str, PublishedFile],
    report: PublishReport,
) -> None:
    """A page linking to a URL that is neither published nor served by the application
    fails (its file is still published: the link is the page's content to correct)."""
    published = set(entries)
    for url_path in sorted(internal):
        for link in find_broken_links(
            internal[url_path], published, is_served_document
        ):
            report.failures.append(
                (url_path, f"链接无法访问（未发布也非动态服务）：{link}")
            )


def is_served_document(url_path: str) -> bool:
    """An attachment the application serves instead of a file: one in a collection
    with view restrictions (assets.find_asset_source leaves those unpublished)."""
    from wagtail.documents import get_document_model

    parts = url_path.strip("/").split("/")
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    document = (
        get_document_model()
        .objects.filter(pk=int(parts[1]))
        .select_related("collection")
        .first()
    )
    return (
        document is not None
        and document.filename == parts[2]
        and document.collection.get_view_restrictions().exists()
    )


def _keep_previous(
    site: Site,
    tree: Path,
    previous: Path | None,
    target: Target,
    entries: dict[str, PublishedFile],
) -> None:
    old = previous / target.file_path if previous else None
    if old is not None and old.is_file():
        data = old.read_bytes()
        write_published(tree / target.file_path, target.file_path, data, atomic=False)
        entries[target.file_path] = _entry(
            site, target.file_path, target.kind, target.page_id, data
        )


def _copy_assets(
    site: Site,
    tree: Path,
    links: set[str],
    entries: dict[str, PublishedFile],
    report: PublishReport,
    *,
    atomic: bool = False,
) -> None:
    """Copy linked files not yet in `entries` (stylesheets pull in what they link)."""
    pending = sorted(links)
    while pending:
        url_path = pending.pop()
        try:
            relative = url_to_file_path(url_path)
        except ValueError:
            continue
        if relative in entries:
            continue
        source = find_asset_source(url_path)
        if source is None:
            continue  # left to the application (fallback prefixes)
        data = source.read_bytes()
        write_published(tree / relative, relative, data, atomic=atomic)
        entries[relative] = _entry(site, relative, FileKind.ASSET, None, data)
        report.written.append(relative)
        if relative.endswith(".css"):
            pending += sorted(find_css_links(data, url_path) - set(pending))


# --- incremental ------------------------------------------------------------------


def refresh_pages(
    *, page_ids: Iterable[int], list_changes: Iterable[ListChange] | None = None
) -> list[PublishReport]:
    """Bring the files owned by these pages up to date, on every published site.

    A live public page gets its files rendered (only changed bytes are written) and
    loses files it no longer has (a shorter list, an old slug); a page that is gone,
    unpublished or private loses all its files. Safe to run twice.

    `list_changes`: (column id, item published_at ISO or None, item id, stays) for each
    column whose list an item entered, left or changed in. Such a column re-renders its
    front page and only the numbered list pages from the item's position on (stable
    pagination), or only the item's own list page if it stays at its position; a column
    in `page_ids` without a list change re-renders all its list pages.
    """
    ids = sorted(set(page_ids))
    changes: dict[int, list[tuple[str | None, int, bool]]] = {}
    for column_id, published_at, item_id, stays in list_changes or ():
        changes.setdefault(int(column_id), []).append(
            (published_at, int(item_id), bool(stays))
        )
    live = {
        page.pk: page
        for page in Page.objects.live().public().filter(pk__in=ids).specific()
    }
    _update_catalog_index(live, changes)
    site_ids = set(
        PublishedFile.objects.filter(page_id__in=ids).values_list("site_id", flat=True)
    )
    for page in live.values():
        site = page.get_site()
        if site is not None:
            site_ids.add(site.pk)
    reports = []
    for site in _sites_with_tree(site_ids & published_site_ids()):
        reports.append(_refresh_site_pages(site, ids, live, changes))
        # A moved, renamed or unpublished page changes where its old URLs lead.
        write_redirect_map(site, get_publish_root(), get_site_folder(site))
    return reports


def refresh_redirects() -> None:
    """Rewrite the redirect map of every published site (a redirect was changed)."""
    for site in _sites_with_tree(published_site_ids()):
        write_redirect_map(site, get_publish_root(), get_site_folder(site))


def _sites_with_tree(site_ids: set[int]) -> list[Site]:
    """The published sites whose tree this worker holds. A published site without a
    tree here is a worker started on the wrong web root: said in the log, since
    nothing it would write could be served."""
    found = []
    for site in Site.objects.filter(pk__in=site_ids).select_related("root_page"):
        if get_site_tree(site) is not None:
            found.append(site)
        else:
            logger.warning(
                "site %s is published but %s holds no tree for it: run gongkai "
                "publish on this worker or point GONGKAI_PUBLISH_ROOT at its web root",
                site,
                get_publish_root(),
            )
    return found


def _update_catalog_index(
    live: dict[int, Page], changes: dict[int, list[tuple[str | None, int, bool]]]
) -> None:
    """A catalog-mode column's file is rendered from the search index: bring the
    index entries of the items that changed in such a column up to date first.

    The search app's own task for the same event may run later or on another worker,
    so the index is prepared here through core/changes.py (publishing does not import
    search); indexing is idempotent (an upsert of live public items, others removed),
    so whichever runs second changes nothing and neither fails."""
    item_ids = sorted(
        {
            item_id
            for column_id, keys in changes.items()
            if getattr(live.get(column_id), "list_mode", None) == ColumnListMode.CATALOG
            for _published_at, item_id, _stays in keys
        }
    )
    prepare_derived_data(item_ids)


def _refresh_site_pages(
    site: Site,
    ids: list[int],
    live: dict[int, Page],
    changes: dict[int, list[tuple[str | None, int, bool]]],
) -> PublishReport:
    root, folder = get_publish_root(), get_site_folder(site)
    report = PublishReport(site=site)
    started = time.monotonic()
    with site_lock(root, folder):
        tree = live_tree(root, folder)
        if tree is None:
            return report
        renderer = SiteRenderer(site)
        links: set[str] = set()
        for page_id in ids:
            page = live.get(page_id)
            in_site = page is not None and page.path.startswith(site.root_page.path)
            targets = page_targets(page, site) if in_site else []
            skip: set[str] = set()
            if page_id in changes and targets:
                skip = _unaffected_list_pages(site, page, targets, changes[page_id])
            links |= _refresh_owned(
                site, tree, renderer, page_id, page, targets, report, skip
            )
        known = dict.fromkeys(
            PublishedFile.objects.filter(site=site, kind=FileKind.ASSET).values_list(
                "path", flat=True
            )
        )
        added: dict[str, PublishedFile] = dict(known)  # type: ignore[arg-type]
        _copy_assets(site, tree, links, added, report, atomic=True)
        PublishedFile.objects.bulk_create(
            [e for p, e in added.items() if p not in known]
        )
    report.seconds = time.monotonic() - started
    return report


def _unaffected_list_pages(
    site: Site,
    column: Page,
    targets: list[Target],
    keys: list[tuple[str | None, int, bool]],
) -> set[str]:
    """The numbered list pages of `column` that the changed items cannot have altered
    (file paths), decided from positions and counts only, without rendering them."""
    numbered = [t for t in targets if t.page_number is not None]
    count = targets[0].list_count
    if count is None:  # not a list column
        return set()
    per_page = max(column.items_per_page, 1)
    old_pages = 0
    prefix = targets[0].file_path[: -len("index.html")] + f"{PAGINATION_SEGMENT}/"
    for path in PublishedFile.objects.filter(
        site=site, page_id=column.pk, path__startswith=prefix
    ).values_list("path", flat=True):
        number = path[len(prefix) :].split("/", 1)[0]
        if number.isdigit():
            old_pages = max(old_pages, int(number))
    positions = [_count_older(column, key) for key in keys]
    new_pages = count_numbered_pages(count, per_page)
    if all(stays for _, _, stays in keys) and old_pages == new_pages:
        affected = {page_of_position(position, per_page) for position in positions}
        return {t.file_path for t in numbered if t.page_number not in affected}
    first = affected_numbered_pages(
        position=min(positions),
        old_pages=old_pages,
        new_pages=new_pages,
        per_page=per_page,
    )
    return {
        t.file_path
        for t in numbered
        if t.page_number is not None and t.page_number < first
    }


def _count_older(column: Page, key: tuple[str | None, int, bool]) -> int:
    """How many items of the column's list come before `key` counted from the oldest."""
    published_at = parse_datetime(key[0]) if key[0] else None
    if published_at is None:
        return 0  # unknown position: every list page may have changed
    return (
        list_column_items(column=column)
        .filter(
            Q(published_at__lt=published_at)
            | Q(published_at=published_at, pk__lt=key[1])
        )
        .count()
    )


def _refresh_owned(
    site: Site,
    tree: Path,
    renderer: SiteRenderer,
    page_id: int,
    page: Page | None,
    targets: list[Target],
    report: PublishReport,
    skip: set[str] = frozenset(),  # type: ignore[assignment]
) -> set[str]:
    existing = {
        row.path: row
        for row in PublishedFile.objects.filter(site=site, page_id=page_id)
    }
    wanted = {target.file_path for target in targets}
    others = {
        row.path: row
        for row in PublishedFile.objects.filter(
            site=site, path__in=wanted - existing.keys()
        )
    }
    links: set[str] = set()
    new_rows, changed_rows = [], []
    for target in targets:
        if target.file_path in skip and target.file_path in existing:
            continue  # an older list page: stable, its file stays as it is
        try:
            data = renderer.render(target, page)
        except RenderError as exc:
            report.failures.append((target.url_path, str(exc)))
            continue
        if target.kind == FileKind.PAGE:
            report.pages += 1
            links |= find_asset_links(data)
        row = existing.get(target.file_path) or others.get(target.file_path)
        digest = _sha256(data)
        if row is not None and row.sha256 == digest and row.page_id == page_id:
            report.unchanged += 1
            continue
        write_published(tree / target.file_path, target.file_path, data)
        report.written.append(target.file_path)
        if row is None:
            new_rows.append(_entry(site, target.file_path, target.kind, page_id, data))
        else:
            row.size, row.sha256, row.page_id, row.kind = (
                len(data),
                digest,
                page_id,
                target.kind,
            )
            changed_rows.append(row)
    stale = [path for path in existing if path not in wanted]
    for path in stale:
        remove_file(tree, path)
        report.removed.append(path)
    with transaction.atomic():
        PublishedFile.objects.bulk_create(new_rows, batch_size=1000)
        PublishedFile.objects.bulk_update(
            changed_rows, ["size", "sha256", "page_id", "kind", "published_at"]
        )
        PublishedFile.objects.filter(site=site, path__in=stale).delete()
    return links


def refresh_document(*, document_id: int, page_ids: Iterable[int]) -> None:
    """After an attachment changed or was deleted: re-render the pages linking to it,
    then bring its published copies in line with the current file (or remove them)."""
    refresh_pages(page_ids=page_ids)
    prefix = url_to_file_path(document_url_prefix(document_id))[: -len("index.html")]
    rows = PublishedFile.objects.filter(path__startswith=prefix).select_related("site")
    for row in rows:
        tree = get_site_tree(row.site)
        if tree is None:
            continue
        with site_lock(get_publish_root(), get_site_folder(row.site)):
            source = find_asset_source(file_to_url_path(row.path))
            if source is None:
                remove_file(tree, row.path)
                row.delete()
                continue
            data = source.read_bytes()
            if _sha256(data) != row.sha256:
                write_published(tree / row.path, row.path, data)
                row.size, row.sha256 = len(data), _sha256(data)
                row.save(update_fields=["size", "sha256", "published_at"])


# --- verify and repair ------------------------------------------------------------


def verify_site(*, site: Site) -> VerifyReport:
    """Compare the site's web root with the manifest of its last publish."""
    tree = get_site_tree(site)
    if tree is None:
        raise PublishError(f"站点“{site}”尚未发布，请先运行 gongkai publish。")
    report = VerifyReport(
        site=site, interrupted=has_journal(get_publish_root(), get_site_folder(site))
    )
    manifest = {
        path: (size, digest)
        for path, size, digest in PublishedFile.objects.filter(site=site).values_list(
            "path", "size", "sha256"
        )
    }
    on_disk = set()
    for path, is_symlink in walk_files(tree):
        if is_symlink:  # never read through: where it points is not the published file
            report.symlinks.append(path)
            continue
        on_disk.add(path)
        expected = manifest.get(path)
        if expected is None:
            _verify_sibling(tree, path, manifest, report)
            continue
        file = tree / path
        if (
            file.stat().st_size != expected[0]
            or _sha256(file.read_bytes()) != expected[1]
        ):
            report.changed.append(path)
    report.missing = sorted((manifest.keys() | _expected_siblings(manifest)) - on_disk)
    report.changed.sort()
    report.added.sort()
    report.symlinks.sort()
    return report


def _verify_sibling(
    tree: Path, path: str, manifest: dict[str, tuple[int, str]], report: VerifyReport
) -> None:
    """A file not in the manifest is a precompressed sibling of a manifest file that
    decompresses to that file's recorded bytes, a stale sibling (changed: repair writes
    it again), or a stray (added: repair removes it)."""
    base = sibling_base(path)
    if base is None or base not in manifest:
        report.added.append(path)
    elif not check_sibling(path, (tree / path).read_bytes(), *manifest[base]):
        report.changed.append(path)


def _expected_siblings(manifest: dict[str, tuple[int, str]]) -> set[str]:
    return {
        path + suffix
        for path, (size, _digest) in manifest.items()
        if wants_siblings(path, size)
        for suffix in CODINGS
    }


def repair_site(*, site: Site) -> VerifyReport:
    """Restore changed and missing files from the content and remove added ones.

    Files are rendered again (or copied again from their source): if the content
    was edited since the last publish, the repaired file shows the current version
    and the manifest records it. Returns what was found before repairing.
    """
    root, folder = get_publish_root(), get_site_folder(site)
    with site_lock(root, folder):
        found = verify_site(site=site)
        tree = get_site_tree(site)
        if tree is None:  # removed since verify_site looked
            raise PublishError(f"站点“{site}”尚未发布，请先运行 gongkai publish。")
        for path in found.symlinks:
            (tree / path).unlink()  # the link itself, never what it points to
        for path in found.added:
            remove_file(tree, path)
        renderer = SiteRenderer(site)
        wrong = set(found.changed + found.missing + found.symlinks)
        wrong |= {
            base for path in wrong if (base := sibling_base(path))
        }  # a sibling: write its file again
        for row in PublishedFile.objects.filter(site=site, path__in=wrong):
            _restore(tree, renderer, row)
        clear_journal(
            root, folder
        )  # the live tree now matches the manifest, file by file
    return found


def _restore(tree: Path, renderer: SiteRenderer, row: PublishedFile) -> None:
    url_path = file_to_url_path(row.path)
    if row.kind == FileKind.ASSET:
        source = find_asset_source(url_path)
        data = source.read_bytes() if source else None
    else:
        target = Target(url_path, row.kind, row.page_id)
        try:
            data = renderer.render(target)
        except RenderError:
            data = None
    if data is None:
        # Its content is gone (an unpublished page whose task has not run yet).
        remove_file(tree, row.path)
        row.delete()
        return
    if not is_inside(tree, tree / row.path):
        raise PublishError(f"{row.path} 位于符号链接之后，拒绝在发布目录之外写入。")
    write_published(tree / row.path, row.path, data)
    if _sha256(data) != row.sha256:
        row.size, row.sha256 = len(data), _sha256(data)
        row.save(update_fields=["size", "sha256", "published_at"])
