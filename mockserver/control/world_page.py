"""GET ``/_mock/`` from a browser: the namespace's world as one HTML page.

Server-rendered (HTML and an inline SVG chart, no script), every fixture text escaped, sent
with the explorer's same-origin-only Content-Security-Policy. ``?namespace=`` picks the
namespace like every control route, ``?metric=`` the metric the chart shows. Clients that do
not ask for HTML get what any unserved path answers (Buffer's 401, or a 404).
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from mockserver.control.svg_chart import line_chart_svg
from mockserver.control.toolkit import ControlError, ControlRoute, selected
from mockserver.control.world_summary import POST_STATUSES, WorldSummary, summarize
from mockserver.gateway.fallback import unserved_path
from mockserver.gateway.pages import ASSETS_PATH, PAGE_HEADERS, wants_html
from mockserver.gateway.state import ServedNamespaces
from mockserver.scalars import format_datetime_ms

TEXT_EXCERPT = 140
CHANNEL_COLUMNS = ["Channel", "Id", "Organization", "Type", "Timezone", "Slots/week", "Posts", "State"]


def e(value: object) -> str:
    return escape(str(value), quote=True)


def excerpt(text: str, limit: int = TEXT_EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def duration_text(ms: int) -> str:
    minutes = ms // 60_000
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min"
    return f"{hours // 24} days"


def page_link(namespace: str, **params: str) -> str:
    return "?" + urlencode({"namespace": namespace, **params})


def table(headers: list[str], rows: list[list[str]], *, css: str = "") -> str:
    """``rows`` hold already-escaped HTML cells."""
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def clock_section(summary: WorldSummary) -> str:
    clock = f"<b>{e(format_datetime_ms(summary.now))}</b> " + (
        '<span class="chip">frozen</span>' if summary.frozen else '<span class="chip">running</span>'
    )
    upcoming = summary.next_publication
    if upcoming is None:
        next_html = '<span class="muted">nothing scheduled</span>'
    else:
        next_html = (
            f'<b id="next-due">{e(format_datetime_ms(upcoming.due_at))}</b> '
            f'<span class="muted">(in {e(duration_text(max(0, upcoming.due_at - summary.now)))})</span><br>'
            f"{e(upcoming.channel)} <span class='chip'>{e(upcoming.service)}</span> "
            f"<code>{e(upcoming.post_id)}</code><br><q>{e(excerpt(upcoming.text))}</q>"
        )
    totals = " · ".join(f"{count} {e(name)}" for name, count in summary.totals.items())
    return (
        '<section class="cards">'
        f'<div class="card"><h3>Mock clock</h3><p id="clock">{clock}</p></div>'
        '<div class="card wide"><h3>Next scheduled publication</h3>'
        f'<p id="next-publication">{next_html}</p></div>'
        f'<div class="card"><h3>In this world</h3><p>{totals}</p></div>'
        "</section>"
    )


def organizations_section(summary: WorldSummary) -> str:
    rows = [
        [e(o.name), f"<code>{e(o.id)}</code>", e(o.plan), e(o.members), e(o.channels), e(o.posts)]
        for o in summary.organizations
    ]
    return "<h2>Organizations</h2>" + table(
        ["Name", "Id", "Plan", "Members", "Channels", "Posts"], rows, css="organizations"
    )


def posts_section(summary: WorldSummary) -> str:
    chips = "".join(
        f'<span class="status status-{e(status)}">{e(status)} <b>{count}</b></span>'
        for status, count in summary.status_totals.items()
    )
    rows = [
        [
            e(m.month),
            *[e(m.counts.get(s, 0)) if m.counts.get(s, 0) else "" for s in POST_STATUSES],
            e(m.total),
        ]
        for m in summary.months
    ]
    return f'<h2>Posts</h2><p class="statuses" id="status-totals">{chips}</p>' + table(
        ["Month", *POST_STATUSES, "Total"], rows, css="months numeric"
    )


def metrics_section(summary: WorldSummary) -> str:
    choices = " ".join(
        (
            f'<a class="metric-choice{" current" if name == summary.metric else ""}" '
            f'href="{e(page_link(summary.namespace, metric=name))}#metrics">{e(name)}</a>'
        )
        for name in summary.metric_choices
    )
    title = f"{summary.metric} per network per month (sent posts)"
    return (
        f'<h2 id="metrics">Metrics per network over time</h2><p class="choices">{choices}</p>'
        f'<figure id="metrics-chart">{line_chart_svg(summary.series, title=title)}</figure>'
    )


def networks_section(summary: WorldSummary) -> str:
    parts = ["<h2>Channels per network</h2>"]
    for group in summary.networks:
        reports = " ".join(f'<span class="chip">{e(name)}</span>' for name in group.reports)
        denominator = (
            f' <span class="muted">engagementRate over {e(group.denominator)}</span>'
            if group.denominator
            else ""
        )
        rows = [
            [
                e(c.name),
                f"<code>{e(c.id)}</code>",
                e(c.organization),
                e(c.type),
                e(c.timezone),
                e(c.slots_per_week),
                e(c.posts),
                " ".join(f'<span class="chip warn">{e(flag)}</span>' for flag in c.flags),
            ]
            for c in group.channels
        ]
        parts.append(
            f'<section class="network" data-service="{e(group.service)}"><h3>{e(group.service)} '
            f'<span class="muted">{len(group.channels)} channel(s)</span></h3>'
            f'<p class="reports">Reports: {reports or "<span class=muted>no metrics</span>"}{denominator}</p>'
            + table(
                ["Channel", "Id", "Organization", "Type", "Timezone", "Slots/week", "Posts", "State"], rows
            )
            + "</section>"
        )
    return "".join(parts)


def layout(title: str, namespace: str, body: str, namespaces: list[str]) -> str:
    links = " ".join(
        f'<a href="{e(page_link(name))}"{" class=current" if name == namespace else ""}>{e(name)}</a>'
        for name in namespaces
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
        f'<title>{e(title)}</title><link rel="stylesheet" href="{ASSETS_PATH}/world.css"></head><body>'
        f'<header class="topbar"><h1>buffer-mock <span>world</span></h1>'
        f'<span class="namespaces">Namespace: {links}</span>'
        '<nav><a href="/graphql">Explorer</a> <a href="/_mock/health">health (JSON)</a></nav></header>'
        f"<main>{body}</main></body></html>"
    )


def render_world_page(summary: WorldSummary, namespaces: list[str]) -> str:
    body = (
        f'<h1 class="title">World <q>{e(summary.world_name)}</q> '
        f'<span class="muted">namespace {e(summary.namespace)}</span></h1>'
        + clock_section(summary)
        + organizations_section(summary)
        + posts_section(summary)
        + metrics_section(summary)
        + networks_section(summary)
    )
    return layout(f"buffer-mock world: {summary.namespace}", summary.namespace, body, namespaces)


def render_error_page(status: int, message: str, namespaces: list[str]) -> str:
    body = f'<h1 class="title">HTTP {status}</h1><p class="error" id="error">{e(message)}</p>'
    return layout("buffer-mock world", "", body, namespaces)


def namespace_names(namespaces: ServedNamespaces) -> list[str]:
    return sorted({"default", *namespaces.names()})


def world_page_router() -> APIRouter:
    router = APIRouter(route_class=ControlRoute)

    @router.get("/", include_in_schema=False)
    @router.get("", include_in_schema=False)
    async def world_page(request: Request) -> Response:
        if not wants_html(request):
            return unserved_path(request)
        namespaces: ServedNamespaces = request.app.state.namespaces
        try:
            namespace = selected(request, create=False)
        except ControlError as error:
            message = error.body["errors"][0]["message"]
            return HTMLResponse(
                render_error_page(error.status, message, namespace_names(namespaces)),
                status_code=error.status,
                headers=PAGE_HEADERS,
            )
        with namespace.lock:
            namespace.sync_clock()
            summary = summarize(namespace, request.query_params.get("metric"))
        return HTMLResponse(render_world_page(summary, namespace_names(namespaces)), headers=PAGE_HEADERS)

    return router
