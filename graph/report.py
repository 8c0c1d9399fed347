"""Plain-text reports for the terminal: build summaries, top tables, entity sheets."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.analysis.select import find_node, ranked
from graph.model import Edge, Graph, Node, plural
from graph.schema import CO_MENTIONED

if TYPE_CHECKING:
    from graph.build import BuildResult

__all__ = ["EntitySheet", "entity_sheet", "format_summary", "format_top", "format_sheet", "table",
           "format_schema"]


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A left-aligned text table (numbers right-aligned).

    >>> print(table(["a", "n"], [["x", "1"], ["yy", "10"]]))
    a    n
    --  --
    x    1
    yy  10
    """
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows)]
    numeric = [all(_is_number(str(r[i])) for r in rows) and bool(rows) for i in range(len(headers))]

    def fmt(row: list[str]) -> str:
        cells = [str(v).rjust(w) if num else str(v).ljust(w) for v, w, num in zip(row, widths, numeric)]
        return "  ".join(cells).rstrip()

    return "\n".join([fmt(headers), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)])


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _top(graph: Graph, by: str, n: int) -> list[Node]:
    """:func:`graph.analysis.centrality.top`, which imports networkx and igraph only when
    the nodes do not carry ``by`` yet (the cached paths give it)."""
    if not graph.nodes or by in graph.nodes[0].metrics:
        return ranked(graph, by, n)
    from graph.analysis.centrality import top as analysed_top

    return analysed_top(graph, by, n)


def format_top(graph: Graph, by: str, n: int) -> str:
    extra = [] if by == "mentions" else ["mentions"]
    rows = [[str(i), node.name, node.type, f"{node.metrics[by]:.4g}", *(str(node.mentions) for _ in extra)]
            for i, node in enumerate(_top(graph, by, n), start=1)]
    return table(["#", "entity", "type", by, *extra], rows)


def format_summary(result: BuildResult, n: int = 5) -> str:
    r = result.report
    counts = result.graph.counts()
    lines = [f"documents: {r.read} read, {r.stored} new, {r.unchanged} already stored, "
             f"{len(r.skipped)} skipped ({r.seconds:.1f}s)"]
    lines.append("entities: " + (", ".join(f"{k} {v}" for k, v in counts["nodes"].items()) or "none"))
    lines.append("relations: " + (", ".join(f"{k} {v}" for k, v in counts["edges"].items()) or "none"))
    if result.graph.nodes:
        lines.append("top by pagerank: " + ", ".join(node.name for node in _top(result.graph, "pagerank", n)))
    unchanged = "" if result.rendered else " (unchanged: nothing new since it was written)"
    lines.append(f"graph: {result.html}{unchanged}")
    return "\n".join(lines)


@dataclass(frozen=True)
class EntitySheet:
    node: Node
    relations: list[tuple[Edge, Node, bool]]  # edge, the other end, whether outgoing


def entity_sheet(graph: Graph, name: str) -> EntitySheet:
    """An entity and its relations, actions first, then by weight."""
    node = find_node(graph, name)
    by_id = {n.id: n for n in graph.nodes}
    rels = [(e, by_id[e.target if e.source == node.id else e.source], e.source == node.id)
            for e in graph.edges if node.id in (e.source, e.target)]
    rels.sort(key=lambda r: (r[0].type == CO_MENTIONED, -r[0].weight, r[1].name))
    return EntitySheet(node, rels)


def format_sheet(sheet: EntitySheet, *, evidence: int = 3, co_mentions: int = 10) -> str:
    node = sheet.node
    lines = [f"{node.name} ({node.type})"]
    if node.subtype:
        lines.append(f"subtype: {node.subtype}")
    others = [a for a in node.aliases if a != node.name]
    lines.append("aliases: " + (", ".join(others) or "none"))
    if node.roles:
        lines.append("roles: " + ", ".join(node.roles))
    if node.country and node.country != node.name:
        lines.append(f"stands for: {node.country}")
    lines.append(f"mentions: {node.mentions} in {plural(node.documents, 'document')}")
    if node.metrics:
        lines.append("centrality: " + ", ".join(f"{k} {v:.4g}" for k, v in node.metrics.items()))
    kinds = Counter(e.type for e, _, _ in sheet.relations)
    lines.append("relations: " + (", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"))
    shown_co = 0
    for edge, other, outgoing in sheet.relations:
        if edge.type == CO_MENTIONED:
            shown_co += 1
            if shown_co > co_mentions:
                continue
        arrow = "->" if outgoing or not edge.directed else "<-"
        lines.append(f"  {arrow} {edge.type} {other.name} ({other.type}), weight {edge.weight}")
        if edge.type != CO_MENTIONED:
            # dated evidence first, most recent first
            ordered = sorted(edge.evidence, key=lambda ev: (ev.date or "", ev.date_text or ""), reverse=True)
            for ev in ordered[:evidence]:
                when = ev.date or ev.date_text or "undated"
                notes = [n for n, on in (("negated", ev.negated), ("hypothetical", ev.hypothetical),
                                         ("inferred", ev.inferred)) if on]
                if ev.reported_by:
                    notes.append(f"reported by {ev.reported_by}")
                note = f" ({'; '.join(notes)})" if notes else ""
                lines.append(f"       [{when}] {ev.verb or ''}{note}: {ev.sentence}")
    if shown_co > co_mentions:
        lines.append(f"  ... {plural(shown_co - co_mentions, 'more co-mention', 'more co-mentions')}")
    return "\n".join(lines)


def format_schema() -> str:
    """The relation taxonomy as a table."""
    from graph.schema import QUAD_CLASSES, relation_types

    rows = [[rt.name, rt.label, rt.cameo or "-", f"{rt.quad} {QUAD_CLASSES[rt.quad]}" if rt.quad else "-",
             "symmetric" if rt.symmetric else "directed", rt.description]
            for rt in relation_types().values()]
    entity_types = "entity types: Person, Organization, Place, Group (nationalities, religious and " \
                   "political groups), Event"
    return table(["type", "label", "cameo", "quad class", "direction", "meaning"], rows) + "\n\n" + entity_types
