"""Cypher scripts: a (selected) graph as statements that recreate it in Neo4j.

The script uses the same statements as ``newsgraph push`` (:mod:`graph.cypher`), with each
batch of rows written inline as a literal by :func:`graph.cypher.literal`, which escapes
every quote, backslash and control character. Labels and types come from the whitelist.
One statement per line, each ending with ``;``, so ``cypher-shell -f graph.cypher`` runs it;
running it twice changes nothing (MERGE by id). Documents and MENTIONED_IN are not part of
a subgraph export; ``newsgraph push`` writes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.cypher import statements as cypher
from graph.cypher.propgraph import property_graph
from graph.model import Graph, plural

__all__ = ["cypher_script", "write_cypher", "BATCH"]

#: Rows per statement.
BATCH = 500


def _present(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None}


def cypher_script(graph: Graph, *, batch: int = BATCH) -> Iterator[str]:
    """The lines of a Cypher script recreating ``graph``'s entities and relationships.

    Examples:
        >>> from graph.model import Graph, Node
        >>> lines = list(cypher_script(Graph((Node("x1", "O'Brien `})", "Person"),), ())))
        >>> print(lines[-1])  # doctest: +ELLIPSIS
        UNWIND [{`id`: 'x1', `name`: 'O\\'Brien `})', `type`: 'Person', ...}] AS row MERGE (n:Entity {id: row.id}) ...;
    """
    pg = property_graph(graph)
    entities = sum(len(rows) for rows in pg.entities.values())
    relationships = sum(len(rows) for rows in pg.relationships.values())
    selection = " ".join(str(graph.meta.get("selection", "whole graph")).split())
    yield f"// newsgraph: {plural(entities, 'entity')} and {plural(relationships, 'relationship')} ({selection})."
    yield "// Run with: cypher-shell -f FILE (one statement per line; MERGE by id, so re-running is safe)."
    for statement in cypher.SCHEMA:
        yield statement + ";"
    for label, rows in pg.entities.items():
        for i in range(0, len(rows), batch):
            yield cypher.inline_rows(cypher.ENTITY_UPSERT[label], [_present(r) for r in rows[i:i + batch]]) + ";"
    for type_, rows in pg.relationships.items():
        for i in range(0, len(rows), batch):
            chunk = [{"source": r["source"], "target": r["target"], "props": _present(r["props"])}
                     for r in rows[i:i + batch]]
            yield cypher.inline_rows(cypher.RELATIONSHIP_UPSERT[type_], chunk) + ";"


def write_cypher(graph: Graph, out: Path) -> list[Path]:
    """Write :func:`cypher_script` of ``graph`` to ``out``."""
    with Path(out).open("w", encoding="utf-8", newline="\n") as fh:
        for line in cypher_script(graph):
            fh.write(line + "\n")
    return [Path(out)]
