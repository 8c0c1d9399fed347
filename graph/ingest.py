"""Ingest: read articles, run the NLP stages on each and store the results."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.distributed import parse_target
from graph.errors import InputError
from graph.model import Document, Entity, Mention, Relation
from graph.pipeline import coref, extract, quotes, relate
from graph.pipeline.nlp import CHUNK_CHARS, chunk_text, load_model, pipe_chunks, soften_shouting
from graph.pipeline.read import Fields, Skipped, read_documents, truncate
from graph.pipeline.resolve import resolve_document
from graph.settings import get
from graph.store import Store

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["AnalysedDocument", "IngestReport", "run_pipeline", "analyse_batch", "ingest"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnalysedDocument:
    document: Document
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    sentences: tuple[extract.Sentence, ...]
    relations: tuple[Relation, ...]


@dataclass
class IngestReport:
    """What an ingest run did."""

    read: int = 0  # documents read from the inputs
    stored: int = 0  # newly stored
    unchanged: int = 0  # already in the store, or repeated in the inputs
    words: int = 0  # words in the newly stored documents
    skipped: list[Skipped] = field(default_factory=list)
    truncated: list[str] = field(default_factory=list)  # sources cut to max_chars
    automatic_rules: int = 0  # merges and type fixes corpus resolution added after storing
    seconds: float = 0.0


@dataclass
class _Parts:
    document: Document
    chunks: int
    seen: int = 0
    sentences: list[extract.Sentence] = field(default_factory=list)
    mentions: list[extract.RawMention] = field(default_factory=list)
    names: list[extract.NameToken] = field(default_factory=list)
    descriptors: list[extract.Descriptor] = field(default_factory=list)
    pronouns: list[extract.Pronoun] = field(default_factory=list)
    subjects: list[coref.Subject] = field(default_factory=list)
    quotations: list[quotes.Quote] = field(default_factory=list)
    actions: list[relate.RawAction] = field(default_factory=list)
    dates: list[relate.DateSpan] = field(default_factory=list)


def run_pipeline(documents: Iterable[Document], *, nlp: Language | None = None, batch_size: int = 64,
            workers: int = 1) -> Iterator[AnalysedDocument]:
    """Run every stage after reading on ``documents``, in order.

    Texts longer than :data:`graph.pipeline.nlp.CHUNK_CHARS` (or the pipeline's ``max_length``)
    are parsed in paragraph chunks whose results are joined back with document-level offsets.
    """
    nlp = nlp or load_model()
    limit = min(nlp.max_length, CHUNK_CHARS)

    # Contexts travel to worker processes and back as copies: pass keys, keep the parts here.
    pending: dict[int, _Parts] = {}

    def items() -> Iterator[tuple[str, tuple[int, int]]]:
        for key, doc in enumerate(documents):
            chunks = chunk_text(soften_shouting(doc.text), limit)
            pending[key] = _Parts(doc, len(chunks))
            for offset, text in chunks:
                yield text, (key, offset)

    for parsed, (key, offset) in pipe_chunks(nlp, items(), batch_size=batch_size, workers=workers):
        parts = pending[key]
        base = len(parts.sentences)
        parts.sentences.extend(extract.sentences(parsed, offset=offset))
        parts.mentions.extend(extract.mentions(parsed, offset=offset, sentence_base=base))
        parts.names.extend(extract.name_tokens(parsed, offset=offset, sentence_base=base))
        parts.descriptors.extend(extract.descriptors(parsed, offset=offset, sentence_base=base))
        parts.descriptors.extend(coref.descriptions(parsed, offset=offset, sentence_base=base))
        parts.pronouns.extend(extract.pronouns(parsed, offset=offset, sentence_base=base))
        parts.subjects.extend(coref.subjects(parsed, offset=offset, sentence_base=base))
        parts.quotations.extend(quotes.quotes(parsed, offset=offset, sentence_base=base))
        parts.actions.extend(relate.actions(parsed, offset=offset, sentence_base=base))
        parts.dates.extend(relate.date_spans(parsed, sentence_base=base))
        parts.seen += 1
        if parts.seen == parts.chunks:
            del pending[key]
            yield _finish(parts)


def _finish(parts: _Parts) -> AnalysedDocument:
    doc = parts.document
    # The model read softened capitals; evidence quotes the document as written.
    parts.sentences = [dataclasses.replace(s, text=doc.text[s.start:s.end]) for s in parts.sentences]
    entities, mentions = resolve_document(doc.id, parts.mentions, parts.names, parts.descriptors,
                                          parts.pronouns, parts.subjects, parts.quotations, doc.date)
    relations = relate.document_relations(doc, parts.sentences, mentions, parts.actions, parts.dates,
                                          {e.id: e.type for e in entities})
    return AnalysedDocument(doc, tuple(entities), tuple(mentions), tuple(parts.sentences), tuple(relations))


def analyse_batch(documents: Sequence[Document], *, model: str | None = None,
                  batch_size: int = 64) -> list[AnalysedDocument | Skipped]:
    """Analyse one partition of documents in this process: what a Dask worker runs.

    The spaCy pipeline is loaded once per process (:func:`load_model` caches it by name).
    A document whose analysis fails comes back as a :class:`Skipped` instead of failing
    the partition, so one bad record costs one warning.
    """
    nlp = load_model(model)  # outside the try: a missing model is an error, not a bad record
    try:
        return list(run_pipeline(documents, nlp=nlp, batch_size=batch_size))
    except Exception:  # noqa: BLE001 - the culprit is found below and reported, never swallowed
        results: list[AnalysedDocument | Skipped] = []
        for document in documents:  # the same results one at a time: nothing depends on the batch
            try:
                results.extend(run_pipeline([document], nlp=nlp, batch_size=batch_size))
            except Exception as exc:  # noqa: BLE001
                results.append(Skipped(document.source, f"analysis failed: {type(exc).__name__}: {exc}"))
        return results


def ingest(sources: Iterable[str], store: Store, *, fields: Fields = Fields(), model: str | None = None,
           batch_size: int = 64, workers: int = 1, max_chars: int | None = None, dask: str | None = None,
           on_document: Callable[[IngestReport], None] | None = None,
           on_skip: Callable[[Skipped], None] | None = None,
           on_warning: Callable[[str], None] | None = None,
           on_stage: Callable[[str], None] | None = None) -> IngestReport:
    """Read ``sources``, analyse the documents not yet stored and store them.

    Re-running on the same inputs changes nothing; an interrupted run keeps every
    document committed before the interruption.

    Args:
        sources: files, folders, glob patterns or ``-`` (stdin).
        store: where results go; one transaction per document.
        fields: JSON field names.
        model: spaCy pipeline name(s), see :func:`graph.nlp.load_model`.
        batch_size: texts per ``nlp.pipe`` batch.
        workers: processes for ``nlp.pipe`` (``n_process``).
        dask: analyse on Dask instead: ``local[:N]`` starts a local cluster of N workers,
            ``tcp://HOST:PORT`` uses a running scheduler whose workers have newsgraph
            installed (see :mod:`graph.distributed`). This process still reads the inputs
            and is the store's only writer, in input order, so the store is the same.
        max_chars: longest text analysed; longer documents are cut near it at a paragraph
            or sentence end (see :func:`graph.pipeline.read.truncate`). Defaults to the
            ``max_chars`` setting; 0 means no limit.
        on_document: called after each document read or analysed (for progress bars).
        on_skip: called for each unreadable input (for warnings).
        on_warning: called with a message for each document cut to ``max_chars``.
        on_stage: called with the name of each stage as it starts (for status lines).

    When documents were stored, corpus resolution (:func:`graph.store.resolution.resolve_store`)
    then adds the sure merges and type fixes over the whole store as automatic rules, which
    `newsgraph rules` lists and `unmerge` or `rules --undo` undoes.

    Raises:
        InputError: not one document could be read from ``sources``, or ``dask`` and
            ``workers`` are both given.
    """
    if dask and workers > 1:
        raise InputError("--dask and --workers are alternatives: the Dask workers do the parsing.")
    if dask:
        parse_target(dask)  # a bad spec fails before anything is read
    report = IngestReport()
    started = time.perf_counter()
    seen: set[str] = set()
    limit = int(get("max_chars", None if max_chars is None else str(max_chars)))

    def fresh() -> Iterator[Document]:
        for item in read_documents(sources, fields=fields):
            if isinstance(item, Skipped):
                report.skipped.append(item)
                if on_skip:
                    on_skip(item)
                continue
            report.read += 1
            if item.id in seen or store.has_document(item.id):
                report.unchanged += 1
                if on_document:
                    on_document(report)
                continue
            seen.add(item.id)
            if limit and len(item.text) > limit:
                item = truncate(item, limit)
                report.truncated.append(item.source)
                if on_warning:
                    on_warning(f"{item.source}: cut to its first {len(item.text):,} characters "
                               f"(max_chars is {limit:,})")
            yield item

    documents = fresh()
    first = next(documents, None)  # nothing to analyse: no need to load spaCy
    analysed_documents: Iterable[AnalysedDocument | Skipped] = ()
    if first is not None and dask:
        analysed_documents = _on_dask(dask, itertools.chain([first], documents), model, batch_size, on_stage)
    elif first is not None:
        if on_stage:
            on_stage("loading the spaCy model")
        nlp = load_model(model)
        if on_stage:
            on_stage("parsing")
        analysed_documents = run_pipeline(itertools.chain([first], documents), nlp=nlp,
                                          batch_size=batch_size, workers=workers)
    for analysed in analysed_documents:
        if isinstance(analysed, Skipped):  # read, but its analysis failed on a worker
            report.skipped.append(analysed)
            if on_skip:
                on_skip(analysed)
            continue
        if store.add_document(analysed.document, analysed.entities, analysed.mentions,
                              analysed.sentences, analysed.relations):
            report.stored += 1
            report.words += len(analysed.document.text.split())
        else:
            report.unchanged += 1
        if on_document:
            on_document(report)
    if report.stored:  # what the new documents teach about the whole corpus
        if on_stage:
            on_stage("resolving entities across the corpus")
        from graph.store.resolution import resolve_store

        report.automatic_rules = len(resolve_store(store))
    report.seconds = time.perf_counter() - started
    if not report.read:
        example = f" (first: {report.skipped[0].source}: {report.skipped[0].reason})" if report.skipped else ""
        raise InputError(f"No document could be read: {len(report.skipped)} inputs skipped{example}.")
    return report


def _on_dask(spec: str, documents: Iterable[Document], model: str | None, batch_size: int,
             on_stage: Callable[[str], None] | None) -> Iterator[AnalysedDocument | Skipped]:
    """The documents analysed on a Dask cluster, in input order; this process loads no model."""
    from graph.distributed import connect, map_partitions  # imports Dask only when asked

    if on_stage:
        on_stage(f"starting Dask ({spec}) and loading the spaCy model on its workers")
    # Each worker loads the pipeline once, before its first partition (a worker plugin).
    with connect(spec, setup=functools.partial(load_model, model), name=f"newsgraph-model:{model or ''}") as client:
        if on_stage:
            on_stage("parsing on Dask")
        yield from map_partitions(client, documents,
                                  functools.partial(analyse_batch, model=model, batch_size=batch_size))
