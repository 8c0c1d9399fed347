"""The SQLite store: one transaction per document, idempotent writes."""

from __future__ import annotations

import sqlite3

import pytest

from graph.errors import StoreError
from graph.pipeline.extract import Sentence
from graph.model import Document, Entity, Evidence, Mention, Relation
from graph.store import Store


def _doc(text="Alice met Bob."):
    doc = Document(Document.make_id(text), text, "t", "test")
    a = Entity(Entity.make_id("Alice"), "Alice", "Person", ("Alice",))
    b = Entity(Entity.make_id("Bob"), "Bob", "Person", ("Bob",))
    mentions = [Mention(doc.id, 0, 5, "Alice", a.id, 0, "Person"), Mention(doc.id, 10, 13, "Bob", b.id, 0, "Person")]
    sent = Sentence(0, len(text), text)
    ev = Evidence(doc.id, text, 0, len(text), None, None, "met")
    rels = [Relation(a.id, b.id, "SPOKE_TO", ev), Relation(a.id, b.id, "CO_MENTIONED", ev)]
    return doc, [a, b], mentions, [sent], rels


def test_write_and_read_back(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.add_document(*_doc())
        g = store.load_graph()
    assert {n.name for n in g.nodes} == {"Alice", "Bob"}
    met = [e for e in g.edges if e.type == "SPOKE_TO"][0]
    assert met.directed and met.weight == 1 and met.evidence[0].verb == "met"
    co = [e for e in g.edges if e.type == "CO_MENTIONED"][0]
    assert not co.directed


def test_same_document_twice_changes_nothing(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.add_document(*_doc())
        before = store.stats()
        assert not store.add_document(*_doc())
        assert store.stats() == before


def test_entities_merge_across_documents(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_document(*_doc("Alice met Bob."))
        store.add_document(*_doc("Alice met Bob!"))
        stats = store.stats()
        g = store.load_graph()
    assert stats.documents == 2 and stats.entities == 2
    assert [e.weight for e in g.edges if e.type == "SPOKE_TO"] == [2]


def test_failed_write_leaves_nothing_behind(tmp_path):
    doc, entities, mentions, sentences, rels = _doc()
    bad = [*rels, Relation("missing-entity", entities[0].id, "SPOKE_TO", rels[0].evidence)]
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.add_document(doc, entities, mentions, sentences, bad)
        assert store.stats().documents == 0 and store.stats().entities == 0
        assert store.add_document(doc, entities, mentions, sentences, rels)


def test_read_only_commands_need_an_existing_store(tmp_path):
    with pytest.raises(StoreError, match="No store"):
        Store(tmp_path / "none.db", create=False)
    with pytest.raises(StoreError, match="folder does not exist"):
        Store(tmp_path / "no" / "dir.db")


def test_not_a_database(tmp_path):
    f = tmp_path / "x.db"
    f.write_text("hello, not sqlite " * 100)
    with pytest.raises(StoreError, match="Cannot open"):
        Store(f)


@pytest.mark.slow
def test_interrupted_ingest_resumes_without_loss_or_duplicates(tmp_path, nlp):
    from graph.ingest import ingest

    folder = tmp_path / "in"
    folder.mkdir()
    names = [("Angela Merkel", "Emmanuel Macron"), ("Joe Biden", "Narendra Modi"),
             ("Olaf Scholz", "Justin Trudeau"), ("Keir Starmer", "Giorgia Meloni")]
    for i, (a, b) in enumerate(names):
        (folder / f"{i}.txt").write_text(f"Story {i}\n{a} met {b} in Paris.", encoding="utf-8")

    def stop_after_two(report):
        if report.stored == 2:
            raise KeyboardInterrupt

    with Store(tmp_path / "s.db") as store:
        with pytest.raises(KeyboardInterrupt):
            ingest([str(folder)], store, on_document=stop_after_two)
        assert store.stats().documents == 2
        report = ingest([str(folder)], store)
        assert (report.stored, report.unchanged) == (2, 2)
        resumed = store.stats()
    with Store(tmp_path / "clean.db") as store:
        ingest([str(folder)], store)
        assert store.stats() == resumed


@pytest.mark.slow
def test_workers_give_the_same_store(tmp_path, nlp):
    from graph.ingest import ingest

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}.txt").write_text(f"Story {i}\nAngela Merkel met Emmanuel Macron {i} times.",
                                         encoding="utf-8")
    stats = []
    for workers in (1, 2):
        with Store(tmp_path / f"w{workers}.db") as store:
            ingest([str(folder)], store, workers=workers, batch_size=2)
            stats.append(store.stats())
    assert stats[0] == stats[1] and stats[0].documents == 6
