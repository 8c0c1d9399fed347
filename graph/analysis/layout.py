"""Node positions computed in Python, so large pages open without running physics."""

from __future__ import annotations

import math

import numpy as np

from graph.model import Graph

__all__ = ["force_layout", "positions", "SPACING"]

#: Distance, in page pixels, that the layout aims for between linked entities.
SPACING = 130.0
GRID = 64  # cells per side of the far-field repulsion's grid
GRAVITY = 1.0  # linear pull to the centre: the layout fills a disc of radius ~sqrt(n)


def _far_repulsion(pos: np.ndarray, grid: int) -> tuple[np.ndarray, float]:
    """Repulsion from every node (k^2 / d, k = 1), computed particle-mesh style: node counts
    on a grid convolved with the force kernel by FFT. Nodes sharing a cell do not push
    each other here; returns the forces and the cell size, the reach of exact repulsion."""
    from scipy.signal import fftconvolve

    low = pos.min(axis=0)
    cell = max(float((pos.max(axis=0) - low).max()) / grid, 1e-6) * 1.0001
    idx = np.minimum(((pos - low) / cell).astype(np.int64), grid - 1)
    mass = np.zeros((grid, grid))
    np.add.at(mass, (idx[:, 0], idx[:, 1]), 1.0)
    offsets = np.arange(-grid + 1, grid) * cell
    kx, ky = np.meshgrid(offsets, offsets, indexing="ij")
    r2 = kx ** 2 + ky ** 2 + cell ** 2  # softened: the centroid of a cell is not known
    fx = fftconvolve(mass, kx / r2, mode="same")
    fy = fftconvolve(mass, ky / r2, mode="same")
    return np.stack([fx[idx[:, 0], idx[:, 1]], fy[idx[:, 0], idx[:, 1]]], axis=1), cell


def force_layout(count: int, links: list[tuple[int, int]], *, iterations: int = 120,
                 seed: int = 42) -> np.ndarray:
    """Fruchterman-Reingold positions with grid-limited repulsion, for ``count`` nodes.

    Repulsion acts only between nodes closer than twice the ideal distance (found with a
    k-d tree), as in Fruchterman and Reingold's grid variant, so an iteration costs
    about O(n log n) instead of networkx's O(n^2): 5,000 nodes take about a second. A weak
    gravity keeps separate components and isolated nodes around the centre.

    Args:
        count: number of nodes, indexed ``0 .. count - 1``.
        links: pairs of node indexes that attract each other.
        iterations: cooling steps.
        seed: seed of the initial random positions, so layouts repeat.

    Returns:
        A ``(count, 2)`` array of positions; linked nodes end about 1 apart.

    Examples:
        >>> xy = force_layout(3, [(0, 1), (1, 2)])
        >>> xy.shape, bool(np.linalg.norm(xy[0] - xy[1]) < 2.0)
        ((3, 2), True)
    """
    from scipy.spatial import cKDTree

    rng = np.random.default_rng(seed)
    side = math.sqrt(max(count, 1))
    pos = rng.uniform(-side / 2, side / 2, size=(count, 2))
    if count < 2:
        return pos
    pairs = np.array(links, dtype=np.int64).reshape(-1, 2)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    temperature, cooling = side / 4, 0.02 ** (1 / iterations)
    grid = min(GRID, max(4, int(side)))
    for _ in range(iterations):
        disp, cell = _far_repulsion(pos, grid)
        near = cKDTree(pos).query_pairs(max(cell, 1.0), output_type="ndarray")
        if len(near):
            delta = pos[near[:, 0]] - pos[near[:, 1]]
            dist2 = np.maximum((delta ** 2).sum(axis=1), 1e-4)
            push = delta / dist2[:, None]  # k^2 / d along the unit vector, k = 1
            np.add.at(disp, near[:, 0], push)
            np.add.at(disp, near[:, 1], -push)
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.sqrt(np.maximum((delta ** 2).sum(axis=1), 1e-4))
            pull = delta * dist[:, None]  # d^2 / k along the unit vector
            np.add.at(disp, pairs[:, 0], -pull)
            np.add.at(disp, pairs[:, 1], pull)
        disp -= GRAVITY * pos
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= cooling
    return pos - pos.mean(axis=0)


def positions(graph: Graph, *, spacing: float = SPACING) -> dict[str, tuple[float, float]]:
    """Page coordinates (pixels) of every node of ``graph``, from :func:`force_layout`."""
    index = {n.id: i for i, n in enumerate(graph.nodes)}
    links = sorted({(index[e.source], index[e.target]) for e in graph.edges
                    if e.source in index and e.target in index})
    xy = force_layout(len(index), links)
    return {node_id: (round(float(xy[i, 0]) * spacing, 1), round(float(xy[i, 1]) * spacing, 1))
            for node_id, i in index.items()}
