"""Node positions computed in Python, so large pages open without running physics."""

from __future__ import annotations

import math

import numpy as np

from graph.model import Graph

__all__ = ["force_layout", "positions", "spread_boxes", "SPACING"]

#: Distance, in page pixels, that the layout aims for between linked entities.
SPACING = 130.0
GRID = 64  # cells per side of the far-field repulsion's grid
GRAVITY = 1.0  # linear pull to the centre: the layout fills a disc of radius ~sqrt(n)
#: Up to this many nodes, repulsion is summed over all pairs: no grid, no k-d tree, no scipy
#: (whose import alone costs about a second), and exact.
EXACT_BELOW = 400


def _convolve_same(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """``scipy.signal.fftconvolve(image, kernel, mode="same")`` with numpy's FFT, which
    spares importing scipy.signal (about a second) for one call."""
    shape = [a + b - 1 for a, b in zip(image.shape, kernel.shape)]
    full = np.fft.irfft2(np.fft.rfft2(image, shape) * np.fft.rfft2(kernel, shape), shape)
    start = [(k - 1) // 2 for k in kernel.shape]
    return full[start[0]:start[0] + image.shape[0], start[1]:start[1] + image.shape[1]]


def _exact_repulsion(pos: np.ndarray) -> np.ndarray:
    """Repulsion k^2 / d between every pair (k = 1), for small layouts."""
    delta = pos[:, None, :] - pos[None, :, :]
    dist2 = np.maximum((delta ** 2).sum(axis=2), 1e-4)
    return (delta / dist2[:, :, None]).sum(axis=1)


def _far_repulsion(pos: np.ndarray, grid: int) -> tuple[np.ndarray, float]:
    """Repulsion from every node (k^2 / d, k = 1), computed particle-mesh style: node counts
    on a grid convolved with the force kernel by FFT. Nodes sharing a cell do not push
    each other here; returns the forces and the cell size, the reach of exact repulsion."""
    low = pos.min(axis=0)
    cell = max(float((pos.max(axis=0) - low).max()) / grid, 1e-6) * 1.0001
    idx = np.minimum(((pos - low) / cell).astype(np.int64), grid - 1)
    mass = np.zeros((grid, grid))
    np.add.at(mass, (idx[:, 0], idx[:, 1]), 1.0)
    offsets = np.arange(-grid + 1, grid) * cell
    kx, ky = np.meshgrid(offsets, offsets, indexing="ij")
    r2 = kx ** 2 + ky ** 2 + cell ** 2  # softened: the centroid of a cell is not known
    fx = _convolve_same(mass, kx / r2)
    fy = _convolve_same(mass, ky / r2)
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
    rng = np.random.default_rng(seed)
    side = math.sqrt(max(count, 1))
    pos = rng.uniform(-side / 2, side / 2, size=(count, 2))
    if count < 2:
        return pos
    pairs = np.array(links, dtype=np.int64).reshape(-1, 2)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    temperature, cooling = side / 4, 0.02 ** (1 / iterations)
    grid = min(GRID, max(4, int(side)))
    exact = count < EXACT_BELOW
    if not exact:
        from scipy.spatial import cKDTree
    for _ in range(iterations):
        if exact:
            disp, near = _exact_repulsion(pos), ()
        else:
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


def spread_boxes(pos: np.ndarray, sizes: np.ndarray, *, iterations: int = 200) -> np.ndarray:
    """Move boxes centred on ``pos`` (``sizes``: width and height of each) apart until few
    overlap: each step pushes every overlapping pair apart along the axis of least overlap,
    half each. All pairs are compared, so this is for the few hundred boxes of an overview.

    >>> out = spread_boxes(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([[10.0, 4.0], [10.0, 4.0]]))
    >>> bool(abs(out[0, 0] - out[1, 0]) >= 10 or abs(out[0, 1] - out[1, 1]) >= 4)
    True
    """
    pos = pos.astype(float).copy()
    n = len(pos)
    if n < 2:
        return pos
    half = sizes / 2.0
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        overlap = (half[:, None, :] + half[None, :, :]) * 1.02 - np.abs(delta)
        hit = (overlap > 0).all(axis=2) & upper
        if not hit.any():
            break
        i, j = np.nonzero(hit)
        ox, oy = overlap[i, j, 0], overlap[i, j, 1]
        along_x = ox < oy
        sign = np.where(delta[i, j] >= 0, 1.0, -1.0)
        sign[delta[i, j] == 0] = 1.0
        move = np.zeros((len(i), 2))
        move[along_x, 0] = ox[along_x] / 2 * sign[along_x, 0]
        move[~along_x, 1] = oy[~along_x] / 2 * sign[~along_x, 1]
        np.add.at(pos, i, move)
        np.add.at(pos, j, -move)
    return pos


def positions(graph: Graph, *, spacing: float = SPACING, only: list[str] | None = None,
              boxes: dict[str, tuple[float, float]] | None = None) -> dict[str, tuple[float, float]]:
    """Page coordinates (pixels) of the nodes of ``graph``, from :func:`force_layout`.

    Args:
        graph: the graph.
        spacing: pixels per unit of the layout.
        only: lay out these nodes (and the edges among them) only, as a page's overview.
        boxes: width and height (pixels) that each node and its label take; overlapping
            boxes are then moved apart with :func:`spread_boxes`.
    """
    ids = only if only is not None else [n.id for n in graph.nodes]
    index = {node_id: i for i, node_id in enumerate(ids)}
    links = sorted({(index[e.source], index[e.target]) for e in graph.edges
                    if e.source in index and e.target in index})
    xy = force_layout(len(index), links) * spacing
    if boxes:
        xy = spread_boxes(xy, np.array([boxes.get(node_id, (0.0, 0.0)) for node_id in ids]))
    return {node_id: (round(float(xy[i, 0]), 1), round(float(xy[i, 1]), 1))
            for node_id, i in index.items()}
