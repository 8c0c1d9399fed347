"""Neo4j for real: push, sync after curation and new documents, Cypher, errors, scripts.

Runs against the server at NEO4J_URI (`make test` starts tools/neo4j on its own port).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from graph import Store, ingest, load_graph
from graph.store.curate import merge_entities, rename_entity
from graph.cypher.statements import ENTITY_LABELS
from graph.cypher.sync import open_embedded
from graph.errors import Neo4jError, QueryError
from graph.export import export
from graph.cypher.neo4j import Neo4jClient, Neo4jSettings
from graph.cypher.propgraph import property_graph
from graph.cypher.queries import named_queries, run
from graph.cypher.sync import push_store, store_rows

from .conftest import ROOT
from .test_embedded import CALLS, SLOW, copy_store

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

EVIL = "Evil \"O'Brien\" `x` }) MATCH (n) DETACH DELETE n // \\ \n\t ünï 東京 '; --"


def _expected(db: str) -> dict[str, int]:
    """Counts the database should hold after pushing the store at ``db``."""
    counts = store_rows(db)[1].counts()
    counts["Entity"] = sum(v for k, v in counts.items() if k in ENTITY_LABELS)
    return dict(sorted(counts.items()))


@pytest.fixture
def store_copy(seed_db, tmp_path):
    return str(copy_store(seed_db, tmp_path / "s.db"))


def test_push_twice_leaves_identical_counts(neo4j, seed_db):
    pg = store_rows(str(seed_db))[1]
    first = neo4j.push(pg)
    counts = neo4j.counts()
    assert counts == _expected(str(seed_db))
    assert first.changes["SPOKE_TO"][0] == pg.counts()["SPOKE_TO"]
    assert first.relationships_written == pg.relationship_count
    second = neo4j.push(store_rows(str(seed_db))[1])
    assert neo4j.counts() == counts
    assert second.format().endswith("already up to date") and second.relationships_written == 0


def test_the_trump_putin_call_with_neo4j(neo4j, seed_db):
    neo4j.push(store_rows(str(seed_db))[1])
    pairs = {(a, b) for a, b, _ in neo4j.query(CALLS).rows}
    assert ("Donald Trump", "Vladimir Putin") in pairs and ("Vladimir Putin", "Donald Trump") in pairs
    props = neo4j.query("MATCH (:Person {name: 'Donald Trump'})-[r:SPOKE_TO]->(:Person {name: 'Vladimir Putin'}) "
                        "RETURN r ORDER BY r.sentence_start LIMIT 1").rows[0][0].properties
    assert {"id", "doc_id", "sentence", "verb", "negated", "hypothetical", "cameo", "quad_class"} <= set(props)
    assert props["cameo"] == "04" and props["quad_class"] == 1 and props["negated"] is False
    labels = neo4j.query("MATCH (e:Entity {name: 'Vladimir Putin'}) RETURN labels(e)").rows[0][0]
    assert sorted(labels) == ["Entity", "Person"]
    mentioned = neo4j.query("MATCH (:Person {name: 'Vladimir Putin'})-[m:MENTIONED_IN]->(d:Document) "
                            "RETURN m.count, d.title").rows
    assert mentioned[0][0] >= 20 and mentioned[0][1].startswith("Trump speaks to Putin")


def test_constraints_and_indexes_exist(neo4j, seed_db):
    neo4j.push(store_rows(str(seed_db))[1])
    unique = {(tuple(labels), tuple(props)) for labels, props in neo4j.query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties RETURN labelsOrTypes, properties").rows}
    assert {(("Entity",), ("id",)), (("Document",), ("id",)), (("SPOKE_TO",), ("id",))} <= unique
    neo4j.ensure_schema()  # idempotent


def test_an_evil_name_round_trips(neo4j, store_copy):
    with Store(store_copy) as store:
        rename_entity(store, "Vladimir Putin", EVIL)
    neo4j.push(store_rows(store_copy)[1])
    assert neo4j.query("MATCH (e:Person) WHERE e.name = $name RETURN e.name", {"name": EVIL}).rows == [(EVIL,)]
    assert neo4j.counts() == _expected(store_copy)
    with open_embedded(store_copy) as embedded:
        assert embedded.query("MATCH (e:Person) WHERE e.name = $name RETURN e.name", {"name": EVIL}).rows == [(EVIL,)]


def test_merges_are_reflected(neo4j, store_copy):
    neo4j.push(store_rows(store_copy)[1])
    starmer = neo4j.query("MATCH (e:Entity {name: 'Keir Starmer'}) RETURN e.id").rows[0][0]
    with Store(store_copy) as store:
        merge_entities(store, "Keir Starmer", "Emmanuel Macron")
    report = neo4j.push(store_rows(store_copy)[1])
    assert report.changes["Entity"][2] == 1
    assert neo4j.query("MATCH (e:Entity {id: $id}) RETURN count(e)", {"id": starmer}).rows == [(0,)]
    assert neo4j.counts() == _expected(store_copy)
    aliases = neo4j.query("MATCH (e:Person {name: 'Emmanuel Macron'}) RETURN e.aliases").rows[0][0]
    assert "Keir Starmer" in aliases


def test_new_documents_add_only_what_is_new(neo4j, store_copy, tmp_path, nlp):
    old = store_rows(store_copy)[1]
    neo4j.push(old)
    before = neo4j.counts()
    (tmp_path / "new.txt").write_text("Summit\nOlaf Scholz met Pedro Sanchez in Berlin on Monday.",
                                      encoding="utf-8")
    with Store(store_copy) as store:
        ingest([str(tmp_path / "new.txt")], store)
    new = store_rows(store_copy)[1]
    report = neo4j.push(new)
    after = neo4j.counts()
    assert after == _expected(store_copy) and after["Document"] == before["Document"] + 1
    assert report.changes["Document"] == [1, 0, 0]
    # Only the new relationships are created, none removed; entities get new centralities.
    types = ["MENTIONED_IN", *new.relationships]
    assert sum(report.changes[t][0] for t in types) == new.relationship_count - old.relationship_count > 0
    assert sum(report.changes[t][2] for t in types) == 0 and report.changes["Entity"][2] == 0


def test_query_errors(neo4j, seed_db):
    neo4j.push(store_rows(str(seed_db))[1])
    cases = [("MATCH (n) RETURN n +", "Cypher syntax error"),
             ("CREATE (:Person {id: 'x'})", "add --write to allow writes")]
    for query, message in cases:
        with pytest.raises(QueryError) as info:
            neo4j.query(query)
        assert message in str(info.value) and "Hint:" in str(info.value) and "\n" not in str(info.value)
    with Neo4jClient(dataclasses.replace(neo4j.settings, timeout=0.5)) as quick, pytest.raises(QueryError) as info:
        quick.query(SLOW)
    assert "ran longer than 0.5s" in str(info.value) and "Hint:" in str(info.value)
    result = neo4j.query("CREATE (n:Person:Entity {id: 'tmp', name: 'Tmp'}) RETURN n.name", write=True)
    assert result.rows == [("Tmp",)] and result.counters["nodes_created"] == 1
    neo4j.query("MATCH (n:Entity {id: 'tmp'}) DELETE n", write=True)


def test_refused_connection_is_one_line():
    with pytest.raises(Neo4jError) as info:
        Neo4jClient(Neo4jSettings(uri="bolt://127.0.0.1:1"))
    text = str(info.value)
    assert text.startswith("Cannot connect to Neo4j at bolt://127.0.0.1:1") and "make neo4j-start" in text
    assert "\n" not in text
    with pytest.raises(Neo4jError, match="not a Neo4j Bolt URI"):
        Neo4jClient(Neo4jSettings(uri="http://127.0.0.1:7474"))


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_gives_the_same_rows_on_both_engines(neo4j, seed_db, name):
    params = {"neighbourhood": ["name=putin"], "shortest-paths": ["from=Lindsey Graham", "to=Ukraine"],
              "timeline": ["name=Vladimir Putin"], "relations": ["type=SPOKE_TO"], "documents": ["name=trump"],
              "top-entities": ["metric=betweenness"], "who-met-whom": []}[name]
    neo4j.push(store_rows(str(seed_db))[1])
    with open_embedded(str(seed_db)) as embedded:
        local = run(embedded, f"@{name}", params)
    remote = run(neo4j, f"@{name}", params)
    assert remote.rows, name
    assert (remote.columns, remote.rows) == (local.columns, local.rows)


#: One query per feature of the README's portable subset.
PORTABLE = [
    "MATCH (e:Entity) RETURN e.type AS type, count(*) AS n ORDER BY type",
    "MATCH (p:Person|Organization) WHERE p.name STARTS WITH 'D' OR p.name CONTAINS 'Putin' RETURN p.name AS name "
    "ORDER BY name SKIP 1 LIMIT 5",
    "MATCH (a:Person)-[r:SPOKE_TO|MET]-(b:Entity) RETURN a.name AS a, type(r) AS t, count(*) AS n ORDER BY a, t",
    "MATCH (a:Person {name: 'Donald Trump'})-[*1..2]-(b:Place) RETURN DISTINCT b.name AS place ORDER BY place",
    "MATCH (p:Person) OPTIONAL MATCH (p)-[r:MET]-(:Entity) WITH p, count(r) AS meetings "
    "RETURN p.name AS name, meetings, CASE WHEN meetings > 0 THEN 'met' ELSE 'no' END AS met ORDER BY name",
    "MATCH (p:Person) WHERE any(a IN p.aliases WHERE a STARTS WITH 'Mr') RETURN p.name AS name, size(p.aliases) AS n "
    "ORDER BY name",
    "MATCH (p:Person) WHERE toLower($name) IN p.lookup RETURN coalesce(p.country, 'none') AS country, "
    "min(p.mentions) AS low, max(p.mentions) AS high, sum(p.documents) AS docs",
    "MATCH (p:Person) RETURN p.name AS name UNION ALL MATCH (g:Group) RETURN g.name AS name",
    "UNWIND ['a', 'b'] AS x WITH x MATCH (d:Document) RETURN x, size(collect(d.id)) AS docs ORDER BY x",
]


@pytest.mark.parametrize("query", PORTABLE)
def test_the_portable_subset_gives_the_same_rows(neo4j, seed_db, query):
    neo4j.push(store_rows(str(seed_db))[1])
    with open_embedded(str(seed_db)) as embedded:
        local = embedded.query(query, {"name": "putin"})
    remote = neo4j.query(query, {"name": "putin"})
    assert remote.rows
    assert remote.columns == local.columns
    assert sorted(map(repr, remote.rows)) == sorted(map(repr, local.rows))


def test_subgraph_exports_agree_across_engines(neo4j, seed_db, tmp_path):
    neo4j.push(store_rows(str(seed_db))[1])
    query = "MATCH p = (a:Person)-[r:SPOKE_TO]->(b:Person) RETURN p"
    with open_embedded(str(seed_db)) as embedded:
        local = embedded.subgraph(query)
    remote = neo4j.subgraph(query)
    assert remote.nodes == local.nodes and remote.edges == local.edges
    call = next(e for e in remote.edges if {remote.node(e.source).name, remote.node(e.target).name}
                == {"Donald Trump", "Vladimir Putin"})
    # The weight counts asserted sentences; the hypothetical ones ride along as evidence.
    assert call.weight == sum(ev.asserted for ev in call.evidence) >= 2 and len(call.evidence) >= 3
    assert call.evidence[0].sentence
    assert remote.meta["titles"] and remote.node(call.source).metrics["pagerank"] > 0
    # Relationships alone: Neo4j fetches their end nodes.
    assert neo4j.subgraph("MATCH (:Person)-[r:SPOKE_TO]->(:Person) RETURN r").edges == remote.edges
    for fmt, name in [("html", "a.html"), ("json", "a.json"), ("graphml", "a.graphml"), ("gexf", "a.gexf"),
                      ("csv", "csv"), ("cypher", "a.cypher")]:
        assert export(remote, fmt, tmp_path / name)


def _run_script(client: Neo4jClient, path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("//"):
            client.query(line, write=True)


def test_cypher_script_recreates_the_graph(neo4j, store_copy, tmp_path):
    with Store(store_copy) as store:
        rename_entity(store, "Vladimir Putin", EVIL)
    g = load_graph(store_copy)
    [script] = export(g, "cypher", tmp_path / "graph.cypher")
    _run_script(neo4j, script)
    expected = {k: v for k, v in property_graph(g).counts().items() if k not in ("Document", "MENTIONED_IN")}
    expected["Entity"] = len(g.nodes)
    counts = neo4j.counts()
    assert counts == dict(sorted(expected.items()))
    assert neo4j.query("MATCH (e:Person {name: $name}) RETURN count(e)", {"name": EVIL}).rows == [(1,)]
    _run_script(neo4j, script)  # idempotent
    assert neo4j.counts() == counts
    # The script and a push give the same entities and relationships.
    neo4j.push(store_rows(store_copy)[1])
    assert {k: v for k, v in neo4j.counts().items() if k not in ("Document", "MENTIONED_IN")} == counts


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory):
    """A second server of tools/neo4j with a password, for the credential errors."""
    if not (shutil.which("java") and shutil.which("mvn")):
        if os.environ.get("CI"):
            pytest.fail("Java 17 and Maven are required in CI")
        pytest.skip("Java and Maven are needed to start a server with a password")
    env = dict(os.environ, NEO4J_PASSWORD="test-secret-1", NEO4J_PORT=str(_free_port()),
               NEO4J_DATA_DIR=str(tmp_path_factory.mktemp("neo4j-auth")), NEO4J_HEAP="512m")
    script = str(ROOT / "tools" / "neo4j" / "neo4j.sh")
    started = subprocess.run([script, "start"], env=env, capture_output=True, text=True, timeout=300)
    if started.returncode:
        pytest.fail(f"cannot start a Neo4j server with a password: {started.stderr[-500:]}")
    yield started.stdout.strip()
    subprocess.run([script, "stop"], env=env, capture_output=True, timeout=120)


def test_credentials(auth_server, monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    with pytest.raises(Neo4jError) as info:
        Neo4jClient(Neo4jSettings.resolve(auth_server))
    assert "needs a password for user 'neo4j'" in str(info.value) and "NEO4J_PASSWORD" in str(info.value)
    monkeypatch.setenv("NEO4J_PASSWORD", "wrong-password")
    with pytest.raises(Neo4jError) as info:
        Neo4jClient(Neo4jSettings.resolve(auth_server))
    assert "refused the credentials of user 'neo4j'" in str(info.value) and "\n" not in str(info.value)
    monkeypatch.delenv("NEO4J_PASSWORD")
    asked = []
    with Neo4jClient(Neo4jSettings.resolve(auth_server), ask_password=lambda: asked.append(1) or "test-secret-1") as c:
        assert c.query("RETURN 1 AS one").rows == [(1,)] and asked == [1]
    assert "test-secret" not in repr(Neo4jSettings.resolve(auth_server, user="x"))


def test_push_store(neo4j, seed_db):
    report = push_store(str(seed_db), neo4j.settings)
    assert report.relationships_written and neo4j.counts() == _expected(str(seed_db))
