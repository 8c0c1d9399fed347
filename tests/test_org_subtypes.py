"""Organisation subtypes company and team (issue 11): cues in the text, the --subtypes
selection, and the subtype shown and exported."""

from __future__ import annotations

import pytest

from graph.analysis.select import Selection, select
from graph.errors import SelectionError
from graph.model import Edge, Graph, Node
from graph.schema.organisations import cue_subtype


@pytest.mark.parametrize(("name", "before", "after", "expected"), [
    ("Vodafone plc", [], [], "company"),
    ("Google Inc", [], [], "company"),
    ("Yukos", ["bought", "shares", "in"], [], "company"),
    ("Yukos", [], ["'s", "chief", "executive"], "company"),
    ("BA", [], ["shareholders", "voted"], "company"),
    ("Chelsea", [], ["manager", "Jose"], "team"),
    ("Celtic", [], ["\u2019s", "striker"], "team"),
    ("Yukos", ["said"], ["said"], None),
    ("Inc", [], [], None),  # a suffix alone names nothing
    ("UK Athletics", [], ["chief", "executive"], None),  # a sports body's head
    ("Marks and Spencer", [], ["plc", "said"], "company"),
])
def test_cue_subtype(name, before, after, expected):
    assert cue_subtype(name, before, after) == expected


def _mentions(nlp, text):
    from graph.pipeline.extract import mentions

    return {m.surface: m for m in mentions(nlp(text))}


@pytest.mark.slow
def test_company_and_team_subtypes_from_the_sentence(nlp):
    found = _mentions(nlp, "Investors sold shares in Microsoft on Monday.")
    assert found["Microsoft"].subtype == "company"
    found = _mentions(nlp, "Marks and Spencer plc said profits rose.")
    assert any(m.subtype == "company" for m in found.values() if m.type == "Organization")
    found = _mentions(nlp, "Celtic fans were angry on Saturday.")
    assert found["Celtic"].subtype == "team"
    # media and party keep their subtype under a company cue
    found = _mentions(nlp, "Labour supporters and Labour's chief executive met.")
    assert all(m.subtype == "party" for m in found.values() if m.name == "Labour")


def _graph() -> Graph:
    nodes = (Node("a", "Acme", "Organization", subtype="company"), Node("b", "BBC", "Organization", subtype="media"),
             Node("c", "Ann Lee", "Person"), Node("d", "Arsenal", "Organization", subtype="team"))
    edges = (Edge("1", "a", "b", "CO_MENTIONED", 1, False), Edge("2", "c", "d", "CO_MENTIONED", 1, False),
             Edge("3", "a", "d", "CO_MENTIONED", 1, False))
    return Graph(nodes, edges)


def test_select_by_subtypes():
    g = select(_graph(), Selection(subtypes=("Company", "team")))
    assert sorted(n.name for n in g.nodes) == ["Acme", "Arsenal"]
    assert [(e.source, e.target) for e in g.edges] == [("a", "d")]
    assert Selection(subtypes=("media", "party")).describe() == "subtypes media, party"


def test_select_unknown_subtype_is_a_selection_error():
    with pytest.raises(SelectionError, match="Unknown organisation subtype 'club'"):
        select(_graph(), Selection(subtypes=("club",)))


def test_show_prints_the_subtype():
    from graph.report import entity_sheet, format_sheet

    text = format_sheet(entity_sheet(_graph(), "Acme"))
    assert text.splitlines()[:2] == ["Acme (Organization)", "subtype: company"]
    assert "subtype" not in format_sheet(entity_sheet(_graph(), "Ann Lee"))


def test_page_data_carries_the_subtype_packed_and_unpacked():
    from graph.export.html import pack, page_data, render_html

    data = page_data(_graph())
    by_name = {n["name"]: n for n in data["nodes"]}
    assert by_name["BBC"]["subtype"] == "media" and "subtype" not in by_name["Ann Lee"]
    packed = pack(data)
    row = next(r for r in packed["nodes"] if r[1] == "BBC")
    assert row[-1] == "media"  # graph.js NK lists "subtype" last, as html.py's _NODE_KEYS
    page = render_html(_graph())
    assert '"x", "y", "subtype"]' in page and "n.subtype" in page


def test_cypher_rows_carry_the_subtype_both_ways():
    from graph.cypher.propgraph import graph_from_elements, property_graph
    from graph.cypher.results import NodeValue

    rows = {r["name"]: r for r in property_graph(_graph()).entities["Organization"]}
    assert rows["Arsenal"]["subtype"] == "team"
    back = graph_from_elements([NodeValue("1", ("Entity", "Organization"), rows["Arsenal"])], [])
    assert back.nodes[0].subtype == "team"


def test_cli_export_subtypes_option(tmp_path):
    import json

    from click.testing import CliRunner

    import cli
    from graph.model import Document, Entity, Mention
    from graph.store.sqlite import Store

    db = tmp_path / "s.db"
    with Store(db) as store:
        doc = Document("d1", "Ann Lee told the BBC.", "T", "s")
        bbc = Entity(Entity.make_id("BBC"), "BBC", "Organization", ("BBC",), (), "media")
        ann = Entity(Entity.make_id("Ann Lee"), "Ann Lee", "Person", ("Ann Lee",), ())
        store.add_document(doc, [bbc, ann], [Mention("d1", 17, 20, "BBC", bbc.id, 0, "Organization"),
                                             Mention("d1", 0, 7, "Ann Lee", ann.id, 0, "Person")], [], [])
    run = CliRunner().invoke
    result = run(cli.cli, ["--db", str(db), "export", "--format", "json", "-o", "-", "--subtypes", "media"])
    assert result.exit_code == 0, result.output
    data, _ = json.JSONDecoder().raw_decode(result.stdout)
    assert [n["name"] for n in data["nodes"]] == ["BBC"]
    result = run(cli.cli, ["--db", str(db), "export", "--format", "json", "-o", "-", "--subtypes", "club"])
    assert result.exit_code == 1 and "Error: Unknown organisation subtype 'club'" in result.output


@pytest.mark.browser
def test_panel_shows_the_subtype(browser, tmp_path):
    from graph.analysis.centrality import analyze
    from graph.export.html import write_html

    from .harness import click_node, open_page

    page, external, _, errors = open_page(browser, write_html(analyze(_graph()), tmp_path / "g.html"))
    click_node(page, "a")
    assert page.inner_text("#details .sub").startswith("Organization \u00b7 company")
    click_node(page, "c")
    assert page.inner_text("#details .sub") == "Person"
    assert external == [] and errors == []
    page.close()
