#!/usr/bin/env python3
"""Draws a Grafana dashboard of dashboards/ as one static HTML page from a Prometheus' HTTP API, for the README's
pictures (scripts/dashboard-pictures.sh screenshots the page in headless Chromium). Each panel is drawn from its own
queries, variables substituted as DashboardQueriesIT substitutes them: time series from query_range, stat, bar gauge
and table panels from instant queries, laid out on the dashboard's 24-column grid. Panels in collapsed rows (the
PostgreSQL inventory) are not drawn: Prometheus cannot answer them.

usage: render-dashboard.py DASHBOARD.json PROMETHEUS_URL WINDOW_SECONDS OUT.html [END_UNIX_SECONDS]"""
import datetime
import html
import json
import re
import sys
import time
import urllib.parse
import urllib.request

PALETTE = ["#73bf69", "#f2cc0c", "#8ab8ff", "#ff780a", "#f2495c", "#5794f2", "#b877d9", "#fade2a", "#37872d",
           "#ff9830", "#c4162a", "#1f60c4"]
THRESHOLD_COLORS = {"green": "#37872d", "orange": "#fa6400", "red": "#c4162a", "yellow": "#e0b400"}
ROW_PX = 30  # Grafana's grid row height
GAP_PX = 6
PAGE_PX = 1400  # the screenshot's width (dashboard-pictures.sh)
COLUMN_PX = (PAGE_PX - 16 - 23 * GAP_PX) / 24


def prom(base, path, **params):
    url = base + path + "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=30) as response:
        answer = json.load(response)
    if answer.get("status") != "success":
        raise SystemExit(f"{url}: {answer}")
    return answer["data"]["result"]


def substitute(expr, window):
    for name, value in (("$__rate_interval", "1m"), ("$__range", f"{window}s"), ("$__interval", "15s"),
                        ("$sensor", ".*"), ("$instance", ".*"), ("$vendor", ".*")):
        expr = expr.replace(name, value)
    return expr


def legend(fmt, metric):
    if fmt and fmt != "__auto":
        return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: metric.get(m.group(1), ""), fmt)
    labels = {k: v for k, v in metric.items() if k not in ("__name__", "instance", "job", "sensor")}
    return ", ".join(f"{k}={v}" for k, v in sorted(labels.items())) or "value"


def fmt_value(v, unit):
    if v is None:
        return "-"
    if unit == "percentunit":
        return f"{v * 100:.3g} %"
    if unit == "bool":
        return "true" if v >= 1 else "false"
    if unit == "dateTimeFromNow":
        return f"{max(0, time.time() - v / 1000):.0f} s ago"
    suffix = {"ops": "/s", "pps": " p/s", "bps": "b/s", "s": " s"}.get(unit, "")
    a = abs(v)
    for div, prefix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if a >= div:
            return f"{v / div:.3g}{prefix}{suffix}"
    if a == 0:
        return f"0{suffix}"
    return f"{v:.3g}{suffix}"


def threshold_color(panel, v):
    steps = panel.get("fieldConfig", {}).get("defaults", {}).get("thresholds", {}).get("steps")
    if not steps or v is None:
        return THRESHOLD_COLORS["green"]
    color = steps[0]["color"]
    for step in steps[1:]:
        if v >= step["value"]:
            color = step["color"]
    return THRESHOLD_COLORS.get(color, color)


def timeseries(panel, base, start, end, step, window, marks):
    """Lines in an SVG of the panel's own pixel size (no stretched text), a legend table with max and last below."""
    series = []
    for target in panel["targets"]:
        for s in prom(base, "/api/v1/query_range", query=substitute(target["expr"], window), start=start, end=end,
                      step=step):
            series.append((legend(target.get("legendFormat"), s["metric"]),
                           [(float(t), float(v)) for t, v in s["values"]]))
    unit = panel["fieldConfig"]["defaults"].get("unit", "short")
    g = panel["gridPos"]
    shown = min(len(series), 4 if g["h"] <= 8 else 8)
    legend_rows = shown + (1 if len(series) > shown else 0)
    w = int(g["w"] * COLUMN_PX + (g["w"] - 1) * GAP_PX) - 16 - 60 - 8
    h = int(g["h"] * ROW_PX + (g["h"] - 1) * GAP_PX) - 30 - 6 - 30 - 13 * (legend_rows + 1) - 8
    ymax = max([v for _, pts in series for _, v in pts] + [0])
    ymax = ymax * 1.1 if ymax > 0 else 1
    out = [f'<svg width="{w + 68}" height="{h + 30}"><g transform="translate(0, 8)">']
    for i in range(5):  # grid lines with their values
        y = h - h * i / 4
        out.append(f'<line x1="60" x2="{w + 60}" y1="{y + 2}" y2="{y + 2}" class="grid"/>'
                   f'<text x="55" y="{y + 6}" class="axis" text-anchor="end">{fmt_value(ymax * i / 4, unit)}</text>')
    for i in range(5):
        t = start + (end - start) * i / 4
        x = 60 + w * i / 4
        label = datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%H:%M:%S")
        anchor = "end" if i == 4 else "middle"
        out.append(f'<text x="{x}" y="{h + 20}" class="axis" text-anchor="{anchor}">{label}</text>')
    for t in marks:
        x = 60 + w * (t - start) / (end - start)
        out.append(f'<line x1="{x}" x2="{x}" y1="2" y2="{h + 2}" class="mark"/>')
    for i, (_, pts) in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        path = " ".join(f"{60 + w * (t - start) / (end - start):.1f},{h + 2 - h * v / ymax:.1f}" for t, v in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="1.6"/>')
    out.append("</g></svg>")
    rows = []
    for i, (name, pts) in enumerate(series[:shown]):
        vals = [v for _, v in pts]
        rows.append(f'<tr><td><span class="swatch" style="background:{PALETTE[i % len(PALETTE)]}"></span>'
                    f'{html.escape(name)}</td><td>{fmt_value(max(vals), unit)}</td>'
                    f'<td>{fmt_value(vals[-1], unit)}</td></tr>')
    if len(series) > shown:
        rows.append(f'<tr><td colspan="3">and {len(series) - shown} more</td></tr>')
    if not series:
        return '<div class="nodata">No data</div>'
    return ('<div class="chart">' + "".join(out) + '</div><table class="legend"><tr><th></th><th>Max</th>'
            '<th>Last</th></tr>' + "".join(rows) + "</table>")


def instant(panel, base, end, window):
    results = []
    for target in panel["targets"]:
        results.append((target, prom(base, "/api/v1/query", query=substitute(target["expr"], window), time=end)))
    return results


def stat(panel, base, end, window):
    unit = panel["fieldConfig"]["defaults"].get("unit", "short")
    cells = []
    for target, result in instant(panel, base, end, window):
        for s in result:
            v = float(s["value"][1])
            text = legend(target.get("legendFormat"), s["metric"]) if panel["options"].get("textMode") == "name" \
                else fmt_value(v, unit)
            cells.append(f'<div class="statvalue" style="background:{threshold_color(panel, v)}">{html.escape(text)}</div>')
    return "".join(cells) or '<div class="nodata">No data</div>'


def bargauge(panel, base, end, window):
    unit = panel["fieldConfig"]["defaults"].get("unit", "short")
    bars = [(legend(t.get("legendFormat"), s["metric"]), float(s["value"][1]))
            for t, result in instant(panel, base, end, window) for s in result]
    top = max([v for _, v in bars] + [1])
    out = []
    for name, v in sorted(bars):
        out.append(f'<div class="bar"><span class="barname">{html.escape(name)}</span><span class="bartrack">'
                   f'<span class="barfill" style="width:{100 * v / top:.0f}%;background:{threshold_color(panel, v)}">'
                   f'</span></span><span class="barvalue">{fmt_value(v, unit)}</span></div>')
    return "".join(out) or '<div class="nodata">No data</div>'


def table(panel, base, end, window):
    """Instant results merged on their labels, as Grafana's merge transformation does, then organized and sorted."""
    rows, columns = {}, []
    for target, result in instant(panel, base, end, window):
        column = f"Value #{target['refId']}"
        columns.append(column)
        for s in result:
            key = tuple(sorted((k, v) for k, v in s["metric"].items() if k != "__name__"))
            rows.setdefault(key, dict(key))[column] = float(s["value"][1])
    organize = next((t["options"] for t in panel.get("transformations", []) if t["id"] == "organize"), {})
    rename = organize.get("renameByName", {})
    order = organize.get("indexByName", {})
    labels = sorted({k for r in rows.values() for k in r if not k.startswith("Value #")})
    fields = sorted(labels + columns, key=lambda f: (order.get(f, 99), f))
    mappings, units = {}, {}
    for override in panel["fieldConfig"].get("overrides", []):
        for prop in override["properties"]:
            if prop["id"] == "mappings":
                mappings[override["matcher"]["options"]] = prop["value"][0]["options"]
            if prop["id"] == "unit":
                units[override["matcher"]["options"]] = prop["value"]
    sort = next((t["options"]["sort"][0] for t in panel.get("transformations", []) if t["id"] == "sortBy"), None)
    listed = list(rows.values())
    if sort:
        field = next((f for f in fields if rename.get(f, f) == sort["field"]), None)
        listed.sort(key=lambda r: r.get(field) or 0, reverse=sort.get("desc", False))
    head = "".join(f"<th>{html.escape(rename.get(f, f))}</th>" for f in fields)
    body = []
    for r in listed[:12]:
        cells = []
        for f in fields:
            name, v = rename.get(f, f), r.get(f)
            mapped = mappings.get(name, {}).get(str(int(v)) if isinstance(v, float) else "")
            if mapped:
                color = THRESHOLD_COLORS.get(mapped.get("color"), "transparent")
                cells.append(f'<td style="background:{color}">{mapped["text"]}</td>')
            elif isinstance(v, float):
                cells.append(f"<td>{fmt_value(v, units.get(name, 'short'))}</td>")
            else:
                cells.append(f"<td>{html.escape(v or '')}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="grid-table"><tr>{head}</tr>' + "".join(body) + "</table>"


def main():
    board_path, base, window, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    board = json.load(open(board_path))
    end = float(sys.argv[5]) if len(sys.argv) > 5 else time.time()
    start = end - window
    step = max(1, window // 150)
    marks = []
    for annotation in board["annotations"]["list"]:
        if "expr" in annotation:
            for s in prom(base, "/api/v1/query_range", query=substitute(annotation["expr"], window), start=start,
                          end=end, step=step):
                marks.append(float(s["values"][0][0]))
    parts = []
    for panel in board["panels"]:
        g = panel["gridPos"]
        style = f"grid-column:{g['x'] + 1} / span {g['w']};grid-row:{g['y'] + 1} / span {g['h']}"
        if panel["type"] == "row":
            arrow = "&#9656; " if panel.get("collapsed") else ""
            title = panel["title"].replace("$__range", f"last {window / 60:.2g} minutes")
            parts.append(f'<div class="row" style="{style}">{arrow}{html.escape(title)}</div>')
            continue
        kind = panel["type"]
        if kind == "timeseries":
            body = timeseries(panel, base, start, end, step, window, marks)
        elif kind == "stat":
            body = stat(panel, base, end, window)
        elif kind == "bargauge":
            body = bargauge(panel, base, end, window)
        else:
            body = table(panel, base, end, window)
        parts.append(f'<div class="panel" style="{style}"><div class="title">{html.escape(panel["title"])}</div>'
                     f'<div class="body {kind}">{body}</div></div>')
    rows = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in board["panels"])
    page = f"""<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; background: #111217; color: #ccccdc; font: 12px "DejaVu Sans", sans-serif; }}
h1 {{ font-size: 16px; font-weight: normal; margin: 10px 12px 4px; }}
.sub {{ margin: 0 12px 8px; color: #8e8e9e; }}
.board {{ display: grid; grid-template-columns: repeat(24, 1fr); grid-template-rows: repeat({rows}, {ROW_PX}px);
  gap: {GAP_PX}px; padding: 0 8px 8px; }}
.row {{ font-size: 14px; padding-top: 8px; }}
.panel {{ background: #181b1f; border: 1px solid #2c3235; border-radius: 2px; overflow: hidden;
  display: flex; flex-direction: column; }}
.title {{ padding: 5px 8px; font-weight: bold; }}
.body {{ flex: 1; padding: 0 8px 6px; overflow: hidden; display: flex; flex-direction: column; }}
.body.stat {{ flex-direction: row; gap: 4px; }}
.statvalue {{ flex: 1; display: flex; align-items: center; justify-content: center; font-size: 28px; color: #fff;
  border-radius: 2px; }}
.chart {{ flex: none; }}
.grid {{ stroke: #2c3235; }} .axis {{ fill: #8e8e9e; font-size: 10px; }}
.mark {{ stroke: #f2495c; stroke-dasharray: 3 2; }}
.legend {{ font-size: 10.5px; border-collapse: collapse; }} .legend td, .legend th {{ padding: 0 6px 0 0; }}
.legend th {{ color: #8e8e9e; text-align: left; font-weight: normal; }}
.swatch {{ display: inline-block; width: 10px; height: 3px; margin: 0 5px 3px 0; }}
.bar {{ display: flex; align-items: center; margin: 6px 0; }} .barname {{ width: 90px; }}
.bartrack {{ flex: 1; background: #22252b; height: 22px; }} .barfill {{ display: block; height: 100%; }}
.barvalue {{ width: 50px; text-align: right; }}
.grid-table {{ border-collapse: collapse; width: 100%; }}
.grid-table th {{ text-align: left; color: #6e9fff; border-bottom: 1px solid #2c3235; padding: 4px 6px; }}
.grid-table td {{ border-bottom: 1px solid #22252b; padding: 4px 6px; }}
.nodata {{ color: #8e8e9e; margin: auto; }}
</style></head><body><h1>{html.escape(board["title"])}</h1>
<div class="sub">Drawn from Prometheus' answers to each panel's queries: the last {window / 60:.2g} minutes of a replay of
the test fixtures (scripts/dashboard-pictures.sh).</div>
<div class="board">{"".join(parts)}</div></body></html>"""
    open(out, "w").write(page)


if __name__ == "__main__":
    main()
