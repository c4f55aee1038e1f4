from django.contrib.auth.models import Group
from django.test import TestCase
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from gongkai.core.tests.factories import create_column, create_organisation

from ..departments import organisation_for_page, pages_with_role, user_has_role_for_page
from ..enums import Role
from ..models import OrganisationCollection, RoleGroup
from .factories import create_department


def organisation_owning(column):
    """A new organisation whose subtree starts at `column`."""
    organisation = create_organisation()
    organisation.root_page = column
    organisation.save()
    return organisation


class OrganisationRolesTests(TestCase):
    def test_creating_an_organisation_creates_its_four_groups(self):
        """信息员, 审核员, 终审, 公开办 are created with the organisation, named after it."""
        organisation = create_organisation(name="金东区测试局")
        names = set(
            Group.objects.filter(role__organisation=organisation).values_list(
                "name", flat=True
            )
        )
        self.assertEqual(
            names,
            {
                "金东区测试局·信息员",
                "金东区测试局·审核员",
                "金东区测试局·终审",
                "金东区测试局·公开办",
            },
        )
        self.assertTrue(
            OrganisationCollection.objects.filter(organisation=organisation).exists()
        )

    def test_permissions_cover_only_the_own_subtree_and_collection(self):
        department = create_department()
        other = create_department()
        groups = Group.objects.filter(role__organisation=department.organisation)
        pages = set(
            GroupPagePermission.objects.filter(group__in=groups).values_list(
                "page_id", flat=True
            )
        )
        self.assertEqual(pages, {department.column.pk})
        collections = set(
            GroupCollectionPermission.objects.filter(group__in=groups).values_list(
                "collection_id", flat=True
            )
        )
        self.assertEqual(
            collections, {department.organisation.media_collection.collection_id}
        )
        self.assertNotIn(other.organisation.media_collection.collection_id, collections)

    def test_no_group_may_publish_directly(self):
        """Publishing goes through the workflow or urgent publishing, never a plain permission."""
        department = create_department()
        self.assertFalse(
            GroupPagePermission.objects.filter(
                group__role__organisation=department.organisation,
                permission__codename="publish_page",
            ).exists()
        )

    def test_moving_the_root_page_moves_the_permissions(self):
        department = create_department()
        new_column = create_column()
        department.organisation.root_page = new_column
        department.organisation.save()
        editor_group = RoleGroup.objects.get(
            organisation=department.organisation, role=Role.EDITOR
        ).group
        self.assertEqual(
            set(
                GroupPagePermission.objects.filter(group=editor_group).values_list(
                    "page_id", flat=True
                )
            ),
            {new_column.pk},
        )

    def test_the_deepest_owner_owns_a_page(self):
        outer = create_department()
        inner = organisation_owning(create_column(parent=outer.column))
        page = create_column(parent=inner.root_page)
        self.assertEqual(organisation_for_page(page), inner)
        self.assertEqual(organisation_for_page(outer.column), outer.organisation)
        editor = outer.users[Role.EDITOR]
        self.assertNotIn(
            page.pk, pages_with_role(editor, Role.EDITOR).values_list("pk", flat=True)
        )

    def test_an_own_subtree_below_another_organisation_stays_the_users(self):
        """outer (own) > middle (another organisation) > inner (own again): inner's pages are the user's."""
        outer = create_department()
        middle = organisation_owning(create_column(parent=outer.column))
        middle_column = middle.root_page
        inner = organisation_owning(create_column(parent=middle_column))
        inner_column = inner.root_page
        editor = outer.users[Role.EDITOR]
        editor.groups.add(
            RoleGroup.objects.get(organisation=inner, role=Role.EDITOR).group
        )
        inner_page = create_column(parent=inner_column)
        middle_page = create_column(parent=middle_column)
        visible = set(pages_with_role(editor, Role.EDITOR).values_list("pk", flat=True))
        self.assertEqual(organisation_for_page(inner_page), inner)
        self.assertTrue(user_has_role_for_page(editor, inner_page, Role.EDITOR))
        self.assertIn(inner_page.pk, visible)
        self.assertIn(inner_column.pk, visible)
        self.assertIn(outer.column.pk, visible)
        self.assertNotIn(middle_page.pk, visible)
        self.assertNotIn(middle_column.pk, visible)
        self.assertFalse(user_has_role_for_page(editor, middle_page, Role.EDITOR))

    def test_role_checks_on_one_page_read_the_database_once(self):
        """An admin view asks several role questions about one page: the answers come from one read."""
        department = create_department()
        page = create_column(parent=department.column)
        user = department.users[Role.FINAL_APPROVER]
        with self.assertNumQueries(
            2
        ):  # the user's roles, the page's owner, and nothing more
            self.assertTrue(user_has_role_for_page(user, page, Role.FINAL_APPROVER))
            self.assertFalse(user_has_role_for_page(user, page, Role.EDITOR))
            self.assertTrue(
                user_has_role_for_page(user, page, Role.EDITOR, Role.FINAL_APPROVER)
            )


class OrganisationAdminTests(TestCase):
    def test_adding_an_organisation_in_the_admin_creates_its_groups(self):
        from django.contrib.auth import get_user_model
        from django.urls import reverse

        from gongkai.core.models import Organisation
        from gongkai.core.tests.factories import make_organisation_code

        admin = get_user_model().objects.create_superuser(
            "admin", "a@example.com", "pw"
        )
        self.client.force_login(admin)
        response = self.client.post(
            reverse("wagtailsnippets_core_organisation:add"),
            {
                "name": "金东区审计局",
                "short_name": "区审计局",
                "kind": "department",
                "parent": "",
                "code": make_organisation_code(9001),
                "index_number_format": "{code}/{year}-{serial}",
                "serial_width": 5,
                "root_page": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        organisation = Organisation.objects.get(name="金东区审计局")
        self.assertEqual(RoleGroup.objects.filter(organisation=organisation).count(), 4)
