"""Text from articles is hostile: control characters never reach the terminal raw, every
export parses, exports go to stdout, empty selections say why, and counts read right."""

from __future__ import annotations

import csv
import json
import sqlite3
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from lxml import etree

from cli import cli
from graph import Selection, Store, export, select
from graph.analysis.centrality import analyze
from graph.cypher.queries import prepare
from graph.errors import QueryError, SelectionError
from graph.export.files import clean_graph
from graph.model import (
    Document,
    Edge,
    Entity,
    Evidence,
    Graph,
    Mention,
    Node,
    Relation,
    Sentence,
    plural,
    terminal_safe,
    xml_safe,
)

#: Every C0 control, DEL and every C1 control.
CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]
NASTY = "".join(CONTROLS) + "'\"]]><&`\\"
SURROGATES = "\ud800\udfff"
#: What a terminal acts on: C0 (but newline and tab), DEL, C1.
TERMINAL_ACTIVE = {c for c in CONTROLS if c not in "\n\t"}


def _store(path: Path, *, dated: bool = False, raw: bool = True) -> Path:
    """A store with two entities and one MET relation whose names and sentence carry every
    control character. ``raw`` then writes them back bypassing the store's cleaning, as an
    older store (or another writer) could hold them."""
    alice, bob = f"Alice{NASTY}Adams", f"Bob \x1b[31mBrown{NASTY}"
    sentence = f"Alice Adams met Bob Brown.{NASTY}"
    text = sentence + " Then they left."
    doc = Document("d1", text, f"Title{NASTY}", f"source{NASTY}.txt", "2025-05-19" if dated else None)
    ents = [Entity("ea", alice, "Person"), Entity("eb", bob, "Person")]
    mentions = [Mention("d1", 0, 11, "Alice Adams", "ea", 0, "Person"),
                Mention("d1", 16, 25, "Bob Brown", "eb", 0, "Person")]
    ev = Evidence("d1", sentence, 0, len(sentence), "2025-05-19" if dated else None, f"May{NASTY}", f"met{NASTY}")
    with Store(path) as store:
        store.add_document(doc, ents, mentions, [Sentence(0, len(sentence), sentence)],
                           [Relation("ea", "eb", "MET", ev)])
    if raw:
        conn = sqlite3.connect(path)
        with conn:
            conn.execute("UPDATE entities SET name = ? WHERE id = 'ea'", (alice,))
            conn.execute("UPDATE entities SET name = ? WHERE id = 'eb'", (bob,))
            conn.execute("UPDATE sentences SET text = ?", (sentence,))
            conn.execute("UPDATE evidence SET verb = ?, date_text = ?", (f"met{NASTY}", f"May{NASTY}"))
        conn.close()
    return path


@pytest.fixture
def db(tmp_path) -> Path:
    return _store(tmp_path / "t.db")


def _run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def _no_active_controls(text: str) -> None:
    found = sorted({f"{ord(c):#04x}" for c in text if c in TERMINAL_ACTIVE})
    assert not found, f"raw control characters reached the terminal: {found}"


# -- item 3: the terminal -------------------------------------------------------------------

def test_terminal_safe_escapes_every_control_but_newline_and_tab():
    out = terminal_safe(NASTY)
    _no_active_controls(out)
    assert "\n" in out and "\t" in out and "\\x1b" in out and "\\x9b" in out and "\\x7f" in out
    assert terminal_safe("plain text, ünïcode") == "plain text, ünïcode"


def test_show_top_and_errors_print_no_raw_controls(db):
    shown = _run(db, "show", "Alice Adams")
    assert shown.exit_code == 0, shown.output
    _no_active_controls(shown.output)
    assert "\\x1b" in shown.output  # visible, not dropped
    topped = _run(db, "top", "--by", "mentions")
    assert topped.exit_code == 0 and "Bob \\x1b[31mBrown" in topped.output
    _no_active_controls(topped.output)
    missing = _run(db, "show", "Carol\x1b[2J\x9b")
    assert missing.exit_code == 1 and "\\x1b[2J" in missing.output
    _no_active_controls(missing.output)


def test_curation_messages_print_no_raw_controls(db):
    renamed = _run(db, "rename", "Alice Adams", "Alice\x1b]0;owned\x07")
    assert renamed.exit_code == 0, renamed.output
    _no_active_controls(renamed.output)
    merged = _run(db, "merge", "Bob Brown", "Alice Adams")
    assert merged.exit_code == 0, merged.output
    _no_active_controls(merged.output)
    unmerged = _run(db, "unmerge", "Bob Brown")  # refused: the name as stored is needed
    assert unmerged.exit_code == 1 and "Bob \\x1b[31mBrown" in unmerged.output
    _no_active_controls(unmerged.output)


def test_query_table_prints_no_raw_controls(db):
    result = _run(db, "-q", "query", "MATCH (e:Entity) RETURN e.name AS name ORDER BY name", "--embedded")
    assert result.exit_code == 0, result.output
    _no_active_controls(result.output)
    assert "Bob \\x1b[31mBrown" in result.output


def test_skip_warnings_escape_file_names(tmp_path):
    bad = tmp_path / "bad\x1b[31m.json"
    bad.write_text("{not json")
    result = _run(tmp_path / "w.db", "ingest", str(bad))
    assert "warning: skipped" in result.output
    _no_active_controls(result.output)


# -- item 9: the store cleans, every export parses -------------------------------------------

def test_store_removes_xml_forbidden_characters_and_keeps_offsets(tmp_path):
    path = _store(tmp_path / "clean.db", raw=False)
    conn = sqlite3.connect(path)
    texts = [v for row in conn.execute("SELECT title, source, text FROM documents") for v in row]
    texts += [r[0] for r in conn.execute("SELECT name FROM entities")]
    texts += [r[0] for r in conn.execute("SELECT text FROM sentences")]
    texts += [v for row in conn.execute("SELECT verb, date_text FROM evidence") for v in row]
    stored_text, sentence = conn.execute("SELECT d.text, s.text FROM documents d, sentences s").fetchone()
    conn.close()
    for text in texts:
        assert xml_safe(text) == text, repr(text)
    # document and sentence text keep their length, so character offsets still hold
    assert len(stored_text) == len(f"Alice Adams met Bob Brown.{NASTY} Then they left.")
    assert stored_text.startswith(sentence)


def _nasty_graph(db: Path) -> Graph:
    from graph import load_graph

    return load_graph(str(db))


def _balanced_cypher(line: str) -> bool:
    """Brackets balance outside '...' strings and `...` names, which close on their quote."""
    stack, quote, i = [], None, 0
    pairs = {")": "(", "]": "[", "}": "{"}
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\" and quote == "'":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "'`":
            quote = ch
        elif ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
        i += 1
    return not stack and quote is None


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.data_json: str | None = None
        self._in = False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "script" and ("type", "application/json") in attrs

    def handle_data(self, data):
        if self._in:
            self.data_json = (self.data_json or "") + data

    def handle_endtag(self, tag):
        self._in = False


def _validate(fmt: str, path: Path, graph: Graph) -> None:
    n, m = len(graph.nodes), len(graph.edges)
    if fmt == "json":
        data = json.loads(path.read_text("utf-8"))
        assert len(data["nodes"]) == n and len(data["edges"]) == m
    elif fmt == "graphml":
        ET.parse(path)
        etree.parse(str(path))
        g = nx.read_graphml(path)
        assert g.number_of_nodes() == n and g.number_of_edges() == m
    elif fmt == "gexf":
        ET.parse(path)
        etree.parse(str(path))
        g = nx.read_gexf(path)
        assert g.number_of_nodes() == n and g.number_of_edges() == m
    elif fmt == "csv":
        with (path / "nodes.csv").open(newline="", encoding="utf-8") as fh:
            assert len(list(csv.reader(fh))) == n + 1
        with (path / "edges.csv").open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert len(rows) == m + 1 and all(json.loads(r[-1]) for r in rows[1:])
    elif fmt == "html":
        parser = _Html()
        parser.feed(path.read_text("utf-8"))
        parser.close()
        assert parser.data_json and len(json.loads(parser.data_json)["nodes"]) == n
    elif fmt == "cypher":
        lines = [line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("//")]
        assert lines and all(line.endswith(";") and _balanced_cypher(line) for line in lines)
    else:  # pragma: no cover
        raise AssertionError(fmt)


FORMATS = ("json", "graphml", "gexf", "csv", "html", "cypher")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_parses_with_every_control_character(db, tmp_path, fmt):
    g = _nasty_graph(db)
    assert any("\x1b" in node.name for node in g.nodes)  # the raw store really holds them
    out = tmp_path / ("out" if fmt == "csv" else f"g.{fmt}")
    export(g, fmt, out)
    _validate(fmt, out, g)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_survives_lone_surrogates(tmp_path, fmt):
    bad = NASTY + SURROGATES
    ev = Evidence("d1", f"A met B.{bad}", 0, 8, "2025-05-01", bad, bad, reported_by=bad)
    g = analyze(Graph((Node("a", f"A{bad}", "Person", (f"A{bad}",), 1, 1, roles=(bad,)),
                       Node("b", f"B{bad}", "Person", ("B",), 1, 1, country=bad)),
                      (Edge("e", "a", "b", "MET", 1, True, (ev,)),),
                      {"documents": 1, "titles": {"d1": bad}, "selection": bad}))
    out = tmp_path / ("out" if fmt == "csv" else f"g.{fmt}")
    export(g, fmt, out)
    _validate(fmt, out, g)


def test_clean_graph_removes_exactly_what_xml_forbids():
    bad = NASTY + SURROGATES
    node = clean_graph(Graph((Node("a", bad, "Person"),), ())).nodes[0]
    assert node.name == "\t\n\r" + "".join(CONTROLS[0x20:]) + "'\"]]><&`\\"


# -- item 12: export to stdout ----------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf", "cypher", "html"])
def test_export_to_stdout_is_exactly_the_document(db, tmp_path, fmt):
    result = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", fmt, "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("wrote stdout: 2 entities, ")
    assert "wrote" not in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["nodes"]
    out = tmp_path / f"s.{fmt}"
    out.write_bytes(result.stdout_bytes)
    _validate(fmt, out, select(_nasty_graph(db), Selection()))


def test_export_csv_to_stdout_is_refused_in_one_line(db):
    result = _run(db, "export", "--format", "csv", "-o", "-")
    assert result.exit_code == 1
    assert result.output.startswith("Error: --format csv writes a folder") and len(result.output.splitlines()) == 1
    assert result.stdout == ""


# -- item 13: empty results explain themselves -----------------------------------------------

def test_since_without_dated_evidence_says_why(db):
    with pytest.raises(SelectionError, match="No evidence is dated; --since/--until keep dated evidence only"):
        select(_nasty_graph(db), Selection(since="2025"))
    result = _run(db, "export", "--format", "json", "--since", "2025-05", "-o", "-")
    assert result.exit_code == 1 and "No evidence is dated" in result.output
    assert len(result.output.splitlines()) == 1


def test_window_outside_every_date_says_where_the_dates_are(tmp_path):
    g = _nasty_graph(_store(tmp_path / "dated.db", dated=True))
    assert select(g, Selection(since="2025-05")).edges
    assert "empty_reason" not in select(g, Selection(since="2025-05")).meta
    empty = select(g, Selection(since="2026"))
    assert not empty.nodes
    assert empty.meta["empty_reason"] == "no evidence is dated inside --since 2026; dated evidence runs 2025-05-19"
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "dated.db"), "export", "--format", "json",
                                      "--since", "2026", "-o", "-"])
    assert result.exit_code == 0 and json.loads(result.stdout)["nodes"] == []
    assert "note: no evidence is dated inside --since 2026" in result.stderr


def test_unknown_community_says_which_exist(db):
    with pytest.raises(SelectionError, match=r"No community 99; communities are 0-0\."):
        select(_nasty_graph(db), Selection(community=99))
    result = _run(db, "export", "--format", "json", "--community", "99", "-o", "-")
    assert result.exit_code == 1 and result.output.startswith("Error: No community 99; communities are 0-")


@pytest.mark.parametrize("value", ["2025-13", "2025-00", "2025-02-30", "2025-04-31"])
def test_impossible_dates_are_errors(db, value):
    with pytest.raises(SelectionError, match="is not a valid date"):
        select(_nasty_graph(db), Selection(until=value))
    result = _run(db, "export", "--format", "json", "--since", value, "-o", "-")
    assert result.exit_code == 1 and f"--since {value} is not a valid date" in result.output
    assert len(result.output.splitlines()) == 1


def test_empty_timeline_says_why_on_stderr(db):
    result = CliRunner().invoke(cli, ["--db", str(db), "query", "@timeline", "-p", "name=Alice Adams"])
    assert result.exit_code == 0, result.output
    assert "(0 rows)" in result.stdout and "note: no dated actions" not in result.stdout
    assert "note: no dated actions of this entity" in result.stderr


# -- item 17: wording ------------------------------------------------------------------------

def test_plural():
    assert [plural(n, "relation") for n in (0, 1, 2)] == ["0 relations", "1 relation", "2 relations"]
    assert [plural(n, "entity") for n in (1, 2)] == ["1 entity", "2 entities"]
    assert plural(1, "document") == "1 document" and plural(3, "day") == "3 days"
    assert plural(2, "more co-mention", "more co-mentions") == "2 more co-mentions"


def test_export_counts_read_right(db, tmp_path):
    result = _run(db, "export", "--format", "json", "--relations", "MET", "-o", str(tmp_path / "x.json"))
    assert result.exit_code == 0 and result.output.rstrip().endswith(": 2 entities, 1 relation")
    sheet = _run(db, "show", "Alice Adams")
    assert "in 1 document\n" in sheet.output and "document(s)" not in sheet.output


def test_int_parameter_error_says_integer():
    with pytest.raises(QueryError, match=r"limit='x' is not an integer\."):
        prepare("@timeline", ["name=x", "limit=x"])
