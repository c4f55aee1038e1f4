"""Issue 13: security headers on dynamic responses, production settings that refuse a
weak key and pass `check --deploy`, and former 500s that are now 404 / 200."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import SimpleTestCase, TestCase, override_settings
from wagtail.documents.models import Document

from gongkai.core.http_headers import ADMIN_CSP, PUBLIC_CSP


class SecurityHeadersTests(TestCase):
    def assert_security_headers(self, response, csp):
        self.assertEqual(response["Content-Security-Policy"], csp)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")
        self.assertNotIn("Strict-Transport-Security", response)

    def test_public_dynamic_page(self):
        response = self.client.get("/search/")
        self.assertEqual(response.status_code, 200)
        self.assert_security_headers(response, PUBLIC_CSP)

    def test_admin_page(self):
        response = self.client.get("/admin/login/")
        self.assertEqual(response.status_code, 200)
        self.assert_security_headers(response, ADMIN_CSP)

    def test_document_download(self):
        document = Document.objects.create(
            title="附件", file=ContentFile(b"%PDF-1.4 test", name="fujian.pdf")
        )
        # Unlinked attachments download only for their department (issue 13, item 6).
        self.client.force_login(
            get_user_model().objects.create_superuser("headers-admin", password="x")
        )
        response = self.client.get(document.url)
        self.assertEqual(response.status_code, 200)
        self.assert_security_headers(response, PUBLIC_CSP)

    def test_hsts_only_over_https(self):
        response = self.client.get("/search/", secure=True)
        self.assertIn("max-age=", response["Strict-Transport-Security"])


class FormerServerErrorTests(TestCase):
    def test_huge_ids_in_urls_are_404(self):
        for url in (
            "/search/catalog/99999999999999999999/",
            "/search/catalog/99999999999999999999/export.csv",
            "/api/hits/99999999999999999999/",
            "/search/catalog/-1/",
            "/search/catalog/abc/",
        ):
            with self.subTest(url=url):
                # 400 from the path guard (encoded separators) or 404: never the file.
                self.assertIn(self.client.get(url).status_code, (400, 404))

    def test_head_on_search_is_allowed(self):
        self.assertEqual(self.client.head("/search/").status_code, 200)
        self.assertEqual(self.client.head("/api/search/?q=政务").status_code, 200)


def run_production_command(arguments, tmp_dir, secret_key=None, **extra):
    """`python -m gongkai <arguments>` with production settings and its required variables."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings.production",
        "GONGKAI_SECRET_KEY": secret_key or secrets.token_urlsafe(50),
        "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn",
        "GONGKAI_DATA_DIR": str(tmp_dir),
        "GONGKAI_PII_KEYS": Fernet.generate_key().decode(),
        "GONGKAI_PII_HASH_KEY": secrets.token_urlsafe(32),
        "GONGKAI_TRUSTED_PROXIES": "127.0.0.1",  # README: behind the documented nginx
        **extra,
    }
    return subprocess.run(  # noqa: S603 -- our own interpreter and fixed arguments
        [sys.executable, "-m", "gongkai", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_deploy_check(secret_key, tmp_dir, **extra):
    mail_and_cache = {
        "GONGKAI_EMAIL_URL": "smtp+tls://gongkai:pw@mail.example.gov.cn:587",
        "GONGKAI_EMAIL_FROM": "gongkai@example.gov.cn",
        "GONGKAI_CACHE_URL": "redis://127.0.0.1:6379/15",
    }
    return run_production_command(
        ["check", "--deploy"], tmp_dir, secret_key, **{**mail_and_cache, **extra}
    )


def test_check_deploy_is_clean_with_the_production_variables(tmp_path):
    result = run_deploy_check(secrets.token_urlsafe(50), tmp_path)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "WARNING" not in output and "?: (" not in output
    assert "System check identified no issues" in output


def test_production_refuses_a_weak_secret_key(tmp_path):
    for weak in ("short", "a" * 60, "dev-only-insecure-key-never-use-in-production"):
        result = run_deploy_check(weak, tmp_path)
        assert result.returncode != 0
        assert "GONGKAI_SECRET_KEY is too weak for production" in result.stderr


def test_production_without_mail_warns_once_clearly(tmp_path):
    result = run_deploy_check(secrets.token_urlsafe(50), tmp_path, GONGKAI_EMAIL_URL="")
    assert result.returncode == 0
    assert "gongkai_core.W002" in result.stderr + result.stdout
    assert "未配置邮件发送" in result.stderr + result.stdout


class DevelopmentMediaTests(SimpleTestCase):
    @override_settings(DEBUG=True)
    def test_dev_serves_images_but_never_documents_from_media(self):
        from gongkai.urls import media_patterns_for_development

        patterns = media_patterns_for_development()

        def served(path):
            return any(p.pattern.match(path) for p in patterns)

        self.assertTrue(served("media/images/a.max-800x600.jpg"))
        self.assertTrue(served("media/original_images/a.jpg"))
        for path in ("media/documents/fujian.pdf", "media/secret_key", "media/../x"):
            with self.subTest(path=path):
                self.assertFalse(served(path))

    @override_settings(DEBUG=False)
    def test_only_renditions_from_media_without_debug(self):
        from gongkai.urls import media_patterns_for_development

        patterns = media_patterns_for_development()
        self.assertTrue(
            any(p.pattern.match("media/images/a.fill-80x80.jpg") for p in patterns)
        )
        for path in ("media/original_images/a.jpg", "media/documents/fujian.pdf"):
            with self.subTest(path=path):
                self.assertFalse(any(p.pattern.match(path) for p in patterns))

    def test_a_rendition_is_served_and_traversal_is_refused(self):
        folder = Path(settings.MEDIA_ROOT) / "images"
        folder.mkdir(parents=True, exist_ok=True)
        rendition = folder / "hardening-test.fill-80x80.png"
        rendition.write_bytes(b"\x89PNG\r\n\x1a\n")
        self.addCleanup(rendition.unlink)
        response = self.client.get("/media/images/hardening-test.fill-80x80.png")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/png")
        for url in (
            "/media/images/../documents/x.pdf",
            "/media/images/%2e%2e/%2e%2e/secret_key",
            "/media/images/..%2f..%2fgongkai.sqlite3",
        ):
            with self.subTest(url=url):
                # 400 from the path guard (encoded separators) or 404: never the file.
                self.assertIn(self.client.get(url).status_code, (400, 404))


def test_production_refuses_the_demo_in_one_clear_line(tmp_path):
    result = run_production_command(["demo"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "gongkai demo 不能在生产设置下运行：演示站点会创建固定密码的演示账号。"
        "请在开发或演示环境中运行（不设置 DJANGO_SETTINGS_MODULE，或使用 gongkai.settings.dev）。"
    ]
    assert not (tmp_path / "gongkai.sqlite3").exists()


def test_production_installs_no_demo_app(tmp_path):
    code = "from django.conf import settings; print('gongkai.demo' in settings.INSTALLED_APPS)"
    result = run_production_command(["shell", "-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
