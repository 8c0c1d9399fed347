"""Exports: golden JSON, GraphML/GEXF that load back, CSV headers."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import networkx as nx
import pytest

from graph.analysis.centrality import analyze
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
                                   "date_text": None, "verb": None, "negated": False, "hypothetical": False,
                                   "reported_by": None, "inferred": False}
    assert edge["status"] == "asserted"
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
    assert nodes[0]["aliases:string[]"] == "Alice Adams;Ms Adams"
    assert {e[":TYPE"] for e in edges} == {"MET", "SPOKE_TO", "CO_MENTIONED"}


def test_csv_headers_are_ready_for_neo4j_admin_import(tmp_path):
    nodes_csv, edges_csv = export(analyze(small_graph()), "csv", tmp_path / "out")
    nodes_header = nodes_csv.read_text(encoding="utf-8").splitlines()[0]
    assert nodes_header == ("id:ID,name,type,:LABEL,aliases:string[],roles:string[],country,subtype,mentions:int,"
                            "documents:int,community:int,degree:float,weighted_degree:float,pagerank:float,"
                            "betweenness:float,eigenvector:float")
    assert edges_csv.read_text(encoding="utf-8").splitlines()[0] == (
        ":START_ID,:END_ID,:TYPE,id,weight:int,directed:boolean,status,first_date:date,last_date:date,evidence")
    nodes = {row["id:ID"]: row for row in csv.DictReader(nodes_csv.open(encoding="utf-8"))}
    assert nodes["d"][":LABEL"] == "Entity;Place" and float(nodes["a"]["pagerank:float"]) > 0
    met = next(row for row in csv.DictReader(edges_csv.open(encoding="utf-8")) if row[":TYPE"] == "MET")
    assert (met[":START_ID"], met[":END_ID"], met["weight:int"], met["directed:boolean"]) == ("a", "b", "2", "true")
    assert (met["first_date:date"], met["last_date:date"]) == ("2025-05-01", "2025-05-03")
    assert json.loads(met["evidence"])[0]["sentence"] == "Alice met Bob."


def test_gexf_carries_dates_for_gephis_timeline(tmp_path):
    from dataclasses import replace

    g = small_graph()
    partial = replace(g.edges[3], evidence=tuple(replace(ev, date="2024-02") for ev in g.edges[3].evidence))
    [out] = export(analyze(replace(g, edges=(*g.edges[:3], partial))), "gexf", tmp_path / "g.gexf")
    assert 'mode="dynamic"' in out.read_text() and 'timeformat="date"' in out.read_text()
    back = nx.read_gexf(out)
    assert back.graph["mode"] == "dynamic"
    met = next(attrs for _, _, attrs in back.edges(data=True) if attrs["relation"] == "MET")
    assert (met["start"], met["end"]) == ("2025-05-01", "2025-05-03")
    dover = next(attrs for _, _, attrs in back.edges(data=True) if attrs["relation"] == "CO_MENTIONED"
                 and attrs["weight"] == 3)
    assert (dover["start"], dover["end"]) == ("2024-02-01", "2024-02-29")  # a month spans its days
    spans = {attrs["label"]: (attrs.get("start"), attrs.get("end")) for _, attrs in back.nodes(data=True)}
    assert spans["Alice Adams"] == ("2025-05-01", "2025-05-03") and spans["Dover"] == ("2024-02-01", "2024-02-29")
    assert spans["Carol <b>Cox</b>"] == ("2024-02-01", "2024-02-29")  # its other edges are undated


def test_bad_destination(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        export(small_graph(), "json", tmp_path / "missing" / "g.json")
    with pytest.raises(InputError, match="Unknown format"):
        export(small_graph(), "pdf", tmp_path / "g.pdf")
