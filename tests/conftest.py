"""Shared fixtures: the spaCy model, a store built from the seed article, a browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def nlp():
    from graph.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory, nlp) -> Path:
    """A store holding the seed article (built once per session)."""
    from graph import Store, ingest

    path = tmp_path_factory.mktemp("seed") / "seed.db"
    with Store(path) as store:
        ingest([str(SEEDS)], store)
    return path


@pytest.fixture(scope="session")
def seed_graph(seed_db):
    from graph import load_graph

    return load_graph(str(seed_db))


def chromium_path() -> str | None:
    return os.environ.get("NEWSGRAPH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; never downloads a browser."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI: apt-get install chromium (make test does it)")
        pytest.skip("Chromium not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"])
        yield b
        b.close()
