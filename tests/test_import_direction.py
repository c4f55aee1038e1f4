"""The import direction of docs/architecture.md, enforced (issue 18).

Every module of every gongkai app (tests excluded) is parsed, and every import of
another gongkai app — at module level or lazily inside a function — is checked
against the layer table: an app may import its own layer's infrastructure (core,
settings) and lower layers only. The known deviations are listed by name, each with
the issue that removes it; the list may only shrink. A new app must be given a
layer here before it can pass.

Two more rules close the way cycles used to hide. An import of another gongkai app
inside a function (a lazy import) fails unless it sits in an AppConfig.ready() body
(which runs once the app registry is ready, so it cannot import models earlier) or is
named in LAZY_ALLOWED with the reason it cannot be at module level. And the graph of
apps (module-level and lazy imports together) must have no cycle, including between
apps of one layer, which the layer rule alone allows to import each other.

Why our own test rather than import-linter: the rule needs lazy imports inside
functions counted too (they are how the old cycles hid), and the whole check is a
little over a hundred lines over the standard library's ast.
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


# (module path under gongkai/, imported module): a function-level import of another app
# that must stay lazy, with the reason. Empty since issue 18 hoisted the last twenty;
# may only shrink. AppConfig.ready() bodies in apps.py are allowed without an entry.
LAZY_ALLOWED: dict[tuple[str, str], str] = {}


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


def _resolve(node: ast.Import | ast.ImportFrom, package: str) -> set[str]:
    """Absolute names of the modules one import statement imports."""
    return _imported_modules(ast.Module(body=[node], type_ignores=[]), package)


def _lazy_imports(tree: ast.AST, package: str) -> list[tuple[str, str]]:
    """(qualified name of the enclosing function, imported module) for every import
    inside a function or method body, nested ones included."""
    found: list[tuple[str, str]] = []

    def visit(node: ast.AST, scope: list[str], in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom) and in_function:
                name = ".".join(scope)
                found.extend((name, module) for module in _resolve(child, package))
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, [*scope, child.name], True)
            elif isinstance(child, ast.ClassDef):
                visit(child, [*scope, child.name], in_function)
            else:
                visit(child, scope, in_function)

    visit(tree, [], False)
    return found


def _is_ready_body(path: Path, function: str) -> bool:
    """An AppConfig.ready() method in an app's apps.py (Class.ready)."""
    parts = function.split(".")
    return path.name == "apps.py" and len(parts) == 2 and parts[1] == "ready"


def _cross_app_lazy_imports() -> list[tuple[str, str, str]]:
    """(module path under gongkai/, function, imported module) of every lazy import of
    another gongkai app, outside AppConfig.ready()."""
    found = []
    for app, path in _app_sources():
        package = "gongkai." + ".".join(path.relative_to(PACKAGE_ROOT).parent.parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function, module in _lazy_imports(tree, package):
            imported = _app_of(module)
            if imported is None or imported == app or imported in PROJECT_MODULES:
                continue
            if not _is_ready_body(path, function):
                relative = path.relative_to(PACKAGE_ROOT).as_posix()
                found.append((relative, function, module))
    return found


def _app_graph() -> dict[str, set[str]]:
    """App -> the other gongkai apps it imports anywhere (module level or lazily)."""
    graph: dict[str, set[str]] = {}
    for app, path in _app_sources():
        package = "gongkai." + ".".join(path.relative_to(PACKAGE_ROOT).parent.parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for module in _imported_modules(tree, package):
            imported = _app_of(module)
            if imported is None or imported == app or imported in PROJECT_MODULES:
                continue
            graph.setdefault(app, set()).add(imported)
    return graph


def _find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph as its path (first node repeated at the end), or []."""
    done: set[str] = set()

    def walk(node: str, path: list[str]) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return []
        for target in sorted(graph.get(node, ())):
            cycle = walk(target, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return []

    for start in sorted(graph):
        cycle = walk(start, [])
        if cycle:
            return cycle
    return []


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


def test_no_lazy_import_of_another_app() -> None:
    """A lazy import hides a dependency (and so a cycle) until the function runs: hoist
    it to the module's imports, or name it in LAZY_ALLOWED with the reason it must stay."""
    unexplained = [
        f"gongkai/{path}: {function}() imports {module}"
        for path, function, module in _cross_app_lazy_imports()
        if (path, module) not in LAZY_ALLOWED
    ]
    assert unexplained == []


def test_lazy_allow_list_entries_still_exist() -> None:
    """An allowed lazy import that was hoisted must leave the list."""
    seen = {(path, module) for path, _function, module in _cross_app_lazy_imports()}
    assert set(LAZY_ALLOWED) - seen == set()


def test_app_graph_has_no_cycles() -> None:
    assert _find_cycle(_app_graph()) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from gongkai.catalog import models", []),
        (
            "def f():\n    from gongkai.catalog.selectors import x",
            [("f", "gongkai.catalog.selectors")],
        ),
        (
            "class C:\n    def m(self):\n        def g():\n            import gongkai.search",
            [("C.m.g", "gongkai.search")],
        ),
        (
            "async def f():\n    if x:\n        from ...search import views",
            [("f", "gongkai.search")],
        ),
        ("class C:\n    from gongkai.core import enums", []),
    ],
)
def test_lazy_imports_are_found_with_their_function(
    source: str, expected: list[tuple[str, str]]
) -> None:
    assert _lazy_imports(ast.parse(source), "gongkai.core.sub") == expected


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b", "c"}, "c": {"c"}}, ["c", "c"]),
        ({"x": {"y"}, "a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
    ],
)
def test_cycles_are_found(graph: dict[str, set[str]], expected: list[str]) -> None:
    assert _find_cycle(graph) == expected


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
