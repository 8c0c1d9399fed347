"""Interactions scored the way the annotation guideline scores them, on gold sets whose texts
are licensed and kept outside the repository: the gold file holds document ids and character
offsets only, and the texts are read by id from a JSON-lines file the user passes.

Per document, a predicted action edge counts when its two entities are the two entities of a
recorded interaction, in either direction; pairs are counted once per document. Precision is
the share of predicted pairs between annotated entities that are recorded interactions;
recall the share of recorded asserted interactions found. Negated, hypothetical and
borderline records are neither required nor counted against a prediction. The class is
scored on the pairs found: the share whose predicted type falls in a gold class of the pair.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any


from graph.errors import InputError, NewsgraphError
from graph.evaluation.files import read_yaml
from graph.evaluation.goldset import GoldEntity, asserted, entity_map
from graph.evaluation.scores import PRF, PRF_COLUMNS, prf_row
from graph.pipeline.read import Skipped, parse_text
from graph.report import table
from graph.schema import CO_MENTIONED, INTERACTION_CLASSES, relation_types

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Record", "InteractionDocument", "load_interactions", "InteractionScores", "score_interactions",
           "SPLITS"]

SPLITS = ("dev", "test")
_FLAGS = ("negated", "hypothetical", "borderline")


@dataclass(frozen=True)
class Record:
    """One recorded interaction: ``source`` and ``target`` are gold entity names."""

    source: str
    target: str
    klass: str
    evidence: str
    negated: bool = False
    hypothetical: bool = False
    borderline: bool = False

    @property
    def required(self) -> bool:
        return not (self.negated or self.hypothetical or self.borderline)


@dataclass(frozen=True)
class InteractionDocument:
    id: str
    split: str
    text: str
    entities: tuple[GoldEntity, ...]
    records: tuple[Record, ...]


def _texts(path: str | Path, wanted: set[str]) -> dict[str, str]:
    """``id -> text`` for the ``wanted`` ids of a JSON-lines file of ``{"id", "text"}`` records."""
    out: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict) and record.get("id") in wanted and isinstance(record.get("text"), str):
                    out.setdefault(record["id"], record["text"])
    except OSError as exc:
        raise InputError(f"Cannot read texts {str(path)!r}: {exc.strerror or exc}") from exc
    return out


def _span(text: str, raw: Any, where: str) -> str:
    if (not isinstance(raw, list) or len(raw) != 2 or not all(isinstance(v, int) for v in raw)
            or not 0 <= raw[0] < raw[1] <= len(text)):
        raise InputError(f"{where}: bad span {raw!r} (the text has {len(text)} characters)")
    return text[raw[0]:raw[1]]


def load_interactions(gold: str | Path, texts: str | Path, *, split: str | None = None) -> list[InteractionDocument]:
    """Read an offsets-only gold file (see ``tests/data/gold/bbc.yaml``) with its texts.

    Args:
        gold: the YAML gold file.
        texts: a JSON-lines file holding each document's ``id`` and ``text``.
        split: keep only ``dev`` or ``test`` documents; all when None.

    Raises:
        InputError: a file is missing or malformed, a text is missing, or an offset is out
            of its text.
    """
    if split is not None and split not in SPLITS:
        raise InputError(f"Unknown split {split!r}; choose from {', '.join(SPLITS)}.")
    data = read_yaml(gold, "gold file")
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise InputError(f"{gold}: expected a mapping with a 'documents' list")
    raws = [d for d in data["documents"] if split is None or d.get("split") == split]
    found = _texts(texts, {str(d.get("id")) for d in raws})
    docs = []
    for raw in raws:
        where = f"{gold}: document {raw.get('id')}"
        text = found.get(str(raw.get("id")))
        if text is None:
            raise InputError(f"{where}: no text with that id in {str(texts)!r}")
        try:
            entities = []
            for i, e in enumerate(raw["entities"]):
                forms = [_span(text, f, f"{where} entity {i}") for f in e["forms"]]
                entities.append(GoldEntity(forms[0], str(e["type"]), tuple(dict.fromkeys(forms[1:]))))
            records = []
            for r in raw.get("interactions") or ():
                if r["class"] not in INTERACTION_CLASSES:
                    raise InputError(f"{where}: unknown class {r['class']!r}")
                records.append(Record(entities[r["source"]].name, entities[r["target"]].name, r["class"],
                                      _span(text, r["evidence"], f"{where} evidence"),
                                      **{f: bool(r.get(f)) for f in _FLAGS}))
        except (KeyError, TypeError, IndexError) as exc:
            raise InputError(f"{where}: malformed record ({exc!r})") from exc
        if raw.get("split") not in SPLITS:
            raise InputError(f"{where}: split must be one of {', '.join(SPLITS)}")
        docs.append(InteractionDocument(str(raw["id"]), raw["split"], text, tuple(entities), tuple(records)))
    return docs


@dataclass(frozen=True)
class InteractionScores:
    """Pairs scored per document by the guideline, and classes on the pairs found.

    ``classes`` scores (document, pair, class) items per class: a prediction of a class is
    right when the pair is a recorded interaction of that class. ``found`` is, per gold
    class, the share of its pairs found with any type.
    """

    documents: int
    pairs: PRF
    class_matched: int
    class_correct: int
    classes: dict[str, PRF]
    found: dict[str, PRF]
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()

    @property
    def class_accuracy(self) -> float:
        return self.class_correct / self.class_matched if self.class_matched else 0.0

    def format(self, *, details: bool = False, title: str = "interactions") -> str:
        p = self.pairs
        lines = [
            f"{title}: {self.documents} documents, {p.tp + p.fn} required pairs, {p.tp + p.fp} predicted pairs "
            "between annotated entities",
            table(["", *PRF_COLUMNS], [prf_row("pairs", p)]),
            f"class accuracy on found pairs: {self.class_accuracy:.3f} ({self.class_correct}/{self.class_matched})",
            "",
            table(["class", *PRF_COLUMNS, "found"],
                  [[*prf_row(name, s), f"{self.found[name].recall:.3f}"] for name, s in self.classes.items()]),
        ]
        if details:
            for heading, items in (("missed pairs", self.missed), ("spurious pairs", self.spurious)):
                lines += ["", f"{heading}:"] + [f"  {item}" for item in items]
        return "\n".join(lines)


def _pairs(doc: InteractionDocument) -> tuple[dict[frozenset[str], set[str]], set[frozenset[str]]]:
    """Required pairs with their classes, and the pairs of records that are not required."""
    required: dict[frozenset[str], set[str]] = {}
    optional: set[frozenset[str]] = set()
    for r in doc.records:
        pair = frozenset((r.source, r.target))
        if len(pair) < 2:
            continue
        if r.required:
            required.setdefault(pair, set()).add(r.klass)
        else:
            optional.add(pair)
    return required, optional


def _predictions(doc: InteractionDocument, analysed: Any) -> Iterator[tuple[frozenset[str], str]]:
    """(pair of gold names, predicted class) for each asserted action between annotated entities."""
    types = relation_types()
    names = entity_map(doc.entities, analysed)
    for r in analysed.relations:
        if r.type == CO_MENTIONED or r.type not in types or not asserted(r):
            continue
        source, target = names.get(r.source, "?"), names.get(r.target, "?")
        if source.startswith("?") or target.startswith("?") or source == target:
            continue
        yield frozenset((source, target)), types[r.type].interaction_class or ""


def score_interactions(docs: Sequence[InteractionDocument], nlp: Language | None = None, *,
                       batch_size: int = 64) -> InteractionScores:
    """Run the pipeline on each document and score its actions by the guideline."""
    from graph.ingest import run_pipeline

    documents = []
    for d in docs:
        parsed = parse_text(d.text, d.id)
        if isinstance(parsed, Skipped):
            raise InputError(f"gold document {d.id}: {parsed.reason}")
        documents.append(parsed)
    total = PRF()
    matched = correct = 0
    found_any = {c: PRF() for c in INTERACTION_CLASSES}
    typed = {c: PRF() for c in INTERACTION_CLASSES}
    missed: list[str] = []
    spurious: list[str] = []
    for gold, parsed, analysed in zip(docs, documents, run_pipeline(documents, nlp=nlp, batch_size=batch_size),
                                      strict=True):
        if analysed.document is not parsed:
            raise NewsgraphError("run_pipeline() returned documents out of order")
        required, optional = _pairs(gold)
        predicted: dict[frozenset[str], set[str]] = {}
        for pair, klass in _predictions(gold, analysed):
            predicted.setdefault(pair, set()).add(klass)
        counted = {p: c for p, c in predicted.items() if p in required or p not in optional}
        total += PRF.of(set(required), set(counted))
        for pair, classes in required.items():
            found = pair in counted
            for c in classes:
                found_any[c] += PRF(tp=1) if found else PRF(fn=1)
            if found:
                matched += 1
                correct += bool(counted[pair] & classes)
            else:
                missed.append(f"{gold.id}: {' -- '.join(sorted(pair))} [{', '.join(sorted(classes))}]")
        for c in INTERACTION_CLASSES:
            typed[c] += PRF.of({p for p, cs in required.items() if c in cs}, {p for p, cs in counted.items() if c in cs})
        for pair, classes in counted.items():
            if pair not in required:
                spurious.append(f"{gold.id}: {' -- '.join(sorted(pair))} [{', '.join(sorted(classes))}]")
    return InteractionScores(len(docs), total, matched, correct, typed, found_any, tuple(missed), tuple(spurious))
