"""The import contract of pyproject.toml ([tool.importlinter], docs/architecture.md) holds,
and it is a real check: one forbidden import added to a copy of the tree breaks it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "demo", "api", "reach", "audit", "notifications", "outreach")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own linter, fixed arguments)
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_tree(destination: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            destination / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    shutil.copy(ROOT / "pyproject.toml", destination)
    return destination


def test_the_import_contract_holds():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "forbidden_import", "contract"),
    [
        ("outreach/querysets.py", "from notifications import models", "Apps stand in layers"),
        ("outreach/services/households.py", "import audit.services", "Apps stand in layers"),
        ("notifications/selectors.py", "import api.sms", "Apps stand in layers"),
        ("reach/figures.py", "from api import reach", "Apps stand in layers"),
        ("audit/services.py", "import demo.seed", "Apps stand in layers"),
        ("outreach/policies.py", "from outreach.views import health", "Inside outreach/"),
    ],
)
def test_a_forbidden_import_breaks_the_contract(tmp_path, module, forbidden_import, contract):
    # Given a copy of the code with one import the contract forbids
    tree = copy_of_the_tree(tmp_path)
    source = tree / module
    source.write_text(source.read_text() + f"\n{forbidden_import}\n")

    # When the linter runs on it
    result = lint_imports(tree)

    # Then it fails, naming the contract that the import breaks
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken
    assert module.removesuffix(".py").replace("/", ".") in broken
