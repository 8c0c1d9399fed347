"""Resolve a document's mentions into entities: one entity per real-world name.

A replaceable stage: :func:`resolve_document` takes plain records from
:mod:`graph.extract` and returns entities and resolved mentions, nothing else.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph.gazetteer.countries import country_alias
from graph.gazetteer.places import is_place
from graph.model import Entity, Mention
from graph.pipeline.coref import Subject, resolve_references
from graph.pipeline.extract import Descriptor, NameToken, Pronoun, RawMention
from graph.pipeline.quotes import Quote
from graph.schema import titles, vote_type
from graph.schema.vocab import coref, first_name_gender
from graph.schema.organisations import name_subtype

__all__ = ["resolve_document"]


@dataclass
class _Cluster:
    names: Counter[str] = field(default_factory=Counter)
    votes: Counter[str] = field(default_factory=Counter)
    honorific: bool = False
    roles: set[str] = field(default_factory=set)
    members: list[RawMention] = field(default_factory=list)

    def add(self, m: RawMention) -> None:
        self.names[m.name] += 1
        self.votes[m.type] += 1
        self.honorific = self.honorific or m.honorific
        if m.role:
            self.roles.add(m.role)
        self.members.append(m)

    def merge(self, other: _Cluster) -> None:
        self.names.update(other.names)
        self.votes.update(other.votes)
        self.honorific = self.honorific or other.honorific
        self.roles |= other.roles
        self.members.extend(other.members)

    @property
    def type(self) -> str:
        return vote_type(self.votes, self.canonical(), self.honorific)

    def canonical(self) -> str:
        if self.votes.get("Person", 0) * 2 >= sum(self.votes.values()):
            # the fullest form: "Vladimir Putin" over "Putin"
            return max(self.names, key=lambda n: (len(n.split()), self.names[n], n))
        return max(self.names, key=lambda n: (self.names[n], len(n), n))


def _fix_case(mentions: Sequence[RawMention]) -> list[RawMention]:
    """Shouted names ("MOSCOW") take the document's own mixed-case form, or title case
    when longer than an acronym."""
    forms: dict[str, str] = {}
    for m in mentions:
        if not m.name.isupper():
            forms.setdefault(m.name.casefold(), m.name)
    fixed = []
    for m in mentions:
        if m.name.isupper():
            name = forms.get(m.name.casefold())
            if name is None and all(len(w) > 4 for w in m.name.split()):
                name = m.name.title()
            if name:
                m = RawMention(m.start, m.end, name if m.surface == m.name else m.surface, name,
                               m.type, m.sentence, m.honorific, m.role, m.subtype)
        fixed.append(m)
    return fixed


#: Honorifics used with a first name: "Sir Howard Newby ... Sir Howard said".
_KNIGHTED = frozenset({"sir", "dame"})
#: Honorifics no knight or dame is called by.
_PLAIN = frozenset({"mr", "mrs", "ms", "miss"})


def _join_surnames(clusters: dict[str, _Cluster]) -> None:
    """Fold short person names ("Putin", "Vance") into the one full name ending with them; a
    knight's first name ("Sir Howard") into the one full name starting with it."""
    full = {key: c for key, c in clusters.items() if c.type == "Person" and len(key.split()) > 1}
    for key in list(clusters):
        if key in full or key not in clusters:
            continue
        cluster = clusters[key]
        name = cluster.canonical()
        if cluster.votes.get("Person", 0) == 0 and not cluster.honorific and (name.isupper() or is_place(name)):
            continue  # "Washington" the place, "UN" the acronym: not a surname
        words = key.split()
        candidates = [k for k in full if k.split()[-len(words):] == words and k != key]
        if not candidates and any(m.surface.split()[0].casefold() in _KNIGHTED for m in cluster.members):
            candidates = [k for k in full if k.split()[:len(words)] == words]  # "Sir Howard" Newby
        if len(candidates) > 1 and any(m.surface.split()[0].casefold() in _PLAIN for m in cluster.members):
            # "Mr Blair" beside Tony Blair and Sir Ian Blair is Tony: a knight is "Sir Ian", no "Mr"
            candidates = [k for k in candidates
                          if not any(m.surface.split()[0].casefold() in _KNIGHTED for m in clusters[k].members)]
        if len(candidates) != 1:
            continue
        target = clusters[candidates[0]]
        # "Mrs Blair" is not Tony Blair: she stays a person of her own, "Blair" alone is his
        other = [m for m in cluster.members if m.honorific and _other_gender(m.surface.split()[0], target.canonical())]
        if not other:
            target.merge(clusters.pop(key))
            continue
        clusters[key] = _Cluster()
        for m in cluster.members:
            (clusters[key] if m in other else target).add(m)


def _join_countries(clusters: dict[str, _Cluster]) -> None:
    """Fold a country's other names into one entity: "UK" and "Britain", "America" and "the
    US" (:func:`~graph.gazetteer.countries.country_alias`); the name the document uses most
    is the entity's name. A short form inside another name ("Korea", "South Korea") is no
    other name of it."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key, cluster in clusters.items():
        country = country_alias(key)
        if country and cluster.type == "Place":
            groups[country].append(key)
    for keys in groups.values():
        if len(keys) < 2:
            continue
        if any(set(a.split()) < set(b.split()) for a in keys for b in keys):
            continue
        head = max(keys, key=lambda k: (sum(clusters[k].names.values()), k))
        for key in keys:
            if key != head:
                clusters[head].merge(clusters.pop(key))


def resolve_document(doc_id: str, raw: Iterable[RawMention], name_tokens: Iterable[NameToken] = (),
                     descriptors: Iterable[Descriptor] = (),
                     pronouns: Iterable[Pronoun] = (),
                     subjects: Iterable[Subject] = (),
                     quotations: Iterable[Quote] = (), date: str | None = None) -> tuple[list[Entity], list[Mention]]:
    """Group a document's mentions into entities.

    Honorifics and titles are already off the names (see :mod:`graph.extract`); here a
    surname alone joins the full name seen in the same document, a name's type is the
    majority of its mentions' types (a well-known place read as a person is a place, a
    party's name read as a person is the party),
    proper nouns NER missed are linked when they spell a name already found, and pronouns
    and descriptions ("he", "the Russian leader", "the party", "the pair", "the
    government") join the entities they stand for through :mod:`graph.pipeline.coref`;
    those links are marked ``inferred``. ``subjects`` (:func:`graph.pipeline.coref.subjects`)
    tell coreference which mentions are clause subjects, the most salient antecedents;
    ``quotations`` (:func:`graph.pipeline.quotes.quotes`) where quoted speech lies; ``date``, the
    document's ISO date when known, tells the gazetteer of office holders who held a role then.

    Returns:
        The entities (ids from their canonical names) and all mentions.
    """
    items = _fix_case(list(raw))
    clusters: dict[str, _Cluster] = defaultdict(_Cluster)
    for m in items:
        clusters[m.name.casefold()].add(m)
    _join_surnames(clusters)
    _join_countries(clusters)

    entities: list[Entity] = []
    by_key: dict[str, tuple[Entity, _Cluster]] = {}
    for key, cluster in clusters.items():
        name = cluster.canonical()
        aliases = sorted({m.surface for m in cluster.members} | {name})
        subtypes = Counter(m.subtype for m in cluster.members if m.subtype)
        type_ = cluster.type
        if type_ == "Person" and not cluster.honorific and not cluster.roles and name_subtype(name) == "party":
            # "Labour" read as a person: a party's name is never a person's, and a person's
            # pronoun ("He said ...") must not find it
            type_, subtypes = "Organization", Counter({"party": 1})
        entity = Entity(Entity.make_id(name), name, type_, tuple(aliases), tuple(sorted(cluster.roles)),
                        subtypes.most_common(1)[0][0] if subtypes and type_ == "Organization" else None)
        entities.append(entity)
        by_key[key] = (entity, cluster)

    resolved = [Mention(doc_id, m.start, m.end, m.surface, entity.id, m.sentence, m.type)
                for entity, cluster in by_key.values() for m in cluster.members]
    name_tokens = list(name_tokens)
    resolved.extend(_link_name_tokens(doc_id, name_tokens, by_key, resolved))
    resolved.sort(key=lambda m: (m.start, m.end))
    references = resolve_references(doc_id, entities, resolved, descriptors, pronouns, name_tokens, subjects,
                                    quotations, date)
    # "the French decision": the nationality linked to its country is no group of its own there
    countries = {(m.start, m.end) for m in references if m.type == "Place"}
    resolved = [m for m in resolved if m.type != "Group" or (m.start, m.end) not in countries]
    resolved.extend(references)
    resolved.sort(key=lambda m: (m.start, m.end))
    kept = {m.entity_id for m in resolved}
    return [e for e in entities if e.id in kept], resolved


def _other_gender(honorific: str, full_name: str) -> bool:
    """An honorific of one gender ("Mrs") before the surname of a full name whose first name is
    of the other ("Tony Blair"): not the same person."""
    words = coref().gender_words
    said = next((g for g, forms in words.items() if honorific.casefold().rstrip(".") in forms), None)
    known = first_name_gender(full_name.split()[0]) if " " in full_name else None
    return said is not None and known is not None and said != known


def _link_name_tokens(doc_id: str, tokens: Iterable[NameToken],
                      by_key: dict[str, tuple[Entity, _Cluster]],
                      taken: list[Mention]) -> list[Mention]:
    lookup: dict[str, Entity | None] = {}
    for key, (entity, cluster) in by_key.items():
        lookup[key] = entity
        for alias in cluster.names:
            lookup.setdefault(alias.casefold(), entity)
        if entity.type == "Person":
            surname = entity.name.split()[-1].casefold()
            if surname in lookup and lookup[surname] is not entity:
                lookup[surname] = None  # two people share it: ambiguous
            else:
                lookup.setdefault(surname, entity)
    spans = {(m.start, m.end) for m in taken}
    honorifics = titles().honorifics
    linked = []
    for tok in tokens:
        first, _, rest = tok.text.partition(" ")
        # "Mr Livingstone" the tagger missed: the name after the honorific, as a found name's span
        start, text = (tok.start + len(first) + 1, rest) \
            if rest and first.casefold().rstrip(".") in honorifics else (tok.start, tok.text)
        entity = lookup.get(text.casefold())
        if entity is not None and start != tok.start and entity.type == "Person" and _other_gender(first, entity.name):
            continue  # "Mrs Blair" is not Tony Blair
        if entity is not None and (start, tok.end) not in spans and (tok.start, tok.end) not in spans:
            linked.append(Mention(doc_id, start, tok.end, tok.text, entity.id, tok.sentence, entity.type))
    return linked
