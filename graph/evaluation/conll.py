"""Evaluation: entities against CoNLL-2003 (here), typed interactions against the
project's gold set (:mod:`graph.goldset`, re-exported)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from graph.errors import InputError, NewsgraphError
from graph.evaluation.goldset import (
    NON_EVENT_REASONS,
    GoldDocument,
    GoldEntity,
    GoldInteraction,
    GoldNonEvent,
    RelationScores,
    load_gold,
    score_relations,
)
from graph.evaluation.scores import PRF, PRF_COLUMNS, prf_row
from graph.model import Document
from graph.report import table

if TYPE_CHECKING:
    from spacy.language import Language

    from graph.ingest import AnalysedDocument

__all__ = ["GoldEntity", "GoldInteraction", "GoldNonEvent", "GoldDocument", "load_gold", "PRF",
           "RelationScores", "score_relations", "ConllDocument", "read_conll", "iob_spans",
           "NerScores", "eval_ner", "NER_TYPES", "NER_LABELS", "DOCSTART", "NON_EVENT_REASONS"]

#: How the line that opens each CoNLL-2003 document starts.
DOCSTART = "-DOCSTART"

#: newsgraph entity type -> CoNLL-2003 label; every other type is MISC.
NER_TYPES: dict[str, str] = {"Person": "PER", "Organization": "ORG", "Place": "LOC"}
NER_LABELS = ("PER", "ORG", "LOC", "MISC")


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
        rows = [prf_row(t, self.types[t]) for t in NER_LABELS] + [prf_row("overall", self.overall)]
        return head + "\n" + table(["type", *PRF_COLUMNS], rows)


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
    The resolved mentions of :func:`graph.ingest.run_pipeline` (names only, not pronouns or
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
    from graph.ingest import run_pipeline

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
        for analysed in run_pipeline(documents(), nlp=nlp, batch_size=batch_size):
            doc, tokens = queue.popleft()
            if analysed.document is not doc:
                raise NewsgraphError("run_pipeline() returned documents out of order")
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
