"""Gazetteers: which names are places, and which country a nationality, capital or seat of
power stands for. Shared by the pipeline (entity typing) and the store (node typing)."""

from __future__ import annotations

from graph.gazetteer.countries import country_of
from graph.gazetteer.places import is_major_place, is_place

__all__ = ["country_of", "is_major_place", "is_place"]
