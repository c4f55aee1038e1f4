"""Which documents, images and pages a user may reference in a page's content.

The choosers already list only the user's own collections and explorable pages, but a form
post can carry any id (typed into rich text, or a StreamField's JSON): these checks repeat
the choosers' rules on the server, for every block (nested StructBlock/ListBlock included) and
rich text, through Wagtail's own reference extraction (the one its reference index uses).

- a document or image: in a collection where the user has `choose` (Wagtail's collection
  permission policy, the chooser's own query);
- a page: live, or explorable by the user (own subtrees and their ancestors: the page
  chooser's query, `wagtail_hooks.limit_page_chooser`);
- any reference the page already holds in its latest saved revision stays allowed, so an
  editor can save a page to which someone with wider rights added a reference.

Superusers reference anything. Groups that are no editorial role (made by hand by an
administrator) follow the same permission policies: their rights decide.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

Reference = tuple[type[models.Model], str]


def extract_references(
    instance: Any, values: dict[str, Any]
) -> dict[str, list[Reference]]:
    """References per field name in the given field values (Wagtail's extraction)."""
    found: dict[str, list[Reference]] = {}
    for name, value in values.items():
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:  # form fields that are no model field
            continue
        extract = getattr(field, "extract_references", None)
        if extract is None or value is None:
            continue
        refs = []
        for model, object_id, _model_path, _content_path in extract(value):
            model = model if isinstance(model, type) else None
            if model is not None and str(object_id).isdigit():
                refs.append((model, str(object_id)))
            elif model is not None:  # an id that is no number: never a valid object
                refs.append((model, "0"))
        if refs:
            found[name] = refs
    return found


def _kind(model: type[models.Model]) -> str | None:
    if issubclass(model, get_document_model()):
        return "document"
    if issubclass(model, get_image_model()):
        return "image"
    if issubclass(model, Page):
        return "page"
    return None


def _allowed_ids(user: Any, kind: str, ids: set[int]) -> set[int]:
    if kind == "page":
        explorable = PagePermissionPolicy().explorable_instances(user).values("pk")
        allowed = Page.objects.filter(pk__in=ids).filter(
            models.Q(live=True) | models.Q(pk__in=explorable)
        )
        return set(allowed.values_list("pk", flat=True))
    model = get_document_model() if kind == "document" else get_image_model()
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(model)
    choosable = policy.instances_user_has_any_permission_for(user, ["choose"])
    return set(choosable.filter(pk__in=ids).values_list("pk", flat=True))


def _existing_references(instance: Any) -> set[tuple[str, int]]:
    """References in the page's latest saved revision (allowed to stay)."""
    if not getattr(instance, "pk", None):
        return set()
    revision = instance.get_latest_revision()
    if revision is None:
        return set()
    saved = revision.as_object()
    held: set[tuple[str, int]] = set()
    names = [
        f.name for f in saved._meta.get_fields() if hasattr(f, "extract_references")
    ]
    values = {name: getattr(saved, name, None) for name in names}
    for refs in extract_references(saved, values).values():
        for model, object_id in refs:
            kind = _kind(model)
            if kind:
                held.add((kind, int(object_id)))
    return held


KIND_LABELS = {"document": "文档", "image": "图片", "page": "页面"}


def refused_references(
    user: Any, instance: Any, values: dict[str, Any]
) -> dict[str, str]:
    """A Chinese error per field holding references the user may not use; empty if none."""
    if user is None or user.is_superuser:
        return {}
    per_field = {
        name: [
            (kind, int(pk)) for model, pk in refs if (kind := _kind(model)) is not None
        ]
        for name, refs in extract_references(instance, values).items()
    }
    wanted: dict[str, set[int]] = defaultdict(set)
    for refs in per_field.values():
        for kind, pk in refs:
            wanted[kind].add(pk)
    allowed = {
        (kind, pk)
        for kind, ids in wanted.items()
        for pk in _allowed_ids(user, kind, ids)
    }
    refused_per_field = {
        name: list(dict.fromkeys(ref for ref in refs if ref not in allowed))
        for name, refs in per_field.items()
    }
    if not any(refused_per_field.values()):
        return {}
    held = _existing_references(instance)
    errors: dict[str, str] = {}
    for name, refused in refused_per_field.items():
        refused = [ref for ref in refused if ref not in held]
        if refused:
            errors[name] = _refusal_message(refused)
    return errors


def _refusal_message(refused: Iterable[tuple[str, int]]) -> str:
    items = "、".join(f"{KIND_LABELS[kind]} #{pk}" for kind, pk in refused)
    return _(
        "内容引用了不属于本机构或尚未发布的%(items)s，您无权使用。"
        "请通过选择器从本机构的媒体库选择文档和图片，只链接已发布的页面或本机构的页面。"
    ) % {"items": items}


def linked_from_live_page(document: Any) -> bool:
    """Whether a live, public page's published content links the document.

    Wagtail's reference index is built from the page's database row, which holds the live
    content of a live page (drafts are revisions), so a draft's link does not count.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    ids = [int(pk) for pk in page_ids if str(pk).isdigit()]
    return bool(ids) and Page.objects.filter(pk__in=ids).live().public().exists()


def may_download(user: Any, document: Any) -> bool:
    """Anyone, once a live page links the document; before that only the owning collection's
    users (any document permission there: add, change, choose) and superusers."""
    if linked_from_live_page(document):
        return True
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_document_model())
    return (
        policy.instances_user_has_any_permission_for(user, ["add", "change", "choose"])
        .filter(pk=document.pk)
        .exists()
    )
