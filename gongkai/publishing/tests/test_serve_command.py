"""`gongkai serve`: hardened settings by default, DEBUG only with --dev (issue 13, item 2)."""

import os
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, override_settings

from gongkai.__main__ import default_settings_module

SERVE = "gongkai.publishing.management.commands.serve"


class SettingsChoiceTests(SimpleTestCase):
    def test_serving_commands_get_the_hardened_settings_unless_dev(self):
        self.assertEqual(
            default_settings_module(["gongkai", "serve"]), "gongkai.settings.demo"
        )
        self.assertEqual(
            default_settings_module(["gongkai", "serve", "0.0.0.0:8080"]),
            "gongkai.settings.demo",
        )
        self.assertEqual(
            default_settings_module(["gongkai", "demo", "--serve", "127.0.0.1:8000"]),
            "gongkai.settings.demo",
        )
        self.assertEqual(
            default_settings_module(["gongkai", "serve", "--dev"]),
            "gongkai.settings.dev",
        )
        self.assertEqual(
            default_settings_module(
                ["gongkai", "demo", "--serve", "127.0.0.1:8000", "--dev"]
            ),
            "gongkai.settings.dev",
        )

    def test_other_commands_keep_the_development_settings(self):
        for argv in (
            ["gongkai"],
            ["gongkai", "runserver"],
            ["gongkai", "shell"],
            ["gongkai", "migrate"],
        ):
            self.assertEqual(default_settings_module(argv), "gongkai.settings.dev")
        # --dev as the command name or before it does not count.
        self.assertEqual(
            default_settings_module(["gongkai", "--dev", "serve"]),
            "gongkai.settings.dev",
        )


@mock.patch(f"{SERVE}.start_background_services")
@mock.patch(f"{SERVE}.run_tasks_in_background")
@mock.patch(f"{SERVE}.create_server")
class ServeCommandTests(SimpleTestCase):
    @override_settings(DEBUG=True)
    def test_refuses_debug_without_dev(self, run, *_):
        with self.assertRaises(CommandError) as caught:
            call_command("serve", "127.0.0.1:8000", stdout=StringIO())
        self.assertIn("DEBUG", str(caught.exception))
        self.assertIn("--dev", str(caught.exception))
        run.assert_not_called()

    @override_settings(DEBUG=True)
    def test_dev_allows_debug(self, run, *_):
        call_command("serve", "127.0.0.1:8123", "--dev", stdout=StringIO())
        self.assertEqual(run.call_args.kwargs["listen"], "127.0.0.1:8123")
        run.return_value.run.assert_called_once()

    def test_address_and_options_are_parsed(self, run, *_):
        call_command("serve", "[::1]:9000", stdout=StringIO())
        self.assertEqual(
            run.call_args.kwargs,
            {
                "listen": "[::1]:9000",
                "threads": 8,
                "timeout": 30,
                "max_body": 60 * 1024 * 1024,
            },
        )
        call_command(
            "serve",
            "0.0.0.0:8080",
            "--threads",
            "4",
            "--timeout",
            "5",
            "--max-body",
            "1000",
            stdout=StringIO(),
        )
        self.assertEqual(
            run.call_args.kwargs,
            {"listen": "0.0.0.0:8080", "threads": 4, "timeout": 5, "max_body": 1000},
        )
        for bad in ("localhost", "127.0.0.1:0", "127.0.0.1:70000", "a b:80"):
            with self.assertRaises(CommandError):
                call_command("serve", bad, stdout=StringIO())
        for option in ("--threads", "--timeout", "--max-body"):
            for value in ("0", "-3", "x"):
                with self.assertRaises(CommandError):
                    call_command("serve", option, value, stdout=StringIO())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServedProcessTests(SimpleTestCase):
    """The real console script, no DJANGO_SETTINGS_MODULE and no GONGKAI_* variables."""

    def test_fresh_machine_serves_with_debug_off_and_a_generated_key(self):
        with tempfile.TemporaryDirectory() as data_dir:
            port = _free_port()
            env = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("GONGKAI_", "DJANGO_", "DATABASE_URL"))
            }
            env["GONGKAI_DATA_DIR"] = data_dir
            script = Path(sys.executable).with_name("gongkai")
            server = subprocess.Popen(  # noqa: S603
                [
                    str(script),
                    "serve",
                    f"127.0.0.1:{port}",
                    "--timeout",
                    "2",
                    "--max-body",
                    "1000",
                ],
                env=env,
                cwd=data_dir,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            try:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        socket.create_connection(("127.0.0.1", port), timeout=1).close()
                        break
                    except OSError:
                        if server.poll() is not None or time.monotonic() > deadline:
                            self.fail(server.stdout.read().decode())
                        time.sleep(0.2)
                # The database is not migrated: the admin login fails inside Django.
                # With DEBUG off that is the plain 500 page, no traceback or settings.
                with self.assertRaises(urllib.error.HTTPError) as caught:
                    urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/admin/login/", timeout=30
                    )
                body = caught.exception.read().decode("utf-8", "replace")
                self.assertEqual(caught.exception.code, 500)
                for leak in (
                    "Traceback",
                    "OperationalError",
                    "SECRET_KEY",
                    "DEBUG = True",
                    "no such table",
                ):
                    self.assertNotIn(leak, body)
                # A host not in ALLOWED_HOSTS (127.0.0.1, localhost) is refused.
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/admin/login/",
                    headers={"Host": "evil.example"},
                )
                with self.assertRaises(urllib.error.HTTPError) as caught:
                    urllib.request.urlopen(request, timeout=30)  # noqa: S310
                self.assertEqual(caught.exception.code, 400)
                # A body over --max-body: 413, Django never sees it.
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/", data=b"x" * 5000, method="POST"
                )
                with self.assertRaises(urllib.error.HTTPError) as caught:
                    urllib.request.urlopen(request, timeout=30)  # noqa: S310
                self.assertEqual(caught.exception.code, 413)
                # Half-sent request (slowloris): dropped after --timeout of silence.
                with socket.create_connection(("127.0.0.1", port), timeout=30) as slow:
                    slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                    started = time.monotonic()
                    self.assertEqual(slow.recv(1024), b"")  # closed by the server
                    self.assertLess(time.monotonic() - started, 29)
            finally:
                server.terminate()
                server.wait(timeout=30)
                server.stdout.close()
            key_file = Path(data_dir) / "secret_key"
            self.assertGreaterEqual(len(key_file.read_text().strip()), 50)
            self.assertEqual(stat.S_IMODE(key_file.stat().st_mode), 0o600)
