"""docs/deploy/security-headers*.conf are exactly what `gongkai deploy nginx-headers`
generates from gongkai/core/http_headers.py: the one definition of the headers."""

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase

from gongkai.core.http_headers import ADMIN_CSP, COMMON_HEADERS, HSTS_HEADER, PUBLIC_CSP
from gongkai.publishing.nginx_headers import nginx_header_files

DEPLOY = Path(__file__).resolve().parent.parent / "docs" / "deploy"


class NginxHeaderFilesTests(SimpleTestCase):
    def test_committed_files_equal_the_generated_output(self):
        with tempfile.TemporaryDirectory() as folder:
            call_command("deploy", "nginx-headers", write=folder, stdout=io.StringIO())
            written = {
                path.name: path.read_text("utf-8") for path in Path(folder).iterdir()
            }
        self.assertEqual(written, nginx_header_files())
        for name, text in written.items():
            with self.subTest(file=name):
                self.assertEqual(
                    (DEPLOY / name).read_text("utf-8"),
                    text,
                    f"docs/deploy/{name} is stale: run `gongkai deploy nginx-headers --write docs/deploy`",
                )

    def test_every_header_of_the_definition_is_in_the_files(self):
        files = nginx_header_files()
        main, https = (
            files["security-headers.conf"],
            files["security-headers-https.conf"],
        )
        for name, value in COMMON_HEADERS:
            self.assertIn(f'add_header {name} "{value}" always;', main)
        self.assertIn(f'"{PUBLIC_CSP}"', main)
        self.assertIn(f'"{ADMIN_CSP}"', main)
        self.assertNotIn(
            f"add_header {HSTS_HEADER[0]}", main
        )  # plain HTTP must not pin
        self.assertIn(f'add_header {HSTS_HEADER[0]} "{HSTS_HEADER[1]}" always;', https)

    def test_without_write_the_files_go_to_standard_output(self):
        out = io.StringIO()
        call_command("deploy", "nginx-headers", stdout=out)
        for text in nginx_header_files().values():
            self.assertIn(text, out.getvalue())
