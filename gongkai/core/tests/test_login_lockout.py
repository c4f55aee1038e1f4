"""Admin login lockout (django-axes) through Wagtail's real login view."""

import io

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse

LOGIN_URL = reverse("wagtailadmin_login")
PASSWORD = "right-password-2026"  # noqa: S105
LOCKED = "登录失败次数过多"
CLIENT = "198.51.100.40"
OTHER_CLIENT = "198.51.100.41"


class LoginLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The least-privileged account that may log in to the admin at all.
        cls.editor = get_user_model().objects.create_user(
            "lockout-editor", password=PASSWORD
        )
        cls.editor.user_permissions.add(Permission.objects.get(codename="access_admin"))

    def attempt(self, password: str, address: str = CLIENT, **extra):
        return self.client.post(
            LOGIN_URL,
            {"username": "lockout-editor", "password": password},
            REMOTE_ADDR=address,
            **extra,
        )

    def assert_logged_in(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.editor.pk)

    def fail_five_times(self, address: str = CLIENT, **extra):
        for attempt in range(5):
            response = self.attempt("wrong", address, **extra)
            if attempt < 4:
                self.assertContains(
                    response, "密码不匹配", msg_prefix="an ordinary failure"
                )

    def test_after_five_failures_the_right_password_is_refused_in_chinese(self):
        self.fail_five_times()
        response = self.attempt(PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, LOCKED, status_code=429)
        self.assertContains(response, "30 分钟", status_code=429)
        # Wagtail's own login page, with the name kept: not a bare error page.
        self.assertContains(response, 'name="password"', status_code=429)
        self.assertContains(response, 'value="lockout-editor"', status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_four_failures_do_not_lock(self):
        for _attempt in range(4):
            self.attempt("wrong")
        self.assert_logged_in(self.attempt(PASSWORD))

    def test_another_client_address_can_still_log_in(self):
        self.fail_five_times()
        self.assert_logged_in(self.attempt(PASSWORD, OTHER_CLIENT))

    @override_settings(GONGKAI_TRUSTED_PROXIES="127.0.0.1")
    def test_behind_a_proxy_the_forwarded_client_is_locked_not_the_proxy(self):
        self.fail_five_times("127.0.0.1", HTTP_X_FORWARDED_FOR=CLIENT)
        self.assertContains(
            self.attempt(PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR=CLIENT),
            LOCKED,
            status_code=429,
        )
        self.assert_logged_in(
            self.attempt(PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR=OTHER_CLIENT)
        )

    def test_forged_forwarded_header_from_an_untrusted_client_does_not_dodge_the_lock(
        self,
    ):
        for number in range(5):
            self.attempt("wrong", CLIENT, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
        self.assertContains(
            self.attempt(PASSWORD, CLIENT, HTTP_X_FORWARDED_FOR="203.0.113.99"),
            LOCKED,
            status_code=429,
        )

    def test_an_administrator_unlocks_with_a_command(self):
        self.fail_five_times()
        call_command("axes_reset_username", "lockout-editor", stdout=io.StringIO())
        self.assert_logged_in(self.attempt(PASSWORD))

    @override_settings(AXES_FAILURE_LIMIT=2)
    def test_the_limit_is_a_setting(self):
        self.attempt("wrong")
        self.attempt("wrong")
        self.assertContains(self.attempt(PASSWORD), LOCKED, status_code=429)


class LockoutAdminTests(TestCase):
    """Only a superuser sees the lockouts in the admin and unlocks by deleting one."""

    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.editor = users.create_user("lockout-editor", password=PASSWORD)
        cls.editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
        cls.root = users.create_superuser("lockout-root", password=PASSWORD)

    def lock_editor(self):
        for _attempt in range(5):
            self.client.post(
                LOGIN_URL,
                {"username": "lockout-editor", "password": "wrong"},
                REMOTE_ADDR=CLIENT,
            )
        return AccessAttempt.objects.get(username="lockout-editor")

    def test_superuser_unlocks_in_the_admin(self):
        attempt = self.lock_editor()
        admin = Client()
        admin.force_login(self.root)
        listing = admin.get(reverse("login_lockouts:index"))
        self.assertContains(listing, "lockout-editor")
        self.assertContains(listing, CLIENT)
        admin.post(reverse("login_lockouts:delete", args=[attempt.pk]))
        self.assertFalse(AccessAttempt.objects.exists())
        response = self.client.post(
            LOGIN_URL,
            {"username": "lockout-editor", "password": PASSWORD},
            REMOTE_ADDR=CLIENT,
        )
        self.assertEqual(response.status_code, 302)

    def test_editor_cannot_see_or_unlock(self):
        attempt = self.lock_editor()
        editor = Client()
        editor.force_login(self.editor)
        self.assertEqual(editor.get(reverse("login_lockouts:index")).status_code, 302)
        editor.post(reverse("login_lockouts:delete", args=[attempt.pk]))
        self.assertTrue(AccessAttempt.objects.exists())
