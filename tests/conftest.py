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
    from graph.pipeline.nlp import load_model

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


@pytest.fixture(scope="session")
def neo4j_client():
    """A client of the Neo4j server at NEO4J_URI (default bolt://127.0.0.1:7687; `make test`
    starts one). Unreachable: a failure in CI, a skip elsewhere. Tests delete its Entity and
    Document nodes, so it refuses a database holding other labels."""
    from graph.cypher.statements import DOCUMENT, ENTITY, ENTITY_LABELS, LABELS
    from graph.errors import Neo4jError
    from graph.cypher.neo4j import Neo4jClient, Neo4jSettings

    try:
        client = Neo4jClient(Neo4jSettings.resolve(os.environ.get("NEO4J_URI") or "bolt://127.0.0.1:7687"))
    except Neo4jError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Neo4j is required in CI (make test starts it): {exc}")
        pytest.skip(f"no Neo4j server: {exc}")
    labels = {row[0] for row in client.query(LABELS).rows}
    foreign = sorted(labels - {ENTITY, DOCUMENT, *ENTITY_LABELS})
    if foreign:
        client.close()
        pytest.fail(f"{client.settings.uri} holds other data (labels {', '.join(foreign)}); the tests wipe "
                    f"newsgraph's nodes, so point NEO4J_URI at a scratch server (make test starts one).")
    yield client
    client.close()


@pytest.fixture
def neo4j(neo4j_client):
    """The Neo4j client, with newsgraph's nodes deleted before the test."""
    neo4j_client.clear()
    return neo4j_client


def stored_documents(db: Path) -> int:
    """Documents committed in the store at ``db`` as another process sees it (0 if none yet)."""
    import sqlite3

    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
            return c.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.fixture
def computed(monkeypatch) -> list[int]:
    """Counts the analyses actually computed (not read from the analysis saved in the store)."""
    from graph.analysis import centrality

    calls: list[int] = []
    original = centrality._values

    def counting(g, wanted, *meanwhile):
        calls.append(len(g.nodes))
        return original(g, wanted, *meanwhile)

    monkeypatch.setattr(centrality, "_values", counting)
    return calls
