"""From stored entities to graph nodes: type votes, cross-document surname merges and the
user's curation rules (merge, split, rename, aliases), applied every time the graph is read.

Rules refer to entities by id, and ids derive from normalized names, so rules survive
re-ingesting and can be undone by deactivating them.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .countries import country_of
from .errors import CurationError
from .vocab import titles
from .model import Edge, Entity, Evidence, Node, relation_id
from .places import is_major_place, is_place

if TYPE_CHECKING:
    from .store import Store

__all__ = ["RawEntity", "RawEdge", "Rule", "RULE_KINDS", "vote_type", "merge_map", "build_nodes",
           "build_edges", "TYPE_PRIORITY", "merge_entities", "unmerge_entity", "rename_entity",
           "read_aliases", "load_aliases"]

#: Tie-break order when a name's mentions carry as many votes for two types.
TYPE_PRIORITY = ("Person", "Organization", "Place", "Group", "Event")
RULE_KINDS = ("merge", "split", "rename")


@dataclass
class RawEntity:
    """What the store knows of one stored entity."""

    id: str
    name: str
    votes: Counter[str] = field(default_factory=Counter)
    aliases: Counter[str] = field(default_factory=Counter)
    docs: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)

    @property
    def mentions(self) -> int:
        return sum(self.aliases.values())

    @property
    def honorific(self) -> bool:
        return any(a.split()[0].casefold().rstrip(".") in titles().honorifics for a in self.aliases if " " in a)


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
    apart (split); or rename ``subject`` to ``value``."""

    id: int
    kind: str
    subject: str
    object: str | None = None
    value: str | None = None
    active: bool = True
    note: str = ""


def vote_type(votes: Counter[str], name: str, honorific: bool = False) -> str:
    """The majority type of an entity's mentions, corrected by the place gazetteer.

    >>> vote_type(Counter({"Person": 2, "Place": 1}), "Kyiv")
    'Place'
    >>> vote_type(Counter({"Organization": 1, "Person": 1}), "Donald Trump")
    'Person'
    """
    if not votes:
        return "Organization"
    best = max(votes.values())
    type_ = next((t for t in TYPE_PRIORITY if votes.get(t) == best), max(votes, key=votes.__getitem__))
    if type_ == "Person" and not honorific and len(name.split()) == 1 and is_place(name):
        return "Place"  # "Kyiv" read as a person
    if type_ == "Organization" and is_major_place(name):
        return "Place"  # "Ukraine" read as an organisation; but "Leeds" 2 "Chelsea" 1 are teams
    return type_


def merge_map(entities: dict[str, RawEntity], types: dict[str, str], rules: Sequence[Rule]) -> dict[str, str]:
    """Where each entity id goes: itself, or the id it is merged into.

    A surname standing alone ("Putin") joins the one person in the store whose full name
    ends with it; never when two or more candidates share it, or a split rule says so.
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
            if len(candidates) == 1 and frozenset((eid, candidates[0])) not in splits:
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
    """Nodes after type votes, merges and renames; and the id map used for edges."""
    types = {eid: vote_type(e.votes, e.name, e.honorific) for eid, e in entities.items()}
    mapping = merge_map(entities, types, rules)
    groups: dict[str, list[RawEntity]] = defaultdict(list)
    for eid, target in mapping.items():
        groups[target].append(entities[eid])
    renames = {r.subject: r.value for r in rules if r.kind == "rename" and r.active and r.value}
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
        for m in members:
            votes.update(m.votes)
            aliases.update(m.aliases)
            docs |= m.docs
            roles |= m.roles
        name = renames.get(target, head.name)
        honorific = any(m.honorific for m in members)
        type_ = types[target] if len(members) == 1 else vote_type(votes, head.name, honorific)
        names = set(aliases) | {m.name for m in members} | {name}
        country = country_of(name) if type_ in ("Group", "Organization", "Place") else None
        nodes.append(Node(target, name, type_, tuple(sorted(names)), sum(aliases.values()), len(docs),
                          roles=tuple(sorted(roles)), country=country))
    return nodes, mapping


def build_edges(raw: Iterable[RawEdge], mapping: dict[str, str], symmetric: dict[str, bool]) -> list[Edge]:
    """Edges with merged endpoints: parallel edges of one type join, self-loops go."""
    merged: dict[str, tuple[str, str, str, dict[tuple[str, int], Evidence]]] = {}
    for edge in raw:
        source, target = mapping.get(edge.source, edge.source), mapping.get(edge.target, edge.target)
        if source == target:
            continue
        sym = symmetric.get(edge.type, False)
        rid, source, target = relation_id(edge.type, source, target, sym)
        if rid not in merged:
            merged[rid] = (source, target, edge.type, {})
        evidence = merged[rid][3]
        for ev in edge.evidence:
            evidence.setdefault((ev.doc_id, ev.start), ev)
    edges = []
    for rid, (source, target, type_, evidence) in sorted(merged.items()):
        ev = tuple(sorted(evidence.values(), key=lambda e: (e.date or "", e.doc_id, e.start)))
        edges.append(Edge(rid, source, target, type_, len(ev), not symmetric.get(type_, False), ev))
    return edges


# -- user curation: each call stores a rule; nothing stored is rewritten ----------------

def _node_id(store: Store, name: str) -> tuple[str, str]:
    from .select import find_node

    node = find_node(store.load_graph(), name)
    return node.id, node.name


def merge_entities(store: Store, name: str, into: str) -> Rule:
    """Merge the entity ``name`` into ``into`` (both names or aliases)."""
    subject, subject_name = _node_id(store, name)
    target, target_name = _node_id(store, into)
    if subject == target:
        raise CurationError(f"{subject_name!r} and {target_name!r} are already one entity.")
    rule_id = store.add_rule("merge", subject, target, note=f"merge {subject_name} into {target_name}")
    return next(r for r in store.rules() if r.id == rule_id)


def unmerge_entity(store: Store, name: str) -> list[Rule]:
    """Separate the entity stored under ``name`` from whatever it was merged into.

    Deactivates the user's merges of it and, for an automatic surname merge, stores a
    split rule. Returns the rules changed or added.
    """
    raw = store.raw_entities()
    eid = Entity.make_id(name)
    if eid not in raw:
        owners = sorted(e.name for e in raw.values() if name.casefold() in {a.casefold() for a in e.aliases})
        if owners:
            raise CurationError(f"{name!r} was joined to {' and '.join(owners)} within a document, not "
                                f"merged; rename or merge instead.")
        raise CurationError(f"No stored entity is named {name!r}.")
    changed = []
    for rule in store.rules(active_only=True):
        if rule.kind == "merge" and eid in (rule.subject, rule.object):
            store.set_rule_active(rule.id, False)
            changed.append(rule)
    mapping = store.load_graph().meta["merged"]
    target = mapping.get(eid, eid)
    if target != eid:
        rule_id = store.add_rule("split", eid, target, note=f"keep {raw[eid].name} apart from {raw[target].name}")
        changed.extend(r for r in store.rules() if r.id == rule_id)
    if not changed:
        raise CurationError(f"{raw[eid].name!r} is not merged with anything.")
    return changed


def rename_entity(store: Store, name: str, new_name: str) -> Rule:
    """Show the entity ``name`` as ``new_name`` from now on."""
    if not new_name.strip():
        raise CurationError("The new name is empty.")
    subject, old = _node_id(store, name)
    rule_id = store.add_rule("rename", subject, value=new_name.strip(), note=f"rename {old} to {new_name.strip()}")
    return next(r for r in store.rules() if r.id == rule_id)


def read_aliases(path: str | Path) -> list[tuple[str, str]]:
    """``(alias, canonical name)`` pairs from a CSV (two columns, optional header
    ``alias,canonical``) or YAML (a mapping alias: canonical) file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(f"Cannot read aliases file {str(path)!r}: {exc}") from exc
    pairs: list[tuple[str, str]] = []
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise CurationError(f"{str(path)!r} is not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise CurationError(f"{str(path)!r} must map each alias to a canonical name.")
        pairs = [(str(k), str(v)) for k, v in data.items()]
    else:
        for number, row in enumerate(csv.reader(text.splitlines()), start=1):
            if not row or not "".join(row).strip() or row[0].startswith("#"):
                continue
            if len(row) != 2:
                raise CurationError(f"{str(path)!r} line {number}: expected 2 columns (alias, canonical).")
            if number == 1 and [c.strip().lower() for c in row] == ["alias", "canonical"]:
                continue
            pairs.append((row[0].strip(), row[1].strip()))
    return [(a, c) for a, c in pairs if a and c and a.casefold() != c.casefold()]


def load_aliases(store: Store, path: str | Path) -> list[Rule]:
    """Store a merge rule per alias in ``path``; pairs already stored are skipped."""
    existing = {(r.subject, r.object) for r in store.rules(active_only=True) if r.kind == "merge"}
    added = []
    for alias, canonical in read_aliases(path):
        pair = (Entity.make_id(alias), Entity.make_id(canonical))
        if pair in existing:
            continue
        existing.add(pair)
        rule_id = store.add_rule("merge", *pair, value=canonical,
                                 note=f"alias {alias} -> {canonical} ({Path(path).name})")
        added.extend(r for r in store.rules() if r.id == rule_id)
    return added
