"""Evaluation: typed interactions against a hand-annotated gold set, entities against CoNLL-2003."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import yaml

from .countries import country_of
from .errors import InputError, NewsgraphError
from .model import Document, normalize_text
from .read import Skipped, parse_text
from .relate import CO_MENTIONED, relation_types

if TYPE_CHECKING:
    from spacy.language import Language

    from .ingest import AnalysedDocument

__all__ = ["GoldEntity", "GoldInteraction", "GoldNonEvent", "GoldDocument", "load_gold", "PRF",
           "RelationScores", "score_relations", "ConllDocument", "read_conll", "iob_spans",
           "NerScores", "eval_ner", "NER_TYPES", "NER_LABELS"]

#: How the line that opens each CoNLL-2003 document starts.
DOCSTART = "-DOCSTART"

#: newsgraph entity type -> CoNLL-2003 label; every other type is MISC.
NER_TYPES: dict[str, str] = {"Person": "PER", "Organization": "ORG", "Place": "LOC"}
NER_LABELS = ("PER", "ORG", "LOC", "MISC")
NON_EVENT_REASONS = ("negated", "hypothetical")


@dataclass(frozen=True)
class PRF:
    """Counts of true positives, false positives and false negatives.

    >>> s = PRF(tp=3, fp=1, fn=3)
    >>> (s.precision, s.recall, round(s.f1, 3))
    (0.75, 0.5, 0.6)
    >>> PRF().f1
    0.0
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @classmethod
    def of(cls, gold: set[Any], predicted: set[Any]) -> PRF:
        tp = len(gold & predicted)
        return cls(tp, len(predicted) - tp, len(gold) - tp)


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    cells = [[str(c) for c in header]] + [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in row]
                                          for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _prf_row(name: str, s: PRF) -> list[Any]:
    return [name, s.precision, s.recall, s.f1, s.tp, s.fp, s.fn]


_PRF_HEADER = ("", "P", "R", "F1", "tp", "fp", "fn")


# --- the gold set of interactions -------------------------------------------------------


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


def _key(name: str) -> str:
    """How names are compared: normalized, case-folded, without a leading "the".

    >>> _key("The  Kremlin") == _key("kremlin")
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
            _table(_PRF_HEADER, [_prf_row("pairs (any type)", p), _prf_row("typed (micro)", self.typed)]),
            f"type accuracy on matched pairs: {self.type_accuracy:.3f} ({self.type_correct}/{self.type_matched})",
            f"non-events asserted: {len(self.asserted_non_events)} of {self.non_events}",
            "",
            _table(("type", "P", "R", "F1", "tp", "fp", "fn"),
                   [_prf_row(name, s) for name, s in self.classes.items() if s.tp + s.fp + s.fn]),
        ]
        if details:
            for title, items in (("asserted non-events", self.asserted_non_events),
                                 ("missed pairs", self.missed), ("spurious pairs", self.spurious)):
                lines += ["", f"{title}:"] + [f"  {item}" for item in items]
        return "\n".join(lines)


def _entity_map(gold: GoldDocument, analysed: AnalysedDocument) -> dict[str, str]:
    """Predicted entity id -> gold entity name; unmatched entities map to "?name"."""
    lookup: dict[str, str] = {}
    for e in gold.entities:
        lookup.setdefault(_key(e.name), e.name)
    for e in gold.entities:
        for alias in e.aliases:
            lookup.setdefault(_key(alias), e.name)
    out = {}
    for entity in analysed.entities:
        names = [entity.name, *entity.aliases]
        if entity.type in ("Group", "Organization", "Place"):
            # Nationalities and seats of power fold into their country ("Russian" -> Russia).
            names += [c for c in (country_of(entity.name),) if c]
        match = next((lookup[_key(n)] for n in names if _key(n) in lookup), None)
        out[entity.id] = match if match is not None else f"?{entity.name}"
    return out


def _asserted(relation: Any) -> bool:
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
    from .ingest import analyse

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
                                   analyse(documents, nlp=nlp, batch_size=batch_size), strict=True):
        if analysed.document is not doc:
            raise NewsgraphError("analyse() returned documents out of order")
        for g in gold.interactions:
            pair = (gold.id, _pair(g.source, g.target))
            gold_pairs.add(pair)
            gold_types.setdefault(pair, set()).add(g.type)
            gold_items.add(item(gold.id, g.type, g.source, g.target))
        for n in gold.non_events:
            non_event_items[item(gold.id, n.type, n.source, n.target)] = n
        names = _entity_map(gold, analysed)
        for r in analysed.relations:
            if r.type == CO_MENTIONED or r.type not in types or not _asserted(r):
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


# --- named entities against CoNLL-2003 --------------------------------------------------


@dataclass(frozen=True)
class ConllDocument:
    """One document (CoNLL's DOCSTART line opens it): sentences of (token, IOB2 tag)."""

    index: int
    sentences: tuple[tuple[tuple[str, str], ...], ...]


def read_conll(lines: Iterable[str]) -> Iterator[ConllDocument]:
    """Documents of a CoNLL-2003 file (columns ``TOKEN POS CHUNK NER``), streamed.

    Blank lines end sentences; a line starting with :data:`DOCSTART` starts a document.

    >>> docs = list(read_conll([DOCSTART + "- -X- -X- O", "", "Anna NNP B-NP B-PER", "ran VBD B-VP O", ""]))
    >>> docs[0].sentences
    ((('Anna', 'B-PER'), ('ran', 'O')),)
    """
    index = 0
    sentences: list[tuple[tuple[str, str], ...]] = []
    sentence: list[tuple[str, str]] = []
    for number, line in enumerate(lines, start=1):
        parts = line.split()
        if not parts or parts[0].startswith(DOCSTART):
            if sentence:
                sentences.append(tuple(sentence))
                sentence = []
            if parts and sentences:
                yield ConllDocument(index, tuple(sentences))
                index += 1
                sentences = []
            continue
        if len(parts) < 2:
            raise InputError(f"line {number}: expected TOKEN ... NER columns, got {line.strip()!r}")
        sentence.append((parts[0], parts[-1]))
    if sentence:
        sentences.append(tuple(sentence))
    if sentences:
        yield ConllDocument(index, tuple(sentences))


def iob_spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Chunks of an IOB1/IOB2 tag sequence as (start, end exclusive, type), conlleval style.

    >>> sorted(iob_spans(["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]))
    [(0, 2, 'PER'), (3, 4, 'LOC'), (4, 5, 'LOC'), (5, 6, 'ORG')]
    """
    spans = set()
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, type_ = tag.partition("-")
        begins = prefix == "B" or prefix == "I" and type_ != label
        if label is not None and (prefix == "O" or begins):
            spans.add((start, i, label))
            start, label = None, None
        if prefix in ("B", "I") and (begins or label is None):
            start, label = i, type_
    return spans


def _tags(length: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * length
    for start, end, label in spans:
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags


@dataclass(frozen=True)
class NerScores:
    """Exact-span entity scores per CoNLL type and overall (micro), conlleval style.

    ``misaligned`` counts predicted mentions whose edges fall inside a CoNLL token; they
    are false positives of their type.
    """

    types: Mapping[str, PRF]
    documents: int = 0
    sentences: int = 0
    tokens: int = 0
    misaligned: int = 0
    source: str = ""

    @property
    def overall(self) -> PRF:
        return sum(self.types.values(), PRF())

    def format(self) -> str:
        head = (f"NER {self.source}: {self.documents} documents, {self.sentences} sentences, "
                f"{self.tokens} tokens; {self.misaligned} predicted spans off token boundaries")
        rows = [_prf_row(t, self.types[t]) for t in NER_LABELS] + [_prf_row("overall", self.overall)]
        return head + "\n" + _table(("type", "P", "R", "F1", "tp", "fp", "fn"), rows)


@dataclass
class _Tokens:
    conll: ConllDocument
    starts: dict[int, tuple[int, int]] = field(default_factory=dict)  # char -> (sentence, token)
    ends: dict[int, tuple[int, int]] = field(default_factory=dict)


def _conll_text(conll: ConllDocument, source: str) -> tuple[Document, _Tokens]:
    """Tokens joined by spaces, sentences by newlines, with each token's offsets."""
    tokens = _Tokens(conll)
    lines, pos = [], 0
    for s, sentence in enumerate(conll.sentences):
        words = []
        for t, (word, _) in enumerate(sentence):
            tokens.starts[pos] = (s, t)
            tokens.ends[pos + len(word)] = (s, t)
            words.append(word)
            pos += len(word) + 1  # the space, or the newline after the last token
        lines.append(" ".join(words))
    text = "\n".join(lines)
    # Built directly: parse_text would strip the text and take a title from it.
    return Document(id=Document.make_id(text), text=text, title="", source=source), tokens


def _predicted_spans(analysed: AnalysedDocument,
                     tokens: _Tokens) -> tuple[set[tuple[int, int, int, str]], dict[str, int]]:
    """(sentence, start token, end token exclusive, CoNLL type) of the named mentions,
    overlaps dropped (the first and longest wins), and the misaligned ones by type."""
    types = {e.id: NER_TYPES.get(e.type, "MISC") for e in analysed.entities}
    mentions = sorted((m for m in analysed.mentions if not getattr(m, "inferred", False) and m.entity_id in types),
                      key=lambda m: (m.start, -(m.end - m.start)))
    spans: set[tuple[int, int, int, str]] = set()
    misaligned: dict[str, int] = {}
    last_end = -1
    for m in mentions:
        if m.start < last_end:
            continue
        last_end = m.end
        label = types[m.entity_id]
        first, last = tokens.starts.get(m.start), tokens.ends.get(m.end)
        if first is None or last is None or first[0] != last[0] or first[1] > last[1]:
            misaligned[label] = misaligned.get(label, 0) + 1
            continue
        spans.add((first[0], first[1], last[1] + 1, label))
    return spans, misaligned


def eval_ner(conll_path: str | Path, nlp: Language | None = None, predictions: str | Path | None = None, *,
             batch_size: int = 64, on_document: Callable[[int], None] | None = None) -> NerScores:
    """Score the entity stage (NER, cleaning, resolution) on a CoNLL-2003 IOB2 file.

    Each document's text is its sentences' tokens joined by spaces, one sentence a line.
    The resolved mentions of :func:`graph.ingest.analyse` (names only, not pronouns or
    roles linked by inference) are mapped to CoNLL tokens; Person is PER, Organization
    ORG, Place LOC and every other type MISC. Spans must match exactly.

    Args:
        conll_path: the CoNLL file (``TOKEN POS CHUNK NER`` columns, IOB2 tags).
        nlp: a loaded pipeline; the configured model when None.
        predictions: if given, write ``TOKEN GOLD PRED`` lines here for conlleval.
        batch_size: texts per ``nlp.pipe`` batch.
        on_document: called with the number of documents scored so far.

    Raises:
        InputError: the file cannot be read or a line is malformed.
    """
    from .ingest import analyse

    path = Path(conll_path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"Cannot read CoNLL file {str(path)!r}: {exc.strerror or exc}") from exc
    queue: deque[tuple[Document, _Tokens]] = deque()

    def documents() -> Iterator[Document]:
        for conll in read_conll(handle):
            doc, tokens = _conll_text(conll, f"{path}#{conll.index}")
            queue.append((doc, tokens))
            yield doc

    counts = {t: [0, 0, 0] for t in NER_LABELS}  # tp, fp, fn
    totals = {"documents": 0, "sentences": 0, "tokens": 0, "misaligned": 0}
    out: IO[str] | None = None
    try:
        out = Path(predictions).open("w", encoding="utf-8") if predictions else None
        for analysed in analyse(documents(), nlp=nlp, batch_size=batch_size):
            doc, tokens = queue.popleft()
            if analysed.document is not doc:
                raise NewsgraphError("analyse() returned documents out of order")
            predicted, misaligned = _predicted_spans(analysed, tokens)
            # A span off token boundaries matches no gold span: a false positive of its type.
            for label, n in misaligned.items():
                counts[label][1] += n
                totals["misaligned"] += n
            for s, sentence in enumerate(tokens.conll.sentences):
                gold = {(s, *span) for span in iob_spans([tag for _, tag in sentence])}
                pred = {span for span in predicted if span[0] == s}
                for label in NER_LABELS:
                    g = {x for x in gold if x[3] == label}
                    p = {x for x in pred if x[3] == label}
                    counts[label][0] += len(g & p)
                    counts[label][1] += len(p - g)
                    counts[label][2] += len(g - p)
                if out:
                    tags = _tags(len(sentence), ((a, b, t) for _, a, b, t in pred))
                    out.writelines(f"{word} {gold_tag} {tag}\n" for (word, gold_tag), tag in zip(sentence, tags))
                    out.write("\n")
                totals["tokens"] += len(sentence)
            totals["sentences"] += len(tokens.conll.sentences)
            totals["documents"] += 1
            if on_document:
                on_document(totals["documents"])
    finally:
        handle.close()
        if out:
            out.close()
    return NerScores({t: PRF(*c) for t, c in counts.items()}, source=str(path), **totals)
