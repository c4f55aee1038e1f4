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
from unittest import mock, skipUnless

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
        for option in ("--threads", "--timeout", "--max-body", "--workers"):
            for value in ("0", "-3", "x", "1.5"):
                with self.assertRaises(CommandError):
                    call_command("serve", option, value, stdout=StringIO())

    def test_too_many_workers_are_refused(self, run, *_):
        with self.assertRaises(CommandError) as caught:
            call_command("serve", "--workers", "65", stdout=StringIO())
        self.assertIn("64", str(caught.exception))
        run.assert_not_called()

    def test_one_worker_serves_in_this_process(self, run, *_):
        with mock.patch(f"{SERVE}.subprocess.Popen") as popen:
            call_command("serve", "127.0.0.1:8124", "--workers", "1", stdout=StringIO())
        popen.assert_not_called()
        self.assertNotIn("reuse_port", run.call_args.kwargs)
        run.return_value.run.assert_called_once()

    @mock.patch(f"{SERVE}.can_share_port", return_value=False)
    def test_workers_refused_where_a_port_cannot_be_shared(self, _share, run, *_):
        """Windows: no SO_REUSEPORT; the message points to instances behind nginx."""
        with self.assertRaises(CommandError) as caught:
            call_command("serve", "--workers", "2", stdout=StringIO())
        self.assertIn("docs/deploy/README.md", str(caught.exception))
        run.assert_not_called()

    @mock.patch(f"{SERVE}.reuse_port_socket")
    def test_workers_start_copies_of_the_command_and_stop_with_them(
        self, _probe, run, tasks, background
    ):
        child = mock.Mock(returncode=3)
        child.poll.return_value = 3  # the first worker exits at once
        with (
            mock.patch(f"{SERVE}.subprocess.Popen", return_value=child) as popen,
            self.assertRaises(CommandError) as caught,
        ):
            call_command(
                "serve",
                "127.0.0.1:8125",
                "--workers",
                "3",
                "--threads",
                "4",
                stdout=StringIO(),
            )
        self.assertIn("3", str(caught.exception))
        commands = [c.args[0] for c in popen.call_args_list]
        self.assertEqual(len(commands), 3)
        for index, command in enumerate(commands):
            self.assertEqual(command[1:5], ["-m", "gongkai", "serve", "127.0.0.1:8125"])
            self.assertEqual(command[-2:], ["--worker-index", str(index)])
            self.assertIn("4", command)
            self.assertNotIn("--workers", command)  # a worker never starts workers
        run.assert_not_called()  # the parent serves nothing itself
        tasks.assert_not_called()
        background.assert_not_called()

    def test_a_worker_binds_a_shared_port_and_only_the_first_runs_the_schedule(
        self, run, tasks, background
    ):
        call_command(
            "serve", "127.0.0.1:8126", "--worker-index", "1", stdout=StringIO()
        )
        self.assertIs(run.call_args.kwargs["reuse_port"], True)
        tasks.assert_called_once()
        background.assert_not_called()
        call_command(
            "serve", "127.0.0.1:8126", "--worker-index", "0", stdout=StringIO()
        )
        background.assert_called_once()


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
                    # Not lower: waitress drops a connection accepted but not yet
                    # read after this many seconds, and a loaded CI machine once
                    # starved the first request's read for 2 s (connection reset).
                    "--timeout",
                    "5",
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


@skipUnless(hasattr(socket, "SO_REUSEPORT"), "needs SO_REUSEPORT (Linux)")
class WorkerProcessesTests(SimpleTestCase):
    """`gongkai serve --workers 2`: two real worker processes answer on one port, and
    stopping the command stops them."""

    def test_two_workers_answer_and_stop_with_the_command(self):
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
                [str(script), "serve", f"127.0.0.1:{port}", "--workers", "2"],
                env=env,
                cwd=data_dir,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            children: list[int] = []
            try:
                deadline = time.monotonic() + 90
                while True:
                    try:
                        # A Host header that is not a host name: 400 from the
                        # publish-root layer, no database needed.
                        request = urllib.request.Request(
                            f"http://127.0.0.1:{port}/", headers={"Host": "a/b"}
                        )
                        with self.assertRaises(urllib.error.HTTPError) as caught:
                            urllib.request.urlopen(request, timeout=30)  # noqa: S310
                        self.assertEqual(caught.exception.code, 400)
                        break
                    except urllib.error.URLError:
                        if server.poll() is not None or time.monotonic() > deadline:
                            self.fail(server.stdout.read().decode())
                        time.sleep(0.3)
                listing = Path(f"/proc/{server.pid}/task/{server.pid}/children")
                children = [int(p) for p in listing.read_text().split()]
                self.assertEqual(len(children), 2)
            finally:
                server.terminate()
                server.wait(timeout=60)
                server.stdout.close()
            self.assertEqual(server.returncode, 0)
            for pid in children:
                self.assertFalse(Path(f"/proc/{pid}").exists(), pid)
