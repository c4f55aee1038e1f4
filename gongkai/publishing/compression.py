"""Precompressed siblings of published text files: `page.html.gz` and `page.html.br`.

nginx (`gzip_static on;`) and `gongkai serve` send a sibling to clients that accept its
coding instead of compressing each response again. A sibling is derived data: it is
not in the manifest; `verify` checks it by decompressing it and comparing with the
manifest's hash of its file (see `check_sibling`), so a sibling left over from an
older version of its file is found, and one whose file is gone is a stray.

Brotli needs the `brotli` package (a dependency of gongkai); where it cannot be
imported, only .gz siblings are written and an old .br sibling is removed.
"""

import gzip
import hashlib
from collections.abc import Callable
from pathlib import Path

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is a declared dependency
    brotli = None

# Text types worth compressing; images, PDFs and office files are compressed already.
COMPRESSIBLE_SUFFIXES = frozenset(
    {".html", ".css", ".js", ".xml", ".json", ".txt", ".svg"}
)
# Below this a response fits one TCP segment either way: no sibling (nginx's on-the-fly
# gzip_min_length is lower; it only decides whether nginx compresses itself).
MIN_SIZE = 1024
# gzip -9 and brotli 5: written once per publish, read many times, but a full publish
# writes every page. Measured on an 18 KB item page of the 100,000-item benchmark
# (2026-12-06): brotli 10 took 6.5 ms for 1,993 bytes, brotli 5 0.14 ms for 2,301
# bytes, gzip -9 0.36 ms for 2,939 bytes; at 10 brotli cost about as much as rendering
# the page, so 5 keeps most of the gain over gzip at a fortieth of the time.
GZIP_LEVEL = 9
BROTLI_QUALITY = 5


def _gzip(data: bytes) -> bytes:
    # mtime=0: the same file always gives the same bytes (and the same ETag size).
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def _brotli(data: bytes) -> bytes:
    return brotli.compress(data, quality=BROTLI_QUALITY)


def _gunzip(data: bytes) -> bytes:
    return gzip.decompress(data)


def _unbrotli(data: bytes) -> bytes:
    return brotli.decompress(data)


# suffix -> (compress, decompress); .br only where brotli is importable.
CODINGS: dict[str, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]] = {
    ".gz": (_gzip, _gunzip)
}
if brotli is not None:
    CODINGS[".br"] = (_brotli, _unbrotli)
# Every suffix a sibling may have, written or not: what removal and verify look for.
SIBLING_SUFFIXES = (".gz", ".br")


def is_compressible(relative: str) -> bool:
    return Path(relative).suffix.lower() in COMPRESSIBLE_SUFFIXES


def wants_siblings(relative: str, size: int) -> bool:
    return size >= MIN_SIZE and is_compressible(relative)


def sibling_paths(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in SIBLING_SUFFIXES]


def compressed_siblings(relative: str, data: bytes) -> dict[str, bytes]:
    """{suffix: compressed bytes} that a file with these bytes should have beside it."""
    if not wants_siblings(relative, len(data)):
        return {}
    return {
        suffix: compress(data) for suffix, (compress, _decompress) in CODINGS.items()
    }


def write_siblings(
    path: Path, relative: str, data: bytes, write: Callable[[Path, bytes], None]
) -> None:
    """Write the siblings of `path` (just written with `data`) with `write` (atomic or
    plain, as the caller writes the file itself) and remove those it should not have."""
    wanted = compressed_siblings(relative, data)
    for suffix in SIBLING_SUFFIXES:
        sibling = path.with_name(path.name + suffix)
        if suffix in wanted:
            write(sibling, wanted[suffix])
        else:
            sibling.unlink(missing_ok=True)


def remove_siblings(path: Path) -> None:
    for sibling in sibling_paths(path):
        sibling.unlink(missing_ok=True)


def sibling_base(relative: str) -> str | None:
    """The file a sibling belongs to (`a/b.html.gz` -> `a/b.html`); None for a path that
    is not named like a sibling of a compressible file."""
    for suffix in SIBLING_SUFFIXES:
        if relative.endswith(suffix) and is_compressible(relative[: -len(suffix)]):
            return relative[: -len(suffix)]
    return None


def check_sibling(relative: str, data: bytes, size: int, sha256: str) -> bool:
    """Whether the sibling `relative` with bytes `data` is what its file, recorded in
    the manifest with `size` and `sha256`, should have beside it."""
    base = sibling_base(relative)
    suffix = relative[len(base) :] if base is not None else ""
    if base is None or suffix not in CODINGS or not wants_siblings(base, size):
        return False
    try:
        original = CODINGS[suffix][1](data)
    except Exception:  # noqa: BLE001 - corrupt data: gzip raises OSError/EOFError/zlib.error, brotli its own error
        return False
    return len(original) == size and hashlib.sha256(original).hexdigest() == sha256
