"""DESIGN section 2: the core imports neither click, rich nor yaml; every module imports alone."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import tdi_split

from .helpers import REFERENCE

CORE = ["money", "model", "engine", "apportion", "rules", "problems"]
MODULES = sorted(
    info.name for info in pkgutil.walk_packages(tdi_split.__path__, "tdi_split.") if info.name != "tdi_split.__main__"
)


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


@pytest.mark.parametrize("module", CORE)
def test_the_core_loads_neither_click_rich_nor_yaml(module: str) -> None:
    loaded = _loaded_after(f"import tdi_split.{module}")
    assert {"click", "rich", "yaml"} & loaded == set()


def test_the_library_api_computes_without_click_or_rich() -> None:
    loaded = _loaded_after(
        f"from tdi_split import load_budget, compute; compute(load_budget({str(REFERENCE)!r}).budget)"
    )
    assert {"click", "rich"} & loaded == set()


def test_help_builds_no_model_and_loads_no_rich() -> None:
    loaded = _loaded_after("from tdi_split.cli import main\ntry:\n main(['--help'])\nexcept SystemExit: pass")
    assert {"rich", "pydantic", "yaml"} & loaded == set()


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_on_its_own(module: str) -> None:
    _loaded_after(f"import {module}")
