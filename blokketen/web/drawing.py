"""Small inline SVG drawings, made here from the chain's events (no chart service, no
script): a parcel's timeline and its split/merge lineage. Every text is escaped."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from markupsafe import Markup, escape

__all__ = ["lineage_svg", "timeline_svg"]

_BOX_W, _BOX_H, _COL, _ROW = 176, 34, 232, 50
_INK, _LINE, _HERE, _PAPER = "#1a1a1a", "#4d4d4d", "#fff3a6", "#ffffff"


def timeline_svg(labels: Sequence[str], *, title: str) -> Markup:
    """The events as numbered dots on one line, oldest left; each dot's tooltip is its
    label (the numbered list beside it says the same in words)."""
    step = 56
    width = max(2, len(labels)) * step + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="timeline" '
             f'width="{width}" height="70" viewBox="0 0 {width} 70">'
             f'<title>{escape(title)}</title>',
             f'<line x1="20" y1="30" x2="{width - 20}" y2="30" stroke="{_LINE}" '
             f'stroke-width="2"/>']
    for index, label in enumerate(labels):
        x = 40 + index * step
        parts.append(f'<g><title>{escape(f"{index + 1}. {label}")}</title>'
                     f'<circle cx="{x}" cy="30" r="9" fill="{_PAPER}" stroke="{_INK}" '
                     f'stroke-width="2"/>'
                     f'<text x="{x}" y="60" text-anchor="middle" font-size="14" '
                     f'fill="{_INK}">{index + 1}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def lineage_svg(generations: Mapping[str, int], edges: Sequence[tuple[str, str]], *,
                current: str, href: Callable[[str], str], title: str) -> Markup:
    """Parcels in columns by generation (ancestors left, descendants right), a line from
    each parent to each child; every parcel links to its own page."""
    columns: dict[int, list[str]] = {}
    for key, generation in sorted(generations.items(), key=lambda kv: (kv[1], kv[0])):
        columns.setdefault(generation, []).append(key)
    first = min(columns)
    rows = max(len(keys) for keys in columns.values())
    where: dict[str, tuple[int, int]] = {}
    for generation, keys in columns.items():
        offset = (rows - len(keys)) * _ROW // 2
        for row, key in enumerate(keys):
            where[key] = (10 + (generation - first) * _COL, 10 + offset + row * _ROW)
    width = 20 + (max(columns) - first) * _COL + _BOX_W
    height = 20 + (rows - 1) * _ROW + _BOX_H
    # A group, not an image: its parcels are links.
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="group" class="lineage" '
             f'aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">']
    for parent, child in edges:
        if parent in where and child in where:
            (x1, y1), (x2, y2) = where[parent], where[child]
            parts.append(f'<line x1="{x1 + _BOX_W}" y1="{y1 + _BOX_H // 2}" x2="{x2}" '
                         f'y2="{y2 + _BOX_H // 2}" stroke="{_LINE}" stroke-width="2"/>')
    for key, (x, y) in where.items():
        fill = _HERE if key == current else _PAPER
        parts.append(f'<a href="{escape(href(key))}"><rect x="{x}" y="{y}" width="{_BOX_W}" '
                     f'height="{_BOX_H}" rx="4" fill="{fill}" stroke="{_INK}" '
                     f'stroke-width="{3 if key == current else 1.5}"/>'
                     f'<text x="{x + _BOX_W // 2}" y="{y + 22}" text-anchor="middle" '
                     f'font-family="monospace" font-size="14" fill="{_INK}">{escape(key)}'
                     f'</text></a>')
    parts.append("</svg>")
    return Markup("".join(parts))
