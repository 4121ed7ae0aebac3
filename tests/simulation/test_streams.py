"""Random streams: one reproducible, independent generator per (seed, replication, process, entity)."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from simulation.streams import NoiseBuffer, lognormal_factors, stream


def test_the_same_seed_and_names_give_the_same_draws():
    a = stream(7, 2, "route", "G-compactor_5t-01").standard_normal(50)
    b = stream(7, 2, "route", "G-compactor_5t-01").standard_normal(50)
    assert np.array_equal(a, b)


@pytest.mark.parametrize("other", [(8, 2, "route", "R1"), (7, 3, "route", "R1"), (7, 2, "waste", "R1"),
                                   (7, 2, "route", "R2")])
def test_changing_the_seed_replication_process_or_entity_gives_other_draws(other):
    base = stream(7, 2, "route", "R1").random(20)
    assert not np.array_equal(base, stream(*other).random(20))


def test_streams_of_two_entities_are_uncorrelated():
    a = stream(1, 0, "route", "R1").standard_normal(20_000)
    b = stream(1, 0, "route", "R2").standard_normal(20_000)
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.03


def test_a_stream_is_the_documented_seed_sequence_child_so_runs_repeat_on_any_machine():
    """MODEL.md: SeedSequence(seed, spawn_key=(replication, crc32(process), crc32(entity)))."""
    key = (4, zlib.crc32(b"incidents"), zlib.crc32(b""))
    expected = np.random.Generator(np.random.PCG64(np.random.SeedSequence(11, spawn_key=key))).random(5)
    assert np.array_equal(stream(11, 4, "incidents").random(5), expected)


@pytest.mark.parametrize(("seed", "replication", "word"), [(-1, 0, "seed"), (0, -1, "replication")])
def test_a_negative_seed_or_replication_is_refused_with_its_name(seed, replication, word):
    with pytest.raises(ValueError, match=word):
        stream(seed, replication, "waste")


def test_lognormal_factors_have_mean_one_and_the_asked_spread():
    x = lognormal_factors(stream(3, 0, "test"), 0.25, 200_000)
    assert (x > 0).all()
    assert x.mean() == pytest.approx(1.0, abs=0.005)
    assert x.std() / x.mean() == pytest.approx(0.25, abs=0.01)


def test_lognormal_factors_with_cv_zero_are_exactly_one():
    assert np.array_equal(lognormal_factors(stream(3, 0, "test"), 0.0, 10), np.ones(10))


def test_a_noise_buffer_gives_the_same_numbers_however_they_are_taken():
    """Taking 3, 5 and 9 across block refills gives the first 17 numbers a single take gives."""
    pieces = NoiseBuffer(stream(5, 0, "route", "R1"), 0.15, block=4)
    taken = pieces.take(3) + pieces.take(5) + pieces.take(9)
    whole = NoiseBuffer(stream(5, 0, "route", "R1"), 0.15, block=4).take(17)
    assert len(taken) == 17 and taken == whole
    assert len(set(taken)) == 17


def test_a_noise_buffer_without_spread_gives_ones_and_leaves_its_stream_alone():
    rng = stream(5, 0, "route", "R1")
    assert NoiseBuffer(rng, 0.0).take(4) == [1.0, 1.0, 1.0, 1.0]
    assert rng.random() == stream(5, 0, "route", "R1").random()
