"""The traversal corpus (traversal_corpus.txt) and the checks every server must pass.

Shared by the tests of `gongkai serve` and of the documented nginx configuration: the
requests are sent on a raw socket, byte for byte as written, so no client library
normalises them first.
"""

import socket
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).with_name("traversal_corpus.txt")
CANARY_NAME = "gk-canary.txt"
CANARY_TEXT = "GK-CANARY-3f9c1e outside the publish root\n"
# Bytes that only a file outside the publish root can put in a response.
LEAK_MARKERS = (b"GK-CANARY-3f9c1e", b"root:x:0:0", b"SQLite format 3", b"PATH=/")
ALLOWED_STATUSES = (400, 403, 404)


@dataclass(frozen=True)
class Probe:
    target: str  # request target, sent as is
    host: str | None  # None: the site's own host

    def __str__(self) -> str:
        return (
            f"Host: {self.host} GET {self.target}"
            if self.host is not None
            else f"GET {self.target}"
        )


def plant_canaries(publish_root: Path) -> Path:
    """Canary files beside the site folders and one level up; returns the outer one."""
    (publish_root / CANARY_NAME).write_text(CANARY_TEXT, encoding="utf-8")
    outer = publish_root.parent / CANARY_NAME
    outer.write_text(CANARY_TEXT, encoding="utf-8")
    return outer.resolve()


def load_probes(canary: Path, tree: str) -> list[Probe]:
    probes = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, value = line.partition(" ")
        value = value.replace("{ABS}", str(canary).lstrip("/")).replace("{TREE}", tree)
        if kind == "path":
            probes.append(Probe(value, None))
        elif kind == "host":
            probes.append(Probe("/", value))
        else:
            raise ValueError(f"unknown corpus line: {line!r}")
    return probes


def send_raw(
    port: int, target: str, host: str, method: str = "GET", timeout: float = 10
) -> tuple[int, bytes]:
    """One HTTP/1.1 request on a fresh connection; (status, body bytes after the headers)."""
    request = f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(request.encode("latin-1"))
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    head, _, body = response.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].split()
    return int(status_line[1]) if len(status_line) > 1 else 0, body


def leak_in(body: bytes) -> bytes | None:
    return next((marker for marker in LEAK_MARKERS if marker in body), None)


def failures(port: int, site_host: str, probes: list[Probe]) -> list[str]:
    """Every probe answered otherwise than 400/403/404 or leaking a marker, described."""
    found = []
    for probe in probes:
        status, body = send_raw(
            port, probe.target, probe.host if probe.host is not None else site_host
        )
        marker = leak_in(body)
        if status not in ALLOWED_STATUSES or marker is not None:
            found.append(
                f"{probe}: {status}" + (f", leaked {marker!r}" if marker else "")
            )
    return found
