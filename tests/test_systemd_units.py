"""docs/deploy/systemd/*.service and *.timer pass `systemd-analyze verify`; services keep
their hardening.

gongkai-serve@.service is a template (instance = loopback port): it is verified as the
instance nginx's upstream names, gongkai-serve@8001.service, and as a second one.

systemd-analyze checks every directive and value (it only warns, so any line it prints
about our units fails the test) and that ExecStart is an executable: the units are
verified with the binary path pointed at this checkout's `gongkai`, the one change an
installation makes (/opt/gongkai/venv/bin/gongkai). Debian's systemd package provides
the tool; `make test` installs it (scripts/ensure-systemd.sh); a missing one fails.
"""

import configparser
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

UNITS = Path(__file__).resolve().parent.parent / "docs" / "deploy" / "systemd"
NGINX_CONF = UNITS.parent / "nginx.conf"
INSTALLED_BINARY = "/opt/gongkai/venv/bin/gongkai"
SYSTEMD_ANALYZE = "/usr/bin/systemd-analyze"
HARDENING = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ReadWritePaths": "/var/lib/gongkai",
    "PrivateTmp": "yes",
    "ProtectHome": "yes",
    "EnvironmentFile": "/etc/gongkai/gongkai.env",
    "User": "gongkai",
}


def read_unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser


class SystemdUnitTests(SimpleTestCase):
    def units(self) -> list[Path]:
        units = sorted(UNITS.glob("*.service"))
        self.assertEqual(
            [unit.name for unit in units],
            [
                "gongkai-inspect.service",
                "gongkai-serve@.service",
                "gongkai-worker.service",
            ],
        )
        return units

    def timers(self) -> list[Path]:
        timers = sorted(UNITS.glob("*.timer"))
        self.assertEqual([timer.name for timer in timers], ["gongkai-inspect.timer"])
        return timers

    def verify(self, units: list[Path], instance: str = "8001") -> list[str]:
        """Lines systemd-analyze prints about `units`, checked as installed."""
        if shutil.which(SYSTEMD_ANALYZE) is None:
            self.fail(
                f"{SYSTEMD_ANALYZE} is missing: run `make systemd` (Debian's systemd)."
            )
        gongkai = Path(sys.executable).with_name("gongkai")
        self.assertTrue(gongkai.is_file(), gongkai)
        with tempfile.TemporaryDirectory() as folder:
            copies = []
            for unit in units:
                copy = Path(folder, unit.name.replace("@.", f"@{instance}."))
                copy.write_text(
                    unit.read_text("utf-8").replace(INSTALLED_BINARY, str(gongkai)),
                    "utf-8",
                )
                copies.append(str(copy))
            result = subprocess.run(  # noqa: S603 - fixed tool, our own files
                [SYSTEMD_ANALYZE, "verify", *copies],
                capture_output=True,
                text=True,
                timeout=60,
            )
        output = (result.stdout + result.stderr).splitlines()
        names = [unit.name.replace("@.", f"@{instance}.") for unit in units]
        lines = [line for line in output if any(name in line for name in names)]
        if result.returncode != 0:
            lines.append(f"exit status {result.returncode}: {output}")
        return lines

    def test_units_pass_systemd_analyze_verify(self):
        self.assertEqual(self.verify(self.units() + self.timers()), [])
        self.assertEqual(self.verify(self.units(), instance="8002"), [])

    def test_the_inspection_timer_starts_the_storing_inspection_daily(self):
        timer = read_unit(self.timers()[0])
        self.assertEqual(timer["Timer"]["Unit"], "gongkai-inspect.service")
        self.assertEqual(timer["Timer"]["Persistent"], "true")
        # systemd-analyze calendar accepts the expression (verify does not evaluate it).
        result = subprocess.run(  # noqa: S603 - fixed tool and argument from our file
            [SYSTEMD_ANALYZE, "calendar", timer["Timer"]["OnCalendar"]],
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Next elapse", result.stdout)
        service = read_unit(UNITS / "gongkai-inspect.service")["Service"]
        self.assertEqual(service["Type"], "oneshot")
        command = service["ExecStart"].split()
        self.assertEqual(command[:2], [INSTALLED_BINARY, "inspect"])
        from gongkai.inspection.management.commands.inspect import Command

        options = Command().create_parser("gongkai", "inspect").parse_args(command[2:])
        self.assertTrue(options.store)

    def test_verify_reports_a_wrong_directive(self):
        """The check above can fail: a misspelt key and a bad value are reported."""
        with tempfile.TemporaryDirectory() as folder:
            broken = Path(folder, "gongkai-broken.service")
            text = self.units()[0].read_text("utf-8")
            broken.write_text(
                text.replace(
                    "NoNewPrivileges=yes", "NoNewPrivileges=maybe\nProtectSystm=strict"
                ),
                "utf-8",
            )
            lines = self.verify([broken])
        self.assertTrue(any("maybe" in line for line in lines), lines)
        self.assertTrue(any("ProtectSystm" in line for line in lines), lines)

    def test_units_are_hardened_and_run_the_documented_commands(self):
        commands = {}
        for unit in self.units():
            service = read_unit(unit)["Service"]
            for key, value in HARDENING.items():
                with self.subTest(unit=unit.name, key=key):
                    self.assertEqual(service.get(key), value)
            commands[unit.name] = service["ExecStart"].split()
        serve = commands["gongkai-serve@.service"]
        self.assertEqual(serve[:2], [INSTALLED_BINARY, "serve"])
        # The instance name is the port: gongkai-serve@8001 is nginx's upstream server.
        self.assertIn("127.0.0.1:%i", serve)
        upstream = re.search(
            r"upstream gongkai_app \{(.*?)\}", NGINX_CONF.read_text("utf-8"), re.S
        )
        self.assertIn("server 127.0.0.1:8001;", upstream.group(1))
        # The unit's arguments are ones the real command accepts (systemd does not check them).
        from gongkai.publishing.management.commands.serve import Command

        Command().create_parser("gongkai", "serve").parse_args(
            [argument.replace("%i", "8001") for argument in serve[2:]]
        )
        self.assertEqual(
            commands["gongkai-worker.service"], [INSTALLED_BINARY, "worker"]
        )
        self.assertEqual(
            commands["gongkai-inspect.service"],
            [INSTALLED_BINARY, "inspect", "--store"],
        )
