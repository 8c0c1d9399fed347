"""Read-only really means read-only: no file, extension, network, setting or transaction
reaches the embedded engine (or Neo4j without --write), whatever the query text hides; and
a password in a Neo4j URI never shows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from graph.cypher.embedded import remove_stale_partials
from graph.cypher.neo4j import Neo4jClient, Neo4jSettings, PushReport, redact, redact_uri
from graph.cypher.queries import read_only, run
from graph.cypher.sync import embedded_path, open_embedded, push_store
from graph.errors import Neo4jError, QueryError
from graph.model import Document, Entity, Evidence, Mention, Relation
from graph.pipeline.extract import Sentence
from graph.store import Store

PASSWD_LINE = "root:x:0:0"


def tiny_store(path: Path) -> Path:
    """A store of one hand-made document (Alice met Bob), without spaCy."""
    text = "Alice met Bob."
    doc = Document(Document.make_id(text), text, "t", "test")
    a = Entity(Entity.make_id("Alice"), "Alice", "Person", ("Alice",))
    b = Entity(Entity.make_id("Bob"), "Bob", "Person", ("Bob",))
    mentions = [Mention(doc.id, 0, 5, "Alice", a.id, 0, "Person"), Mention(doc.id, 10, 13, "Bob", b.id, 0, "Person")]
    ev = Evidence(doc.id, text, 0, len(text), None, None, "met")
    rels = [Relation(a.id, b.id, "SPOKE_TO", ev), Relation(a.id, b.id, "CO_MENTIONED", ev)]
    with Store(path) as store:
        store.add_document(doc, [a, b], mentions, [Sentence(0, len(text), text)], rels)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return tiny_store(tmp_path_factory.mktemp("sec") / "s.db")


@pytest.fixture(scope="module")
def engine(db):
    with open_embedded(str(db)) as e:
        yield e


def attacks(target: Path) -> list[str]:
    """Statements that write a file, read one, load code, reach the network, change
    settings or transactions, or write the graph; hidden in every way we know."""
    t = str(target)
    copy = f"COPY (RETURN 'x' AS x) TO '{t}'"
    load = "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *"
    return [
        copy, copy.lower(), "cOpY (RETURN 'x' AS x) TO '" + t + "'", f"  \n\t{copy}", f"/* hi */ {copy}",
        f"// note\n{copy}", f"{copy};", f"MATCH (n) RETURN n; {copy}", f"MATCH (n) RETURN n;{copy}",
        f"RETURN 1 AS x /* ; */ ; {copy}", f"RETURN 'a;b' AS x; {copy}", f"MATCH (n) RETURN n //\r{copy}",
        f"MATCH (n) RETURN n /* */; /* */ {copy}", f"RETURN 1;\n;\n{copy}", f"CO/**/PY (RETURN 1 AS x) TO '{t}'",
        f"COPY Person TO '{t}'", f"COPY Person FROM '{t}'", f"MATCH (n) WITH n COPY (RETURN 1) TO '{t}'",
        f"RETURN 'x' AS x UNION {copy}", f"WITH 1 AS x CALL {{ {copy} }} RETURN x",
        f"EXPORT DATABASE '{t}'", f"IMPORT DATABASE '{t}'",
        load, load.lower(), f"MATCH (n) {load}", f"WITH 1 AS x {load}", f"RETURN 1 AS x UNION ALL {load}",
        "OPTIONAL MATCH (n) WITH n LOAD FROM '/etc/passwd' (header=false, delim=':') RETURN *",
        "UNWIND [1] AS x LOAD FROM '/etc/passwd' (header=false, delim=':') RETURN *",
        "LOAD WITH HEADERS (a STRING) FROM '/etc/passwd' RETURN *", "Load From '/etc/passwd' RETURN *",
        "LOAD EXTENSION '/tmp/lib.so'", "load extension '/tmp/lib.so'", "LOAD EXTENSION httpfs", "LOAD httpfs",
        "RETURN 1; LOAD EXTENSION '/tmp/lib.so'", "INSTALL httpfs", "install httpfs", "INSTALL json FROM 'http://x'",
        "UNINSTALL httpfs", "UPDATE httpfs",
        "ATTACH '/tmp/other.lbug' AS o (dbtype lbug)", "DETACH o", "USE o", "ATTACH 'x.db' AS x (dbtype sqlite)",
        "CHECKPOINT", "checkpoint", "RETURN 1; CHECKPOINT", "BEGIN TRANSACTION", "BEGIN TRANSACTION READ ONLY",
        "COMMIT", "ROLLBACK", "RETURN 1; COMMIT",
        "CALL home_directory='/tmp'", "CALL file_search_path='/'", "CALL timeout=1", "CALL threads=1",
        "call HOME_DIRECTORY = '/tmp'", "CALL `home_directory`='/tmp'",
        "CALL current_setting('home_directory') RETURN *", "CALL show_functions() RETURN *",
        "CALL read_csv('/etc/passwd') RETURN *", "CALL db.labels() YIELD label RETURN label",
        "MATCH (n) CALL show_functions() RETURN *",
        "CREATE (:Person {id: 'x'})", "MATCH (n) SET n.name = 'x'", "MATCH (n) DELETE n", "MATCH (n) DETACH DELETE n",
        "MERGE (:Person {id: 'x'})", "MATCH (n) REMOVE n.name", "DROP TABLE Person", "ALTER TABLE Person ADD x INT64",
        "CREATE NODE TABLE T (id INT64, PRIMARY KEY (id))", "CREATE MACRO m(x) AS x",
        "EXPLAIN MATCH (n) RETURN n", "PROFILE MATCH (n) RETURN n", "MATCH (n) FOREACH (x IN [1] | SET n.a = x)",
        "UNWIND [1] AS x CREATE (:Person {id: 'y'})", "MATCH (n) WITH n SET n.name = 'x' RETURN n",
        "RETURN 1 AS x UNION CREATE (:Person {id: 'z'})",
        "\ufeffCOPY (RETURN 1) TO '" + t + "'", "ＣＯＰＹ (RETURN 1) TO '" + t + "'",
        f"MATCH (n) RETURN n\u00a0; {copy}", f"MATCH (n) RETURN n\u2028; {copy}",
        "RETURN 'unterminated", "RETURN `unterminated", f"RETURN 1 /* {copy}",
        f"RETURN 'it\\'s' AS x; {copy}",
    ]


#: Keywords inside strings, backtick names, comments and property names: still allowed.
ALLOWED = [
    ("RETURN 'COPY' AS x", [("COPY",)]),
    ("RETURN \"LOAD FROM '/etc/passwd'\" AS x", [("LOAD FROM '/etc/passwd'",)]),
    ("RETURN 'a; COPY (RETURN 1) TO \\'/x\\'' AS x", [("a; COPY (RETURN 1) TO '/x'",)]),
    ("MATCH (n:`COPY`) RETURN count(n) AS n", "no such table"),
    ("MATCH (n:Person) RETURN n.name AS `CHECKPOINT` ORDER BY `CHECKPOINT`", [("Alice",), ("Bob",)]),
    ("MATCH (n:Person) // COPY (RETURN 1) TO '/x'\nRETURN count(n)", [(2,)]),
    ("MATCH (n:Person) /* LOAD EXTENSION '/x.so'; */ RETURN count(n)", [(2,)]),
    ("match (n:Person) where n.name = 'Alice' return n.name", [("Alice",)]),
    ("OPTIONAL MATCH (n:Person) WITH n UNWIND [1] AS x RETURN count(*) AS c SKIP 0 LIMIT 5", [(2,)]),
    ("RETURN 1 AS x UNION ALL RETURN 2 AS x", None),
    ("RETURN 1 AS x;", [(1,)]),
    ("RETURN $set AS x", None),
    ("CALL show_tables() RETURN count(*) > 0", [(True,)]),
    ("RETURN 'Tōkyō 東京' AS x", [("Tōkyō 東京",)]),
]


def _no_damage(target: Path, text: str) -> None:
    assert not target.exists(), f"wrote {target}"
    assert PASSWD_LINE not in text


@pytest.mark.parametrize("index", range(len(attacks(Path("/t")))))
def test_every_attack_is_rejected_by_the_library(engine, tmp_path, index):
    target = tmp_path / "out.csv"
    text = attacks(target)[index]
    with pytest.raises(QueryError) as info:
        engine.query(text)
    message = str(info.value)
    assert "\n" not in message and "Hint:" in message
    _no_damage(target, message)
    with pytest.raises(QueryError):
        run(engine, text)
    _no_damage(target, "")
    # ... and a normal query works afterwards.
    assert engine.query("MATCH (n:Person) RETURN count(n)").rows == [(2,)]


def test_the_message_names_the_statement(engine):
    with pytest.raises(QueryError, match=r"^The embedded engine is a read-only view of the store: COPY is not allowed"):
        engine.query("COPY (RETURN 1) TO '/tmp/x.csv'")
    with pytest.raises(QueryError, match="LOAD FROM is not allowed"):
        engine.query("MATCH (n) LOAD FROM '/etc/passwd' RETURN *")
    with pytest.raises(QueryError, match=r"several statements \(;\) is not allowed"):
        engine.query("MATCH (n) RETURN n; COPY (RETURN 1) TO '/tmp/x.csv'")
    with pytest.raises(QueryError, match=r"CALL home_directory=\.\.\. \(a setting\) is not allowed"):
        engine.query("CALL home_directory='/tmp'")


@pytest.mark.parametrize("text,rows", ALLOWED)
def test_keywords_in_strings_names_and_comments_are_allowed(engine, text, rows):
    read_only(text, "embedded")
    if rows == "no such table":  # allowed; the engine then finds no table of that name
        with pytest.raises(QueryError, match="Table COPY does not exist"):
            engine.query(text)
        return
    result = engine.query(text)
    if rows is not None:
        assert result.rows == rows


def test_attacks_through_the_cli(db, tmp_path):
    runner = CliRunner()
    cases = attacks(tmp_path / "cli.csv")
    for text in cases:
        result = runner.invoke(cli.cli, ["--db", str(db), "--quiet", "query", "--embedded", text])
        assert result.exit_code == 1, (text, result.output)
        assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("Error: ")
        assert "Traceback" not in result.output
        _no_damage(tmp_path / "cli.csv", result.output)
    ok = runner.invoke(cli.cli, ["--db", str(db), "--quiet", "query", "--embedded",
                                 "MATCH (n:Person) RETURN n.name ORDER BY n.name", "--format", "csv"])
    assert ok.exit_code == 0 and "Alice" in ok.output and "Bob" in ok.output


def test_a_poisoned_copy_is_rebuilt(tmp_path):
    """A copy left mid-checkpoint (by an older newsgraph that ran CHECKPOINT) cannot be
    opened read-only: it is rebuilt instead of failing every later query."""
    import ladybug

    db = str(tiny_store(tmp_path / "s.db"))
    with open_embedded(db) as engine:
        path = engine.path
    raw = ladybug.Database(str(path), read_only=True)
    conn = ladybug.Connection(raw)
    with pytest.raises(RuntimeError):
        conn.execute("CHECKPOINT")
    conn.close()
    raw.close()
    with open_embedded(db) as engine:
        assert engine.query("MATCH (n:Person) RETURN count(n)").rows == [(2,)]


# -- the Neo4j side: the same check in read mode ------------------------------------------------

@pytest.mark.parametrize("text", [
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "load csv with headers from 'http://x' AS r RETURN r",
    "CALL dbms.listConfig()", "CALL dbms.security.createUser('x', 'y')", "CALL apoc.load.json('file:///etc/passwd')",
    "RETURN apoc.text.join(['a'], ',')", "CALL apoc.export.csv.all('/tmp/x.csv', {})", "CALL `apoc`.`load`.json('x')",
    "MATCH (n) RETURN n; MATCH (n) DETACH DELETE n", "CREATE (n:Person {id: 'x'})", "SHOW DATABASES",
    "USE system MATCH (n) RETURN n", "MATCH (n) CALL { WITH n DETACH DELETE n } RETURN 1",
    "CALL db.labels() YIELD label CALL dbms.killQueries(['x']) RETURN label", "CALL gds.graph.drop('g')",
])
def test_neo4j_read_mode_uses_the_same_check(text):
    with pytest.raises(QueryError, match="read-only by default.*add --write"):
        read_only(text, "neo4j")


def test_neo4j_read_statements_pass():
    assert read_only("CALL db.labels() YIELD label RETURN label", "neo4j")
    assert read_only("MATCH (n) WHERE n.name = 'CALL dbms.x()' RETURN n", "neo4j")


# -- passwords in URIs ----------------------------------------------------------------------------

SECRET_URI = "bolt://neo4j:s3cret@127.0.0.1:1"


def test_redact_uri():
    assert redact_uri(SECRET_URI) == "bolt://neo4j:***@127.0.0.1:1"
    assert redact_uri("bolt://127.0.0.1:7687") == "bolt://127.0.0.1:7687"
    assert "s3cret" not in redact("driver said: s3cret is wrong", SECRET_URI)
    settings = Neo4jSettings(uri=SECRET_URI, password="pw")
    assert "s3cret" not in repr(settings) and "pw" not in repr(settings)
    assert "s3cret" not in PushReport(SECRET_URI).format()


def test_a_password_in_the_uri_never_shows_in_library_errors(db):
    with pytest.raises(Neo4jError) as info:
        Neo4jClient(Neo4jSettings(uri=SECRET_URI))
    assert "s3cret" not in str(info.value) and "neo4j:***@127.0.0.1:1" in str(info.value)
    with pytest.raises(Neo4jError) as info:
        push_store(str(db), Neo4jSettings(uri=SECRET_URI))
    assert "s3cret" not in str(info.value)


def test_a_password_in_the_uri_never_shows_in_cli_errors(db):
    runner = CliRunner()
    for args in (["push", "--neo4j-uri", SECRET_URI], ["query", "RETURN 1", "--neo4j-uri", SECRET_URI]):
        result = runner.invoke(cli.cli, ["--db", str(db), "--quiet", *args], env={"NEO4J_URI": None})
        assert result.exit_code == 1 and "s3cret" not in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1
    env = runner.invoke(cli.cli, ["--db", str(db), "--quiet", "query", "RETURN 1"], env={"NEO4J_URI": SECRET_URI})
    assert env.exit_code == 1 and "s3cret" not in env.output


# -- interrupted builds -------------------------------------------------------------------------

def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_partials_of_dead_builds_are_removed_on_open(tmp_path):
    db = str(tiny_store(tmp_path / "s.db"))
    folder = embedded_path(db)
    folder.mkdir()
    dead = _dead_pid()
    stale = [folder / f"0123456789abcdef.{dead}.partial", folder / f"0123456789abcdef.{dead}.partial.wal"]
    for path in stale:
        path.write_bytes(b"x" * 1000)
    alive = folder / f"0123456789abcdef.{os.getppid()}.partial"  # a build still running elsewhere
    alive.write_bytes(b"x")
    with open_embedded(db) as engine:
        assert engine.query("MATCH (n:Person) RETURN count(n)").rows == [(2,)]
    assert not any(p.exists() for p in stale)
    assert alive.exists()
    assert remove_stale_partials(folder) == []


def test_sigterm_during_a_build_leaves_no_partial(tmp_path):
    db = str(tiny_store(tmp_path / "s.db"))
    script = (
        "import os, signal, sys, time\n"
        "import graph.cypher.embedded as e\n"
        "real = e.build_embedded\n"
        "def slow(pg, path):\n"
        "    path.write_bytes(b'half')\n"
        "    print('building', flush=True)\n"
        "    time.sleep(30)\n"
        "e.build_embedded = slow\n"
        "from graph.cypher.sync import open_embedded\n"
        f"open_embedded({db!r})\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "building"
    assert list(embedded_path(db).glob("*.partial*"))
    proc.terminate()
    proc.wait(timeout=20)
    assert proc.returncode != 0
    assert list(embedded_path(db).glob("*.partial*")) == []


@pytest.mark.parametrize("text, allowed", [
    ("SHOW CONSTRAINTS YIELD labelsOrTypes, properties RETURN labelsOrTypes, properties", True),
    ("SHOW INDEXES", True),
    ("SHOW USERS", False),
    ("SHOW CONSTRAINTS YIELD * CREATE (n)", False),
    ("SHOW INDEXES; DROP INDEX x", False),
])
def test_neo4j_read_only_show_listings(text, allowed):
    from graph.cypher.queries import read_only

    if allowed:
        assert read_only(text, "neo4j")
    else:
        with pytest.raises(QueryError):
            read_only(text, "neo4j")
    with pytest.raises(QueryError):
        read_only(text, "embedded")
