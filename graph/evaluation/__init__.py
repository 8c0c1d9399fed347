"""Evaluation: entities against CoNLL-2003, interactions against the hand-annotated gold set,
and the precision/recall/F1 counts they share."""
