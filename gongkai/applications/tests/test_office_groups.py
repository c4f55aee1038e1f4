"""A new organisation's 公开办 group handles its applications with no permission by hand."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from gongkai.applications.forms import AssignForm
from gongkai.applications.models import OfficeGroup
from gongkai.applications.services.offices import ensure_all_office_groups
from gongkai.applications.tests.factories import (
    create_department,
    create_officer,
    register,
)
from gongkai.editorial.enums import Role
from gongkai.editorial.models import RoleGroup


def member_of(group: Group, username: str, full_name: str = ""):
    user = get_user_model().objects.create_user(
        username, password="pw", first_name=full_name
    )
    user.groups.add(group)
    return user


class OfficeGroupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = create_department(name="区自然资源局")
        cls.other = create_department(name="区卫生健康局")
        registrar = create_officer(cls.department, cls.other)
        cls.own = register(cls.department, registrar, received_on=date(2025, 9, 25))
        cls.foreign = register(cls.other, registrar, received_on=date(2025, 9, 25))

    def test_creating_an_organisation_makes_its_group_with_exactly_the_permissions(
        self,
    ):
        group = self.department.application_office.group
        self.assertEqual(group.name, "区自然资源局·公开办")
        permissions = set(
            group.permissions.values_list("content_type__app_label", "codename")
        )
        self.assertIn(("wagtailadmin", "access_admin"), permissions)
        # Of the applications app: handling only, never every department's or deleting.
        self.assertEqual(
            {p for p in permissions if p[0] == "applications"},
            {("applications", "change_application")},
        )
        # One 公开办 group per organisation: the editorial role group is the same one.
        editorial = RoleGroup.objects.get(
            organisation=self.department, role=Role.DISCLOSURE_OFFICER
        ).group
        self.assertEqual(editorial, group)

    def test_a_member_works_the_organisations_applications_and_no_others(self):
        member_of(self.department.application_office.group, "zrzy-office")
        client = self.client
        client.login(username="zrzy-office", password="pw")
        listing = client.get(reverse("gongkai_applications:index"))
        self.assertEqual(listing.status_code, 200)
        self.assertContains(listing, self.own.display_tracking_code)
        self.assertNotContains(listing, self.foreign.display_tracking_code)
        detail = reverse("gongkai_applications:detail", args=[self.own.pk])
        self.assertEqual(client.get(detail).status_code, 200)
        take = reverse("gongkai_applications:action", args=[self.own.pk, "take"])
        self.assertRedirects(client.post(take, {}), detail)
        self.own.refresh_from_db()
        self.assertEqual(self.own.handler.username, "zrzy-office")
        for pk in (self.foreign.pk, 10**6):
            with self.subTest(pk=pk):
                other = reverse("gongkai_applications:detail", args=[pk])
                self.assertEqual(client.get(other).status_code, 404)
                other_take = reverse("gongkai_applications:action", args=[pk, "take"])
                self.assertEqual(client.post(other_take, {}).status_code, 404)
        self.foreign.refresh_from_db()
        self.assertNotEqual(self.foreign.handler.username, "zrzy-office")

    def test_a_user_outside_the_group_gets_no_access(self):
        get_user_model().objects.create_user("passer-by", password="pw", is_staff=True)
        self.client.login(username="passer-by", password="pw")
        response = self.client.get(reverse("gongkai_applications:index"))
        self.assertNotEqual(response.status_code, 200)

    def test_rename_keeps_the_link_and_renames_the_group(self):
        self.department.name = "区自然资源和规划局"
        self.department.save()
        self.department.refresh_from_db()
        self.assertEqual(
            self.department.application_office.group.name, "区自然资源和规划局·公开办"
        )
        self.assertEqual(
            OfficeGroup.objects.filter(organisation=self.department).count(), 1
        )

    def test_after_migrate_organisations_without_a_group_get_one(self):
        OfficeGroup.objects.filter(organisation=self.other).delete()
        self.assertEqual(ensure_all_office_groups(), 1)
        self.assertEqual(ensure_all_office_groups(), 0)
        self.other.refresh_from_db()
        self.assertEqual(
            self.other.application_office.group.name, "区卫生健康局·公开办"
        )

    def test_handlers_are_chosen_among_office_members_by_full_name(self):
        member_of(self.department.application_office.group, "zrzy-a", "陈静")
        get_user_model().objects.create_user("outsider", first_name="路人")
        labels = [label for _pk, label in AssignForm().fields["handler"].choices]
        self.assertIn("陈静（zrzy-a）", labels)
        self.assertNotIn("路人（outsider）", labels)


class HandlerAssignmentTests(TestCase):
    """指定承办人: the office picks a handler among its own members only."""

    @classmethod
    def setUpTestData(cls):
        cls.department = create_department(name="区自然资源局")
        cls.other = create_department(name="区卫生健康局")
        group = cls.department.application_office.group
        cls.chief = member_of(group, "zrzy-chief", "陈静")
        cls.colleague = member_of(group, "zrzy-b", "李明")
        cls.stranger = member_of(cls.other.application_office.group, "wjj-a", "王芳")
        cls.application = register(
            cls.department, cls.chief, received_on=date(2025, 9, 25)
        )

    def test_handler_chosen_within_the_office_by_full_name(self):
        self.client.force_login(self.chief)
        url = reverse(
            "gongkai_applications:action",
            args=[self.application.pk, "assign-handler"],
        )
        page = self.client.get(url)
        self.assertContains(page, "李明（zrzy-b）")
        self.assertNotContains(page, "王芳")
        for hostile in (self.stranger.pk, "abc", 10**12, ""):
            with self.subTest(handler=hostile):
                response = self.client.post(url, {"handler": hostile})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "error-message")
        self.application.refresh_from_db()
        self.assertEqual(self.application.handler, self.chief)
        detail = reverse("gongkai_applications:detail", args=[self.application.pk])
        self.assertRedirects(
            self.client.post(url, {"handler": self.colleague.pk}), detail
        )
        self.application.refresh_from_db()
        self.assertEqual(self.application.handler, self.colleague)
        self.assertContains(self.client.get(detail), "<dd>李明</dd>", html=False)
        self.client.force_login(self.stranger)
        self.assertEqual(self.client.get(url).status_code, 404)
