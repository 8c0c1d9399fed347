"""The notebooks: stored without outputs, using the public API, and running top to bottom."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
nbformat = pytest.importorskip("nbformat")


def test_there_is_an_explore_notebook():
    assert ROOT / "notebooks" / "explore.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_without_outputs_and_importing_only_graph(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "clear the outputs before committing"
            for module in re.findall(r"^\s*(?:from|import) (graph[\w.]*)", cell.source, re.M):
                assert not re.search(r"\._|\b_", module), module  # no private modules


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.delenv("NEO4J_URI", raising=False)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    text = "\n".join(out.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                     for out in cell.outputs)
    assert "Vladimir Putin" in text and "skipped" in text
    html = [out for cell in nb.cells for out in cell.get("outputs", [])
            if "text/html" in out.get("data", {})]
    assert html and html[0]["data"]["text/html"].startswith("<iframe srcdoc=")
