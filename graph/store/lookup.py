"""Entity lookup: the node a user means by a name, with close names when there is none."""

from __future__ import annotations

import difflib

from graph.errors import EntityNotFoundError
from graph.model import Graph, Node

__all__ = ["find_node"]


def find_node(graph: Graph, name: str) -> Node:
    """The node a user means by ``name``: its name or an alias, case-insensitively.

    Exact names beat aliases; among several, the most mentioned wins.

    Raises:
        EntityNotFoundError: no match; carries up to five close names.
    """
    key = name.casefold().strip()
    exact = [n for n in graph.nodes if n.name.casefold() == key]
    by_alias = [n for n in graph.nodes if any(a.casefold() == key for a in n.aliases)]
    found = exact or by_alias
    if found:
        return max(found, key=lambda n: (n.mentions, n.name))
    names = {a.casefold(): a for n in graph.nodes for a in (n.name, *n.aliases)}
    close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)
    close += [k for k in names if key and key in k and k not in close]
    raise EntityNotFoundError(name, [names[c] for c in close[:5]])
