"""Departments with their columns and one user per role, and admin form posts."""

import itertools
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, TaskState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from gongkai.catalog.enums import DisclosureMethod
from gongkai.columns.models import ColumnPage
from gongkai.core.models import Organisation
from gongkai.core.tests.factories import create_column, create_organisation

from ..enums import Role
from ..models import RoleGroup

_sequence = itertools.count(1)
PASSWORD = "test-password"  # noqa: S105


@dataclass
class Department:
    organisation: Organisation
    column: ColumnPage
    users: dict[str, Any]

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client


def create_user(
    *, organisation: Organisation | None = None, role: str | None = None, **fields: Any
) -> Any:
    number = next(_sequence)
    user = get_user_model().objects.create_user(
        username=fields.pop("username", f"user{number}"), password=PASSWORD, **fields
    )
    if organisation is not None and role is not None:
        user.groups.add(
            RoleGroup.objects.get(organisation=organisation, role=role).group
        )
    return user


def create_department(*, parent: Page | None = None, **fields: Any) -> Department:
    """An organisation owning a new column (its subtree), with one user per role."""
    column = create_column(parent=parent)
    organisation = create_organisation(**fields)
    organisation.root_page = column
    organisation.save()
    users: dict[str, Any] = {
        role: create_user(organisation=organisation, role=role) for role in Role
    }
    return Department(organisation=organisation, column=column, users=users)


def article_form_data(
    *, title: str, slug: str, publisher: Organisation, **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": title,
        "slug": slug,
        "kicker": "",
        "headline": "",
        "subtitles": "",
        "body": streamfield([]),
        "byline": "",
        "publisher": publisher.pk,
        "disclosure_method": DisclosureMethod.PROACTIVE,
        "genre": "",
        "topic": "",
        "published_at": "",
        "source": "",
        "document_number": "",
        "written_on": "",
        "validity": "",
        "keywords": "",
        "summary": "",
    }
    data.update(extra)
    return nested_form_data(data)


def add_article(
    client: Client, department: Department, *, title: str, action: str = ""
) -> Any:
    """Create a 文章 in the department's column through the admin's add view."""
    number = next(_sequence)
    extra = {action: action} if action else {}
    data = article_form_data(
        title=title,
        slug=f"article-{number}",
        publisher=department.organisation,
        **extra,
    )
    url = reverse(
        "wagtailadmin_pages:add", args=["catalog", "articlepage", department.column.pk]
    )
    return client.post(url, data)


def submit_for_review(client: Client, page: Any) -> Any:
    """POST the edit form with 提交审核 (Wagtail's action-submit)."""
    data = article_form_data(
        title=page.title,
        slug=page.slug,
        publisher=page.publisher,
        **{"action-submit": "1"},
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def workflow_action(client: Client, page: Any, action: str, comment: str = "") -> Any:
    """Approve or reject the page's current step as a reviewer does.

    Approval: open the review screen (the changes shown), then approve there; Wagtail's
    workflow action view no longer approves (editorial/review.py). Rejection: the workflow
    action view, as from the dashboard, with the comment its form requires.
    """
    state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    if action == "approve":
        url = reverse("gongkai_editorial:review", args=[state.pk])
        opened = client.get(url)
        if opened.status_code != 200:
            return opened
        return client.post(url, {"action": "approve", "comment": comment})
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk]
    )
    return client.post(url, {"comment": comment} if comment else {})
