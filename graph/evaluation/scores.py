"""Precision, recall and F1 counts shared by the evaluations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["PRF", "prf_row", "PRF_COLUMNS"]

PRF_COLUMNS = ("P", "R", "F1", "tp", "fp", "fn")


@dataclass(frozen=True)
class PRF:
    """Counts of true positives, false positives and false negatives.

    >>> s = PRF(tp=3, fp=1, fn=3)
    >>> (s.precision, s.recall, round(s.f1, 3))
    (0.75, 0.5, 0.6)
    >>> PRF().f1
    0.0
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @classmethod
    def of(cls, gold: set[Any], predicted: set[Any]) -> PRF:
        tp = len(gold & predicted)
        return cls(tp, len(predicted) - tp, len(gold) - tp)


def prf_row(name: str, s: PRF) -> list[str]:
    """A table row: the name, then P, R, F1 to three decimals and the counts."""
    return [name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn)]
