"""Reader for CARPLIB ``.dat`` instances (gdb, val, egl families; keywords in Spanish)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from optimizer.routing.carp import StreetEdge

_EDGE = re.compile(r"\(\s*(\d+)\s*,\s*(\d+)\s*\)(.*)")


@dataclass(frozen=True)
class CarpInstance:
    """Graph with 0-based nodes; ``depot`` is a node; every edge two-way."""

    name: str
    num_nodes: int
    vehicles: int
    capacity: int
    depot: int
    edges: tuple[StreetEdge, ...]


def _edge(match: re.Match[str], required: bool) -> StreetEdge:
    u, v, rest = int(match.group(1)) - 1, int(match.group(2)) - 1, match.group(3).split()
    fields = {rest[k].lower(): int(rest[k + 1]) for k in range(0, len(rest) - 1, 2)}
    return StreetEdge(u, v, fields["coste"], fields.get("demanda", 0), required=required and fields.get("demanda", 0) > 0)


def read_carplib(path: str | Path) -> CarpInstance:
    """Parse the header keywords and both edge lists (LISTA_ARISTAS_REQ, LISTA_ARISTAS_NOREQ)."""
    header: dict[str, str] = {}
    edges: list[StreetEdge] = []
    required = True
    for raw in Path(path).read_text().splitlines():
        line = raw.strip()
        if not line:
            continue
        match = _EDGE.match(line)
        if match:
            edges.append(_edge(match, required))
            continue
        key, _, value = line.partition(":")
        key = key.strip().upper()
        if key == "LISTA_ARISTAS_REQ":
            required = True
        elif key == "LISTA_ARISTAS_NOREQ":
            required = False
        else:
            header[key] = value.strip()
    return CarpInstance(
        name=header.get("NOMBRE", Path(path).stem),
        num_nodes=int(header["VERTICES"]),
        vehicles=int(header.get("VEHICULOS", "0")),
        capacity=int(header["CAPACIDAD"]),
        depot=int(header.get("DEPOSITO", "1")) - 1,
        edges=tuple(edges),
    )
