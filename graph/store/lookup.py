"""Entity lookup: the node a user means by a name, with close names when there is none."""

from __future__ import annotations

import math
import unicodedata

from rapidfuzz import fuzz, process

from graph.errors import EntityNotFoundError
from graph.model import Graph, Node

__all__ = ["find_node", "suggestions", "fold"]


def fold(text: str) -> str:
    """A name as lookups compare it: accents and case dropped, white space collapsed."""
    text = unicodedata.normalize("NFKD", text.strip())
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).casefold().split())


def find_node(graph: Graph, name: str) -> Node:
    """The node a user means by ``name``: its name, an alias, or a surname or last word that
    belongs to one node only; case and accents do not count.

    Exact names beat aliases; among several, the most mentioned wins.

    Raises:
        EntityNotFoundError: no match; carries up to five close names, ranked by
            similarity times importance.
    """
    key = fold(name)
    exact = [n for n in graph.nodes if fold(n.name) == key]
    by_alias = [n for n in graph.nodes if any(fold(a) == key for a in n.aliases)]
    found = exact or by_alias
    if found:
        return max(found, key=lambda n: (n.mentions, n.name))
    if key and " " not in key:
        # "zelensky": the last word of the names of exactly one node.
        by_last = {n.id: n for n in graph.nodes
                   for a in (n.name, *n.aliases) if len(a.split()) > 1 and fold(a).split()[-1] == key}
        if len(by_last) == 1:
            return next(iter(by_last.values()))
    raise EntityNotFoundError(name, suggestions(graph, name))


def _score(a: str, b: str, **kwargs: object) -> float:
    return max(fuzz.ratio(a, b), fuzz.token_set_ratio(a, b))


def suggestions(graph: Graph, name: str, limit: int = 5) -> list[str]:
    """Names close to ``name``: string similarity weighted by how often the node is mentioned.

    Examples:
        >>> from graph.model import Graph, Node
        >>> g = Graph((Node("a", "Tony Blair", "Person", ("Blair",), 400, 200),
        ...            Node("b", "Blairs", "Person", (), 1, 1)), ())
        >>> suggestions(g, "Blaire")[0]
        'Tony Blair'
    """
    key = fold(name)
    if not key:
        return []
    names: dict[str, tuple[str, Node]] = {}
    for node in graph.nodes:
        for alias in (node.name, *node.aliases):
            names.setdefault(fold(alias), (node.name, node))
    # Whole-string or whole-word similarity: WRatio's partial matches suggest "Tallinn" for
    # "Nobody Atall".
    hits = process.extract(key, list(names), scorer=_score, limit=50, score_cutoff=70)
    best: dict[str, float] = {}
    for alias, score, _ in hits:
        shown, node = names[alias]
        # Similarity first; importance breaks near-ties (x1.0 for one mention, x1.6 for 400).
        weight = score * (1 + math.log1p(node.mentions) / 10)
        best[shown] = max(best.get(shown, 0.0), weight)
    return [n for n, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
