"""Stable pagination of a column's item list (pure rules, no database).

A column's list is shown newest first, but its numbered list pages are counted from the
OLDEST item: page 1 holds the oldest `per_page` items, page K (the last number) the
newest, possibly fewer. A new item therefore changes only the front page (the column's
own URL, always the newest `per_page` items) and page K (or creates page K + 1); older
numbered pages keep their bytes, so a static publish rewrites two files, not the whole
column (docs/features/publishing.md). Numbered pages exist only when the column has more
items than fit on its front page. The front page may repeat some items of page K - 1.

Archived (numbered) pages carry no total count and no link to a page that a new item
would move: the 共 X 条 line is on the front page only.

Labels count from the NEWEST, as readers expect (issue #16): the front page is 第1页,
numbered page K - 1 is 第2页 ... numbered page 1 is 第K页 (尾页). Page K, whose items
the front page also shows, is labelled 第1页 too. A label depends on K, so when K
changes every numbered page is re-rendered (once per `per_page` new items); between
such changes a new item still rewrites only the front page and page K.
"""

from dataclasses import dataclass, field
from typing import Any


def count_numbered_pages(count: int, per_page: int) -> int:
    """How many numbered pages a column of `count` items has (0: the front page is all)."""
    per_page = max(per_page, 1)
    return 0 if count <= per_page else -(-count // per_page)


def numbered_page_slice(number: int, count: int, per_page: int) -> tuple[int, int]:
    """Page `number`'s items as a slice of the newest-first list (start, stop)."""
    per_page = max(per_page, 1)
    oldest_first_start = (number - 1) * per_page
    oldest_first_stop = min(number * per_page, count)
    return count - oldest_first_stop, count - oldest_first_start


def page_of_position(position: int, per_page: int) -> int:
    """The numbered page holding the item with `position` older items before it."""
    return max(position, 0) // max(per_page, 1) + 1


def affected_numbered_pages(
    *, position: int, old_pages: int, new_pages: int, per_page: int
) -> int:
    """The first numbered page to re-render after an item at oldest-first `position`
    appeared or disappeared; every page from it to `new_pages` may have changed (items
    shift by one from there), pages above `new_pages` up to `old_pages` are gone. The
    previous and the new last pages are always included: their "newer" link depends on
    which page is last. A change of the page count re-labels every page (from 1)."""
    if old_pages != new_pages:
        return 1  # every label (第N页, 共K页) counts from the newest: all pages change
    first = page_of_position(position, per_page)
    for last in (old_pages, new_pages):
        if last:
            first = min(first, last)
    return first


@dataclass
class ColumnListPage:
    """One list page of a column: the front page (`number` None) or numbered page N."""

    number: int | None
    count: int
    per_page: int
    items: list[Any] = field(default_factory=list)

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def object_list(self) -> list[Any]:
        return self.items

    @property
    def num_pages(self) -> int:
        return count_numbered_pages(self.count, self.per_page)

    @property
    def is_front(self) -> bool:
        return self.number is None

    @property
    def newer_number(self) -> int | None:
        """The numbered page with newer items (None: the front page, or none at all).
        Page K - 1 leads to the front page (第1页), not to page K, its subset."""
        if self.number is None or self.number + 1 >= self.num_pages:
            return None
        return self.number + 1

    @property
    def label(self) -> int:
        """The page's number as readers see it, counted from the newest (front page: 1)."""
        return 1 if self.number is None else max(self.num_pages - self.number + 1, 1)

    @property
    def label_count(self) -> int:
        """How many pages readers see: the front page and numbered pages K - 1 .. 1."""
        return max(self.num_pages, 1)

    def number_of_label(self, label: int) -> int | None:
        """The numbered page (file) shown as 第`label`页; None: the front page."""
        return None if label <= 1 else self.num_pages - label + 1

    def page_links(self, radius: int = 2) -> list[tuple[int, int | None]]:
        """(label, numbered page or None for the front page) for the page-number list:
        the labels within `radius` of this page's, 首页/尾页 cover the rest."""
        first = max(self.label - radius, 1)
        last = min(self.label + radius, self.label_count)
        return [
            (label, self.number_of_label(label)) for label in range(first, last + 1)
        ]

    @property
    def has_newer(self) -> bool:
        return self.number is not None

    @property
    def older_number(self) -> int | None:
        if self.number is None:
            return self.num_pages - 1 if self.num_pages >= 2 else None
        return self.number - 1 if self.number > 1 else None

    @property
    def first_item_ordinal(self) -> int:
        """The oldest-first ordinal of this page's oldest item (1-based, stable)."""
        return ((self.number or 1) - 1) * self.per_page + 1

    @property
    def last_item_ordinal(self) -> int:
        return self.first_item_ordinal + len(self.items) - 1
