"""DESIGN section 2 and the layout of the package: each folder is a layer, imports go down only.

    core/    pure: imports no other layer, and neither click, rich nor yaml
    files/   the file system: imports core; only files/yamlreader.py imports yaml (and only
             files/criteria.py ruamel.yaml, for the round-trip edit of `criteria`)
    app.py   one function per command: imports core and files
    output/  results for people and machines: imports core and files; the only one with rich
    cli.py   click, and only it: imports everything else

The walk reads every ``import`` of every module with :mod:`ast`, those inside functions and
``if TYPE_CHECKING:`` blocks included, so a lazy import cannot hide a wrong arrow.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tdi_split

from .helpers import REFERENCE

PACKAGE = Path(tdi_split.__file__).parent
ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "files": {"core", "files"},
    "app": {"core", "files"},
    "output": {"core", "files", "output"},
    "gctune": set(),
    "cli": {"app", "core", "files", "output", "gctune", "package"},
    "package": {"app", "core", "cli"},  # __init__ (lazy names) and __main__
}
THIRD_PARTY_HOMES = {
    "click": {"cli"},
    "rich": {"output"},
    "yaml": {"files/yamlreader.py"},
    "ruamel": {"files/criteria.py"},  # the round-trip edit of `criteria`, and nothing else
}
MODULES = sorted(
    info.name for info in pkgutil.walk_packages(tdi_split.__path__, "tdi_split.") if info.name != "tdi_split.__main__"
)
CORE = [name for name in MODULES if name.startswith("tdi_split.core.")]


def _layer(relative: Path) -> str:
    if len(relative.parts) > 1:
        return relative.parts[0]
    return "package" if relative.stem.startswith("__") else relative.stem


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in ``path``."""
    package = ["tdi_split", *path.relative_to(PACKAGE).parent.parts]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            if node.module is None:  # from . import app
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
    return found


def _target_layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "tdi_split":
        return None
    if len(parts) == 1:
        return "package"
    target = PACKAGE / parts[1]
    return parts[1] if target.is_dir() else _layer(Path(parts[1] + ".py"))


def _wrong_arrows() -> list[str]:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        layer = _layer(relative)
        for line, module in _imports(path):
            target = _target_layer(module)
            top = module.split(".")[0]
            if target is not None and target != layer and target not in ALLOWED[layer]:
                wrong.append(f"{relative}:{line}: {layer} imports {module} ({target})")
            homes = THIRD_PARTY_HOMES.get(top)
            if homes is not None and layer not in homes and relative.as_posix() not in homes:
                wrong.append(f"{relative}:{line}: {layer} imports {top}")
    return wrong


def test_imports_go_down_the_layers_only() -> None:
    assert _wrong_arrows() == []


def test_the_walk_sees_a_wrong_arrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: a core module that imports the output layer, or rich, is caught."""
    fake = tmp_path / "tdi_split"
    (fake / "core").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "core" / "bad.py").write_text("def f():\n    from ..output import formats\n    import rich\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert _wrong_arrows() == [
        "core/bad.py:2: core imports tdi_split.output (output)",
        "core/bad.py:3: core imports rich",
    ]


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


@pytest.mark.parametrize("module", CORE)
def test_the_core_loads_neither_click_rich_nor_yaml(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert {"click", "rich", "yaml", "ruamel"} & loaded == set()


def test_the_library_api_computes_without_click_or_rich() -> None:
    loaded = _loaded_after(f"from tdi_split import load, compute; compute(load({str(REFERENCE)!r}))")
    assert {"click", "rich"} & loaded == set()


def test_help_builds_no_model_and_loads_no_rich() -> None:
    loaded = _loaded_after("from tdi_split.cli import main\ntry:\n main(['--help'])\nexcept SystemExit: pass")
    assert {"rich", "pydantic", "yaml"} & loaded == set()


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_on_its_own(module: str) -> None:
    _loaded_after(f"import {module}")
