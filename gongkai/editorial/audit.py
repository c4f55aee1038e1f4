"""Audit entries Wagtail does not write itself: changes of disclosure metadata on publish."""

from typing import Any

from wagtail.log_actions import get_active_log_context, log
from wagtail.models import PageLogEntry, Revision

METADATA_FIELDS = (
    "publisher",
    "genre",
    "topic",
    "disclosure_method",
    "published_at",
    "source",
    "document_number",
    "written_on",
    "validity",
    "keywords",
    "summary",
    "effective_on",
    "invalid_on",
    "replaced_by",
    "change_note",
)


def changed_metadata(
    before: dict[str, Any], after: dict[str, Any]
) -> dict[str, list[Any]]:
    """Metadata fields whose value differs between two revisions' content ({field: [old, new]})."""
    changes = {
        name: [before.get(name), after.get(name)]
        for name in METADATA_FIELDS
        if name in after and before.get(name) != after.get(name)
    }
    # 发布时间 left empty is filled in by the first publish: that is not an edit.
    if changes.get("published_at", [True])[0] is None:
        del changes["published_at"]
    return changes


def log_metadata_change(
    *, page: Any, revision: Revision | None, user: Any = None
) -> dict[str, list[Any]]:
    """On publish, log `gongkai.metadata_change` if metadata differs from the previous publish."""
    if revision is None:
        return {}
    previous = (
        PageLogEntry.objects.filter(
            page=page, action="wagtail.publish", revision__isnull=False
        )
        .exclude(revision=revision)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    if previous is None:
        return {}
    changes = changed_metadata(previous.revision.content, revision.content)
    if changes:
        # The publishing user (the request's, from Wagtail's log context), else the revision's author.
        actor = user or get_active_log_context().user or revision.user
        log(
            page,
            "gongkai.metadata_change",
            user=actor,
            data={"fields": sorted(changes), "changes": changes},
        )
    return changes
