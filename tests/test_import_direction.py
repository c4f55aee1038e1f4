"""The import direction of docs/architecture.md, enforced (issue 18).

Every module of every gongkai app (tests excluded) is parsed, and every import of
another gongkai app — at module level or lazily inside a function — is checked
against the layer table: an app may import its own layer's infrastructure (core,
settings) and lower layers only. The known deviations are listed by name, each with
the issue that removes it; the list may only shrink. A new app must be given a
layer here before it can pass.

Why our own test rather than import-linter: the rule needs lazy imports inside
functions counted too (they are how the current cycles hide), and the whole check is
forty lines over the standard library's ast.
"""

import ast
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "gongkai"

# docs/architecture.md, "Apps and the import direction": higher numbers sit higher.
LAYERS = {
    "core": 0,
    "workdays": 1,
    "catalog": 2,
    "stats": 2,
    "editorial": 3,
    "applications": 3,
    "applications_public": 4,
    "interaction": 3,
    "search": 4,
    "reports": 4,
    "columns": 5,
    "publishing": 6,
    "inspection": 6,
    "opendata": 6,
    "portal_import": 6,
    "demo": 7,
}
# Modules of the package that are not apps: the project shell may import anything.
PROJECT_MODULES = {"settings", "urls", "wsgi", "__main__", "templates"}

# (importing app, imported app): tolerated until the issue named beside it removes it.
# Do not add to this list. (Issue 18 emptied it: core no longer imports catalog or
# search now that the page types live in `columns`.)
KNOWN_DEVIATIONS: set[tuple[str, str]] = set()

# Apps of one layer that must not import each other all the same: both derive data
# from pages, and each consumes the change batch of core/changes.py on its own.
SEPARATE = {
    ("publishing", "search"),
    ("search", "publishing"),
}


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "gongkai":
        return None
    return parts[1]


def _imported_modules(tree: ast.AST, package: str) -> set[str]:
    """Absolute names of every module imported anywhere in the tree."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                prefix = ".".join(base)
                found.add(f"{prefix}.{node.module}" if node.module else prefix)
            elif node.module:
                found.add(node.module)
                # `from gongkai import catalog` names an app as the imported object.
                if node.module == "gongkai":
                    found.update(f"gongkai.{alias.name}" for alias in node.names)
    return found


def _app_sources() -> list[tuple[str, Path]]:
    sources = []
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        relative = path.relative_to(PACKAGE_ROOT)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        if len(relative.parts) < 2 or relative.parts[0] in PROJECT_MODULES:
            continue
        sources.append((relative.parts[0], path))
    return sources


def _violations() -> list[str]:
    violations = []
    for app, path in _app_sources():
        package = "gongkai." + ".".join(path.relative_to(PACKAGE_ROOT).parent.parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for module in sorted(_imported_modules(tree, package)):
            imported = _app_of(module)
            if imported is None or imported == app or imported in PROJECT_MODULES:
                continue
            if imported not in LAYERS:
                violations.append(f"{path}: imports unknown app {imported!r}")
            elif (app, imported) in SEPARATE or (
                LAYERS[imported] > LAYERS[app]
                and (app, imported) not in KNOWN_DEVIATIONS
            ):
                violations.append(
                    f"{path}: {app} (layer {LAYERS[app]}) imports {module}"
                )
    return violations


def test_every_app_has_a_layer() -> None:
    apps = {
        path.name
        for path in PACKAGE_ROOT.iterdir()
        if path.is_dir() and (path / "apps.py").exists()
    }
    assert apps - set(LAYERS) == set(), (
        "give the new app a layer in LAYERS and docs/architecture.md"
    )


def test_no_app_imports_a_higher_layer() -> None:
    assert _violations() == []


def test_known_deviations_still_exist() -> None:
    """A deviation that was fixed must leave the list, so that it cannot come back."""
    seen = set()
    for app, path in _app_sources():
        package = "gongkai." + ".".join(path.relative_to(PACKAGE_ROOT).parent.parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for module in _imported_modules(tree, package):
            imported = _app_of(module)
            if (app, imported) in KNOWN_DEVIATIONS:
                seen.add((app, imported))
    assert KNOWN_DEVIATIONS - seen == set()


@pytest.mark.parametrize(
    ("source", "package", "expected"),
    [
        ("from gongkai.search import views", "gongkai.core", {"gongkai.search"}),
        (
            "def f():\n    from gongkai.catalog.selectors import x",
            "gongkai.core",
            {"gongkai.catalog.selectors"},
        ),
        ("from ..catalog import models", "gongkai.core.sub", {"gongkai.core.catalog"}),
        ("from ...search import views", "gongkai.core.sub", {"gongkai.search"}),
        ("from gongkai import reports", "gongkai.core", {"gongkai", "gongkai.reports"}),
    ],
)
def test_imports_are_found_lazy_and_relative(
    source: str, package: str, expected: set[str]
) -> None:
    assert _imported_modules(ast.parse(source), package) == expected
