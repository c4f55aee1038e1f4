"""Debian's nginx running docs/deploy/nginx.conf, adapted to a temporary publish root.

Used by tests/test_nginx_e2e.py and by the tests that need a real proxy in front of
the application (two clients behind nginx).
"""

import http.client
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

NGINX = "/usr/sbin/nginx"
DEPLOY = Path(__file__).resolve().parent.parent / "docs" / "deploy"
CONFIG = DEPLOY / "nginx.conf"
HEADERS_INCLUDE = "/etc/nginx/snippets/gongkai-security-headers.conf"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_folders(publish_root: str) -> list[str]:
    return sorted(
        entry.name
        for entry in Path(publish_root).iterdir()
        if not entry.name.startswith(".") and entry.is_dir()
    )


class Nginx:
    """nginx in the foreground with the deploy configuration, adapted to a temporary root.

    `site_host` is the site's host name (server_name and folder); by default the one site
    folder of the publish root, and when there is none or several, the site's block
    answers any Host (its folder then does not exist: dynamic prefixes only).
    `https`: the site's block as the commented HTTPS example of nginx.conf describes it
    (TLS with a self-signed certificate, security-headers-https.conf included).
    """

    def __init__(
        self,
        publish_root: str,
        app_address: str,
        site_host: str | None = None,
        https: bool = False,
    ) -> None:
        folders = site_folders(publish_root)
        any_host = site_host is None and len(folders) != 1
        if site_host is None:
            site_host = folders[0] if len(folders) == 1 else "_"
        self.site_host = site_host
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="gk-nginx-")
        self.https = https
        site = CONFIG.read_text(encoding="utf-8")
        certificate = ""
        if https:
            certificate = self._self_signed_certificate()
            for old, new in (
                ("listen 80", "listen 80 ssl"),
                (
                    f"    include {HEADERS_INCLUDE};",
                    f"    include {HEADERS_INCLUDE};\n    include {DEPLOY / 'security-headers-https.conf'};",
                ),
            ):
                assert old in site, old
                site = site.replace(old, new)
        if any_host:
            # No single site folder (a test of the dynamic services only): the site's
            # block becomes the default server and answers every Host.
            for old, new in (
                ("listen 80 default_server;", "listen 80;"),
                ("    server_name _;\n", "    server_name gongkai-unused.invalid;\n"),
                (
                    "    listen 80;                            # listen\n    server_name www",
                    "    listen 80 default_server;\n    server_name www",
                ),
            ):
                assert old in site, old
                site = site.replace(old, new, 1)
        for old, new in (
            ("server 127.0.0.1:8001;", f"server {app_address};"),
            ("listen 80", f"listen 127.0.0.1:{self.port}"),
            ("/srv/gongkai/publish/", f"{publish_root}/"),
            ("www.example.gov.cn", site_host),
            (HEADERS_INCLUDE, str(DEPLOY / "security-headers.conf")),
        ):
            assert old in site, old
            site = site.replace(old, new)
        temp = "\n".join(
            f"  {kind}_temp_path {self.dir}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = "user root;\n" if os.geteuid() == 0 else ""
        # The http block of Debian's /etc/nginx/nginx.conf, which includes sites-enabled/.
        Path(self.dir, "nginx.conf").write_text(
            f"{user}daemon off;\npid {self.dir}/nginx.pid;\nerror_log {self.dir}/error.log;\n"
            f"events {{ worker_connections 64; }}\nhttp {{\n  include /etc/nginx/mime.types;\n"
            f"  default_type application/octet-stream;\n  sendfile on;\n"
            f"  access_log off;\n{certificate}{temp}\n{site}\n}}\n",
            encoding="utf-8",
        )

    def _self_signed_certificate(self) -> str:
        """ssl_certificate lines (http level) for a throw-away certificate."""
        cert, key = f"{self.dir}/cert.pem", f"{self.dir}/key.pem"
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                "/usr/bin/openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=gongkai-test",
                "-keyout",
                key,
                "-out",
                cert,
            ],
            check=True,
            capture_output=True,
        )
        return f"  ssl_certificate {cert};\n  ssl_certificate_key {key};\n"

    def __enter__(self) -> "Nginx":
        command = [NGINX, "-p", self.dir, "-c", f"{self.dir}/nginx.conf"]
        self.process = subprocess.Popen(command)  # noqa: S603 - fixed arguments, our own config
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
        self.__exit__()
        raise RuntimeError(Path(self.dir, "error.log").read_text())

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)

    def fetch(
        self,
        host: str,
        path: str,
        method: str = "GET",
        headers: dict | None = None,
        body: bytes | None = None,
    ):
        """(status, headers as a list of (name, value), body)."""
        if self.https:
            context = ssl._create_unverified_context()  # noqa: S323 - our own self-signed test certificate
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=10, context=context
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request(
            method, path, body=body, headers={"Host": host, **(headers or {})}
        )
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, response.getheaders(), data

    def request(
        self, host: str, path: str, method: str = "GET", headers: dict | None = None
    ):
        status, response_headers, body = self.fetch(host, path, method, headers)
        content_type = next(
            (
                value
                for name, value in response_headers
                if name.lower() == "content-type"
            ),
            "",
        )
        return status, content_type, body
