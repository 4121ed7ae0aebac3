"""Benchmark readers parse each family and reproduce the published cost of shipped solutions."""

from __future__ import annotations

from pathlib import Path

from benchmarks.readers.carplib import read_carplib
from benchmarks.readers.cvrplib import read_cvrplib
from benchmarks.readers.solomon import read_solomon
from benchmarks.readers.solutions import read_route_solution
from benchmarks.routing import prepare_carp, prepare_cvrp, prepare_vrptw
from optimizer.routing.solution import Route, RoutingSolution
from optimizer.routing.validate import validate

DATA = Path(__file__).resolve().parents[1] / "data" / "routing"


def _as_plan(path: Path) -> RoutingSolution:
    """A .sol file's routes (customer i is location i) as a plan for the validator."""
    sol = read_route_solution(path)
    return RoutingSolution(tuple(Route.of_clients(0, r) for r in sol.routes), None, "feasible", "published")


def test_cvrplib_instance_is_parsed():
    """A-n32-k5: depot first, 31 customers, capacity 100, nint Euclidean distances."""
    inst = read_cvrplib(DATA / "cvrp" / "A-n32-k5.vrp")
    assert (inst.name, inst.capacity, len(inst.demands), int(inst.demands[0])) == ("A-n32-k5", 100, 32, 0)
    assert inst.distances()[0, 1] == 35  # (82,76)-(96,44): sqrt(1220)=34.93 -> 35


def test_cvrplib_solution_reproduces_784():
    """The shipped optimal A-n32-k5 routes cost 784 and are feasible by the validator."""
    prepared = prepare_cvrp(DATA / "cvrp" / "A-n32-k5.vrp")
    plan = _as_plan(DATA / "cvrp" / "A-n32-k5.sol")
    report = validate(prepared.problem, plan)
    assert report.feasible, report.violations
    assert report.cost == 784 == read_route_solution(DATA / "cvrp" / "A-n32-k5.sol").stated_cost


def test_solomon_instance_is_parsed():
    """C101: 100 customers, 25 vehicles of capacity 200, depot horizon 1236."""
    inst = read_solomon(DATA / "vrptw" / "solomon" / "C101.txt")
    assert (inst.name, inst.vehicles, inst.capacity, len(inst.demands)) == ("C101", 25, 200, 101)
    assert (inst.due[0], inst.service[1]) == (1236, 90)


def test_solomon_solution_reproduces_827_3_with_truncated_distances():
    """The published C101 routes are time-window feasible and cost 827.3 with one-decimal truncation."""
    prepared = prepare_vrptw(DATA / "vrptw" / "solomon" / "C101.txt")
    cost, feasible = prepared.evaluate(_as_plan(DATA / "vrptw" / "solomon" / "C101.sol"))
    assert feasible
    assert cost == 827.3


def test_carplib_instance_is_parsed():
    """gdb1: 12 nodes, 22 required edges, 5 vehicles of capacity 5, depot node 1 (0 here)."""
    inst = read_carplib(DATA / "carp" / "gdb1.dat")
    assert (inst.num_nodes, inst.vehicles, inst.capacity, inst.depot) == (12, 5, 5, 0)
    assert sum(e.required for e in inst.edges) == 22
    assert sum(e.cost for e in inst.edges) == 252  # COSTE_TOTAL_REQ
    assert (inst.edges[0].u, inst.edges[0].v, inst.edges[0].cost) == (0, 1, 13)


def test_carp_problem_has_a_direction_choice_per_edge():
    """Every gdb edge is two-way, so each becomes a required group of two directions."""
    prepared = prepare_carp(DATA / "carp" / "gdb1.dat")
    assert len(prepared.problem.groups) == 22 and len(prepared.problem.clients) == 44
