"""Corpus-level entity resolution: after ingest, over the whole store, propose the merges and
types that one document alone cannot see, and store the sure ones as automatic rules.

Every automatic rule is an ordinary curation rule (see :mod:`graph.store.rules`) whose note
starts with :data:`AUTO`, so ``newsgraph rules`` lists it and ``unmerge`` or ``rules --undo``
undoes it; a rule the user undid is never added again. The run is deterministic: the same
store gives the same rules.

Mechanisms (each a :class:`Proposal` with its evidence):

* spelling variants: names equal up to case, accents, hyphens, dots, a possessive, a middle
  initial or a plural ending; and near-identical spellings (rapidfuzz), guarded by type, by
  the two never appearing in one document, and by shared context;
* acronyms: "International Monetary Fund (IMF)" in any document teaches the pair; otherwise
  an acronym whose letters are the initials of exactly one co-mentioned name;
* fused words: "Exchequer Gordon Brown", "Said Wales": a stored name plus leading words
  that are titles, common lower-case words, or no first name;
* surnames and titles ("Blair", "President Bush"): the one full-name person with that last
  name, or, among several, the one whose context (co-mentioned entities) clearly wins;
* a country's other names from the gazetteer ("Holland", "America");
* types from context cues across documents ("shares in X", "X plc", "X's chief executive");
  and no person is written "the X" standing alone ("the Lib Dems said", "the Beatles."): such
  a "Person" takes its best other type vote, else Organization;
* an acronym of three capitals or more is no person ("ODPM");
* short forms of organisations: "Multiplex" for "Multiplex Group", "Commons" for "House of
  Commons", "Congress" for "US Congress", "Lib Dems" for "Liberal Democrats";
* junk: stored names that are no entity at all, dropped (see :mod:`graph.store.junk`).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from graph.gazetteer import country_of, is_major_place, is_place
from graph.gazetteer.countries import country_names
from graph.schema.entities import vote_type
from graph.schema.taxonomy import CO_MENTIONED
from graph.schema.vocab import coref, first_name_gender, titles
from graph.store.junk import SMALL_WORDS, Usage, content_word, initials, is_acronym_term, junk
from graph.store.lookup import fold
from graph.store.rules import RawEntity, Rule, merge_map, same_rank
from graph.store.sqlite import Store

__all__ = ["AUTO", "Corpus", "Proposal", "duplicates", "initials", "propose", "resolve_store", "variant_key"]

#: Prefix of the note of every rule this stage adds.
AUTO = "auto:"

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Capitalised words, with the small words of names between them; never across a full stop.
_NAME = r"[A-Z][\w&'-]*(?:[ \t]+(?:(?:of|the|and|for|de|&)[ \t]+)*[A-Z][\w&'-]*)*"
_ACRONYM = re.compile(rf"({_NAME})\s+\(([A-Z][A-Za-z&]{{1,8}})\)")
# A name after the article, not as a sentence's first word ("The Times" is a name).
_DEFINITE = re.compile(rf"\bthe[ \t]+({_NAME})")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)\b(?!['\u2019-])")
# Words after a company's name that say it is one ("Multiplex Group", "Yukos Ltd").
_COMPANY_SUFFIXES = ("Inc", "plc", "Plc", "PLC", "Corp", "Ltd", "Group", "AG", "SA")
# Context cues of a company: evidence for the Organization type wherever they occur.
_COMPANY_CUES = [re.compile(p) for p in (
    rf"\bshares in ({_NAME})",
    rf"\bstake in ({_NAME})",
    (rf"({_NAME})(?:'s)? (?:chief executive|chief financial officer|shareholders|share price|"
     rf"shares|profits?|revenues?|sales|takeover|boss|board)\b"),
    rf"({_NAME}) (?:{'|'.join(_COMPANY_SUFFIXES)})\b",
)]
# Share of a short form's context ("Commons") its full name's must have, when never together.
SHORT_CONTEXT = 0.2
# How much better the best surname candidate's context must be than the next one's.
CONTEXT_MARGIN = 2.0
MIN_CONTEXT = 0.15


@dataclass(frozen=True)
class Proposal:
    """A merge of ``subject`` into ``object`` (or a type for ``subject``) with its evidence.

    ``sure`` proposals become automatic rules; the others are listed by ``duplicates``.
    """

    kind: str  # "merge", "type" or "drop"
    subject: str
    object: str | None
    value: str | None
    reason: str
    score: float
    sure: bool


@lru_cache(maxsize=1 << 16)  # called for every entity by several mechanisms
def variant_key(name: str) -> str:
    """The spelling key of a name: case, accents, hyphens, dots and a possessive do not count.

    >>> variant_key("Kilroy-Silk's") == variant_key("kilroy silk"), variant_key("Zelenskyy")
    (True, 'zelenskyy')
    """
    text = fold(name).replace("&#191;s", "").replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[-./'’,]", " ", text)
    return " ".join(text.split())


def _singular(key: str) -> str:
    head, _, last = key.rpartition(" ")
    if len(last) > 4 and last.endswith("ies"):
        last = last[:-3] + "y"
    elif len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}".strip()


def _is_acronym(name: str) -> bool:
    return 2 <= len(name) <= 8 and name.isalpha() and sum(ch.isupper() for ch in name) >= max(2, len(name) - 1)


class Corpus:
    """The store as resolution sees it: entities, types, documents and word counts."""

    def __init__(self, store: Store) -> None:
        with store.snapshot():
            self.entities: dict[str, RawEntity] = store.raw_entities()
            self.rules: list[Rule] = store.rules()
            # The texts are read here, not kept in the store's API: only this stage scans them.
            self.texts: list[str] = [row[0] for row in store.conn.execute("SELECT text FROM documents ORDER BY id")]
            # Entities an action was read for: the texts treat them as actors.
            self.actors: set[str] = {eid for row in store.conn.execute(
                "SELECT source, target FROM relations WHERE type != ?", (CO_MENTIONED,)) for eid in row}
        active = [r for r in self.rules if r.active]
        self.types = {eid: vote_type(e.votes, e.name, e.honorific) for eid, e in self.entities.items()}
        self.mapping = merge_map(self.entities, self.types, active)
        self.doc_entities: dict[str, set[str]] = defaultdict(set)
        for eid, ent in self.entities.items():
            for doc in ent.docs:
                self.doc_entities[doc].add(eid)
        self.lower: Counter[str] = Counter()
        self.capital: Counter[str] = Counter()
        for text in self.texts:
            for word in _WORD.findall(text):
                (self.lower if word[0].islower() else self.capital)[word.casefold()] += 1
        self._context: dict[str, Counter[str]] = {}
        self._joined: str | None = None

    def context(self, eid: str) -> Counter[str]:
        """Entities co-mentioned with ``eid`` (in how many of its documents)."""
        if eid not in self._context:
            counts: Counter[str] = Counter()
            for doc in self.entities[eid].docs:
                counts.update(self.doc_entities[doc])
            counts.pop(eid, None)
            self._context[eid] = counts
        return self._context[eid]

    def similarity(self, a: str, b: str) -> float:
        """Share of ``a``'s context (weighted by rarity) that ``b``'s context also has."""
        ca, cb = self.context(a), self.context(b)
        total = len(self.doc_entities) + 1
        weight = {n: math.log(total / (1 + len(self.entities[n].docs))) for n in ca if n != b}
        norm = sum(weight.values())
        return sum(w for n, w in weight.items() if n in cb) / norm if norm > 0 else 0.0

    def together(self, a: str, b: str) -> bool:
        return bool(self.entities[a].docs & self.entities[b].docs)

    def common_word(self, word: str) -> bool:
        """Written lower-case more often than capitalised: a verb or noun, not a name.

        A known first name ("Bill") must be written lower-case ten times as often ("Said").
        """
        key = word.casefold()
        ratio = 10 if first_name_gender(word) else 1
        return self.lower[key] >= 2 and self.lower[key] >= ratio * self.capital[key]

    def mid_sentence(self, name: str) -> bool:
        """Whether ``name`` is written after a lower-case word or a comma somewhere: then its
        first word is not a capitalised sentence start fused into it ("in Family Guy")."""
        if self._joined is None:
            self._joined = "\n".join(self.texts)
        text, start = self._joined, 0
        # str.find, not a look-behind regex: this runs for every candidate over all texts.
        while (at := text.find(name, start)) >= 0:
            start = at + 1
            before, after = text[at - 2:at], text[at + len(name):at + len(name) + 1]
            if len(before) == 2 and before[1] == " " and (before[0].islower() or before[0] == ",") \
                    and not after.isalnum():
                return True
        return False

    def mentions(self, eid: str) -> int:
        return self.entities[eid].mentions

    @cached_property
    def usage(self) -> Usage:
        """Which words the corpus writes as verbs, function words and nouns."""
        return Usage(self.texts, self.lower + self.capital)


_FAMILY = {"Group": "Organization"}


def _variants(c: Corpus) -> Iterable[Proposal]:
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for eid, ent in c.entities.items():
        type_ = c.types[eid]
        key = variant_key(ent.name)
        if type_ == "Person":
            words = [w for w in key.split() if len(w) > 1]
            if len(words) >= 2:
                key = " ".join(words)  # a middle initial does not count
        elif type_ in ("Group", "Organization", "Event"):
            key = _singular(key)
        # A party is a Group by some mentions ("Liberal Democrat") and an Organization by others.
        groups[(_FAMILY.get(type_, type_), key)].append(eid)
    exact = {(_FAMILY.get(c.types[eid], c.types[eid]), variant_key(ent.name)) for eid, ent in c.entities.items()}
    for (type_, key), members in sorted(groups.items()):
        if len(members) < 2 or not key:
            continue
        head = max(members, key=lambda e: (c.mentions(e), len(c.entities[e].name), e))
        for eid in sorted(members):
            if eid == head:
                continue
            if (type_, key) in exact or type_ == "Person" or {c.types[m] for m in members} == {"Group"}:
                yield Proposal("merge", eid, head, None, f"same name up to spelling ({key})", 1.0, True)
            else:  # "Bond" and "Bonds": a plural is the same organisation only in the same context
                sim = c.similarity(eid, head)
                yield Proposal("merge", eid, head, None, f"singular and plural, context {sim:.2f}", 0.9,
                               sim >= 0.2)


def _short_forms(c: Corpus) -> Iterable[Proposal]:
    """Short forms of organisations written in the same documents as the full name:

    * without a company word or "Party" at the end: "Multiplex Group", "Conservative Party" ->
      "Multiplex", "Conservative" (typed Organization, whatever the short form's mentions voted);
    * the plural after "of": "House of Commons" -> "Commons" (not "Bank of England", "World of
      Warcraft");
    * without a stored country before it: "US Congress" -> "Congress", when only one country's
      is stored;
    * each word cut short: "Lib Dems" -> "Liberal Democrats".

    The short form must be stored on its own, not be a place nor a stored person's surname,
    and share a document or :data:`SHORT_CONTEXT` of its context with the full name; one full
    name per short form.
    """
    by_key: dict[str, str] = {}
    for eid, ent in sorted(c.entities.items(), key=lambda kv: (-kv[1].mentions, kv[0])):
        by_key.setdefault(variant_key(ent.name), eid)
    kinds = {k.casefold() for k in _COMPANY_SUFFIXES} | {"party"}
    # Countries and their codes ("US", "UK"), not cities: "Beijing Olympics" is no "Olympics".
    places = {variant_key(e.name) for eid, e in c.entities.items() if c.types[eid] == "Place" and country_of(e.name)
              and (country_of(e.name) == e.name or e.name.isupper() and len(e.name) <= 3)}
    surnames = {variant_key(e.name.split()[-1]) for eid, e in c.entities.items()
                if c.types[eid] == "Person" and len(e.name.split()) > 1}
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for eid, ent in sorted(c.entities.items()):
        words = ent.name.split()
        if c.types[eid] != "Organization" or len(words) < 2:
            continue
        if words[-1].casefold() in kinds:
            found[variant_key(" ".join(words[:-1]))].append((eid, f"{words[-1]!r} is a kind word"))
        if (len(words) >= 3 and words[-2].casefold() in ("of", "the") and words[1].casefold() == "of"
                and words[-1].endswith("s")):
            found[variant_key(words[-1])].append((eid, "the name after 'of'"))
        if len(words) == 2 and variant_key(words[0]) in places and not is_place(words[1]):
            found[variant_key(words[1])].append((eid, f"{words[0]!r} is a country"))
    # "Lib Dems" for "Liberal Democrats": each word cut short, at three letters or more.
    # Indexed by word count and first three letters: this compares names of one block only.
    blocks: dict[tuple[int, str], list[tuple[str, list[str]]]] = defaultdict(list)
    for eid, ent in c.entities.items():
        words = _singular(variant_key(ent.name)).split()
        if c.types[eid] in ("Organization", "Group") and len(words) >= 2:
            blocks[(len(words), words[0][:3])].append((eid, words))
    for eid, ent in sorted(c.entities.items()):
        words = _singular(variant_key(ent.name)).split()
        if c.types[eid] == "Place" or len(words) < 2 or any(len(w) < 3 for w in words):
            continue
        longer = [f for f, long in blocks.get((len(words), words[0][:3]), ())
                  if f != eid and all(lw.startswith(w) and lw != w for w, lw in zip(words, long))]
        # Singular and plural ("Liberal Democrat", "Liberal Democrats") are one name; the
        # variants mechanism joins them.
        if len({_singular(variant_key(c.entities[f].name)) for f in longer}) == 1:
            best = max(longer, key=lambda f: (c.mentions(f), f))
            found[variant_key(ent.name)].append((best, "its words cut short"))
    for key, fulls in sorted(found.items()):
        short = by_key.get(key)
        if short is None or len({f for f, _ in fulls}) != 1 or short == fulls[0][0]:
            continue
        full, why = fulls[0]
        ent = c.entities[short]
        if c.types[short] == "Place" or is_place(ent.name) or country_of(ent.name) or ent.honorific \
                or key in surnames or not (c.together(short, full) or c.similarity(short, full) >= SHORT_CONTEXT):
            continue
        small, big = sorted((short, full), key=lambda e: (c.mentions(e), e))
        yield Proposal("merge", small, big, None, f"short form of {c.entities[full].name} ({why})", 0.9, True)
        if c.types[short] != "Organization":
            yield Proposal("type", big, None, "Organization", f"{c.entities[full].name} names an organisation",
                           0.9, True)


def _fuzzy(c: Corpus, cutoff: float = 90.0) -> Iterable[Proposal]:
    blocks: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for eid, ent in c.entities.items():
        key = variant_key(ent.name)
        if len(key) >= 6:
            blocks[(c.types[eid], key[0], len(key.split()))].append(eid)
    for (type_, _, _), members in sorted(blocks.items()):
        if len(members) < 2:
            continue
        members.sort()
        keys = [variant_key(c.entities[e].name) for e in members]
        scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=cutoff, workers=1)
        for i, j in zip(*scores.nonzero()):
            if i >= j or keys[i] == keys[j]:
                continue
            a, b = members[i], members[j]
            if type_ == "Person" and keys[i].split()[0] != keys[j].split()[0] and len(keys[i].split()) > 1:
                continue  # "Dan Brown" and "Ian Brown": another first name is another person
            small, big = sorted((a, b), key=lambda e: (c.mentions(e), e))
            if c.together(a, b):
                continue  # one article writes both: two entities
            sim = c.similarity(small, big)
            yield Proposal("merge", small, big, None, f"similar spelling ({float(scores[i, j]):.0f}%), "
                           f"context {sim:.2f}", float(scores[i, j]) / 100, sim >= 0.3 and type_ != "Person")


def _acronyms(c: Corpus) -> Iterable[Proposal]:
    by_name = {variant_key(e.name): eid for eid, e in sorted(c.entities.items())}
    taught: Counter[tuple[str, str]] = Counter()
    for text in c.texts:
        for phrase, acronym in _ACRONYM.findall(text):
            words = phrase.split()
            for start in range(len(words)):  # "said the International Monetary Fund (IMF)"
                full = " ".join(words[start:])
                if initials(full) == acronym.upper() and full.split()[0].casefold() not in SMALL_WORDS:
                    taught[(full, acronym)] += 1
                    break
    seen = set()
    for (full, acronym), n in sorted(taught.items()):
        f, a = by_name.get(variant_key(full)), by_name.get(variant_key(acronym))
        if f and a and f != a:
            seen.add(a)
            yield Proposal("merge", a, f, None, f"acronym taught in {n} document(s): {full} ({acronym})", 1.0, True)
    by_initials: dict[str, list[str]] = defaultdict(list)
    for eid, ent in c.entities.items():
        if len(ent.name.split()) >= 2 and c.types[eid] in ("Organization", "Group", "Event"):
            by_initials[initials(ent.name)].append(eid)
    for eid, ent in sorted(c.entities.items()):
        if eid in seen or not _is_acronym(ent.name) or c.types[eid] == "Place":
            continue
        candidates = [f for f in by_initials.get(ent.name.upper(), []) if c.together(eid, f)]
        if len(candidates) == 1:
            yield Proposal("merge", eid, candidates[0], None, "initials agree, co-mentioned", 0.8, True)
        elif candidates:
            for f in sorted(candidates):
                yield Proposal("merge", eid, f, None, "initials agree (several names)", 0.5, False)


def _strip_titles(c: Corpus, words: list[str]) -> list[str]:
    t = titles()
    vocab = t.honorifics | t.titles
    while len(words) > 1 and (words[0].casefold().rstrip(".") in vocab or c.common_word(words[0])):
        words = words[1:]
    return words


def _fused(c: Corpus) -> Iterable[Proposal]:
    by_name: dict[str, str] = {}
    for eid, ent in sorted(c.entities.items(), key=lambda kv: (-kv[1].mentions, kv[0])):
        by_name.setdefault(variant_key(ent.name), eid)
    for eid, ent in sorted(c.entities.items()):
        words = ent.name.split()
        if len(words) < 2 or not (c.types[eid] == "Person" or ent.honorific):
            continue  # "Air India" and "Central Bank" are names of their own
        stripped = _strip_titles(c, words)
        for cut in range(1, min(3, len(words))):
            tail = " ".join(words[cut:])
            target = by_name.get(variant_key(tail))
            if not target or target == eid:
                continue
            prefix = words[:cut]
            titled = all(w.casefold().rstrip(".") in titles().honorifics | titles().titles for w in prefix)
            if titled and len(words) - cut == 1:
                break  # "Mr Brown": a surname form, resolved by its context (see _surnames)
            if words[cut:] == stripped and not c.mid_sentence(ent.name):
                reason = f"{' '.join(prefix)!r} is a title or a common word"
            elif (len(words) - cut >= 2 and c.types[target] == "Person" and _full_name(tail)
                  and not any(first_name_gender(w) for w in prefix)):
                reason = f"{' '.join(prefix)!r} fused before a full name"
            else:
                continue
            if c.mentions(target) >= c.mentions(eid):
                yield Proposal("merge", eid, target, None, reason, 0.9, True)
            break


def _surnames(c: Corpus) -> Iterable[Proposal]:
    by_last: dict[str, list[str]] = defaultdict(list)
    for eid, ent in c.entities.items():
        words = ent.name.split()  # by spaces: "O'Gara" is one word
        if (c.types[eid] == "Person" and len(words) > 1 and len(_strip_titles(c, words)) > 1
                and _full_name(ent.name)):
            by_last[variant_key(words[-1])].append(eid)
    for eid, ent in sorted(c.entities.items()):
        words = _strip_titles(c, ent.name.split())
        if len(words) != 1:
            continue
        titled = len(ent.name.split()) > 1
        if titled and c.types[eid] != "Person" and not ent.honorific:
            continue  # "Financial Times" is no title form of a "Times"
        person = c.types[eid] == "Person" or ent.honorific
        if not person and (is_major_place(ent.name) or country_of(ent.name)):
            continue
        candidates = sorted(f for f in by_last.get(variant_key(words[0]), [])
                            if f != eid and (person or _first_name(c.entities[f].name))
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


def _full_name(name: str) -> bool:
    """Capitalised words only, not ending in a post-nominal: not "Wendy Ide of The Times",
    "Bill Cosby's TV" or "Philippe Sands QC"."""
    words = name.split()
    return (all(w[:1].isupper() and not w.endswith(("'s", "\u2019s")) for w in words)
            and not (len(words[-1]) > 1 and words[-1].isupper()))


def _first_name(name: str) -> bool:
    """Whether ``name`` starts with a known first name or an initial ("Manchester United" does not)."""
    first = name.split()[0].rstrip(".")
    return len(first) <= 2 and first.isupper() or first_name_gender(first) is not None


def _countries(c: Corpus) -> Iterable[Proposal]:
    by_name = {ent.name.casefold(): eid for eid, ent in c.entities.items() if c.types[eid] == "Place"}
    countries = country_names()
    for eid, ent in sorted(c.entities.items()):
        name = ent.name
        if c.types[eid] != "Place" or name.casefold() in countries:
            continue
        letters = name.replace(".", "")
        code = letters.isupper() and 2 <= len(letters) <= 3  # "USA", "U.K.": a country's code
        if not code and (is_major_place(name) or is_place(name) or len(name.split()) > 1 or c.common_word(name)):
            continue  # a capital, a city or a seat of power is a place of its own
        if len(c.entities[eid].docs) < 3 and len(name) < 3:
            continue
        country = country_of(name) or (country_of(letters) if code else None)
        if country and not code and country in (country_of(name + "s"), country_of(name[:-1])):
            continue  # a demonym ("Angolan", "Slovaks") is a people, not the country
        target = by_name.get((country or "").casefold())
        if target and target != eid:
            yield Proposal("merge", eid, target, None, f"another name of {country} (gazetteer)", 1.0, True)


def _cues() -> list[re.Pattern[str]]:
    # "oil firm Yukos", "search giant Google": an organisation noun written before the name.
    heads = "|".join(sorted(map(re.escape, coref().organisation_heads)))
    return [*_COMPANY_CUES, re.compile(rf"\b[a-z]+ (?:{heads}) ({_NAME})")]


def _types(c: Corpus) -> Iterable[Proposal]:
    by_name = {variant_key(ent.name): eid for eid, ent in sorted(c.entities.items())}
    hits: Counter[str] = Counter()
    cues = _cues()
    for text in c.texts:
        for cue in cues:
            for name in cue.findall(text):
                words = _strip_titles(c, name.split())
                eid = by_name.get(variant_key(" ".join(words)))
                if eid:
                    hits[eid] += 1
    for eid, n in sorted(hits.items()):
        # Cues are rare next to plain mentions ("Yukos said"): a tenth of them is enough.
        name = c.entities[eid].name
        if is_major_place(name) or country_of(name):
            continue  # "England" the team is still England the country
        if c.types[eid] in ("Person", "Place") and n >= 2 and n * 10 >= c.mentions(eid):
            yield Proposal("type", eid, None, "Organization", f"{n} company cues ('shares in X', 'X plc', 'oil firm X' ...)",
                           n / max(1, c.mentions(eid)), True)


#: Share of a person's mentions written "the X" (standing alone) that makes it no person.
DEFINITE_SHARE = 0.3


def _definite(c: Corpus) -> Iterable[Proposal]:
    """"the Lib Dems", "the Beatles": a person's name never takes the article; "the Bush
    administration" (a modifier before a noun) and "the late John Peel" do not count. A first
    name so written ("the Bill") is dropped instead."""
    people = {ent.name: eid for eid, ent in c.entities.items() if c.types[eid] == "Person" and not ent.honorific}
    the: Counter[str] = Counter()
    for text in c.texts:
        for m in _DEFINITE.finditer(text):
            after = _NEXT_WORD.match(text, m.end())
            if m.group(1) in people and not (after and content_word(c.usage, after.group(1))):
                the[m.group(1)] += 1
    total = {name: max(n, c.mentions(people[name])) for name, n in the.items()}
    for name, n in sorted(the.items()):
        eid = people[name]
        if n < 2 or n < DEFINITE_SHARE * total[name]:
            continue
        why = f"written 'the {name}' {n} times, {total[name]} mentions"
        if " " not in name and first_name_gender(name) and c.lower[name.casefold()] >= 2:
            # "the Bill": a first name that is also a common word ("a bill"), with the article, is
            # that common noun capitalised: no entity. "the Tate" is never written lower-case.
            yield Proposal("drop", eid, None, None, f"{why}: a first name never takes 'the'", n / total[name], True)
            continue
        votes = c.entities[eid].votes
        other = max((t for t in votes if t != "Person"), key=lambda t: (votes[t], t), default="Organization")
        yield Proposal("type", eid, None, other, f"{why}: no person", n / total[name], True)


def _acronym_types(c: Corpus) -> Iterable[Proposal]:
    """An acronym of three capitals or more ("ODPM", "BAA") names no person: people are named
    by words. It takes its best other type vote, else Organization."""
    for eid, ent in sorted(c.entities.items()):
        name = ent.name
        if c.types[eid] != "Person" or not is_acronym_term(name) or name.endswith("s") \
                or sum(ch.isupper() for ch in name) < 3:
            continue
        votes = ent.votes
        other = max((t for t in votes if t != "Person"), key=lambda t: (votes[t], t), default="Organization")
        yield Proposal("type", eid, None, other, "an acronym names no person", 0.8, True)


def _junk(c: Corpus) -> Iterable[Proposal]:
    for subject, reason, score in junk(c):
        yield Proposal("drop", subject, None, None, reason, score, True)


def propose(corpus: Corpus) -> list[Proposal]:
    """Every proposal, sure ones first, in a deterministic order."""
    found: list[Proposal] = []
    for mechanism in (_junk, _definite, _acronym_types, _variants, _short_forms, _acronyms, _fused, _countries, _surnames, _fuzzy,
                      _types):
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
