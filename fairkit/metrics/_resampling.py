"""Bootstrap resampling: of count tables (multinomial draws) or of rows (in blocks).

Resampling ``n_g`` rows with replacement from group ``g`` gives that group's count table a
multinomial distribution over its four cells (label x prediction) with the observed cell
proportions, so drawing the tables directly is the row bootstrap in distribution, at a cost
independent of the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

# Row resampling materialises a few (block, n) arrays at a time; this bounds their elements.
_BLOCK_ELEMENTS = 1 << 22


def default_block_size(n: int, n_boot: int) -> int:
    return int(max(1, min(n_boot, _BLOCK_ELEMENTS // max(n, 1))))


def multinomial_tables(rng, table: np.ndarray, n_boot: int, stratify: bool) -> np.ndarray:
    """``(n_boot, G, 2, 2)`` resampled count tables of an unweighted ``(G, 2, 2)`` table.

    ``stratify=True`` keeps every group's size; otherwise the ``n`` rows are drawn from all
    cells at once and group sizes vary (a group may be absent from a replicate).
    """
    flat = np.asarray(table, dtype=np.int64).reshape(len(table), 4)
    if stratify:
        sizes = flat.sum(axis=1)
        p = flat / np.maximum(sizes, 1)[:, None]
        draws = rng.multinomial(sizes, p, size=(n_boot, len(flat)))
    else:
        total = int(flat.sum())
        draws = rng.multinomial(total, flat.ravel() / total, size=n_boot)
    return draws.reshape(n_boot, len(flat), 2, 2).astype(float)


class RowSampler:
    """Row indices of bootstrap replicates, ``block`` replicates at a time.

    Each replicate uses ``n`` uniforms drawn in order from one generator, so the replicates
    are the same whatever the block size.
    """

    def __init__(self, rng, codes: np.ndarray | None, n: int):
        self.rng, self.n = rng, n
        self.order = None
        if codes is not None:
            self.order = np.argsort(codes, kind="stable")
            sizes = np.bincount(codes)
            self.starts = np.repeat(np.cumsum(sizes) - sizes, sizes)  # per sorted position
            self.lengths = np.repeat(sizes, sizes)

    def blocks(self, n_boot: int, block: int) -> Iterator[np.ndarray]:
        done = 0
        while done < n_boot:
            b = min(block, n_boot - done)
            u = self.rng.random((b, self.n))
            if self.order is None:
                u *= self.n
                yield u.astype(np.intp)
            else:
                u *= self.lengths
                offsets = u.astype(np.intp)
                offsets += self.starts
                yield self.order[offsets]
            done += b


def cells(codes: np.ndarray, yt: np.ndarray, yp: np.ndarray) -> np.ndarray:
    """Each row's cell ``4 * group + 2 * y_true + y_pred`` in the flattened count table."""
    cell = np.asarray(codes, dtype=np.intp) * 4
    cell += 2 * np.asarray(yt, dtype=np.intp)
    cell += yp
    return cell


def tables_of_rows(rows: np.ndarray, cell: np.ndarray, w, n_groups: int) -> np.ndarray:
    """``(b, G, 2, 2)`` (weighted) count tables of ``b`` replicates given as row indices."""
    b = len(rows)
    key = cell[rows]
    key += (4 * n_groups) * np.arange(b, dtype=np.intp)[:, None]
    weights = None if w is None else w[rows].ravel()
    flat = np.bincount(key.ravel(), weights=weights, minlength=4 * n_groups * b)
    return flat.reshape(b, n_groups, 2, 2).astype(float)


def cell_jackknife(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Leave-one-row-out tables of an unweighted table, one per non-empty cell, with the
    number of rows each stands for (rows of one cell give the same table when left out)."""
    flat = np.asarray(table, dtype=float).reshape(-1)
    nonzero = np.flatnonzero(flat)
    out = np.repeat(flat[None], len(nonzero), axis=0)
    out[np.arange(len(nonzero)), nonzero] -= 1
    return out.reshape(len(nonzero), *np.shape(table)), flat[nonzero]


def jackknife_blocks(n: int, m: int = 100) -> np.ndarray:
    """Block of each row for a delete-a-block jackknife (``min(n, m)`` interleaved blocks)."""
    return np.arange(n) % min(n, m)
