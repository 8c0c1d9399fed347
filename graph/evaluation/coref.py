"""Coreference scored on gold clusters (GUM's coreference layer): is the entity a pronoun or
description was linked to the one the gold set says it stands for?

For each pronoun or description the pipeline links (an ``inferred`` mention), the gold
mention at the anaphor's span gives its gold cluster; the nearest named mention of the linked
entity before the anaphor (or, failing that, after it) is the antecedent. The link is correct
when the antecedent lies in the same gold cluster. A description linked to two entities ("the
pair", "both parties") is correct for each when a mention of its gold cluster holds that
entity's antecedent ("Blair and Brown ... the pair"). Coverage is the share of gold anaphoric
third-person pronouns (a personal pronoun whose cluster was mentioned before) that are linked.

Links that stand for their entity by design, not as the same referent, are counted apart and
not scored, since GUM keeps them apart: a government for its country ("the government"), a
report for its author, a spokesman for the body he speaks for, members for their body.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import InputError
from graph.model import Document, Mention
from graph.pipeline.descriptions import member_nouns
from graph.report import table
from graph.schema.vocab import coref

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["GoldMention", "CorefDocument", "CorefScores", "load_gum", "score_links", "score_coref"]


@dataclass(frozen=True)
class GoldMention:
    """A gold mention at character offsets of its document, with its cluster id."""

    start: int
    end: int
    cluster: int
    text: str


@dataclass(frozen=True)
class CorefDocument:
    id: str
    text: str
    mentions: tuple[GoldMention, ...]


@dataclass
class CorefScores:
    """Counts of linked anaphors, correct links and gold pronouns covered."""

    pronouns: int = 0
    pronouns_correct: int = 0
    descriptions: int = 0
    descriptions_correct: int = 0
    speakers: int = 0  # "I", "we" inside a quotation linked to its speaker
    speakers_correct: int = 0
    governments: int = 0  # "the government" -> its country: GUM keeps them apart, so not scored
    proxies: int = 0  # "the report" -> its author, "the spokesman" -> his body: not scored either
    gold_pronouns: int = 0  # gold anaphoric third-person pronouns
    covered: int = 0  # of which the pipeline linked
    errors: list[str] = field(default_factory=list)

    @property
    def pronoun_accuracy(self) -> float:
        return self.pronouns_correct / self.pronouns if self.pronouns else 0.0

    @property
    def description_accuracy(self) -> float:
        return self.descriptions_correct / self.descriptions if self.descriptions else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_correct / self.speakers if self.speakers else 0.0

    @property
    def coverage(self) -> float:
        return self.covered / self.gold_pronouns if self.gold_pronouns else 0.0

    def format(self, *, details: bool = False) -> str:
        rows = [["pronouns", f"{self.pronoun_accuracy:.3f}", str(self.pronouns_correct), str(self.pronouns)],
                ["descriptions", f"{self.description_accuracy:.3f}", str(self.descriptions_correct),
                 str(self.descriptions)],
                ["quoted I/we", f"{self.speaker_accuracy:.3f}", str(self.speakers_correct), str(self.speakers)]]
        lines = [table(["links", "accuracy", "correct", "linked"], rows), "",
                 f"pronoun coverage: {self.coverage:.3f} ({self.covered}/{self.gold_pronouns} gold anaphoric pronouns)",
                 f"governments linked to their country (not scored): {self.governments}",
                 f"reports, spokesmen and members linked to their body (not scored): {self.proxies}"]
        if details:
            lines += ["", "wrong links:"] + [f"  {e}" for e in self.errors]
        return "\n".join(lines)


def _reserved(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def _token_offsets(text: str, forms: Sequence[str]) -> list[tuple[int, int]]:
    """Character offsets of each token form in its sentence, read left to right."""
    out, pos = [], 0
    for form in forms:
        at = text.find(form, pos)
        if at < 0:  # a normalised form: keep the position, spanning nothing new
            at = pos
        out.append((at, at + len(form)))
        pos = at + len(form)
    return out


def load_gum(path: str | Path, reserved: str | Path | None = None) -> list[CorefDocument]:
    """GUM documents from the JSON-lines export (per document: sentences with tokens, mentions
    with ``eid``, ``sent``, token ``start`` and inclusive ``end``), leaving out every document
    listed in ``reserved`` (default: ``RESERVED`` beside ``path``) before reading it.

    Sentences become paragraphs of the text, so the parser's sentences cannot straddle two.

    Raises:
        InputError: the file is missing or a line is not such a document.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such file: {path}")
    held_out = _reserved(Path(reserved) if reserved else path.parent / "RESERVED")
    docs = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if raw["doc_id"] in held_out:
                continue
            docs.append(_document(raw))
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise InputError(f"{path}:{n}: not a GUM document ({exc})") from None
    return docs


def _document(raw: dict) -> CorefDocument:  # type: ignore[type-arg]
    parts, tokens, offset = [], [], 0
    for sent in raw["sentences"]:
        text = sent["text"]
        tokens.append([(offset + a, offset + b) for a, b in _token_offsets(text, [t["form"] for t in sent["tokens"]])])
        parts.append(text)
        offset += len(text) + 2
    mentions = tuple(GoldMention(tokens[m["sent"]][m["start"]][0], tokens[m["sent"]][m["end"]][1], int(m["eid"]),
                                 m["text"]) for m in raw["mentions"])
    return CorefDocument(raw["doc_id"], "\n\n".join(parts), mentions)


def _gold_at(gold: Sequence[GoldMention], start: int, end: int) -> GoldMention | None:
    """The smallest gold mention holding the span [start, end)."""
    holding = [g for g in gold if g.start <= start and end <= g.end]
    return min(holding, key=lambda g: g.end - g.start) if holding else None


def _proxy(text: str) -> bool:
    """Whether a linked description stands for its entity without being it: a report for its
    author, a spokesman for his body, members for their body ("the report", "the spokesman",
    "Members", "MPs")."""
    vocab = coref()
    last = text.split()[-1].casefold()
    nouns = vocab.document_nouns | vocab.proxy_nouns
    return last in nouns or last.removesuffix("s") in nouns or last in member_nouns()


def score_links(doc: CorefDocument, mentions: Iterable[Mention], scores: CorefScores | None = None) -> CorefScores:
    """Add one document's links (its ``inferred`` mentions) to ``scores``."""
    scores = scores or CorefScores()
    mentions = sorted(mentions, key=lambda m: m.start)
    # spans linked to two or more entities ("the pair"): each is scored against the group
    shared = Counter((m.start, m.end) for m in mentions if m.inferred)
    named: dict[str, list[Mention]] = {}
    for m in mentions:
        if not m.inferred:
            named.setdefault(m.entity_id, []).append(m)
    vocab = coref()
    linked = {(m.start, m.end) for m in mentions if m.inferred}
    first_seen: dict[int, int] = {}
    for g in sorted(doc.mentions, key=lambda g: g.start):
        first_seen.setdefault(g.cluster, g.start)
        if vocab.pronoun_class(g.text) and first_seen[g.cluster] < g.start:
            scores.gold_pronouns += 1
            scores.covered += (g.start, g.end) in linked
    for m in mentions:
        if not m.inferred:
            continue
        names = named.get(m.entity_id, [])
        before = [n for n in names if n.end <= m.start]
        antecedent = before[-1] if before else next(iter(names), None)
        if antecedent is None:
            continue  # an entity known only through this link ("the government"): nothing to check
        if m.text.split()[-1].casefold() in vocab.country_heads:
            scores.governments += 1
            continue
        if not vocab.pronoun_class(m.text) and m.text.casefold() not in vocab.speaker_pronouns and _proxy(m.text):
            scores.proxies += 1
            continue
        anaphor = _gold_at(doc.mentions, m.start, m.end)
        if anaphor is not None and shared[(m.start, m.end)] > 1:
            # "Blair and Brown met ... the pair": the group's cluster holds each of them
            right = any(g.cluster == anaphor.cluster and g.start <= antecedent.start and antecedent.end <= g.end
                        for g in doc.mentions if g.end <= m.start)
        else:
            target = _gold_at(doc.mentions, antecedent.start, antecedent.end)
            right = anaphor is not None and target is not None and anaphor.cluster == target.cluster
        if m.text.casefold() in vocab.speaker_pronouns:
            scores.speakers += 1
            scores.speakers_correct += right
        elif vocab.pronoun_class(m.text):
            scores.pronouns += 1
            scores.pronouns_correct += right
        else:
            scores.descriptions += 1
            scores.descriptions_correct += right
        if not right:
            context = doc.text[max(0, m.start - 60):m.end + 20].replace("\n", " ")
            scores.errors.append(f"{doc.id}: {m.text!r} -> {antecedent.text!r} ... {context!r}")
    return scores


def score_coref(docs: Sequence[CorefDocument], nlp: Language | None = None, *, batch_size: int = 16) -> CorefScores:
    """Run the pipeline on each document and score its pronoun and description links."""
    from graph.ingest import run_pipeline

    documents = [Document(Document.make_id(d.text), d.text, d.text.split("\n", 1)[0][:300], d.id) for d in docs]
    scores = CorefScores()
    for gold, analysed in zip(docs, run_pipeline(documents, nlp=nlp, batch_size=batch_size), strict=True):
        score_links(gold, analysed.mentions, scores)
    return scores
