"""Generated Cypher-ish texts against the read-only check and the embedded engine: only
QueryError ever comes out, no file appears, and a forbidden statement is always rejected."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from graph.cypher.queries import FORBIDDEN, read_only
from graph.cypher.sync import open_embedded
from graph.errors import QueryError
from tests.test_cypher_security import tiny_store

# Several processes or hundreds of generated examples: in `make test`, not `make test-fast`.
pytestmark = pytest.mark.heavy

# Hypothesis keeps its cache in a temporary folder, not in the work tree.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="newsgraph-hypothesis-"))

KEYWORDS = sorted(FORBIDDEN | {"MATCH", "OPTIONAL", "WHERE", "WITH", "UNWIND", "RETURN", "ORDER", "BY", "SKIP",
                               "LIMIT", "UNION", "ALL", "CALL", "AS", "AND", "NOT", "FROM", "TO", "EXTENSION",
                               "DATABASE", "home_directory", "file_search_path", "show_tables", "table_info"})
#: Forbidden statements; relative paths, so a file they wrote would land in the CWD.
FORBIDDEN_STATEMENTS = [
    "COPY (RETURN 'x' AS x) TO 'fuzz.csv'", "COPY Person TO 'fuzz.csv'", "EXPORT DATABASE 'fuzzdb'",
    "LOAD FROM '/etc/passwd' (header=false, delim=':') RETURN *", "LOAD EXTENSION 'libfuzz.so'", "INSTALL httpfs",
    "ATTACH 'fuzz.lbug' AS f (dbtype lbug)", "CHECKPOINT", "BEGIN TRANSACTION", "COMMIT", "ROLLBACK",
    "CALL home_directory='.'", "CALL file_search_path='/'", "CREATE (:Person {id: 'f'})", "MATCH (n) DETACH DELETE n",
    "MATCH (n) SET n.name = 'f'", "MERGE (:Person {id: 'f'})", "DROP TABLE Person", "USE f",
]


def _cased(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda flips: "".join(c.upper() if f else c.lower() for c, f in zip(word, flips)))


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_closed_string = _text.map(lambda t: "'" + t.replace("\\", "\\\\").replace("'", "\\'") + "'")
_quoted = _text.filter(lambda t: t and "`" not in t).map(lambda t: f"`{t}`")
_comment = st.one_of(_text.map(lambda t: "/*" + t.replace("*/", "") + "*/"),
                     _text.map(lambda t: "//" + "".join(c for c in t if c not in "\n\r\x0b\x0c\x85\u2028\u2029") + "\n"))
_punct = st.sampled_from(["(", ")", "[", "]", "{", "}", ",", ":", "=", "<>", "*", "-", "->", "<-", "|", "1", "2.5",
                          " ", "\n", "\t", "\u00a0", ";", "n", "x", "é", "東京"])
#: Fragments that leave no string or comment open (and end on no '.' or '$').
CLOSED = st.one_of(st.sampled_from(KEYWORDS).flatmap(_cased), _closed_string, _quoted, _comment, _punct)
#: Anything, including unclosed quotes and comments, backslashes and stray unicode.
ANY = st.one_of(CLOSED, _text, st.sampled_from(["'", '"', "`", "/*", "//", "\\", "$", ".", "\u2028", "\r", "\x00"]))


def _join(parts: list[str]) -> str:
    return " ".join(parts)


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(ANY, max_size=25).map(_join))
def test_the_check_raises_only_query_errors(text):
    try:
        checked = read_only(text, "embedded")
    except QueryError:
        return
    assert isinstance(checked, str)


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(CLOSED, max_size=12).map(_join), st.sampled_from(["; ", " ", "\n", " /* */ ", "\r"]),
       st.sampled_from(FORBIDDEN_STATEMENTS), st.lists(ANY, max_size=6).map(_join), st.sampled_from(["neo4j", "embedded"]))
def test_forbidden_statements_are_always_rejected(prefix, sep, statement, suffix, engine):
    with pytest.raises(QueryError):
        read_only(f"{prefix}{sep}{statement} {suffix}", engine)


@pytest.fixture(scope="module")
def cwd_engine(tmp_path_factory):
    """The embedded engine over a tiny store, run with an empty folder as the CWD."""
    base = tmp_path_factory.mktemp("fuzz")
    db = tiny_store(base / "s.db")
    cwd = base / "cwd"
    cwd.mkdir()
    before = Path.cwd()
    os.chdir(cwd)
    try:
        with open_embedded(str(db)) as engine:
            yield engine, cwd
    finally:
        os.chdir(before)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ANY, max_size=10).map(_join), st.sampled_from(["", "; ", " ", "\n", "\r"]),
       st.sampled_from(["", *FORBIDDEN_STATEMENTS]), st.lists(ANY, max_size=6).map(_join))
def test_the_embedded_engine_raises_only_query_errors_and_writes_nothing(cwd_engine, prefix, sep, statement, suffix):
    engine, cwd = cwd_engine
    text = f"{prefix}{sep}{statement} {suffix}"
    try:
        result = engine.query(text)
    except QueryError as exc:
        assert "root:x:0:0" not in str(exc)
    else:
        assert "root:x:0:0" not in repr(result.rows)
    assert list(cwd.iterdir()) == []
    assert engine.query("MATCH (n:Person) RETURN count(n)").rows == [(2,)]
