"""The process map: a directly-follows graph laid out in layers and drawn as SVG.

The layout is computed here, in plain Python, so rendering needs no Graphviz binary.
A depth-first search from the start node, following the most frequent edges first,
marks the edges that close a cycle as back edges. The remaining edges form an
acyclic graph, and the longest path to each activity gives its layer (its row, top
to bottom). A few barycenter sweeps then order the activities inside a layer to cut
edge crossings. Forward edges run downwards, and back edges run up the right side.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

NODE_WIDTH = 232
NODE_HEIGHT = 42
PSEUDO_NODE_WIDTH = 90
LAYER_GAP = 62
NODE_GAP = 46
MARGIN = 24
# Room left of the nodes for self-loops, and left of the lanes for edge labels.
LOOP_MARGIN = 56
SIDE_LABEL_WIDTH = 104
BACK_EDGE_LANE = 26
# Horizontal distance between the lanes of edges that run beside the nodes.
LANE_WIDTH = 24
BARYCENTER_SWEEPS = 4
LABEL_MAX_CHARS = 30


@dataclass(frozen=True)
class Edge:
    """A directly-follows transition of mart_transitions."""

    source: str
    target: str
    transition_count: int
    case_count: int
    median_hours: float | None
    is_pseudo: bool
    is_self_loop: bool


@dataclass(frozen=True)
class NodePlacement:
    """Position of an activity: its layer (row), its order in the row and its centre."""

    layer: int
    order: int
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class ProcessMap:
    """A drawn map: the SVG and what it shows."""

    map_id: str
    svg: str
    shown_edges: list[Edge]
    slow_edges: list[Edge]
    total_edge_count: int


def format_duration(hours: float | None) -> str:
    """Format a duration in hours as minutes, hours or days for edge labels."""
    if hours is None:
        return "n/a"
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} d"


def select_edges(edges: list[Edge], limit: int | None) -> list[Edge]:
    """Keep the limit most frequent edges (all when limit is None)."""
    ordered = sorted(
        edges, key=lambda edge: (-edge.transition_count, edge.source, edge.target)
    )
    return ordered if limit is None else ordered[:limit]


def select_slow_edges(edges: list[Edge], min_cases: int, count: int) -> list[Edge]:
    """Return the count edges with the longest median among those with min_cases."""
    candidates = [
        edge
        for edge in edges
        if not edge.is_pseudo
        and edge.median_hours is not None
        and edge.case_count >= min_cases
    ]
    candidates.sort(key=lambda edge: (-edge.median_hours, edge.source, edge.target))
    return candidates[:count]


def find_back_edges(
    nodes: list[str], edges: list[Edge], start_nodes: list[str]
) -> set[tuple[str, str]]:
    """Return the edges that close a cycle in a depth-first search from the starts."""
    successors: dict[str, list[str]] = {node: [] for node in nodes}
    for edge in sorted(edges, key=lambda item: -item.transition_count):
        if not edge.is_self_loop:
            successors[edge.source].append(edge.target)
    state: dict[str, str] = {}
    back_edges: set[tuple[str, str]] = set()
    roots = start_nodes + [node for node in nodes if node not in start_nodes]
    for root in roots:
        if root in state:
            continue
        # Iterative depth-first search: the stack contains (node, next successor index).
        stack = [(root, 0)]
        state[root] = "open"
        while stack:
            node, index = stack[-1]
            if index < len(successors[node]):
                stack[-1] = (node, index + 1)
                target = successors[node][index]
                if state.get(target) == "open":
                    back_edges.add((node, target))
                elif target not in state:
                    state[target] = "open"
                    stack.append((target, 0))
            else:
                state[node] = "done"
                stack.pop()
    return back_edges


def assign_layers(
    nodes: list[str], forward: list[tuple[str, str]], end_nodes: list[str]
) -> dict[str, int]:
    """Give each node the length of the longest forward path that reaches it."""
    layer = {node: 0 for node in nodes}
    # Forward edges are acyclic, so len(nodes) relaxation rounds reach the fixpoint.
    for _ in range(len(nodes)):
        changed = False
        for source, target in forward:
            if layer[target] < layer[source] + 1:
                layer[target] = layer[source] + 1
                changed = True
        if not changed:
            break
    bottom = max(layer.values(), default=0)
    for node in end_nodes:
        layer[node] = max(bottom, layer[node])
    return layer


def order_layers(
    layer: dict[str, int], forward: list[tuple[str, str]], first_seen: list[str]
) -> list[list[str]]:
    """Order the nodes of each layer by the barycenter of their neighbours."""
    layer_count = max(layer.values(), default=0) + 1
    rows: list[list[str]] = [[] for _ in range(layer_count)]
    for node in first_seen:
        rows[layer[node]].append(node)
    neighbours: dict[str, list[str]] = {node: [] for node in layer}
    for source, target in forward:
        neighbours[source].append(target)
        neighbours[target].append(source)

    def relative_position(node: str) -> float:
        row = rows[layer[node]]
        return (row.index(node) + 0.5) / len(row)

    for sweep in range(BARYCENTER_SWEEPS):
        layer_order = (
            range(1, layer_count) if sweep % 2 == 0 else range(layer_count - 2, -1, -1)
        )
        for index in layer_order:
            current = {node: relative_position(node) for node in rows[index]}
            barycenter = {}
            for node in rows[index]:
                positions = [relative_position(other) for other in neighbours[node]]
                barycenter[node] = (
                    sum(positions) / len(positions) if positions else current[node]
                )
            rows[index].sort(key=lambda node: (barycenter[node], current[node]))
    return rows


def place_nodes(
    rows: list[list[str]], pseudo_nodes: set[str], left: float
) -> dict[str, NodePlacement]:
    """Centre each layer horizontally and return every node's placement."""

    def width_of(node: str) -> float:
        return PSEUDO_NODE_WIDTH if node in pseudo_nodes else NODE_WIDTH

    row_widths = [
        sum(width_of(node) for node in row) + NODE_GAP * max(len(row) - 1, 0)
        for row in rows
    ]
    full_width = max(row_widths, default=NODE_WIDTH)
    placements: dict[str, NodePlacement] = {}
    for layer_index, row in enumerate(rows):
        x = left + (full_width - row_widths[layer_index]) / 2
        y = MARGIN + layer_index * (NODE_HEIGHT + LAYER_GAP) + NODE_HEIGHT / 2
        for order, node in enumerate(row):
            width = width_of(node)
            placements[node] = NodePlacement(
                layer_index, order, x + width / 2, y, width
            )
            x += width + NODE_GAP
    return placements


def shorten(text: str, limit: int = LABEL_MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cubic_midpoint(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Return the point at t = 0.5 of a cubic Bézier curve."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    return (x0 + 3 * x1 + 3 * x2 + x3) / 8, (y0 + 3 * y1 + 3 * y2 + y3) / 8


def draw_process_map(
    map_id: str,
    edges: list[Edge],
    activity_cases: dict[str, int],
    limit: int | None,
    slow_min_cases: int,
    slow_count: int,
) -> ProcessMap:
    """Lay out and draw the limit most frequent edges with their activities."""
    shown = select_edges(edges, limit)
    slow = select_slow_edges(shown, slow_min_cases, slow_count)
    slow_keys = {(edge.source, edge.target) for edge in slow}

    first_seen: list[str] = []
    for edge in shown:
        for node in (edge.source, edge.target):
            if node not in first_seen:
                first_seen.append(node)
    start_nodes = [e.source for e in shown if e.is_pseudo and e.target != e.source]
    start_nodes = [
        node
        for node in dict.fromkeys(start_nodes)
        if node not in {e.target for e in shown}
    ]
    end_nodes = [
        node
        for node in dict.fromkeys(e.target for e in shown if e.is_pseudo)
        if node not in {e.source for e in shown}
    ]
    pseudo_nodes = set(start_nodes) | set(end_nodes)

    back_edges = find_back_edges(first_seen, shown, start_nodes)
    forward = [
        (edge.source, edge.target)
        for edge in shown
        if not edge.is_self_loop and (edge.source, edge.target) not in back_edges
    ]
    layer = assign_layers(first_seen, forward, end_nodes)
    rows = order_layers(layer, forward, first_seen)
    # Forward edges that skip a layer run down a lane left of the nodes, so they do
    # not pass through the activities between their ends.
    skipping = {
        (source, target)
        for source, target in forward
        if layer[target] - layer[source] > 1
    }
    placements = place_nodes(
        rows,
        pseudo_nodes,
        MARGIN + SIDE_LABEL_WIDTH + LANE_WIDTH * len(skipping) + LOOP_MARGIN,
    )
    left_edge = min(
        (place.x - place.width / 2 for place in placements.values()), default=0
    )

    max_count = max((edge.transition_count for edge in shown), default=1)
    right_edge = max(
        (place.x + place.width / 2 for place in placements.values()), default=0
    )
    lane_count = len(back_edges)
    width = right_edge + BACK_EDGE_LANE * (lane_count + 1) + SIDE_LABEL_WIDTH + MARGIN
    height = MARGIN * 2 + len(rows) * (NODE_HEIGHT + LAYER_GAP) - LAYER_GAP

    parts: list[str] = [
        f'<svg class="process-map" id="{map_id}" role="img" '
        f'aria-label="Process map, {len(shown)} edges" '
        f'width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" '
        'xmlns="http://www.w3.org/2000/svg">',
        "<defs>",
        f'<marker id="{map_id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" '
        'orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#6b7785"/></marker>',
        f'<marker id="{map_id}-arrow-slow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" '
        'orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#c0392b"/></marker>',
        "</defs>",
    ]
    edge_parts: list[str] = []
    label_parts: list[str] = []
    back_lane = 0
    skip_lane = 0
    for edge in sorted(shown, key=lambda item: item.transition_count):
        source = placements[edge.source]
        target = placements[edge.target]
        is_slow = (edge.source, edge.target) in slow_keys
        stroke = "#c0392b" if is_slow else "#8a96a3"
        stroke_width = 1 + 5 * math.sqrt(edge.transition_count / max_count)
        marker = f"{map_id}-arrow-slow" if is_slow else f"{map_id}-arrow"
        if edge.is_self_loop:
            x = source.x - source.width / 2
            points = [
                (x, source.y - 8),
                (x - 40, source.y - 30),
                (x - 40, source.y + 30),
                (x, source.y + 8),
            ]
            label_at = (x - 4, source.y - NODE_HEIGHT / 2 - 4)
            anchor = "end"
        elif (edge.source, edge.target) in back_edges:
            back_lane += 1
            lane_x = right_edge + BACK_EDGE_LANE * back_lane
            points = [
                (source.x + source.width / 2, source.y),
                (lane_x, source.y),
                (lane_x, target.y),
                (target.x + target.width / 2, target.y),
            ]
            label_at = (lane_x + 4, (source.y + target.y) / 2)
            anchor = "start"
        elif (edge.source, edge.target) in skipping:
            skip_lane += 1
            lane_x = left_edge - LOOP_MARGIN - LANE_WIDTH * (skip_lane - 1)
            points = [
                (source.x - source.width / 2, source.y),
                (lane_x, source.y),
                (lane_x, target.y),
                (target.x - target.width / 2, target.y),
            ]
            label_at = (lane_x - 4, (source.y + target.y) / 2)
            anchor = "end"
        else:
            start = (source.x, source.y + NODE_HEIGHT / 2)
            end = (target.x, target.y - NODE_HEIGHT / 2)
            bend = (end[1] - start[1]) / 2
            points = [start, (start[0], start[1] + bend), (end[0], end[1] - bend), end]
            middle = cubic_midpoint(points)
            # Beside the line rather than on it, so the line does not cross the text.
            label_at = (middle[0] + 7, middle[1] + 4)
            anchor = "start"
        path = "M{:.1f},{:.1f} C{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}".format(
            *[coordinate for point in points for coordinate in point]
        )
        dash = (
            ' stroke-dasharray="5 3"'
            if (edge.source, edge.target) in back_edges
            else ""
        )
        tooltip = html.escape(
            f"{edge.source} → {edge.target}: {edge.transition_count:,} transitions "
            f"in {edge.case_count:,} cases, median {format_duration(edge.median_hours)}"
        )
        edge_parts.append(
            f'<path class="edge{" slow" if is_slow else ""}" d="{path}" fill="none" '
            f'stroke="{stroke}" stroke-width="{stroke_width:.1f}"{dash} '
            f'marker-end="url(#{marker})"><title>{tooltip}</title></path>'
        )
        label = f"{edge.transition_count:,}"
        if not edge.is_pseudo:
            label += f" · {format_duration(edge.median_hours)}"
        weight = ' font-weight="700"' if is_slow else ""
        label_parts.append(
            f'<text class="edge-label" x="{label_at[0]:.1f}" y="{label_at[1]:.1f}" '
            f'text-anchor="{anchor}" fill="{stroke if is_slow else "#39424e"}"'
            f"{weight}>{html.escape(label)}</text>"
        )
    parts.extend(edge_parts)
    parts.extend(label_parts)

    for node, place in placements.items():
        left = place.x - place.width / 2
        top = place.y - NODE_HEIGHT / 2
        title = html.escape(node)
        if node in pseudo_nodes:
            parts.append(
                f'<g class="node pseudo"><title>{title}</title>'
                f'<rect x="{left:.1f}" y="{top + 8:.1f}" width="{place.width:.0f}" '
                f'height="{NODE_HEIGHT - 16}" rx="13" fill="#eef0f3" '
                'stroke="#9aa5b1"/>'
                f'<text x="{place.x:.1f}" y="{place.y + 4:.1f}" text-anchor="middle" '
                f'class="node-label">{title}</text></g>'
            )
            continue
        cases = activity_cases.get(node)
        cases_text = "" if cases is None else f"{cases:,} cases"
        parts.append(
            f'<g class="node"><title>{title}: {cases_text}</title>'
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{place.width:.0f}" '
            f'height="{NODE_HEIGHT}" rx="6" fill="#e8f1fa" stroke="#2c6fad"/>'
            f'<text x="{place.x:.1f}" y="{place.y - 3:.1f}" text-anchor="middle" '
            f'class="node-label">{html.escape(shorten(node))}</text>'
            f'<text x="{place.x:.1f}" y="{place.y + 13:.1f}" text-anchor="middle" '
            f'class="node-count">{cases_text}</text></g>'
        )
    parts.append("</svg>")
    return ProcessMap(map_id, "".join(parts), shown, slow, len(edges))
