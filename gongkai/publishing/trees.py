"""A site's publish folder on disk: atomic file writes and whole-tree switches.

`<root>/<site folder>` is a symbolic link to `<root>/.trees/<site folder>.<stamp>/`.
A full publish writes a new tree beside the live one and replaces the link in one
rename(2); a single file is written to a temporary name and renamed over the old
one. Either way a reader sees the old file or the new one, never part of one, and a
crash leaves the previous site in place (only a stray temporary file or tree).
"""

import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

TREES_DIR = ".trees"
TEMP_PREFIX = ".tmp-"


def site_link(root: Path, folder: str) -> Path:
    return root / folder


def live_tree(root: Path, folder: str) -> Path | None:
    """The directory currently served for the site, or None before the first publish."""
    link = site_link(root, folder)
    return link.resolve() if link.is_dir() else None


def create_tree(root: Path, folder: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - a folder name, local time is fine
    tree = root / TREES_DIR / f"{folder}.{stamp}.{uuid.uuid4().hex[:8]}"
    tree.mkdir(parents=True)
    return tree


def switch_tree(root: Path, folder: str, tree: Path) -> Path | None:
    """Make `tree` the live tree in one rename; return the previous tree."""
    previous = live_tree(root, folder)
    link = site_link(root, folder)
    if link.exists() and not link.is_symlink():
        raise OSError(f"{link} is a directory, not the link a publish manages")
    temporary = root / f"{TEMP_PREFIX}{folder}.{uuid.uuid4().hex}"
    os.symlink(os.path.relpath(tree, root), temporary)
    os.replace(temporary, link)
    return previous


def remove_tree(tree: Path) -> None:
    shutil.rmtree(tree, ignore_errors=True)


def write_file(path: Path, data: bytes) -> None:
    """Write `data` at `path` atomically: a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{TEMP_PREFIX}{path.name}.{uuid.uuid4().hex[:8]}")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def remove_file(tree: Path, relative: str) -> None:
    """Remove a published file and the folders it leaves empty."""
    path = tree / relative
    path.unlink(missing_ok=True)
    parent = path.parent
    while parent != tree and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def walk_files(tree: Path) -> Iterator[str]:
    """Relative paths of every file in a tree (temporary files included: they count as added)."""
    for directory, _dirs, files in os.walk(tree):
        for name in files:
            yield os.path.relpath(os.path.join(directory, name), tree).replace(os.sep, "/")


@contextmanager
def site_lock(root: Path, folder: str) -> Iterator[None]:
    """One writer per site at a time, across threads and processes of this machine."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f".{folder}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
