"""Corpus-level entity resolution: after ingest, over the whole store, propose the merges and
types that one document alone cannot see, and store the sure ones as automatic rules.

Every automatic rule is an ordinary curation rule (see :mod:`graph.store.rules`) whose note
starts with :data:`AUTO`, so ``newsgraph rules`` lists it and ``unmerge`` or ``rules --undo``
undoes it; a rule the user undid is never added again. The run is deterministic: the same
store gives the same rules.

Mechanisms (each a :class:`Proposal` with its evidence):

* spelling variants: names equal up to case, accents, hyphens, dots, a possessive, a middle
  initial or a plural ending; and near-identical spellings (rapidfuzz), guarded by type, by
  the two never appearing in one document, and by shared context; a person's short first
  name ("Chris Leslie") and a surname one letter off in a document that spells it right;
* acronyms: "International Monetary Fund (IMF)" in any document teaches the pair; otherwise
  an acronym whose letters are the initials (a word in capitals kept whole: "UKIP") of exactly
  one co-mentioned name, or of the store's one such name when their contexts agree;
* fused words: "Exchequer Gordon Brown", "Said Wales", "MP Boris Johnson", "ofNew Labour": a
  stored name plus leading words that are titles (shipped, or acronyms the corpus writes
  before people's names), common lower-case words, no first name, or a small word glued on;
* surnames and titles ("Blair", "President Bush"): the one full-name person with that last
  name, or, among several, the one whose context (co-mentioned entities) clearly wins;
* a country's other names from the gazetteer ("Holland", "America"), a party's from the
  shipped party names ("Tories", "New Labour");
* types from context cues across documents ("shares in X", "X plc", "X's chief executive",
  "X manager"), never for a person's full name; a name written after an honorific ("Ms
  Abbott") is a person;
  and no person is written "the X" standing alone ("the Lib Dems said", "the Beatles."): such
  a "Person" takes its best other type vote, else Organization;
* an acronym of three capitals or more is no person ("ODPM");
* short forms of organisations: "Multiplex" for "Multiplex Group", "Commons" for "House of
  Commons", "Congress" for "US Congress" (among several full names, the one of its context),
  "Lib Dems" for "Liberal Democrats"; of places: "Belmarsh" for "Belmarsh Prison";
* junk: stored names that are no entity at all, dropped (see :mod:`graph.store.junk`).

Modules: :mod:`.corpus` (what the mechanisms read), :mod:`.names` (spellings, short forms,
acronyms, countries), :mod:`.people` (fused words, surnames), :mod:`.retype` (types from
context) and :mod:`.resolve` (running them, storing the rules).
"""

from __future__ import annotations

from graph.store.junk import initials
from graph.store.resolution.corpus import Corpus, Proposal, variant_key
from graph.store.resolution.resolve import AUTO, duplicates, propose, resolve_store

__all__ = ["AUTO", "Corpus", "Proposal", "duplicates", "initials", "propose", "resolve_store", "variant_key"]
