"""The organisation's interaction office keeps its own 互动栏目 and 征集调查 without
model permissions assigned by hand, and sees nothing of another organisation's.

Accounts as the demo makes them: a member of the organisation's 公开办 group
(applications' OfficeGroup, created with the organisation) holding no permission of
its own, and a 公开办督办 handler (office-hudong); a plain handler (education-hudong)
may not keep channels at all. Probes with another organisation's ids answer 404.
"""

from datetime import timedelta

from django.contrib.auth.models import Permission, User
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import OfficeGroup
from gongkai.core.tests.factories import create_home_page, create_organisation
from gongkai.interaction.models import Channel, InteractionOfficer, Solicitation

from .factories import create_channel


def snippet_url(model, action, *args):
    return reverse(f"wagtailsnippets_interaction_{model}:{action}", args=args)


def office_member(username, organisation):
    """A user whose only role is membership of the organisation's 公开办 group."""
    user = User.objects.create_user(username, password="x")
    user.groups.add(OfficeGroup.objects.get(organisation=organisation).group)
    return user


class OfficeScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        create_home_page(title="示例区人民政府")
        cls.office = create_organisation(name="示例区人民政府办公室")
        cls.education = create_organisation(name="示例区教育局")
        cls.member = office_member("office-gongkaiban", cls.office)
        cls.other = office_member("education-gongkaiban", cls.education)
        access = Permission.objects.get(codename="access_admin")
        cls.supervisor = User.objects.create_user("office-hudong", password="x")
        cls.supervisor.user_permissions.add(access)
        InteractionOfficer.objects.create(
            user=cls.supervisor, organisation=cls.office, supervises=True
        )
        cls.handler = User.objects.create_user("education-hudong", password="x")
        cls.handler.user_permissions.add(access)
        InteractionOfficer.objects.create(user=cls.handler, organisation=cls.education)
        cls.office_channel = create_channel(
            "mailbox", name="区长信箱", organisation=cls.office
        )
        cls.education_channel = create_channel(
            "consult", name="教育咨询", organisation=cls.education
        )
        cls.site_wide = create_channel("complaint")  # no organisation: superusers
        today = timezone.localdate()
        cls.office_solicitation = Solicitation.objects.create(
            title="公交线网优化方案征求意见",
            organisation=cls.office,
            draft="调整3条公交线路。",
            starts_on=today - timedelta(days=60),
            ends_on=today - timedelta(days=30),
        )
        cls.education_solicitation = Solicitation.objects.create(
            title="学前教育三年行动计划征求意见",
            organisation=cls.education,
            draft="扩大普惠性幼儿园。",
            starts_on=today - timedelta(days=5),
            ends_on=today + timedelta(days=25),
        )

    def channel_data(self, organisation, **overrides):
        data = {
            "name": "书记信箱",
            "kind": "mailbox",
            "site": "",
            "organisation": str(organisation.pk),
            "recipient": "区委书记",
            "reply_working_days": "10",
            "is_active": "on",
            "sort_order": "5",
        }
        data.update(overrides)
        return data

    def solicitation_data(self, solicitation, **overrides):
        data = {
            "title": solicitation.title,
            "organisation": str(solicitation.organisation_id),
            "draft": solicitation.draft,
            "starts_on": solicitation.starts_on.isoformat(),
            "ends_on": solicitation.ends_on.isoformat(),
            "adoption_summary": "",
        }
        data.update(overrides)
        return data

    def test_the_groups_members_hold_no_model_permission_of_their_own(self):
        for user in (self.member, self.supervisor):
            for codename in ("add_channel", "change_channel", "change_solicitation"):
                self.assertFalse(user.has_perm(f"interaction.{codename}"), codename)

    def test_office_member_lists_adds_and_edits_its_own_channels(self):
        self.client.force_login(self.member)
        listing = self.client.get(snippet_url("channel", "list"))
        self.assertEqual(listing.status_code, 200)
        self.assertContains(listing, "区长信箱")
        self.assertNotContains(listing, "教育咨询")
        self.assertNotContains(listing, "投诉建议")
        response = self.client.post(
            snippet_url("channel", "add"), self.channel_data(self.office)
        )
        self.assertEqual(response.status_code, 302, response.content[:3000])
        created = Channel.objects.get(name="书记信箱")
        self.assertEqual(created.organisation, self.office)
        response = self.client.post(
            snippet_url("channel", "edit", created.pk),
            self.channel_data(self.office, reply_working_days="7"),
        )
        self.assertEqual(response.status_code, 302)
        created.refresh_from_db()
        self.assertEqual(created.reply_working_days, 7)

    def test_organisation_is_required_and_only_the_users_own(self):
        self.client.force_login(self.member)
        form = self.client.get(snippet_url("channel", "add")).context["form"]
        self.assertEqual(list(form.fields["organisation"].queryset), [self.office])
        for organisation in ("", str(self.education.pk), "999999", "x"):
            data = self.channel_data(self.office)
            data["organisation"] = organisation
            response = self.client.post(snippet_url("channel", "add"), data)
            self.assertEqual(response.status_code, 200, organisation)
            self.assertIn("organisation", response.context["form"].errors)
            # Everything typed is kept.
            self.assertContains(response, "区委书记")
        self.assertFalse(Channel.objects.filter(name="书记信箱").exists())
        # Moving its own channel to another organisation is refused as well.
        response = self.client.post(
            snippet_url("channel", "edit", self.office_channel.pk),
            self.channel_data(self.education, name="区长信箱"),
        )
        self.assertEqual(response.status_code, 200)
        self.office_channel.refresh_from_db()
        self.assertEqual(self.office_channel.organisation, self.office)

    def test_another_organisations_office_gets_404_for_every_view(self):
        self.client.force_login(self.other)
        for model, row in (
            ("channel", self.office_channel),
            ("channel", self.site_wide),
            ("solicitation", self.office_solicitation),
        ):
            for action in ("edit", "delete", "copy", "history", "usage"):
                response = self.client.get(snippet_url(model, action, row.pk))
                self.assertIn(response.status_code, (403, 404), (model, action))
                self.assertNotContains(
                    response, str(row), status_code=response.status_code
                )
        response = self.client.post(
            snippet_url("channel", "edit", self.office_channel.pk),
            self.channel_data(self.education, name="改名"),
        )
        self.assertEqual(response.status_code, 404)
        self.office_channel.refresh_from_db()
        self.assertEqual(self.office_channel.name, "区长信箱")
        response = self.client.post(
            snippet_url("solicitation", "edit", self.office_solicitation.pk),
            self.solicitation_data(
                self.office_solicitation,
                organisation=str(self.education.pk),
                adoption_summary="伪造",
                summary_published="on",
            ),
        )
        self.assertEqual(response.status_code, 404)
        self.office_solicitation.refresh_from_db()
        self.assertFalse(self.office_solicitation.summary_published)
        listing = self.client.get(snippet_url("solicitation", "list"))
        self.assertContains(listing, "学前教育三年行动计划")
        self.assertNotContains(listing, "公交线网优化方案")

    def test_deleting_stays_with_superusers(self):
        self.client.force_login(self.member)
        response = self.client.post(
            snippet_url("channel", "delete", self.office_channel.pk)
        )
        self.assertIn(response.status_code, (302, 403))
        self.assertTrue(Channel.objects.filter(pk=self.office_channel.pk).exists())
        if response.status_code == 302:  # Wagtail's "no permission" redirect
            self.assertNotIn("channel", response["Location"])

    def test_supervisor_publishes_the_adoption_summary(self):
        self.client.force_login(self.supervisor)
        response = self.client.post(
            snippet_url("solicitation", "edit", self.office_solicitation.pk),
            self.solicitation_data(
                self.office_solicitation,
                adoption_summary="共收到意见2条，采纳1条：增设微循环线路。",
                summary_published="on",
            ),
        )
        self.assertEqual(response.status_code, 302)
        public = self.client.get(
            reverse("hudong:solicitation", args=[self.office_solicitation.pk])
        )
        self.assertContains(public, "采纳1条：增设微循环线路")
        # And adds one for its organisation, not for another.
        data = self.solicitation_data(
            self.office_solicitation, title="新的征集", adoption_summary=""
        )
        response = self.client.post(snippet_url("solicitation", "add"), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            Solicitation.objects.get(title="新的征集").organisation, self.office
        )
        data["organisation"] = str(self.education.pk)
        data["title"] = "越权征集"
        response = self.client.post(snippet_url("solicitation", "add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Solicitation.objects.filter(title="越权征集").exists())
        response = self.client.get(
            snippet_url("solicitation", "edit", self.education_solicitation.pk)
        )
        self.assertEqual(response.status_code, 404)

    def test_a_plain_handler_may_not_keep_channels(self):
        self.client.force_login(self.handler)
        for url in (
            snippet_url("channel", "list"),
            snippet_url("channel", "add"),
            snippet_url("channel", "edit", self.education_channel.pk),
            snippet_url("solicitation", "add"),
        ):
            response = self.client.get(url)
            # Wagtail answers a missing permission with a redirect to the dashboard.
            self.assertIn(response.status_code, (302, 403, 404), url)
            if response.status_code == 302:
                self.assertEqual(response["Location"], reverse("wagtailadmin_home"))

    def test_a_new_organisations_office_works_at_once(self):
        health = create_organisation(name="示例区卫健局")
        user = office_member("health-gongkaiban", health)
        self.client.force_login(user)
        response = self.client.post(
            snippet_url("channel", "add"),
            self.channel_data(health, name="卫健咨询", kind="consult"),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Channel.objects.get(name="卫健咨询").organisation, health)
