"""Running corpus resolution: every mechanism's proposals, the sure ones stored as automatic
rules, the others listed as likely duplicates."""

from __future__ import annotations

from collections.abc import Iterable

from graph.store.junk import junk
from graph.store.resolution.corpus import Corpus, Proposal
from graph.store.resolution.names import (
    acronyms,
    countries,
    fuzzy,
    outlets,
    parties,
    place_forms,
    short_forms,
    variants,
)
from graph.store.resolution.people import fused, spellings, surnames
from graph.store.resolution.retype import acronym_types, company_types, definite, honorific_types
from graph.store.rules import Rule
from graph.store.sqlite import Store

__all__ = ["AUTO", "duplicates", "propose", "resolve_store"]

#: Prefix of the note of every rule this stage adds.
AUTO = "auto:"


def _junk(c: Corpus) -> Iterable[Proposal]:
    for subject, reason, score in junk(c):
        yield Proposal("drop", subject, None, None, reason, score, True)


def propose(corpus: Corpus) -> list[Proposal]:
    """Every proposal, sure ones first, in a deterministic order."""
    found: list[Proposal] = []
    # Party names before spellings and short forms: "Tories" and "Conservative Party" join the
    # full name, not "Conservative" (a short form) or "Tory" (a spelling of "Tories").
    for mechanism in (_junk, definite, acronym_types, parties, variants, short_forms, place_forms, outlets, acronyms,
                      fused, countries, spellings, surnames, fuzzy, company_types, honorific_types):
        found.extend(mechanism(corpus))
    return found


def _key(rule_kind: str, subject: str, obj: str | None, value: str | None) -> tuple[str, str, str]:
    return rule_kind, subject, (obj or "") if rule_kind == "merge" else (value or "")


def resolve_store(store: Store) -> list[Rule]:
    """Run corpus resolution and store its sure proposals as automatic rules.

    Re-running adds only what new documents taught; a rule the user undid, and a merge
    across a split rule, is never added again. Returns the rules added.
    """
    corpus = Corpus(store)
    known = {_key(r.kind, r.subject, r.object, r.value) for r in corpus.rules}
    splits = {frozenset((r.subject, r.object)) for r in corpus.rules if r.kind == "split" and r.active}
    parent = dict(corpus.mapping)

    def root(eid: str) -> str:
        while parent.get(eid, eid) != eid:
            eid = parent[eid]
        return eid

    # A dropped entity takes part in no merge, either side.
    dropped = {r.subject for r in corpus.rules if r.kind == "drop" and r.active}
    added: list[Rule] = []
    for p in propose(corpus):
        if not p.sure:
            continue
        if p.kind == "merge":
            assert p.object is not None
            target = root(p.object)
            if (root(p.subject) != p.subject or target == p.subject or frozenset((p.subject, p.object)) in splits
                    or _key("merge", p.subject, p.object, None) in known or {p.subject, target} & dropped):
                continue  # already merged elsewhere, junk, or the user said no
            parent[p.subject] = target
        elif _key(p.kind, p.subject, None, p.value) in known:
            continue
        elif p.kind == "drop":
            if root(p.subject) != p.subject or any(v == p.subject != k for k, v in parent.items()):
                continue  # merged by the user, or other names joined it: an entity
            dropped.add(p.subject)
        names = corpus.entities[p.subject].name, corpus.entities[p.object].name if p.object else p.value
        what = {"merge": f"merge {names[0]} into {names[1]}", "type": f"type {names[0]} as {p.value}",
                "drop": f"drop {names[0]}"}[p.kind]
        rule_id = store.add_rule(p.kind, p.subject, p.object, p.value, note=f"{AUTO} {what}: {p.reason}")
        known.add(_key(p.kind, p.subject, p.object, p.value))
        added.append(Rule(rule_id, p.kind, p.subject, p.object, p.value, True, f"{AUTO} {what}: {p.reason}"))
    return added


def duplicates(store: Store, *, limit: int = 50) -> list[tuple[str, str, str]]:
    """Likely duplicates not merged yet: ``(name, other name, evidence)``, best first."""
    corpus = Corpus(store)
    mapping = corpus.mapping
    rows: list[tuple[float, str, str, str]] = []
    seen = set()
    for p in propose(corpus):
        if p.kind != "merge" or p.object is None:
            continue
        a, b = mapping.get(p.subject, p.subject), mapping.get(p.object, p.object)
        if a == b or frozenset((a, b)) in seen:
            continue
        seen.add(frozenset((a, b)))
        rows.append((-p.score, corpus.entities[p.subject].name, corpus.entities[p.object].name, p.reason))
    rows.sort()
    return [(a, b, why) for _, a, b, why in rows[:limit]]
