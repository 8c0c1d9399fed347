"""Exports: golden JSON, GraphML/GEXF that load back, CSV headers."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import networkx as nx
import pytest

from graph.analyze import analyze
from graph.errors import InputError
from graph.export import export

from .small import small_graph

GOLDEN = Path(__file__).parent / "data" / "golden_small.json"


def test_json_matches_golden(tmp_path):
    [out] = export(analyze(small_graph()), "json", tmp_path / "g.json")
    data = json.loads(out.read_text())
    if os.environ.get("NEWSGRAPH_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    assert data == json.loads(GOLDEN.read_text())


def test_json_shape(tmp_path):
    [out] = export(analyze(small_graph()), "json", tmp_path / "g.json")
    data = json.loads(out.read_text())
    node = next(n for n in data["nodes"] if n["id"] == "a")
    assert {"id", "name", "type", "aliases", "mentions", "pagerank", "betweenness"} <= set(node)
    edge = next(e for e in data["edges"] if e["type"] == "MET")
    assert (edge["source"], edge["target"], edge["weight"]) == ("a", "b", 2)
    assert edge["evidence"][0] == {"doc": "d1", "sentence": "Alice met Bob.", "date": "2025-05-01",
                                   "date_text": None, "verb": None}
    assert nx.node_link_graph(data, edges="edges").number_of_edges() == 4


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_load_back_with_scalar_attributes(tmp_path, fmt, reader):
    [out] = export(analyze(small_graph()), fmt, tmp_path / f"g.{fmt}")
    g = reader(out)
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 4
    for _, attrs in g.nodes(data=True):
        assert all(not isinstance(v, (list, dict)) for v in attrs.values())
    a = next(attrs for node, attrs in g.nodes(data=True) if attrs.get("name") == "Alice Adams" or node == "a")
    assert "Ms Adams" in a["aliases"]
    met = [attrs for _, _, attrs in g.edges(data=True) if attrs["label"] == "MET"][0]
    assert met["type" if fmt == "graphml" else "relation"] == "MET"
    assert json.loads(met["evidence"])[1]["sentence"] == "Alice met Bob again."
    assert met["first_date"] == "2025-05-01" and met["last_date"] == "2025-05-03"


def test_csv_writes_nodes_and_edges(tmp_path):
    paths = export(analyze(small_graph()), "csv", tmp_path / "out")
    assert [p.name for p in paths] == ["nodes.csv", "edges.csv"]
    nodes = list(csv.DictReader(paths[0].open(encoding="utf-8")))
    edges = list(csv.DictReader(paths[1].open(encoding="utf-8")))
    assert len(nodes) == 4 and len(edges) == 4
    assert nodes[0]["aliases"] == "Alice Adams | Ms Adams"
    assert {e["type"] for e in edges} == {"MET", "SPOKE_TO", "CO_MENTIONED"}


def test_bad_destination(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        export(small_graph(), "json", tmp_path / "missing" / "g.json")
    with pytest.raises(InputError, match="Unknown format"):
        export(small_graph(), "pdf", tmp_path / "g.pdf")
