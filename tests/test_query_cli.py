"""`newsgraph query`, `push`, `export --cypher` and `build --neo4j`, driven through CliRunner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import cli

from .conftest import SEEDS
from .test_embedded import CALLS, copy_store

pytestmark = pytest.mark.slow


@pytest.fixture
def run(tmp_path, monkeypatch, seed_db):
    """The CLI on a private copy of the seed store, with no Neo4j configured."""
    monkeypatch.chdir(tmp_path)
    for var in ("NEWSGRAPH_DB", "NEO4J_URI", "NEO4J_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    db = copy_store(seed_db, tmp_path / "t.db")

    def invoke(*args: str):
        return CliRunner().invoke(cli, ["-q", "--db", str(db), *args])

    return invoke


def _one_line_error(result, start: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {start}") and len(result.output.strip().splitlines()) == 1
    assert "Hint:" in result.output and "Traceback" not in result.output


def test_query_runs_embedded_without_a_server(run):
    result = run("query", CALLS)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["a.name", "b.name", "r.date"]
    assert any(line.split()[:4] == ["Donald", "Trump", "Vladimir", "Putin"] for line in lines)
    rows = json.loads(run("query", CALLS, "--format", "json").output)
    assert {"a.name": "Vladimir Putin", "b.name": "Donald Trump", "r.date": None} in rows
    assert run("query", CALLS, "--format", "csv").output.startswith("a.name,b.name,r.date\n")


def test_named_queries(run):
    listing = run("query", "--list")
    assert listing.exit_code == 0 and "@shortest-paths from=... to=... [limit=25]" in listing.output
    result = run("query", "@neighbourhood", "--param", "name=Vladimir Putin", "-p", "limit=2", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [row["neighbour"] for row in json.loads(result.output)][0] == "Donald Trump"
    nodes = run("query", "MATCH (e:Entity) WHERE e.name = $name RETURN e", "-p", "name=Vladimir Putin")
    assert "(Vladimir Putin:Person)" in nodes.output


@pytest.mark.parametrize("args,start", [
    (("query", "MATCH (n RETURN n"), "Cypher syntax error"),
    (("query", "CREATE (:Person {id: 'x'})"), "The embedded engine is a read-only view"),
    (("query", "RETURN 1", "--write"), "The embedded engine is a read-only view"),
    (("query", "@nosuch"), "No named query '@nosuch'."),
    (("query", "RETURN 1", "--neo4j-uri", "bolt://127.0.0.1:1"), "Cannot connect to Neo4j at bolt://127.0.0.1:1"),
    (("push", "--neo4j-uri", "bolt://127.0.0.1:1"), "Cannot connect to Neo4j at bolt://127.0.0.1:1"),
])
def test_errors_are_one_line_with_a_hint(run, args, start):
    _one_line_error(run(*args), start)


def test_usage_errors(run):
    assert run("query").exit_code == 2
    assert run("query", "@neighbourhood").exit_code == 1
    assert run("query", "RETURN 1", "--format", "xml").exit_code == 2


def test_export_a_query_result_embedded(run, tmp_path):
    out = tmp_path / "calls.json"
    result = run("export", "--cypher", "MATCH p = (:Person)-[:SPOKE_TO]-(:Person) RETURN p", "--format", "json",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert {"Donald Trump", "Vladimir Putin"} <= {n["name"] for n in data["nodes"]}
    assert {e["type"] for e in data["edges"]} == {"SPOKE_TO"}
    scalar = run("export", "--cypher", "MATCH (e:Person) RETURN e.name", "--format", "json", "-o", str(out))
    assert scalar.exit_code == 1 and "no nodes, relationships or paths" in scalar.output
    script = run("export", "--format", "cypher", "--around", "Vladimir Putin", "-o", str(tmp_path / "p.cypher"))
    assert script.exit_code == 0, script.output
    assert (tmp_path / "p.cypher").read_text().count("\n") > 20


@pytest.mark.neo4j
def test_push_query_and_export_with_neo4j(run, neo4j, tmp_path):
    uri = ["--neo4j-uri", neo4j.settings.uri]
    first = run("push", *uri)
    assert first.exit_code == 0, first.output
    assert first.output.startswith(f"pushed to {neo4j.settings.uri}") and "SPOKE_TO +" in first.output
    second = run("push", *uri)
    assert second.output.strip().endswith("already up to date")
    local = run("query", CALLS, "--format", "json")
    remote = run("query", CALLS, "--format", "json", *uri)
    assert remote.exit_code == 0, remote.output
    key = lambda row: (row["a.name"], row["b.name"], row["r.date"] or "")  # noqa: E731
    assert sorted(json.loads(remote.output), key=key) == sorted(json.loads(local.output), key=key)
    _one_line_error(run("query", "CREATE (n:Entity {id: 'w'})", *uri), "This query writes")
    wrote = run("query", "CREATE (n:Entity {id: 'w'}) RETURN n.id AS id", "--write", *uri)
    assert wrote.exit_code == 0 and "w" in wrote.output
    run("query", "MATCH (n:Entity {id: 'w'}) DELETE n", "--write", *uri)
    for engine in (uri, []):
        out = tmp_path / f"calls{len(engine)}.json"
        result = run("export", "--cypher", "MATCH p = (:Person)-[:SPOKE_TO]->(:Person) RETURN p",
                     "--format", "json", "-o", str(out), *engine)
        assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "calls2.json").read_text()) == json.loads((tmp_path / "calls0.json").read_text())


@pytest.mark.neo4j
def test_build_pushes_with_neo4j_flag(neo4j, tmp_path, monkeypatch, nlp):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["-q", "--db", str(tmp_path / "b.db"), "build", str(SEEDS), "--out", "out",
                                      "--neo4j", "--neo4j-uri", neo4j.settings.uri])
    assert result.exit_code == 0, result.output
    assert f"pushed to {neo4j.settings.uri}" in result.output
    assert neo4j.counts()["Document"] == 1
