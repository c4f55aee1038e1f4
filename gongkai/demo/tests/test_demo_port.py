"""The demo Site carries the port it is served on (issue 13, item 2: no hard-coded port)."""

import os
from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Site

from gongkai.demo.builder import (
    PORT_ENV,
    DemoBuildError,
    default_site_port,
    ensure_home_and_site,
)
from gongkai.publishing.renderer import SiteRenderer


class DemoPortTests(TestCase):
    def test_site_robots_and_sitemap_use_the_given_port(self):
        _home, site = ensure_home_and_site(port=8123)
        self.assertEqual((site.hostname, site.port), ("127.0.0.1", 8123))
        renderer = SiteRenderer(Site.objects.get(pk=site.pk))
        robots = renderer.render_robots(None).decode()
        self.assertIn("Sitemap: http://127.0.0.1:8123/", robots)
        self.assertNotIn(":8000", robots)

    def test_a_second_build_moves_the_site_to_the_new_port(self):
        ensure_home_and_site(port=8123)
        _home, site = ensure_home_and_site(port=9001)
        self.assertEqual(Site.objects.get(is_default_site=True).port, 9001)
        self.assertEqual(Site.objects.count(), 1)
        self.assertEqual(site.root_url, "http://127.0.0.1:9001")

    def test_port_comes_from_gongkai_port(self):
        with mock.patch.dict(os.environ, {PORT_ENV: "8080"}):
            self.assertEqual(default_site_port(), 8080)
        with mock.patch.dict(os.environ, {PORT_ENV: ""}):
            self.assertEqual(default_site_port(), 8000)
        for bad in ("0", "70000", "80a", "-1"):
            with (
                mock.patch.dict(os.environ, {PORT_ENV: bad}),
                self.assertRaises(DemoBuildError) as caught,
            ):
                default_site_port()
            self.assertIn("GONGKAI_PORT", str(caught.exception))

    def test_demo_serve_gives_the_site_the_served_port(self):
        """`gongkai demo --serve 127.0.0.1:8765`: the Site (and so every absolute URL) says 8765."""
        with mock.patch(
            "gongkai.demo.management.commands.demo.call_command", wraps=call_command
        ) as wrapped:
            # publish and serve are not the point here: stop after the build.
            def fake(name, *args, **kwargs):
                if name in ("publish", "serve"):
                    fake.calls.append((name, args, kwargs))
                    return None
                return call_command(name, *args, **kwargs)

            fake.calls = []
            wrapped.side_effect = fake
            from io import StringIO

            call_command("demo", items=0, serve="127.0.0.1:8765", stdout=StringIO())
        self.assertEqual(Site.objects.get(is_default_site=True).port, 8765)
        self.assertEqual(fake.calls[-1], ("serve", ("127.0.0.1:8765",), {"dev": False}))
