"""The layer rule of DESIGN.md §1: domain, store, ingest and analysis never import textual."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "influence_tui"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", ["domain", "store", "ingest", "analysis", "report"])
def test_lower_layers_never_import_textual(layer):
    for path in (PACKAGE / layer).rglob("*.py"):
        bad = {
            n
            for n in _imports(path)
            if n.split(".")[0] == "textual" or n.startswith("influence_tui.tui")
        }
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_domain_does_no_io():
    for path in (PACKAGE / "domain").rglob("*.py"):
        bad = {
            n
            for n in _imports(path)
            if n.split(".")[0] in {"sqlite3", "sqlite_utils", "os", "pathlib"}
        }
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_the_tui_never_writes_sql():
    for path in (PACKAGE / "tui").rglob("*.py"):
        text = path.read_text(encoding="utf-8").upper()
        for keyword in ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM"):
            assert keyword not in text, (
                f"{path.relative_to(PACKAGE)} contains SQL ({keyword.strip()})"
            )


def test_no_module_imports_itself_through_others():
    """No import circles, lazy imports included (import-linter checks the layer order; this checks
    the modules within a layer). Imports only for type checking don't run, so they don't count."""
    import grimp

    graph = grimp.build_graph("influence_tui", exclude_type_checking_imports=True)
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported == module or not imported.startswith("influence_tui"):
                continue
            back = graph.find_shortest_chain(importer=imported, imported=module)
            assert back is None, f"{module} -> {' -> '.join(back or ())}"
