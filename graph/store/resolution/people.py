"""People's name forms across documents: title and sentence-start words fused before a name
("Exchequer Gordon Brown"), and surname forms ("Blair", "Mr Brown") joining the full name."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from graph.gazetteer import country_of, is_major_place
from graph.schema.vocab import first_name_gender, titles
from graph.store.resolution.corpus import Corpus, Proposal, first_name, variant_key
from graph.store.rules import same_rank

__all__ = ["full_name", "fused", "spellings", "strip_titles", "surnames"]

# A small word glued to the next word of a name by a missing space: "ofNew Labour", "andTony Blair".
_GLUED = re.compile(r"^(of|the|and|for|in|on|to|at|by|with|from)[A-Z]")
#: Share of a short first name's context ("Chris Leslie") that "Christopher Leslie" must have.
NICKNAME_CONTEXT = 0.2

# How much better the best surname candidate's context must be than the next one's.
CONTEXT_MARGIN = 2.0
MIN_CONTEXT = 0.15


def strip_titles(c: Corpus, words: list[str]) -> list[str]:
    t = titles()
    vocab = t.honorifics | t.titles
    while len(words) > 1 and (words[0].casefold().rstrip(".") in vocab or c.common_word(words[0])):
        words = words[1:]
    return words


def fused(c: Corpus) -> Iterable[Proposal]:
    by_name: dict[str, str] = {}
    for eid, ent in sorted(c.entities.items(), key=lambda kv: (-kv[1].mentions, kv[0])):
        by_name.setdefault(variant_key(ent.name), eid)
    for eid, ent in sorted(c.entities.items()):
        words = ent.name.split()
        if glued := _GLUED.match(words[0]):
            # "ofNew Labour" is "of" + "New Labour", whatever its type.
            target = by_name.get(variant_key(" ".join([words[0][glued.end() - 1:], *words[1:]])))
            if target and target != eid:
                yield Proposal("merge", eid, target, None, f"{glued.group(1)!r} glued to a name", 0.9, True)
            continue
        if len(words) < 2 or not (c.types[eid] == "Person" or ent.honorific):
            continue  # "Air India" and "Central Bank" are names of their own
        stripped = strip_titles(c, words)
        for cut in range(1, min(3, len(words))):
            tail = " ".join(words[cut:])
            target = by_name.get(variant_key(tail))
            if not target or target == eid:
                continue
            prefix = words[:cut]
            titled = all(w.casefold().rstrip(".") in c.titles for w in prefix)
            if titled and len(words) - cut == 1:
                break  # "Mr Brown": a surname form, resolved by its context (see surnames)
            if words[cut:] == stripped and not c.mid_sentence(ent.name):
                reason = f"{' '.join(prefix)!r} is a title or a common word"
            elif (len(words) - cut >= 2 and c.types[target] == "Person" and full_name(tail)
                  and not any(first_name_gender(w) for w in prefix)):
                reason = f"{' '.join(prefix)!r} fused before a full name"
            else:
                continue
            # A title before a full name ("MP Boris Johnson") is never part of it, however often
            # the titled form is written; other words need the bare name to be the more frequent.
            if c.mentions(target) >= c.mentions(eid) or titled:
                yield Proposal("merge", eid, target, None, reason, 0.9, True)
            break


def surnames(c: Corpus) -> Iterable[Proposal]:
    by_last: dict[str, list[str]] = defaultdict(list)
    for eid, ent in c.entities.items():
        words = ent.name.split()  # by spaces: "O'Gara" is one word
        if (c.types[eid] == "Person" and len(words) > 1 and len(strip_titles(c, words)) > 1
                and full_name(ent.name)):
            by_last[variant_key(words[-1])].append(eid)
    for eid, ent in sorted(c.entities.items()):
        words = strip_titles(c, ent.name.split())
        if len(words) != 1:
            continue
        titled = len(ent.name.split()) > 1
        if titled and c.types[eid] != "Person" and not ent.honorific:
            continue  # "Financial Times" is no title form of a "Times"
        person = c.types[eid] == "Person" or ent.honorific
        if not person and (is_major_place(ent.name) or country_of(ent.name)):
            continue
        candidates = sorted(f for f in by_last.get(variant_key(words[0]), [])
                            if f != eid and (person or first_name(c.entities[f].name))
                            and same_rank(ent, c.entities[f]))
        if not candidates:
            continue
        if len(candidates) == 1 and person:
            yield Proposal("merge", eid, candidates[0], None, "the one full name with this surname", 0.9, True)
            continue
        scored = sorted(((c.similarity(eid, f), f) for f in candidates), reverse=True)
        best, second = scored[0], scored[1] if len(scored) > 1 else (0.0, "")
        clear = best[0] >= MIN_CONTEXT and best[0] >= CONTEXT_MARGIN * second[0]
        names = ", ".join(c.entities[f].name for _, f in scored[:3])
        yield Proposal("merge", eid, best[1], None, f"surname; context {best[0]:.2f} vs {second[0]:.2f} "
                       f"({names})", best[0] - second[0], clear)


def full_name(name: str) -> bool:
    """Capitalised words only, not ending in a post-nominal: not "Wendy Ide of The Times",
    "Bill Cosby's TV" or "Philippe Sands QC"."""
    words = name.split()
    return (all(w[:1].isupper() and not w.endswith(("'s", "\u2019s")) for w in words)
            and not (len(words[-1]) > 1 and words[-1].isupper()))


def _short_first_name(short: str, long: str) -> bool:
    """"Chris" for "Christopher", "Ken" for "Kenneth": a known first name of three letters or
    more that starts the other, of the same gender when both are known."""
    a, b = first_name_gender(short), first_name_gender(long)
    return (len(short) >= 3 and long.startswith(short) and long != short and a is not None
            and (b is None or a == b))


def spellings(c: Corpus) -> Iterable[Proposal]:
    """Two spellings of one person's full name:

    * a short first name ("Chris Leslie" for "Christopher Leslie"), when the two share a
      document or :data:`NICKNAME_CONTEXT` of the short form's context;
    * a surname one letter off ("Charles Clark" for "Charles Clarke"), written once or twice in
      one document that spells it the other way, which is written three times as often.
    """
    people: dict[tuple[str, ...], list[str]] = defaultdict(list)
    by_first: dict[str, list[str]] = defaultdict(list)
    for eid, ent in sorted(c.entities.items()):
        words = ent.name.split()
        if c.types[eid] == "Person" and len(words) >= 2 and full_name(ent.name) and first_name(ent.name):
            people[tuple(variant_key(w) for w in words[1:])].append(eid)
            by_first[words[0]].append(eid)
    for members in people.values():
        for small in members:
            first = c.entities[small].name.split()[0]
            longer = [f for f in members if _short_first_name(first, c.entities[f].name.split()[0])]
            if len(longer) != 1:
                continue  # "Chris" for "Christopher" and for "Christine": no telling
            full = longer[0]
            sim = c.similarity(small, full)
            yield Proposal("merge", small, full, None, f"short first name, context {sim:.2f}", 0.8,
                           c.together(small, full) or sim >= NICKNAME_CONTEXT)
    for members in by_first.values():
        for small in members:
            ent = c.entities[small]
            if len(ent.docs) != 1 or ent.mentions > 2:
                continue  # a slip is written once or twice, in one article
            near = [f for f in members if f != small and c.together(small, f) and _one_letter_off(c, small, f)]
            if len(near) == 1:
                yield Proposal("merge", small, near[0], None, "surname one letter off, in a document that spells it "
                               f"{c.entities[near[0]].name!r}", 0.8, True)


def _one_letter_off(c: Corpus, slip: str, full: str) -> bool:
    """Whether ``full`` is ``slip`` with its surname (five letters or more) one letter off, and
    written three times as often."""
    a, b = c.entities[slip].name.split(), c.entities[full].name.split()
    last, other = variant_key(a[-1]), variant_key(b[-1])
    return (len(a) == len(b) and c.mentions(full) >= 3 * c.mentions(slip) and min(len(last), len(other)) >= 5
            and Levenshtein.distance(last, other) == 1)
