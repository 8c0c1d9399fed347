"""From stored entities to graph nodes: type votes, cross-document surname merges and the
user's curation rules (merge, split, rename, type, drop, aliases), applied every time the graph
is read.

Rules refer to entities by id, and ids derive from normalized names, so rules survive
re-ingesting and can be undone by deactivating them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from graph.gazetteer.countries import country_of
from graph.model import Edge, Evidence, Node, normalize_text, relation_id
from graph.schema.entities import vote_type
from graph.schema.vocab import titles

__all__ = [
    "DROPPED",
    "RULE_KINDS",
    "RawEdge",
    "RawEntity",
    "Rule",
    "build_edges",
    "build_nodes",
    "linked_pairs",
    "merge_map",
    "same_rank",
]

# "type" sets the type of ``subject`` to ``value`` (corpus resolution stores these from context cues);
# "drop" says ``subject`` is no entity at all ("MPs", "GMT"): no node, and its edges go.
RULE_KINDS = ("merge", "split", "rename", "type", "drop")

#: Where the id map of :func:`build_nodes` sends a dropped entity: no node.
DROPPED = ""

# Titles of the peerage: "Lord Osborne" (a judge) is not George Osborne, though he may be
# "Lord" + the surname of a commoner in the same corpus.
_PEERAGE = frozenset({"lord", "lady", "baroness", "baron", "viscount", "earl"})


@dataclass
class RawEntity:
    """What the store knows of one stored entity."""

    id: str
    name: str
    votes: Counter[str] = field(default_factory=Counter)
    aliases: Counter[str] = field(default_factory=Counter)
    docs: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    subtypes: Counter[str] = field(default_factory=Counter)  # an organisation's kind, by mention

    @property
    def mentions(self) -> int:
        return sum(self.aliases.values())

    @property
    def honorific(self) -> bool:
        return any(a.split()[0].casefold().rstrip(".") in titles().honorifics for a in self.aliases if " " in a)

    @property
    def peer(self) -> bool:
        """Written with a title of the peerage ("Lord Falconer") at least once."""
        return any(a.split()[0].casefold() in _PEERAGE for a in self.aliases if " " in a)

    @property
    def only_peer(self) -> bool:
        """Every titled form of it is a peerage's ("Lord Osborne", never "Mr Osborne")."""
        titled = [a.split()[0].casefold().rstrip(".") for a in self.aliases if " " in a]
        titled = [t for t in titled if t in titles().honorifics]
        return bool(titled) and all(t in _PEERAGE for t in titled)


def same_rank(surname: RawEntity, full: RawEntity) -> bool:
    """Whether a surname form may stand for ``full``: a form written only with a peerage
    ("Lord Osborne") stands for no one who is never written with one ("George Osborne")."""
    return not surname.only_peer or full.peer


@dataclass(frozen=True)
class RawEdge:
    id: str
    source: str
    target: str
    type: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Rule:
    """A curation rule: merge ``subject`` into ``object``; keep ``subject`` and ``object``
    apart (split); rename ``subject`` to ``value``; type it as ``value``; or drop it."""

    id: int
    kind: str
    subject: str
    object: str | None = None
    value: str | None = None
    active: bool = True
    note: str = ""


def merge_map(entities: dict[str, RawEntity], types: dict[str, str], rules: Sequence[Rule]) -> dict[str, str]:
    """Where each entity id goes: itself, or the id it is merged into.

    A surname standing alone ("Putin") joins the one person in the store whose full name
    ends with it; never when two or more candidates share it, a split rule says so, or the
    surname is a peer's and the full name is not (see :func:`same_rank`).
    User merges apply after, and win.
    """
    splits = {frozenset((r.subject, r.object)) for r in rules if r.kind == "split" and r.active}
    by_last: dict[str, list[str]] = defaultdict(list)
    for eid, ent in entities.items():
        words = ent.name.split()
        if types[eid] == "Person" and len(words) > 1:
            by_last[words[-1].casefold()].append(eid)
    parent: dict[str, str] = {}
    for eid, ent in entities.items():
        words = ent.name.split()
        if types[eid] == "Person" and len(words) == 1:
            candidates = by_last.get(words[0].casefold(), [])
            if (len(candidates) == 1 and frozenset((eid, candidates[0])) not in splits
                    and same_rank(ent, entities[candidates[0]])):
                parent[eid] = candidates[0]
    for rule in rules:
        if (rule.kind == "merge" and rule.active and rule.object in entities and rule.subject in entities
                and rule.subject != rule.object):
            parent[rule.subject] = rule.object

    def root(eid: str) -> str:
        seen = set()
        while eid in parent and eid not in seen:
            seen.add(eid)
            eid = parent[eid]
        return eid

    return {eid: root(eid) for eid in entities}


def build_nodes(entities: dict[str, RawEntity], rules: Sequence[Rule]) -> tuple[list[Node], dict[str, str]]:
    """Nodes after type votes, merges, renames and drops; and the id map used for edges.

    A dropped entity, and whatever was merged into it, is no node: the map sends it to
    :data:`DROPPED`.
    """
    types = {eid: vote_type(e.votes, e.name, e.honorific) for eid, e in entities.items()}
    mapping = merge_map(entities, types, rules)
    dropped = {r.subject for r in rules if r.kind == "drop" and r.active}
    mapping = {eid: DROPPED if target in dropped else target for eid, target in mapping.items()}
    groups: dict[str, list[RawEntity]] = defaultdict(list)
    for eid, target in mapping.items():
        if target != DROPPED:
            groups[target].append(entities[eid])
    renames = {r.subject: r.value for r in rules if r.kind == "rename" and r.active and r.value}
    retype = {r.subject: r.value for r in rules if r.kind == "type" and r.active and r.value}
    # An alias whose canonical name is not stored yet takes that name.
    renames.update({r.subject: r.value for r in rules if r.kind == "merge" and r.active and r.value
                    and r.object not in entities and r.subject in entities})
    nodes = []
    for target, members in sorted(groups.items()):
        head = entities[target]
        votes: Counter[str] = Counter()
        aliases: Counter[str] = Counter()
        docs: set[str] = set()
        roles: set[str] = set()
        subtypes: Counter[str] = Counter()
        for m in members:
            subtypes.update(m.subtypes)
            votes.update(m.votes)
            aliases.update(m.aliases)
            docs |= m.docs
            roles |= m.roles
        name = renames.get(target, head.name)
        honorific = any(m.honorific for m in members)
        type_ = types[target] if len(members) == 1 else vote_type(votes, head.name, honorific)
        type_ = retype.get(target, type_)
        names = set(aliases) | {m.name for m in members} | {name}
        country = country_of(name) if type_ in ("Group", "Organization", "Place") else None
        nodes.append(Node(target, name, type_, tuple(sorted(names)), sum(aliases.values()), len(docs),
                          roles=tuple(sorted(roles)), country=country, subtype=_subtype(subtypes, type_)))
    return nodes, mapping


def _subtype(votes: Counter[str], type_: str) -> str | None:
    """An organisation's kind by vote of its mentions; ties go to the alphabetically first."""
    if type_ != "Organization" or not votes:
        return None
    return min(votes, key=lambda s: (-votes[s], s))


def _evidence_key(ev: Evidence) -> str:
    """Sentences equal up to case, quotes and spacing are one piece of evidence."""
    return _sentence_key(ev.sentence)


@lru_cache(maxsize=1 << 16)
def _sentence_key(sentence: str) -> str:
    # one sentence is the evidence of every pair it co-mentions: normalized once
    return normalize_text(sentence).casefold()


def _earliest(ev: Evidence) -> tuple[bool, str, str, int]:
    # Dated evidence before undated, then by date, document and position.
    return (ev.date is None, ev.date or "", ev.doc_id, ev.start)


def _ends(source: str, target: str, mapping: dict[str, str]) -> tuple[str, str] | None:
    """An edge's endpoints once merged, or None when it becomes a self-loop or meets a dropped entity."""
    source, target = mapping.get(source, source), mapping.get(target, target)
    if source == target or DROPPED in (source, target):
        return None
    return source, target


def linked_pairs(endpoints: Iterable[tuple[str, str]], mapping: dict[str, str]) -> set[tuple[str, str]]:
    """The node pairs (ordered by id) that :func:`build_edges` links, from the relations'
    endpoints alone: the graph's topology, known before any evidence is read.

    Examples:
        >>> sorted(linked_pairs([("a", "b"), ("b", "a"), ("c", "a"), ("a", "x")], {"c": "b", "x": DROPPED}))
        [('a', 'b')]
    """
    pairs = set()
    for source, target in endpoints:
        ends = _ends(source, target, mapping)
        if ends is not None:
            pairs.add(ends if ends[0] < ends[1] else (ends[1], ends[0]))
    return pairs


def build_edges(raw: Iterable[RawEdge], mapping: dict[str, str], symmetric: dict[str, bool]) -> list[Edge]:
    """Edges with merged endpoints: parallel edges of one type join, self-loops and edges of a
    dropped entity (mapped to :data:`DROPPED`) go.

    The evidence of an edge is deduplicated by sentence text (normalized, case-folded), so
    one sentence syndicated in two near-identical articles counts once; the copy kept is the
    earliest dated one (then the first by document and offset).

    The weight counts asserted evidence only (see :meth:`Evidence.asserted`): negated and
    hypothetical sentences stay on the edge, and are shown with their flags, but are not
    counted. An edge read only from such sentences has weight 0 and its :attr:`Edge.status`
    says why; selections keep it at the default ``min_weight`` of 1 (see
    :class:`graph.analysis.select.Selection`).

    Examples:
        >>> from graph.model import Evidence
        >>> said = Evidence("d1", "A met B.", 0, 8, "2025-05-20")
        >>> again = Evidence("d2", "A  met B.", 40, 49, "2025-05-19")
        >>> maybe = Evidence("d1", "A may meet B.", 9, 22, hypothetical=True)
        >>> [edge] = build_edges([RawEdge("r", "a", "b", "MET", (said, again, maybe))], {}, {"MET": True})
        >>> edge.weight, [(ev.doc_id, ev.sentence) for ev in edge.evidence]
        (1, [('d1', 'A may meet B.'), ('d2', 'A  met B.')])
    """
    merged: dict[str, tuple[str, str, str, dict[str, Evidence]]] = {}
    for edge in raw:
        ends = _ends(edge.source, edge.target, mapping)
        if ends is None:
            continue
        source, target = ends
        sym = symmetric.get(edge.type, False)
        rid, source, target = relation_id(edge.type, source, target, sym)
        if rid not in merged:
            merged[rid] = (source, target, edge.type, {})
        evidence = merged[rid][3]
        for ev in edge.evidence:
            key = _evidence_key(ev)
            if key not in evidence or _earliest(ev) < _earliest(evidence[key]):
                evidence[key] = ev
    edges = []
    for rid, (source, target, type_, evidence) in sorted(merged.items()):
        ev = tuple(sorted(evidence.values(), key=lambda e: (e.date or "", e.doc_id, e.start)))
        edges.append(Edge(rid, source, target, type_, Edge.count(ev), not symmetric.get(type_, False), ev))
    return edges
