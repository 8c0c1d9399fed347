"""Edge weights count asserted, deduplicated evidence; weekdays resolve against the article's
day; evidence quotes the document exactly."""

from __future__ import annotations

import pytest

from graph.analysis.select import Selection, select
from graph.export.html import page_data
from graph.model import Document, Evidence, Graph, Node
from graph.pipeline.dates import resolve_date
from graph.store.rules import RawEdge, build_edges


def _ev(sentence: str, doc: str = "d1", start: int = 0, date: str | None = "2025-05-20", **flags) -> Evidence:
    return Evidence(doc, sentence, start, start + len(sentence), date, **flags)


def _edge(*evidence: Evidence, type_: str = "MET"):
    [edge] = build_edges([RawEdge("r", "a", "b", type_, evidence)], {}, {"MET": True})
    return edge


def test_weight_counts_only_asserted_evidence():
    edge = _edge(_ev("A met B."), _ev("A may meet B.", start=9, hypothetical=True),
                 _ev("A did not meet B.", start=23, negated=True))
    assert edge.weight == 1
    assert len(edge.evidence) == 3  # all still shown
    assert edge.status == "asserted"


def test_an_edge_of_only_hypothetical_evidence_has_weight_0_and_stays_visible():
    edge = _edge(_ev("A may meet B.", hypothetical=True), _ev("A could meet B.", start=14, hypothetical=True))
    assert (edge.weight, edge.status, len(edge.evidence)) == (0, "hypothetical", 2)
    graph = Graph((Node("a", "A", "Person"), Node("b", "B", "Person")), (edge,))
    assert [e.id for e in select(graph, Selection()).edges] == [edge.id]  # default min_weight 1
    assert select(graph, Selection(since="2025-05")).edges[0].weight == 0
    assert select(graph, Selection(min_weight=2)).edges == ()
    [record] = page_data(graph)["edges"]
    assert record["weight"] == 0 and record["counted"] == [] and record["dates"] == [("2025-05-20", 2)]


def test_date_window_recounts_asserted_evidence_only():
    edge = _edge(_ev("A met B.", date="2025-05-01"), _ev("A may meet B.", start=9, date="2025-05-03",
                                                        hypothetical=True))
    graph = Graph((Node("a", "A", "Person"), Node("b", "B", "Person")), (edge,))
    [dated] = select(graph, Selection(since="2025-05-02")).edges
    assert (dated.weight, len(dated.evidence)) == (0, 1)


def test_the_same_sentence_in_two_articles_is_one_piece_of_evidence():
    later = _ev("Trump  spoke to Putin on Monday.", doc="d2", date="2025-05-20")
    earlier = _ev("trump spoke to \u00a0Putin on Monday.", doc="d9", start=40, date="2025-05-19")
    undated = _ev("Trump spoke to Putin on Monday.", doc="d0", date=None)
    other = _ev("Trump spoke to Putin again.", doc="d2", start=50)
    edge = _edge(later, undated, other, earlier)
    assert edge.weight == 2
    assert sorted((ev.doc_id, ev.date) for ev in edge.evidence) == [("d2", "2025-05-20"), ("d9", "2025-05-19")]


def test_parallel_raw_edges_dedupe_across_merged_endpoints():
    one = RawEdge("r1", "a", "b", "MET", (_ev("A met B."),))
    two = RawEdge("r2", "a2", "b", "MET", (_ev("A met B.", doc="d2"),))
    [edge] = build_edges([one, two], {"a2": "a"}, {"MET": True})
    assert edge.weight == 1 and [ev.doc_id for ev in edge.evidence] == ["d1"]


TUESDAY = "2025-05-20"


@pytest.mark.parametrize("text,base,future,expected", [
    ("Tuesday", TUESDAY, False, "2025-05-20"),
    ("on Tuesday", TUESDAY, False, "2025-05-20"),
    ("Tuesday night", TUESDAY, False, "2025-05-20"),
    ("Monday", TUESDAY, False, "2025-05-19"),
    ("Wednesday", TUESDAY, False, "2025-05-14"),
    ("Friday", TUESDAY, True, "2025-05-23"),
    ("Tuesday", TUESDAY, True, "2025-05-20"),
    ("Monday", TUESDAY, True, "2025-05-26"),
    ("last Tuesday", TUESDAY, False, "2025-05-13"),
    ("last Tuesday", TUESDAY, True, "2025-05-13"),
    ("next Tuesday", TUESDAY, False, "2025-05-27"),
    ("next week", TUESDAY, False, "2025-05-27"),
    ("yesterday", TUESDAY, False, "2025-05-19"),
    ("May 19", TUESDAY, False, "2025-05-19"),
    ("June 3", TUESDAY, True, "2025-06-03"),
    ("Friday, May 16", TUESDAY, False, "2025-05-16"),
    ("Friday", "2025-05-23", False, "2025-05-23"),
])
def test_resolve_date(text, base, future, expected):
    assert resolve_date(text, base, future=future) == expected


@pytest.mark.slow
@pytest.mark.parametrize("sentence,future,expected", [
    ("Donald Trump met Vladimir Putin on Tuesday.", False, "2025-05-20"),
    ("Donald Trump will meet Vladimir Putin on Friday.", True, "2025-05-23"),
    ("Donald Trump is set to meet Vladimir Putin on Friday.", True, "2025-05-23"),
    ("Donald Trump was set to meet Vladimir Putin on Friday.", False, "2025-05-16"),
])
def test_future_tense_points_weekdays_forward(nlp, sentence, future, expected):
    from graph.ingest import run_pipeline

    doc = Document(Document.make_id(sentence), sentence, "t", "s", TUESDAY)
    [analysed] = run_pipeline([doc], nlp=nlp)
    [met] = [r for r in analysed.relations if r.type == "MET"]
    assert met.evidence.date == expected


@pytest.mark.slow
@pytest.mark.parametrize("sentence,future", [
    ("Trump will meet Putin on Friday.", True),
    ("Trump won't meet Putin on Friday.", True),
    ("Trump is due to meet Putin on Friday.", True),
    ("Trump is going to meet Putin on Friday.", True),
    ("Trump is to meet Putin on Friday.", True),
    ("Trump will fly to Rome and meet Putin.", True),
    ("Trump met Putin on Tuesday.", False),
    ("Trump was due to meet Putin on Friday.", False),
    ("Trump went to meet Putin.", False),
    ("Trump wants to meet Putin.", False),
])
def test_future_tense(nlp, sentence, future):
    from graph.pipeline.relate.modality import _future

    [verb] = [t for t in nlp(sentence) if t.lemma_ == "meet"]
    assert _future(verb) is future


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "WASHINGTON - US officials met Chinese envoys on Monday. US President Donald Trump spoke to Xi Jinping.",
    "Talks in Geneva\nSign up now: Get our newsletter\n"
    "US President Donald Trump hopes to unlock a deal in a call with Chinese President Xi Jinping.\n"
    "Follow topic:\nUS officials met Chinese envoys on Monday.",
])
def test_evidence_quotes_the_document_exactly(nlp, text):
    from graph.ingest import run_pipeline

    doc = Document(Document.make_id(text), text, "t", "s", TUESDAY)
    [analysed] = run_pipeline([doc], nlp=nlp)
    assert all(text[s.start:s.end] == s.text for s in analysed.sentences)
    evidence = [r.evidence for r in analysed.relations]
    assert evidence and all(text[ev.start:ev.end] == ev.sentence for ev in evidence)
    us = [s.text for s in analysed.sentences if "President Donald Trump" in s.text]
    assert us and all(s.startswith("US President") for s in us)
    assert not any(s.text == "US" for s in analysed.sentences)
