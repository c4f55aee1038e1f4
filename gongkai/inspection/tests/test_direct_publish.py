"""Publishing around the workflow is blocked by an unconfirmed 严重错别字 as 终审 is:
Wagtail's own 发布 (a user granted the publish permission) and 紧急发布 (a final approver)."""

from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse
from wagtail.models import GroupPagePermission

from gongkai.catalog.models import ArticlePage
from gongkai.catalog.tests.factories import create_article
from gongkai.core.tests.factories import create_home_page
from gongkai.editorial.enums import Role
from gongkai.editorial.models import UrgentPublication
from gongkai.editorial.tests.factories import article_form_data, create_department
from gongkai.editorial.workflows import ensure_default_workflows

from ..models import TermAcknowledgement

MISSPELT = "学习习近乎总书记重要讲话精神"
FIXED = "学习习近平总书记重要讲话精神"


class DirectPublishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_default_workflows()  # the 三审 workflow applies, as on a real site
        cls.department = create_department(parent=create_home_page())
        # The least privilege that shows Wagtail's 发布: a department editor whose site
        # granted its group the publish permission on the department's column.
        cls.publisher = cls.department.users[Role.EDITOR]
        group = Group.objects.create(name="发改局发布")
        GroupPagePermission.objects.create(
            group=group,
            page=cls.department.column,
            permission=Permission.objects.get(codename="publish_page"),
        )
        cls.publisher.groups.add(group)

    def setUp(self):
        self.page = create_article(
            column=self.department.column,
            publisher=self.department.organisation,
            title="草稿标题",
        )
        self.page.save_revision(user=self.publisher)
        self.edit = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        self.client.force_login(self.publisher)

    def publish(self, title):
        data = article_form_data(
            title=title,
            slug=self.page.slug,
            publisher=self.department.organisation,
            **{"action-publish": "action-publish"},
        )
        return self.client.post(self.edit, data)

    def live(self):
        page = ArticlePage.objects.get(pk=self.page.pk)
        return page.title if page.live else None

    def test_wagtails_publish_is_refused_until_confirmed(self):
        response = self.publish(MISSPELT)
        self.assertRedirects(response, self.edit, fetch_redirect_response=False)
        self.assertIsNone(self.live())
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(
            any(
                m.startswith("未发布：稿件中有未确认的严重错别字“习近乎”")
                for m in shown
            ),
            shown,
        )
        # The draft was kept; the editor offers 确认 to whoever may publish.
        ack_url = reverse("gongkai_inspection_acknowledge", args=[self.page.pk])
        self.assertContains(self.client.get(self.edit), ack_url)
        revision = ArticlePage.objects.get(pk=self.page.pk).get_latest_revision()
        self.assertEqual(revision.as_object().title, MISSPELT)
        confirmed = self.client.post(
            ack_url, {"revision": revision.pk, "wrong": "习近乎"}
        )
        self.assertEqual(confirmed.status_code, 302)
        self.assertEqual(
            TermAcknowledgement.objects.get().acknowledged_by, self.publisher
        )
        # Publishing saves one more revision; the confirmation just before it counts.
        self.publish(MISSPELT)
        self.assertEqual(self.live(), MISSPELT)

    def test_a_text_without_hits_publishes_at_once(self):
        response = self.publish(FIXED)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.live(), FIXED)

    def test_a_confirmation_of_an_older_revision_does_not_count(self):
        self.publish(MISSPELT)
        revision = ArticlePage.objects.get(pk=self.page.pk).get_latest_revision()
        TermAcknowledgement.objects.create(
            revision=revision,
            wrong="习近乎",
            correct="习近平",
            acknowledged_by=self.publisher,
        )
        self.page.save_revision(user=self.publisher)  # another draft in between
        self.publish(MISSPELT)  # two revisions after the confirmed one
        self.assertIsNone(self.live())

    def test_the_explorers_bulk_publish_is_refused_until_confirmed(self):
        revision = self.page.save_revision(user=self.publisher)
        self.page.refresh_from_db()
        draft = revision.as_object()
        draft.title = MISSPELT
        revision = draft.save_revision(user=self.publisher)
        url = (
            reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
            + f"?id={self.page.pk}"
        )
        response = self.client.post(url)
        self.assertEqual(response.status_code, 302)
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any("未确认的严重错别字" in m for m in shown), shown)
        self.assertIsNone(self.live())
        TermAcknowledgement.objects.create(
            revision=revision,
            wrong="习近乎",
            correct="习近平",
            acknowledged_by=self.publisher,
        )
        self.client.post(url)
        self.assertEqual(self.live(), MISSPELT)


class UrgentPublishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_default_workflows()
        cls.department = create_department(parent=create_home_page())

    def test_urgent_publish_is_refused_until_the_final_approver_confirms(self):
        page = create_article(
            column=self.department.column,
            publisher=self.department.organisation,
            title=MISSPELT,
        )
        revision = page.save_revision(user=self.department.users[Role.EDITOR])
        final = self.department.client(Role.FINAL_APPROVER)
        url = reverse("gongkai_editorial:urgent_publish", args=[page.pk])
        response = final.post(url, {"reason": "防汛预警须立即发布"})
        self.assertContains(response, "终审未通过：稿件中有未确认的严重错别字“习近乎”")
        self.assertFalse(ArticlePage.objects.get(pk=page.pk).live)
        self.assertFalse(UrgentPublication.objects.exists())
        ack_url = reverse("gongkai_inspection_acknowledge", args=[page.pk])
        confirmed = final.post(ack_url, {"revision": revision.pk, "wrong": "习近乎"})
        self.assertEqual(confirmed.status_code, 302)
        final.post(url, {"reason": "防汛预警须立即发布"})
        self.assertTrue(ArticlePage.objects.get(pk=page.pk).live)
