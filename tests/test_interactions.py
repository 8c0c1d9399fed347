"""The offsets-only interaction gold set: loading texts by id, and guideline scoring."""

from __future__ import annotations

import importlib
import json
from types import SimpleNamespace

import pytest
import yaml

from graph.errors import InputError
from graph.evaluation.interactions import load_interactions, score_interactions
from graph.evaluation.scores import PRF
from graph.model import Entity

from .conftest import DATA, ROOT

INGEST = importlib.import_module("graph.ingest")
BBC = ROOT.parent / "shared" / "data" / "bbc_news.jsonl"
TEXT = "Ann Lee met Bob Ray in Oslo. Lee criticised Acme Ltd. Ray may sue Acme."


def span(word, start=0):
    i = TEXT.index(word, start)
    return [i, i + len(word)]


def write(tmp_path, documents):
    (tmp_path / "texts.jsonl").write_text(json.dumps({"id": "d1", "text": TEXT}) + "\nnot json\n", "utf-8")
    (tmp_path / "gold.yaml").write_text(yaml.safe_dump({"documents": documents}), "utf-8")
    return tmp_path / "gold.yaml", tmp_path / "texts.jsonl"


GOOD = {"id": "d1", "split": "dev",
        "entities": [{"type": "Person", "forms": [span("Ann Lee"), span("Lee", 10)]},
                     {"type": "Person", "forms": [span("Bob Ray"), span("Ray", 20)]},
                     {"type": "Organization", "forms": [span("Acme Ltd")]},
                     {"type": "Place", "forms": [span("Oslo")]}],
        "interactions": [{"source": 0, "target": 1, "class": "meet", "evidence": span("Ann Lee met Bob Ray")},
                         {"source": 0, "target": 2, "class": "criticize", "evidence": span("Lee criticised Acme")},
                         {"source": 1, "target": 2, "class": "criticize", "evidence": span("Ray may sue Acme"),
                          "hypothetical": True}]}


def test_texts_are_read_by_id_and_forms_from_offsets(tmp_path):
    [doc] = load_interactions(*write(tmp_path, [GOOD]))
    assert doc.entities[0].name == "Ann Lee" and doc.entities[0].aliases == ("Lee",)
    assert [r.required for r in doc.records] == [True, True, False]
    assert load_interactions(*write(tmp_path, [GOOD]), split="test") == []


@pytest.mark.parametrize("bad, message", [
    ({**GOOD, "id": "nope"}, "no text with that id"),
    ({**GOOD, "entities": [{"type": "Person", "forms": [[0, 999]]}]}, "bad span"),
    ({**GOOD, "split": "train"}, "split must be"),
])
def test_bad_gold_is_a_clear_error(tmp_path, bad, message):
    with pytest.raises(InputError, match=message):
        load_interactions(*write(tmp_path, [bad]))


def test_scoring_follows_the_guideline(tmp_path, monkeypatch):
    def fake(documents, *, nlp=None, batch_size=64, workers=1):
        for doc in documents:
            ents = {n: Entity(id=n, name=n, type="Person") for n in ("Lee", "Bob Ray", "Acme Ltd", "Zed")}

            def rel(s, t, type_, **flags):
                return SimpleNamespace(source=s, target=t, type=type_, evidence=SimpleNamespace(**flags))

            relations = [rel("Lee", "Bob Ray", "SPOKE_TO"),  # the meet pair, found with the wrong class
                         rel("Bob Ray", "Acme Ltd", "SUED"),  # only a hypothetical record: not counted
                         rel("Lee", "Acme Ltd", "CRITICIZED", negated=True),  # not asserted: no prediction
                         rel("Zed", "Lee", "MET")]  # Zed is not annotated: not counted
            yield SimpleNamespace(document=doc, entities=tuple(ents.values()), mentions=(), sentences=(),
                                  relations=tuple(relations))

    monkeypatch.setattr(INGEST, "run_pipeline", fake)
    scores = score_interactions(load_interactions(*write(tmp_path, [GOOD])), nlp=object())
    assert scores.pairs == PRF(tp=1, fp=0, fn=1)
    assert (scores.class_matched, scores.class_correct) == (1, 0)
    assert scores.classes["meet"] == PRF(fn=1) and scores.classes["communicate"] == PRF(fp=1)
    assert scores.found["meet"] == PRF(tp=1) and scores.found["criticize"] == PRF(fn=1)
    assert "Acme Ltd -- Ann Lee" in scores.format(details=True)


def test_the_shipped_gold_set_has_no_text():
    raw = (DATA / "gold" / "bbc.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    assert len(data["documents"]) >= 60
    assert {d["split"] for d in data["documents"]} == {"dev", "test"}
    assert "evidence: \"" not in raw and "name:" not in raw


# Dev pair recall measured: 0.032 when the gold set was added, 0.183 (precision 0.958) with
# coreference, reported speech and the larger lexicon, 0.389 (precision 1.000) with topic
# owners, outlets, governments by national bodies and the rarer classes, 0.468 (precision
# 1.000) with clauses asserted under speech, coreference precision, roles and titles. The dev
# split then grew from 41 to 64 documents with 23 freshly annotated ones nobody had tuned on:
# 0.402 (precision 0.975) on the larger split; 0.418 (precision 0.976) with object pronouns
# barred from their clause's whole subject and outlets named every way; 0.443 (precision
# 0.977) with government measures, unnamed governments and spokesmen; 0.448 (precision
# 0.978) with firms named by web domain and texts put out by their author; 0.479 (precision
# 0.979) with the gazetteer of office holders; 0.485 (precision 0.979) with trust withheld as a
# verdict and names the parser hung off their apposition; 0.490 (precision 0.979) with conduct
# told with a verdict word in reported clauses. The dev split then grew from 64 to 88 documents
# with 24 freshly annotated ones (0.376 on them when first scored): 0.471 (precision 0.970);
# and to 112 with 24 more (0.279 when first scored): 0.450 (precision 0.956).
# The floor is the latest minus 0.05, rounded down.
DEV_RECALL_FLOOR = 0.40


@pytest.mark.slow
@pytest.mark.skipif(not BBC.is_file(), reason="the BBC texts sit beside the project in ../shared")
def test_dev_split_recall_does_not_drop(nlp):
    scores = score_interactions(load_interactions(DATA / "gold" / "bbc.yaml", BBC, split="dev"), nlp)
    assert scores.pairs.recall >= DEV_RECALL_FLOOR
    assert scores.pairs.precision >= 0.80
