"""From actions to relations: arguments mapped to entities, dates resolved, co-mentions per
sentence, each relation backed by its evidence."""

from __future__ import annotations

import bisect
import re
import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from graph.gazetteer.countries import country_alias, country_of
from graph.model import Document, Evidence, Mention, Relation, Sentence, relation_id
from graph.pipeline.dates import is_point, resolve_date
from graph.pipeline.extract import sentence_index
from graph.pipeline.relate.arguments import Arg, RawAction
from graph.schema import CO_MENTIONED, relation_types

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["DateSpan", "date_spans", "document_relations"]


@dataclass(frozen=True)
class DateSpan:
    sentence: int
    text: str


def date_spans(doc: Doc, *, sentence_base: int = 0) -> Iterator[DateSpan]:
    """DATE entities with the index of their sentence."""
    starts = sentence_index(doc)
    for ent in doc.ents:
        if ent.label_ == "DATE":
            yield DateSpan(sentence_base + starts[ent.sent.start], ent.text)


def _may_meet(mention: Mention, type_: str) -> bool:
    """A place takes part in a meeting only as a country, or its capital or government standing
    for it ("visited Kenya", "a trip to Moscow", "ministers"); "he visits Manchester" meets no one."""
    return type_ != "Place" or mention.inferred or bool(country_alias(mention.text) or country_of(mention.text))


# One capitalised word ending as plurals and demonyms do: Muslims, Britons, Asian, British,
# Pakistani, French, Chinese.
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:s|an|ish|i|ch|ese)")


def _people(mentions: Sequence[Mention], types_of: dict[str, str]) -> set[str]:
    """Demonyms and groups of people ("Muslims", "British", "Pakistani"): no entities an action
    joins. Only a group named in one word of a demonym's shape counts: one ever named in several
    words ("the US Congress") or an adjective of a body ("Congressional leaders", "a
    Conservative offer") is a body the tagger mistyped, and a country's demonym ("we advised
    the Russians", "Ukrainian officials") stands for its government."""
    named = {m.entity_id for m in mentions if not m.inferred and (
        not _DEMONYM.fullmatch(m.text) or country_of(m.text))}
    return {m.entity_id for m in mentions if types_of.get(m.entity_id, m.type) == "Group"
            and m.entity_id not in named}


class _SpanIndex:
    """Find the mentions covering a character position."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self._mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self._mentions]

    def mentions_at(self, start: int) -> list[Mention]:
        """Every mention covering ``start``, innermost first; "the pair" (two people inferred
        at one span) gives both, one per entity."""
        i = bisect.bisect_right(self._starts, start) - 1
        found: list[Mention] = []
        # Role descriptions ("the US President") may enclose a name ("US"): look back a little.
        for j in range(i, max(i - 4, -1), -1):
            m = self._mentions[j]
            if start < m.end:
                if found and (found[0].start, found[0].end) != (m.start, m.end):
                    break  # an enclosing span: the innermost one stands
                found.append(m)
        return list({m.entity_id: m for m in found}.values())

    def mention_at(self, start: int) -> Mention | None:
        found = self.mentions_at(start)
        return found[0] if found else None

    def resolve_all(self, arg: Arg) -> list[Mention]:
        """The mentions of the first candidate span that has any."""
        for start, _ in arg:
            found = self.mentions_at(start)
            if found:
                return found
        return []

    def resolve(self, arg: Arg) -> Mention | None:
        found = self.resolve_all(arg)
        return found[0] if found else None


def document_relations(doc: Document, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                       raw_actions: Iterable[RawAction], dates: Iterable[DateSpan] = (),
                       entity_types: dict[str, str] | None = None) -> list[Relation]:
    """Co-mentions and typed actions of one document, each with its evidence.

    An evidence's date is the date its sentence states (for an action, only a date that
    modifies its verb), resolved against the document date; failing that, the document date.
    Symmetric relations are stored once per pair.
    """
    types = relation_types()
    first_date: dict[int, str] = {}
    for d in dates:
        if is_point(d.text):
            first_date.setdefault(d.sentence, " ".join(d.text.split()))

    def evidence(index: int, action: RawAction | None = None, inferred: bool = False) -> Evidence:
        sent = sentences[index]
        if action is None:  # a co-mention: the date the sentence states, if any
            text = first_date.get(index)
        else:  # an action: only a date that modifies its verb
            text = action.date_text if action.date_text and is_point(action.date_text) else None
        date = resolve_date(text, doc.date, future=action is not None and action.future) if text else None
        if action is None:
            return Evidence(doc.id, sent.text, sent.start, sent.end, date or doc.date, text)
        return Evidence(doc.id, sent.text, sent.start, sent.end, date or doc.date, text, action.verb,
                        action.negated, action.hypothetical, action.reported_by, inferred)

    relations: list[Relation] = []
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for m in mentions:
        if not m.inferred and m.entity_id not in by_sentence[m.sentence]:
            by_sentence[m.sentence].append(m.entity_id)
    for index, entity_ids in sorted(by_sentence.items()):
        if len(entity_ids) < 2 or not sentences[index].has_verb:
            continue
        ev = evidence(index)
        for a, b in combinations(sorted(entity_ids), 2):
            relations.append(Relation(a, b, CO_MENTIONED, ev))

    index_ = _SpanIndex(mentions)
    types_of = entity_types or {}
    people = _people(mentions, types_of)
    raw_actions = list(raw_actions)
    for action in raw_actions:
        if action.joins:  # its partners are the participants of the earlier event of that date
            earlier = [a for a in raw_actions if not a.joins and a.type == action.type
                       and a.sentence < action.sentence and a.date_text == action.date_text]
            action = dataclasses.replace(action, targets=tuple(arg for a in earlier
                                                               for arg in (*a.sources, *a.targets)))
        symmetric = types[action.type].symmetric
        sources = [m for arg in action.sources for m in index_.resolve_all(arg)]
        targets = [m for arg in action.targets for m in index_.resolve_all(arg)]
        made: set[tuple[str, str]] = set()
        for source in sources:
            for target in targets:
                if target.entity_id == source.entity_id:
                    continue  # "the pair" and one of the two: no self pair
                if people & {source.entity_id, target.entity_id}:
                    continue  # "urged Muslims", "attacked British imperialists": a group is no actor
                if action.target_types and types_of.get(target.entity_id, target.type) not in action.target_types:
                    continue
                if types[action.type].interaction_class == "meet" and not (
                        _may_meet(source, types_of.get(source.entity_id, source.type))
                        and _may_meet(target, types_of.get(target.entity_id, target.type))):
                    continue
                _, a, b = relation_id(action.type, source.entity_id, target.entity_id, symmetric)
                if (a, b) in made:
                    continue
                made.add((a, b))
                relations.append(Relation(a, b, action.type,
                                          evidence(action.sentence, action,
                                                   action.inferred or source.inferred or target.inferred)))
    return relations
