"""Curation commands: merge, unmerge, rename and alias files. Each call stores a rule in the
store (see :mod:`graph.store.rules`); nothing stored is rewritten, so every rule can be undone."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from graph.errors import CurationError
from graph.model import Entity
from graph.store.lookup import find_node
from graph.store.rules import DROPPED, Rule
from graph.store.sqlite import Store

__all__ = ["load_aliases", "merge_entities", "read_aliases", "rename_entity", "unmerge_entity"]



def _node_id(store: Store, name: str) -> tuple[str, str]:
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
    if target not in (eid, DROPPED):  # a dropped entity comes back with `rules --undo`
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
