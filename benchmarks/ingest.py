"""Throughput of `newsgraph ingest` against raw spaCy `nlp.pipe` on the same texts.

Both run in the same process on the same documents with the same model, alternating,
``--repeat`` times; the table reports medians and the ratio newsgraph / raw.

Usage:
    python benchmarks/ingest.py CORPUS.jsonl [--limit N] [--repeat 3] [--workers 1]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import Store, ingest, load_model  # noqa: E402
from graph.pipeline.read import Document, read_documents  # noqa: E402


def _documents(corpus: str, limit: int | None) -> list[Document]:
    seen: set[str] = set()
    docs = []
    for doc in read_documents([corpus]):
        if isinstance(doc, Document) and doc.id not in seen:
            seen.add(doc.id)
            docs.append(doc)
            if limit and len(docs) >= limit:
                break
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="a .jsonl file of articles (fields text, title)")
    parser.add_argument("--limit", type=int, help="only the first N distinct documents")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    docs = _documents(args.corpus, args.limit)
    words = sum(len(d.text.split()) for d in docs)
    nlp = load_model()
    import spacy

    # The baseline is the bare installed pipeline, without newsgraph's added component.
    raw_nlp = spacy.load(f"{nlp.meta['lang']}_{nlp.meta['name']}")
    texts = [d.text for d in docs]
    subset = None
    if args.limit:  # ingest reads files: give it exactly these documents
        subset = Path(tempfile.mkdtemp()) / "subset.jsonl"
        import json

        subset.write_text("\n".join(json.dumps({"text": d.text, "title": d.title}) for d in docs), "utf-8")
    source = str(subset or args.corpus)

    raw_times, ours_times = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for _doc in raw_nlp.pipe(texts, batch_size=args.batch_size,
                             n_process=args.workers if args.workers > 1 else 1):
            pass
        raw_times.append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
            started = time.perf_counter()
            report = ingest([source], store, batch_size=args.batch_size, workers=args.workers)
            ours_times.append(time.perf_counter() - started)
            assert report.stored == len(docs), (report.stored, len(docs))
            stats = store.stats()

    raw, ours = statistics.median(raw_times), statistics.median(ours_times)
    print(f"corpus: {Path(args.corpus).name}, {len(docs)} distinct documents, {words:,} words; "
          f"model {nlp.meta['name']} {nlp.meta['version']}; workers {args.workers}; "
          f"median of {args.repeat} runs")
    print(f"store: {stats.documents} documents, {stats.entities:,} entities, "
          f"{sum(stats.relations.values()):,} relations, {stats.evidence:,} evidence rows")
    print()
    print("| pipeline | seconds | documents/s | words/s |")
    print("|---|---:|---:|---:|")
    for name, secs in (("raw spaCy nlp.pipe", raw), ("newsgraph ingest (read + NLP + extract + store)", ours)):
        print(f"| {name} | {secs:.1f} | {len(docs) / secs:.1f} | {words / secs:,.0f} |")
    print()
    print(f"ratio newsgraph / raw throughput: {raw / ours:.2f} (overhead {100 * (ours / raw - 1):.0f}%)")


if __name__ == "__main__":
    main()
