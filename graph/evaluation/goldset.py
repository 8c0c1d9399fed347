"""The gold set of interactions and the relation scorer: typed interactions between named
entities, annotated by hand, against what newsgraph extracts from the same texts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from graph.errors import InputError, NewsgraphError
from graph.evaluation.scores import PRF, PRF_COLUMNS, prf_row
from graph.gazetteer.countries import country_of
from graph.model import normalize_text
from graph.pipeline.read import Skipped, parse_text
from graph.report import table
from graph.schema import CO_MENTIONED, relation_types

if TYPE_CHECKING:
    from spacy.language import Language

    from graph.ingest import AnalysedDocument

__all__ = ["GoldEntity", "GoldInteraction", "GoldNonEvent", "GoldDocument", "load_gold",
           "RelationScores", "score_relations", "NON_EVENT_REASONS", "entity_map", "asserted", "name_key"]

NON_EVENT_REASONS = ("negated", "hypothetical")


@dataclass(frozen=True)
class GoldEntity:
    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldInteraction:
    """An interaction the text states: ``source`` and ``target`` are gold entity names."""

    source: str
    target: str
    type: str
    evidence: str


@dataclass(frozen=True)
class GoldNonEvent(GoldInteraction):
    """An interaction the text mentions but does not assert; a system must not assert it."""

    why: str = "hypothetical"  # negated | hypothetical


@dataclass(frozen=True)
class GoldDocument:
    id: str
    path: Path  # the text file, resolved
    date: str | None
    entities: tuple[GoldEntity, ...]
    interactions: tuple[GoldInteraction, ...]
    non_events: tuple[GoldNonEvent, ...] = ()

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def _resolve(path: str, gold_file: Path, root: Path | None) -> Path:
    """A repo-relative text path: under ``root``, the cwd, or an ancestor of the gold file."""
    candidates = [root / path] if root else [Path(path), *(p / path for p in gold_file.resolve().parents)]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise InputError(f"{gold_file}: text file {path!r} not found")


def load_gold(path: str | Path, *, root: str | Path | None = None) -> list[GoldDocument]:
    """Read and check a gold file (see ``tests/data/gold/relations.yaml``).

    Args:
        path: the YAML gold file.
        root: folder the documents' ``path`` values are relative to; by default the
            current directory, then each ancestor folder of the gold file.

    Raises:
        InputError: the file is missing or malformed, a type is not in the relation
            vocabulary, an interaction names an unknown entity, or its evidence is not in
            the text.
    """
    gold_file = Path(path)
    try:
        data = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"Cannot read gold file {str(gold_file)!r}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{gold_file}: invalid YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise InputError(f"{gold_file}: expected a mapping with a 'documents' list")
    types = relation_types()
    docs: list[GoldDocument] = []
    for i, raw in enumerate(data["documents"]):
        where = f"{gold_file}: document {raw.get('id', i) if isinstance(raw, dict) else i}"
        try:
            doc = _gold_document(raw, gold_file, Path(root) if root else None)
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{where}: malformed record ({exc!r})") from exc
        text = normalize_text(doc.text())
        names = {e.name for e in doc.entities}
        if len(names) != len(doc.entities):
            raise InputError(f"{where}: duplicate entity names")
        for item in (*doc.interactions, *doc.non_events):
            label = f"{where}: {item.source} {item.type} {item.target}"
            if item.type not in types or item.type == CO_MENTIONED:
                raise InputError(f"{label}: unknown relation type {item.type!r}")
            if item.source not in names or item.target not in names:
                raise InputError(f"{label}: source and target must be entity names of the document")
            if normalize_text(item.evidence) not in text:
                raise InputError(f"{label}: evidence not found in the text: {item.evidence!r}")
            if isinstance(item, GoldNonEvent) and item.why not in NON_EVENT_REASONS:
                raise InputError(f"{label}: 'why' must be one of {', '.join(NON_EVENT_REASONS)}")
        docs.append(doc)
    if len({d.id for d in docs}) != len(docs):
        raise InputError(f"{gold_file}: duplicate document ids")
    return docs


def _gold_document(raw: dict[str, Any], gold_file: Path, root: Path | None) -> GoldDocument:
    entities = tuple(GoldEntity(str(e["name"]), str(e["type"]), tuple(str(a) for a in e.get("aliases") or ()))
                     for e in raw.get("entities") or ())
    interactions = tuple(GoldInteraction(str(r["source"]), str(r["target"]), str(r["type"]), str(r["evidence"]))
                         for r in raw.get("interactions") or ())
    non_events = tuple(GoldNonEvent(str(r["source"]), str(r["target"]), str(r["type"]), str(r["evidence"]),
                                    str(r["why"]))
                       for r in raw.get("non_events") or ())
    date = raw.get("date")
    return GoldDocument(str(raw["id"]), _resolve(str(raw["path"]), gold_file, root),
                        str(date) if date else None, entities, interactions, non_events)


# --- scoring relations ------------------------------------------------------------------


def name_key(name: str) -> str:
    """How names are compared: normalized, case-folded, without a leading "the".

    >>> name_key("The  Kremlin") == name_key("kremlin")
    True
    """
    key = normalize_text(name).casefold()
    return key[4:] if key.startswith("the ") else key


def _pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


@dataclass(frozen=True)
class RelationScores:
    """Relation extraction scored against the gold set.

    ``pairs`` scores unordered entity pairs per document, ignoring the type.
    ``type_accuracy`` is the share of matched pairs whose predicted types include a gold
    type of the pair. ``classes`` scores (document, type, pair) per type, ordered for
    directed types and unordered for symmetric ones; ``typed`` sums them (micro).
    ``asserted_non_events`` lists gold non-events the system asserted (each is also a
    false positive of its class).
    """

    documents: int
    pairs: PRF
    type_matched: int
    type_correct: int
    classes: Mapping[str, PRF]
    typed: PRF
    non_events: int
    asserted_non_events: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()  # gold pairs not predicted
    spurious: tuple[str, ...] = ()  # predicted pairs not in the gold set

    @property
    def type_accuracy(self) -> float:
        return self.type_correct / self.type_matched if self.type_matched else 0.0

    def format(self, *, details: bool = False) -> str:
        """A plain text report; ``details`` lists missed and spurious pairs."""
        p = self.pairs
        lines = [
            f"relations: {self.documents} documents, {p.tp + p.fn} gold pairs, {p.tp + p.fp} predicted pairs",
            table(["", *PRF_COLUMNS], [prf_row("pairs (any type)", p), prf_row("typed (micro)", self.typed)]),
            f"type accuracy on matched pairs: {self.type_accuracy:.3f} ({self.type_correct}/{self.type_matched})",
            f"non-events asserted: {len(self.asserted_non_events)} of {self.non_events}",
            "",
            table(["type", *PRF_COLUMNS],
                   [prf_row(name, s) for name, s in self.classes.items() if s.tp + s.fp + s.fn]),
        ]
        if details:
            for title, items in (("asserted non-events", self.asserted_non_events),
                                 ("missed pairs", self.missed), ("spurious pairs", self.spurious)):
                lines += ["", f"{title}:"] + [f"  {item}" for item in items]
        return "\n".join(lines)


def entity_map(entities: Sequence[GoldEntity], analysed: AnalysedDocument) -> dict[str, str]:
    """Predicted entity id -> gold entity name; unmatched entities map to "?name"."""
    lookup: dict[str, str] = {}
    for e in entities:
        lookup.setdefault(name_key(e.name), e.name)
    for e in entities:
        for alias in e.aliases:
            lookup.setdefault(name_key(alias), e.name)
    out = {}
    for entity in analysed.entities:
        names = [entity.name, *entity.aliases]
        if entity.type in ("Group", "Organization", "Place"):
            # Nationalities and seats of power fold into their country ("Russian" -> Russia).
            names += [c for c in (country_of(entity.name),) if c]
        match = next((lookup[name_key(n)] for n in names if name_key(n) in lookup), None)
        out[entity.id] = match if match is not None else f"?{entity.name}"
    return out


def asserted(relation: Any) -> bool:
    """Neither the relation nor its evidence is negated or hypothetical."""
    evidence = getattr(relation, "evidence", None)
    return not any(getattr(obj, flag, False) for obj in (relation, evidence)
                   for flag in NON_EVENT_REASONS)


def score_relations(gold_docs: Sequence[GoldDocument], nlp: Language | None = None, *,
                    batch_size: int = 64) -> RelationScores:
    """Run the pipeline on each gold document and score its typed relations.

    Co-mentions and relations whose evidence is negated or hypothetical are not
    predictions. A predicted entity matches a gold entity when its name or one of its
    aliases equals the gold name or an alias (case-insensitive).

    Args:
        gold_docs: from :func:`load_gold`.
        nlp: a loaded pipeline; the configured model when None.
        batch_size: texts per ``nlp.pipe`` batch.
    """
    from graph.ingest import run_pipeline

    types = relation_types()
    documents = []
    for gold in gold_docs:
        doc = parse_text(gold.text(), str(gold.path), date=gold.date)
        if isinstance(doc, Skipped):
            raise InputError(f"gold document {gold.id}: {doc.reason}")
        documents.append(doc)

    def item(doc_id: str, type_: str, source: str, target: str) -> tuple[str, str, Any]:
        return doc_id, type_, _pair(source, target) if types[type_].symmetric else (source, target)

    gold_pairs: set[tuple[str, frozenset[str]]] = set()
    gold_items: set[tuple[str, str, Any]] = set()
    non_event_items: dict[tuple[str, str, Any], GoldNonEvent] = {}
    pred_pairs: dict[tuple[str, frozenset[str]], set[str]] = {}
    pred_items: set[tuple[str, str, Any]] = set()
    gold_types: dict[tuple[str, frozenset[str]], set[str]] = {}

    for gold, doc, analysed in zip(gold_docs, documents,
                                   run_pipeline(documents, nlp=nlp, batch_size=batch_size), strict=True):
        if analysed.document is not doc:
            raise NewsgraphError("run_pipeline() returned documents out of order")
        for g in gold.interactions:
            pair = (gold.id, _pair(g.source, g.target))
            gold_pairs.add(pair)
            gold_types.setdefault(pair, set()).add(g.type)
            gold_items.add(item(gold.id, g.type, g.source, g.target))
        for n in gold.non_events:
            non_event_items[item(gold.id, n.type, n.source, n.target)] = n
        names = entity_map(gold.entities, analysed)
        for r in analysed.relations:
            if r.type == CO_MENTIONED or r.type not in types or not asserted(r):
                continue
            source, target = names.get(r.source, f"?{r.source}"), names.get(r.target, f"?{r.target}")
            pred_pairs.setdefault((gold.id, _pair(source, target)), set()).add(r.type)
            pred_items.add(item(gold.id, r.type, source, target))

    matched = gold_pairs & pred_pairs.keys()
    classes = {name: PRF.of({i for i in gold_items if i[1] == name}, {i for i in pred_items if i[1] == name})
               for name in types if name != CO_MENTIONED}

    def show_pair(pair: tuple[str, frozenset[str]]) -> str:
        return f"{pair[0]}: {' -- '.join(sorted(pair[1]))}"

    return RelationScores(
        documents=len(gold_docs),
        pairs=PRF.of(gold_pairs, set(pred_pairs)),
        type_matched=len(matched),
        type_correct=sum(1 for p in matched if pred_pairs[p] & gold_types[p]),
        classes=classes,
        typed=sum(classes.values(), PRF()),
        non_events=len(non_event_items),
        asserted_non_events=tuple(sorted(f"{key[0]}: {n.source} {n.type} {n.target} ({n.why})"
                                         for key, n in non_event_items.items() if key in pred_items)),
        missed=tuple(sorted(f"{show_pair(p)} [{', '.join(sorted(gold_types[p]))}]"
                            for p in gold_pairs - pred_pairs.keys())),
        spurious=tuple(sorted(f"{show_pair(p)} [{', '.join(sorted(pred_pairs[p]))}]"
                              for p in pred_pairs.keys() - gold_pairs)),
    )
