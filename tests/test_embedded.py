"""The embedded Cypher engine over the seed store: same schema, read-only, rebuilt on change."""

from __future__ import annotations

import sqlite3

import pytest

from graph import Store, load_graph
from graph.store.curate import merge_entities
from graph.cypher.sync import embedded_path, open_embedded
from graph.errors import QueryError
from graph.cypher.queries import run
from graph.cypher.sync import store_rows

pytestmark = pytest.mark.slow

#: Ten billion rows, filtered one by one: stopped by any timeout.
SLOW = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y WITH x, y WHERE (x * y) % 7 = 3 RETURN count(*)"
CALLS = "MATCH (a:Person)-[r:SPOKE_TO]-(b:Person) RETURN a.name, b.name, r.date"


def copy_store(source, target):
    """A private copy of a store, for tests that change it."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


@pytest.fixture(scope="module")
def embedded(seed_db):
    with open_embedded(str(seed_db)) as engine:
        yield engine


def test_the_trump_putin_call_without_a_server(embedded):
    result = embedded.query(CALLS)
    assert result.columns == ("a.name", "b.name", "r.date")
    pairs = {(a, b) for a, b, _ in result.rows}
    assert ("Donald Trump", "Vladimir Putin") in pairs and ("Vladimir Putin", "Donald Trump") in pairs


def test_same_counts_as_the_property_graph(embedded, seed_db):
    counts = embedded.counts()
    expected = store_rows(str(seed_db))[1].counts()
    assert {k: v for k, v in counts.items() if k != "Entity"} == expected
    assert counts["Entity"] == len(load_graph(str(seed_db)).nodes)


def test_entity_label_and_type_function_are_portable(embedded):
    rows = embedded.query("MATCH (e:Entity)-[r]->(o:Entity) WHERE e.name = 'Donald Trump' "
                          "RETURN type(r) AS t, count(*) AS n ORDER BY t").rows
    assert ("SPOKE_TO", 7) in rows or any(t == "SPOKE_TO" for t, _ in rows)
    assert embedded.query("MATCH (g:Group) RETURN count(g) AS n").rows[0][0] > 0


def test_paths_and_nodes_come_back_as_values(embedded):
    result = embedded.query("MATCH p = (a:Person {name: 'Donald Trump'})-[r:SPOKE_TO]->(b:Person) "
                            "RETURN p, a, r ORDER BY b.name LIMIT 1")
    path, node, rel = result.rows[0]
    assert node.labels == ("Entity", "Person") and node.properties["name"] == "Donald Trump"
    assert rel.type == "SPOKE_TO" and rel.start == node.key and path.nodes[0] == node


@pytest.mark.parametrize("query,message", [
    ("MATCH (n) RETURN n +", "Cypher syntax error"),
    ("RETURN nosuchfunction(1)", "portable Cypher subset"),
    ("CREATE (:Person {id: 'x'})", "read-only view of the store"),
    (SLOW, "ran longer than 0.5s"),
])
def test_errors_are_one_line_with_a_hint(seed_db, query, message):
    with open_embedded(str(seed_db), timeout=0.5) as engine, pytest.raises(QueryError) as info:
        engine.query(query)
    assert message in str(info.value) and "Hint:" in str(info.value) and "\n" not in str(info.value)


def test_write_needs_neo4j(embedded):
    with pytest.raises(QueryError, match="--write needs Neo4j"):
        embedded.query("RETURN 1", write=True)


def test_rebuilt_after_curation_and_old_copies_removed(seed_db, tmp_path):
    db = str(copy_store(seed_db, tmp_path / "s.db"))
    with open_embedded(db) as engine:
        first = engine.path
        assert engine.query("MATCH (e:Person {name: 'Keir Starmer'}) RETURN count(e)").rows == [(1,)]
    with Store(db) as store:
        merge_entities(store, "Keir Starmer", "Emmanuel Macron")
    with open_embedded(db) as engine:
        assert engine.path != first and not first.exists()
        assert engine.query("MATCH (e:Person {name: 'Keir Starmer'}) RETURN count(e)").rows == [(0,)]
        aliases = engine.query("MATCH (e:Person {name: 'Emmanuel Macron'}) RETURN e.aliases").rows[0][0]
        assert "Keir Starmer" in aliases
    assert [p.name for p in embedded_path(db).iterdir()] == [f"{engine.path.name}"]


def test_named_queries_run(embedded):
    result = run(embedded, "@neighbourhood", ["name=putin", "limit=3"])
    assert result.columns == ("neighbour", "type", "relation", "relationships", "evidence")
    assert result.rows[0][0] == "Donald Trump"
