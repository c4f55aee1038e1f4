"""A site's publish folder on disk: atomic file writes and whole-tree switches.

`<root>/<site folder>` is a symbolic link to `<root>/.trees/<site folder>.<stamp>/`.
A full publish writes a new tree beside the live one and replaces the link in one
rename(2); a single file is written to a temporary name and renamed over the old
one. Either way a reader sees the old file or the new one, never part of one, and a
crash leaves the previous site in place (only a stray temporary file or tree).
"""

import fcntl
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from .compression import remove_siblings, write_siblings

TREES_DIR = ".trees"
TEMP_PREFIX = ".tmp-"


def site_link(root: Path, folder: str) -> Path:
    return root / folder


def live_tree(root: Path, folder: str) -> Path | None:
    """The directory currently served for the site, or None before the first publish.

    The link must lead to a tree of `<root>/.trees/`: a link planted to point anywhere
    else (outside the root, or at the root itself) is refused, so that nothing that
    reads, verifies or repairs the site ever works outside the publish root."""
    link = site_link(root, folder)
    if not link.is_dir():
        return None
    tree = link.resolve()
    if tree.parent != (root / TREES_DIR).resolve() or not tree.name.startswith(
        f"{folder}."
    ):
        raise OSError(f"{link} points to {tree}, outside {root / TREES_DIR}")
    return tree


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
    shutil.rmtree(
        tree, ignore_errors=True
    )  # rmtree never follows symlinks inside the tree


def abandoned_trees(root: Path, folder: str) -> list[Path]:
    """Trees of this site other than the live one: left by a publish that was killed
    after creating its tree. Only call with the site's lock held (see site_lock)."""
    pattern = re.compile(rf"{re.escape(folder)}\.\d{{8}}-\d{{6}}\.[0-9a-f]{{8}}")
    live = live_tree(root, folder)
    trees = root / TREES_DIR
    if not trees.is_dir():
        return []
    return sorted(
        path
        for path in trees.iterdir()
        if pattern.fullmatch(path.name)
        and path != live
        and not path.is_symlink()
        and path.is_dir()
    )


# The switch journal. A full publish switches the link and replaces the manifest (a
# database transaction); the two cannot happen in one atomic step. The journal is
# written (atomically) before the transaction and removed only after it committed, so
# "journal present" <=> "a publish may have stopped between the two" — the only state
# in which the live tree and the manifest may disagree in a way the files alone do not
# show. verify reports it, repair brings the live tree in line with the manifest file
# by file (the manifest is authoritative either way) and the next full publish replaces
# both. A crash before the journal leaves the old tree and old manifest; a crash after
# its removal leaves the new ones: both consistent.
def journal_path(root: Path, folder: str) -> Path:
    return root / f".{folder}.switching"


def write_journal(root: Path, folder: str, tree: Path) -> None:
    write_file(journal_path(root, folder), tree.name.encode())
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)  # the journal's name is on disk before the switch
    finally:
        os.close(fd)


def clear_journal(root: Path, folder: str) -> None:
    journal_path(root, folder).unlink(missing_ok=True)


def has_journal(root: Path, folder: str) -> bool:
    return journal_path(root, folder).exists()


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


def write_published(
    path: Path, relative: str, data: bytes, *, atomic: bool = True
) -> None:
    """Write a published file and its precompressed siblings (compression.py), each
    atomically into a live tree, or plainly into a new tree that is not served yet."""
    write = write_file if atomic else _write_plain
    write(path, data)
    write_siblings(path, relative, data, write)


def _write_plain(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def remove_file(tree: Path, relative: str) -> None:
    """Remove a published file, its precompressed siblings and the folders it leaves empty."""
    path = tree / relative
    path.unlink(missing_ok=True)
    remove_siblings(path)
    parent = path.parent
    while parent != tree and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def walk_files(tree: Path) -> Iterator[tuple[str, bool]]:
    """(relative path, is a symlink) of every entry in a tree that is not a real folder:
    regular files (temporary files included: they count as added) and symbolic links,
    whether they point to a file or a folder, inside the tree or out. Symlinked folders
    are reported as entries and never entered (os.walk does not follow them)."""
    for directory, dirs, files in os.walk(tree):
        for name in sorted(
            files + [d for d in dirs if os.path.islink(os.path.join(directory, d))]
        ):
            path = os.path.join(directory, name)
            yield os.path.relpath(path, tree).replace(os.sep, "/"), os.path.islink(path)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(directory, d))]


def is_inside(tree: Path, path: Path) -> bool:
    """Whether `path`'s folder lies inside `tree` with no symlink on the way."""
    return (
        path.parent.resolve().is_relative_to(tree.resolve()) and not path.is_symlink()
    )


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
