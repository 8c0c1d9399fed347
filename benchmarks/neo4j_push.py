"""Throughput of `newsgraph push` against a naive one-MERGE-per-relationship baseline, and
the time of each named query on Neo4j and on the embedded engine.

Both writers run in the same process against the same server. The baseline sends one
auto-committed statement per relationship (MERGE both ends, MERGE the relationship, SET its
properties), on a deterministic sample of the relationships; the push writes the whole
graph into an empty database in UNWIND batches. Rates are relationships per second; the
push rate counts its whole run (schema, reading the database state, nodes, relationships).
The baseline creates bare end nodes as it goes; the push also writes every node with its
properties, and its relationship phase alone is reported too. The database's newsgraph
nodes are deleted first, so point --neo4j-uri at a scratch server
(`make bench-neo4j` starts one).

Usage:
    python benchmarks/neo4j_push.py CORPUS.jsonl --db bbc.db [--limit N] [--neo4j-uri URI]
        [--baseline 3000] [--repeat 3] [--batch-size 2000]

--db keeps the store, so the corpus is ingested once (about 6 minutes for the 2,225 BBC
articles on 2 cores) and reused by later runs.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import Store, ingest  # noqa: E402
from graph.cypher import statements as cypher  # noqa: E402
from graph.cypher.sync import open_embedded  # noqa: E402
from graph.cypher.neo4j import Neo4jClient, Neo4jSettings  # noqa: E402
from graph.cypher.queries import run  # noqa: E402
from graph.pipeline.read import Document, read_documents  # noqa: E402
from graph.cypher.sync import store_rows  # noqa: E402


def _store(corpus: str, db: str, limit: int | None) -> None:
    """Ingest the first ``limit`` distinct documents of ``corpus`` into ``db`` (skipping stored ones)."""
    source = corpus
    if limit:
        docs, seen = [], set()
        for doc in read_documents([corpus]):
            if isinstance(doc, Document) and doc.id not in seen:
                seen.add(doc.id)
                docs.append({"text": doc.text, "title": doc.title, "date": doc.date, "url": doc.url})
                if len(docs) >= limit:
                    break
        source = str(Path(tempfile.mkdtemp()) / "subset.jsonl")
        Path(source).write_text("\n".join(json.dumps(d) for d in docs), "utf-8")
    with Store(db) as store:
        report = ingest([source], store, workers=2)
    print(f"store {db}: {report.stored} new, {report.unchanged} already stored ({report.seconds:.0f}s)",
          file=sys.stderr)


def _baseline(client: Neo4jClient, rows: list[tuple[str, dict]]) -> float:
    """Seconds to write ``rows`` one auto-committed statement each."""
    t0 = time.perf_counter()
    with client.driver.session(database=client.settings.database) as session:
        for type_, row in rows:
            if type_ == cypher.MENTIONED_IN:
                session.run(cypher.NAIVE_MENTIONED_IN_MERGE, row).consume()
            else:
                session.run(cypher.NAIVE_RELATIONSHIP_MERGE[type_], source=row["source"], target=row["target"],
                            props={k: v for k, v in row["props"].items() if v is not None}).consume()
    return time.perf_counter() - t0


def _query_times(engine, queries: dict[str, list[str]], repeat: int = 5) -> dict[str, float]:
    times = {}
    for name, params in queries.items():
        runs = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            run(engine, f"@{name}", params)
            runs.append(time.perf_counter() - t0)
        times[name] = statistics.median(runs)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="a .jsonl file of articles (fields text, title)")
    parser.add_argument("--db", help="store to build or reuse (default: a temporary file)")
    parser.add_argument("--limit", type=int, help="only the first N distinct documents")
    parser.add_argument("--neo4j-uri", default="bolt://127.0.0.1:7687")
    parser.add_argument("--baseline", type=int, default=3000, help="relationships the naive baseline writes")
    parser.add_argument("--repeat", type=int, default=3, help="pushes into an empty database; the median counts")
    parser.add_argument("--batch-size", type=int, default=2000)
    args = parser.parse_args()

    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    _store(args.corpus, db, args.limit)
    t0 = time.perf_counter()
    graph, pg = store_rows(db)
    load = time.perf_counter() - t0
    rels = [(cypher.MENTIONED_IN, row) for row in pg.mentions]
    rels += [(type_, row) for type_, rows in pg.relationships.items() for row in rows]
    sample = random.Random(0).sample(rels, min(args.baseline, len(rels)))

    with Neo4jClient(Neo4jSettings.resolve(args.neo4j_uri, batch_size=args.batch_size)) as client:
        foreign = sorted({r[0] for r in client.query(cypher.LABELS).rows}
                         - {cypher.ENTITY, cypher.DOCUMENT, *cypher.ENTITY_LABELS})
        if foreign:
            sys.exit(f"{args.neo4j_uri} holds other data ({', '.join(foreign)}); use a scratch server.")
        client.clear()
        client.ensure_schema()
        _baseline(client, sample[:200])  # warm-up, not counted
        client.clear()
        naive = len(sample) / _baseline(client, sample)
        pushes, rel_phases = [], []
        for _ in range(args.repeat):
            client.clear()
            report = client.push(pg)
            pushes.append(report.seconds)
            rel_phases.append(report.relationship_seconds)
        push, rel_phase = statistics.median(pushes), statistics.median(rel_phases)
        t0 = time.perf_counter()
        again = client.push(pg)
        resync = time.perf_counter() - t0
        assert again.relationships_written == 0
        counts = client.counts()

        top = max(graph.nodes, key=lambda n: n.metrics.get("pagerank", 0))
        second = sorted(graph.nodes, key=lambda n: -n.metrics.get("pagerank", 0))[1]
        queries = {"who-met-whom": [], "neighbourhood": [f"name={top.name}"],
                   "shortest-paths": [f"from={top.name}", f"to={second.name}"], "timeline": [f"name={top.name}"],
                   "top-entities": [], "relations": ["type=SPOKE_TO"], "documents": [f"name={top.name}"]}
        remote = _query_times(client, queries)
    t0 = time.perf_counter()
    with open_embedded(db, timeout=600) as embedded:
        first_open = time.perf_counter() - t0
        local = _query_times(embedded, queries)

    rate = pg.relationship_count / push
    with Store(db) as store:
        documents = store.stats().documents
    print(f"corpus: {documents} documents, {len(graph.nodes):,} entities, {pg.relationship_count:,} relationships "
          f"({counts.get('MENTIONED_IN', 0):,} MENTIONED_IN, {counts.get('CO_MENTIONED', 0):,} CO_MENTIONED, "
          f"{pg.relationship_count - len(pg.mentions) - len(pg.relationships.get('CO_MENTIONED', [])):,} actions); "
          f"store read and analysed in {load:.1f}s\n")
    print("| writer | relationships/s | time |")
    print("|---|---:|---:|")
    print(f"| naive MERGE, one statement per relationship ({len(sample):,} sampled) | {naive:,.0f} | "
          f"{len(sample) / naive:.1f}s |")
    print(f"| `newsgraph push`, batches of {args.batch_size:,} (median of {args.repeat}), whole run | {rate:,.0f} | "
          f"{push:.1f}s |")
    print(f"| of which writing the relationships | {pg.relationship_count / rel_phase:,.0f} | {rel_phase:.1f}s |")
    print(f"| ratio, whole push / naive | **{rate / naive:.0f}×** | |")
    print(f"\nA second push with nothing new: {resync:.1f}s. "
          f"Embedded engine built on first query: {first_open:.1f}s.\n")
    print("| named query | Neo4j | embedded |")
    print("|---|---:|---:|")
    for name in queries:
        print(f"| @{name} | {remote[name] * 1000:.0f} ms | {local[name] * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
