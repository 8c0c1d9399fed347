"""Cross-document resolution and curation rules: merge, unmerge, rename, aliases, undo."""

from __future__ import annotations

from collections import Counter

import pytest

from graph import Store, find_node, ingest
from graph.schema import vote_type
from graph.store.curate import load_aliases, merge_entities, read_aliases, rename_entity, unmerge_entity
from graph.store.rules import RawEntity
from graph.errors import CurationError, EntityNotFoundError

pytestmark = pytest.mark.slow


@pytest.fixture
def store(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Talks\nRussian President Vladimir Putin met Xi Jinping in Moscow. "
                                  "Mr Putin said the talks went well.", encoding="utf-8")
    (folder / "b.txt").write_text("Calls\nPutin spoke to Emmanuel Macron on Monday.", encoding="utf-8")
    (folder / "c.txt").write_text("Visit\nKeir Starmer visited Kyiv. Starmer met Volodymyr Zelensky.",
                                  encoding="utf-8")
    with Store(tmp_path / "s.db") as s:
        ingest([str(folder)], s)
        s.folder = folder  # type: ignore[attr-defined]
        yield s


def names(store):
    return {n.name for n in store.load_graph().nodes}


def test_lone_surname_joins_the_one_full_name_in_the_store(store):
    g = store.load_graph()
    putin = find_node(g, "Vladimir Putin")
    assert {"Putin", "Mr Putin"} <= set(putin.aliases) and putin.documents == 2
    assert "Putin" not in names(store)
    spoke = [e for e in g.edges if e.type == "SPOKE_TO"]
    assert [find_node(g, "Putin").id] == [e.source for e in spoke]


def test_two_candidates_means_no_join():
    from graph.store.rules import merge_map

    ents = {i: RawEntity(i, n, Counter({"Person": 1})) for i, n in
            [("1", "Smith"), ("2", "John Smith"), ("3", "Jane Smith")]}
    mapping = merge_map(ents, {i: "Person" for i in ents}, [])
    assert mapping["1"] == "1"


def test_type_votes_and_gazetteer():
    assert vote_type(Counter({"Person": 3}), "Kyiv") == "Place"
    assert vote_type(Counter({"Organization": 2, "Place": 1}), "Ukraine") == "Place"
    assert vote_type(Counter({"Person": 2}), "Rubio", honorific=True) == "Person"


def test_unmerge_then_undo(store):
    [rule] = unmerge_entity(store, "Putin")
    assert rule.kind == "split" and "Putin" in names(store)
    store.set_rule_active(rule.id, False)
    assert "Putin" not in names(store)


def test_merge_rename_survive_reingest(store):
    merge_entities(store, "Kyiv", "Volodymyr Zelensky")  # a silly merge, to see it apply
    rename_entity(store, "Xi Jinping", "Xi")
    ingest([str(store.folder)], store)  # re-ingest: no new documents
    got = names(store)
    assert "Xi" in got and "Xi Jinping" not in got and "Kyiv" not in got
    [rule] = [r for r in unmerge_entity(store, "Kyiv")]
    assert rule.kind == "merge" and "Kyiv" in names(store)


def test_merge_errors(store):
    with pytest.raises(CurationError, match="already one entity"):
        merge_entities(store, "Putin", "Vladimir Putin")
    with pytest.raises(EntityNotFoundError):
        merge_entities(store, "Nobody", "Vladimir Putin")
    with pytest.raises(CurationError, match="not merged"):
        unmerge_entity(store, "Emmanuel Macron")


def test_aliases_file_csv_and_yaml(store, tmp_path):
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("alias,canonical\nXi Jinping,President Xi\n", encoding="utf-8")
    assert len(load_aliases(store, csv_file)) == 1
    assert load_aliases(store, csv_file) == []  # idempotent
    xi = find_node(store.load_graph(), "xi jinping")
    assert xi.name == "President Xi" and "Xi Jinping" in xi.aliases
    yml = tmp_path / "a.yaml"
    yml.write_text("Emmanuel Macron: Macron\n", encoding="utf-8")
    assert read_aliases(yml) == [("Emmanuel Macron", "Macron")]
    bad = tmp_path / "bad.csv"
    bad.write_text("one,two,three\n", encoding="utf-8")
    with pytest.raises(CurationError, match="expected 2 columns"):
        read_aliases(bad)
