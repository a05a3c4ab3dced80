"""A server-rendered SVG line chart (one line per network, months on the x axis).

Presentation attributes only (no ``style`` attributes), so it renders under a
Content-Security-Policy without ``'unsafe-inline'``. Every text is escaped.
"""

from __future__ import annotations

import math
from html import escape

from mockserver.control.world_summary import Series

#: One colour per network, in ``SERVICES`` order; unknown networks cycle through the palette.
NETWORK_COLORS: dict[str, str] = {
    "bluesky": "#1185fe",
    "facebook": "#1877f2",
    "googlebusiness": "#34a853",
    "instagram": "#d62976",
    "linkedin": "#0a66c2",
    "mastodon": "#6364ff",
    "pinterest": "#e60023",
    "startPage": "#7c3aed",
    "threads": "#111111",
    "tiktok": "#25f4ee",
    "twitter": "#0f1419",
    "youtube": "#ff0000",
}
PALETTE = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563")


def color_of(service: str, position: int) -> str:
    return NETWORK_COLORS.get(service, PALETTE[position % len(PALETTE)])


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0):
        if step * power >= value:
            return step * power
    return 10.0 * power


def format_number(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M".replace(".0M", "M")
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    if abs(value) >= 1000:
        return f"{value / 1000:.1f}k".replace(".0k", "k")
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}"


def line_chart_svg(series: list[Series], *, title: str, width: int = 760, height: int = 320) -> str:
    left, right, top, bottom = 64, 36, 28, 72
    plot_w, plot_h = width - left - right, height - top - bottom
    months = sorted({month for s in series for month, _ in s.points})
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="18" font-size="13" font-weight="600" fill="#1d2330">{escape(title)}</text>',
    ]
    if not months:
        parts.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="13" fill="#6b7280">'
            "No sent post reports this metric yet.</text></svg>"
        )
        return "".join(parts)
    ceiling = nice_ceiling(max(value for s in series for _, value in s.points))
    x_step = plot_w / max(len(months) - 1, 1)

    def x_of(month: str) -> float:
        return left + (months.index(month) * x_step if len(months) > 1 else plot_w / 2)

    def y_of(value: float) -> float:
        return top + plot_h - (value / ceiling) * plot_h

    for tick in range(5):
        value = ceiling * tick / 4
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e5e7eb"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#6b7280">'
            f"{escape(format_number(value))}</text>"
        )
    label_every = max(1, math.ceil(len(months) / 12))
    for position, month in enumerate(months):
        if position % label_every == 0:
            parts.append(
                f'<text x="{x_of(month):.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11" '
                f'fill="#6b7280">{escape(month)}</text>'
            )
    for position, line in enumerate(series):
        color = color_of(line.service, position)
        points = " ".join(f"{x_of(m):.1f},{y_of(v):.1f}" for m, v in line.points)
        parts.append(
            f'<g class="series" data-service="{escape(line.service)}">'
            f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>'
        )
        for month, value in line.points:
            parts.append(
                f'<circle cx="{x_of(month):.1f}" cy="{y_of(value):.1f}" r="3" fill="{color}">'
                f"<title>{escape(line.service)} {escape(month)}: {escape(format_number(value))}</title>"
                "</circle>"
            )
        parts.append("</g>")
    legend_y = top + plot_h + 36
    x = left
    for position, line in enumerate(series):
        color = color_of(line.service, position)
        item_width = 24 + 7 * len(line.service)
        if x + item_width > width - right and x > left:  # wrap the legend onto the next row
            x, legend_y = left, legend_y + 16
        parts.append(
            f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 14}" y="{legend_y}" font-size="11" fill="#1d2330">{escape(line.service)}</text>'
        )
        x += item_width
    parts.append("</svg>")
    return "".join(parts)
