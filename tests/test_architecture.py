"""The architecture, checked: layered imports (setup.cfg's import-linter contracts), no import
cycle, and a CLI that parses and prints help without loading spaCy."""

import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    assert lint_imports(config_filename=str(ROOT / "setup.cfg")) == 0


def test_no_import_cycle_counting_type_checking_imports():
    g = grimp.build_graph("graph", include_external_packages=False, exclude_type_checking_imports=False)
    imports = nx.DiGraph((m, i) for m in g.modules for i in g.find_modules_directly_imported_by(m))
    cycles = [sorted(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert cycles == []


def test_each_subpackage_has_a_docstring():
    for init in sorted((ROOT / "graph").glob("*/__init__.py")):
        assert init.read_text(encoding="utf-8").lstrip().startswith('"""'), init


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout


def test_cli_help_loads_no_spacy():
    out = _run("import sys\nfrom click.testing import CliRunner\nimport cli\n"
               "for args in (['--help'], ['ingest', '--help'], ['export', '--help'], ['query', '--help'], "
               "['eval', 'relations', '--help']):\n"
               "    assert CliRunner().invoke(cli.cli, args).exit_code == 0, args\n"
               "print('spacy' in sys.modules)")
    assert out.strip() == "False"


def test_cli_usage_errors_load_no_spacy():
    out = _run("import sys\nfrom click.testing import CliRunner\nimport cli\n"
               "r = CliRunner().invoke(cli.cli, ['ingest'])\nassert r.exit_code == 2, r.output\n"
               "r = CliRunner().invoke(cli.cli, ['eval', 'relations'])\nassert r.exit_code == 2, r.output\n"
               "print('spacy' in sys.modules)")
    assert out.strip() == "False"
