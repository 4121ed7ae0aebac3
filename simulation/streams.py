"""Random streams: one independent generator per (replication, process, entity).

Each stream is a child of ``SeedSequence(seed)`` whose spawn key is derived from the replication
number, the process name and the entity id (CRC-32, stable across runs and machines). Removing a
truck therefore changes only that truck's stream: the waste, litter and incident streams of two
variants stay identical (common random numbers).
"""

from __future__ import annotations

import zlib

import numpy as np


def _key(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def stream(seed: int, replication: int, process: str, entity: str = "") -> np.random.Generator:
    """The generator of one random process (and entity) in one replication."""
    if seed < 0:
        raise ValueError(f"seed must be >= 0 (got {seed})")
    if replication < 0:
        raise ValueError(f"replication must be >= 0 (got {replication})")
    sequence = np.random.SeedSequence(seed, spawn_key=(replication, _key(process), _key(entity)))
    return np.random.Generator(np.random.PCG64(sequence))


def lognormal_factors(rng: np.random.Generator, cv: float | np.ndarray, size: int) -> np.ndarray:
    """Multipliers with mean 1 and coefficient of variation cv (cv = 0 gives exactly 1)."""
    sigma = np.sqrt(np.log1p(np.square(cv)))
    z = rng.standard_normal(size)
    return np.exp(sigma * z - 0.5 * sigma * sigma)


class NoiseBuffer:
    """Mean-1 lognormal multipliers drawn in blocks from one stream (one numpy call per block)."""

    def __init__(self, rng: np.random.Generator, cv: float, block: int = 512) -> None:
        self.rng = rng
        self.cv = cv
        self.block = block
        self._values: list[float] = []
        self._pos = 0

    def take(self, n: int) -> list[float]:
        if self.cv == 0:
            return [1.0] * n
        if self._pos + n > len(self._values):
            rest = self._values[self._pos:]
            self._values = rest + lognormal_factors(self.rng, self.cv, max(self.block, n)).tolist()
            self._pos = 0
        out = self._values[self._pos:self._pos + n]
        self._pos += n
        return out
