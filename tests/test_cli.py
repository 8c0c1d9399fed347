"""The command line, driven through click's CliRunner."""

from __future__ import annotations

import html
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from cli import cli

from .conftest import SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSGRAPH_DB", raising=False)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, ["--db", str(tmp_path / "t.db"), *args], input=input)

    return invoke


def test_build_writes_html_and_summary(run, tmp_path):
    result = run("build", str(SEEDS), "--out", "out")
    assert result.exit_code == 0, result.output
    assert "documents: 1 read, 1 new, 0 already stored, 0 skipped" in result.output
    assert "Person" in result.output and "SPOKE_TO" in result.output
    assert "top by pagerank: Donald Trump" in result.output or "top by pagerank: Vladimir Putin" in result.output
    assert (tmp_path / "out" / "graph.html").stat().st_size > 100_000


def test_build_twice_leaves_identical_counts(run):
    first = run("build", str(SEEDS), "--out", "out")
    second = run("build", str(SEEDS), "--out", "out")
    assert "0 new, 1 already stored" in second.output
    strip = lambda out: [line for line in out.splitlines() if line.startswith(("entities:", "relations:"))]
    assert strip(first.output) == strip(second.output)


def test_ingest_top_show_export(run, tmp_path):
    assert run("ingest", str(SEEDS)).exit_code == 0
    top = run("top", "--by", "pagerank", "-n", "3")
    assert top.exit_code == 0 and len(top.output.splitlines()) == 5
    show = run("show", "putin")
    assert show.exit_code == 0
    assert show.output.startswith("Vladimir Putin (Person)\naliases: Mr Putin, Putin")
    assert "<- SPOKE_TO Donald Trump (Person)" in show.output
    out = tmp_path / "putin.graphml"
    export = run("export", "--format", "graphml", "--around", "Vladimir Putin", "--hops", "1", "-o", str(out))
    assert export.exit_code == 0, export.output
    g = nx.read_graphml(out)
    assert "Vladimir Putin" in {a["name"] for _, a in g.nodes(data=True)}
    for fmt, name in [("json", "a.json"), ("gexf", "a.gexf"), ("csv", "csvdir"), ("html", "a.html")]:
        r = run("export", "--format", fmt, "--relations", "SPOKE_TO,MET", "-o", str(tmp_path / name))
        assert r.exit_code == 0, r.output
    data = json.loads((tmp_path / "a.json").read_text())
    assert {e["type"] for e in data["edges"]} == {"SPOKE_TO", "MET"}


def test_stdin_ingest(run):
    result = run("ingest", "-", input="Leaders\nAngela Merkel met Emmanuel Macron in Paris.\n")
    assert result.exit_code == 0 and "1 new" in result.output


@pytest.mark.parametrize("args,message", [
    (("show", "Nobody Atall"), "Error: No store at"),
    (("ingest", "does/not/exist.txt"), "Error: No such file or folder: 'does/not/exist.txt'."),
])
def test_errors_are_one_line_exit_1(run, args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert result.output.strip().startswith(message) and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_unknown_name_suggests(run):
    run("ingest", str(SEEDS))
    result = run("show", "Putn")
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: No entity named 'Putn'. Did you mean: Vladimir Putin")


def test_bad_files_are_skipped_and_counted(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Title\nAngela Merkel met Emmanuel Macron.", encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "in" / "empty.md").write_text("  ", encoding="utf-8")
    result = run("ingest", str(tmp_path / "in"))
    assert result.exit_code == 0
    assert "1 new, 0 already stored, 2 skipped" in result.output
    assert "warning: skipped" in result.output  # CliRunner mixes stderr in


def test_bad_option_values_are_usage_errors(run):
    assert run("top", "--by", "fame").exit_code == 2
    assert run("export", "--format", "pdf", "-o", "x").exit_code == 2


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Example" in result.output, name


@pytest.mark.parametrize("args,described", [
    (["--around", "putin", "--hops", "1"], "within 1 hop of putin"),
    (["--between", "Keir Starmer", "Putin"], "shortest paths between Keir Starmer and Putin"),
    (["--types", "Person", "--min-weight", "2"], "types Person; weight >= 2"),
    (["--no-comentions", "--since", "2022", "--until", "2025-12-31"], "actions only; evidence from 2022 to 2025-12-31"),
    (["--community", "0", "--top", "5", "--by", "degree"], "community 0; top 5 by degree"),
])
def test_every_selection_works_for_every_format(run, tmp_path, args, described):
    assert run("ingest", str(SEEDS)).exit_code == 0
    for fmt, name in [("json", "s.json"), ("graphml", "s.graphml"), ("gexf", "s.gexf"), ("csv", "csvdir"),
                      ("html", "s.html")]:
        result = run("export", "--format", fmt, *args, "-o", str(tmp_path / name))
        assert result.exit_code == 0, (fmt, result.output)
    data = json.loads((tmp_path / "s.json").read_text())
    assert data["graph"]["selection"] == described
    assert html.escape(described) in (tmp_path / "s.html").read_text(encoding="utf-8")
    assert f"{len(data['nodes'])} entities and {len(data['edges'])} relations" in (tmp_path / "s.html").read_text()
    assert len(nx.read_gexf(tmp_path / "s.gexf")) == len(data["nodes"])


def test_build_takes_the_selection_options(run, tmp_path):
    result = run("build", str(SEEDS), "--out", "out", "--no-comentions")
    assert result.exit_code == 0, result.output
    assert "actions only" in (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("args,message", [
    (["--since", "May 2025"], "Error: --since must be an ISO date: YYYY, YYYY-MM or YYYY-MM-DD (got 'May 2025')."),
    (["--between", "Putin", "Nobody Atall"], "Error: No entity named 'Nobody Atall'."),
])
def test_bad_selections_are_one_line_errors(run, tmp_path, args, message):
    run("ingest", str(SEEDS))
    result = run("export", "--format", "json", *args, "-o", str(tmp_path / "x.json"))
    assert result.exit_code == 1 and result.output.strip() == message
