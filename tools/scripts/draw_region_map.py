#!/usr/bin/env python3
"""Draw the region base model as an SVG map (python3 standard library only).

usage: tools/scripts/draw_region_map.py [scenarios/brainport-kempen] [docs/region-map.svg]

Reads zones.csv, node.csv, link.csv, stops.csv, lines.csv and line_stops.csv and draws: roads
by facility type (colour/width), rail lines, bus/coach lines (thin), the NL/BE border (an
APPROXIMATE hand-placed polyline, about +-2 km, for orientation only, not a data layer), zone
centroids (area ~ population) with labels, and the documented position of the future A67
junction at Reusel (not part of the base network).
"""
import csv
import math
import os
import sys

ROAD_STYLE = {  # facility_type: (colour, width)
    "motorway": ("#c0392b", 3.2),
    "trunk": ("#e67e22", 2.6),
    "primary": ("#d4a017", 1.8),
    "secondary": ("#7f8c8d", 1.2),
    "local": ("#95a5a6", 0.9),
}
# Approximate NL/BE border in the model area (lon, lat), west to east then south along the Maas.
# Hand-placed from general map knowledge; accuracy about +-2 km. Not used by any computation.
BORDER = [
    (4.62, 51.47), (4.78, 51.44), (4.93, 51.44), (5.04, 51.46), (5.08, 51.41), (5.11, 51.37),
    (5.13, 51.34), (5.16, 51.31), (5.21, 51.30), (5.26, 51.29), (5.31, 51.265), (5.36, 51.27),
    (5.42, 51.28), (5.48, 51.29), (5.53, 51.27), (5.57, 51.26), (5.62, 51.24), (5.68, 51.21),
    (5.76, 51.18), (5.82, 51.15), (5.79, 51.08), (5.76, 51.02), (5.72, 50.95), (5.70, 50.90),
]
FUTURE_REUSEL = (51.336, 5.172, "future A67 junction Reusel (not in base)")

W, H, PAD = 1400, 1000, 40


def read(d, n):
    with open(os.path.join(d, n), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "scenarios/brainport-kempen"
    out = sys.argv[2] if len(sys.argv) > 2 else "docs/region-map.svg"
    zones, nodes, links = read(d, "zones.csv"), read(d, "node.csv"), read(d, "link.csv")
    stops, lines, ls = read(d, "stops.csv"), read(d, "lines.csv"), read(d, "line_stops.csv")

    xy = {int(r["node_id"]): (float(r["x_coord"]), float(r["y_coord"])) for r in nodes}
    lons = [p[0] for p in xy.values()]
    lats = [p[1] for p in xy.values()]
    lon0, lon1, lat0, lat1 = min(lons) - 0.05, max(lons) + 0.05, min(lats) - 0.04, max(lats) + 0.04
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    sc = min((W - 2 * PAD) / ((lon1 - lon0) * kx), (H - 2 * PAD) / (lat1 - lat0))

    def P(lon, lat):
        return PAD + (lon - lon0) * kx * sc, H - PAD - (lat - lat0) * sc

    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
         f'font-family="sans-serif">',
         f'<rect width="{W}" height="{H}" fill="#fbfbf8"/>',
         '<title>Corridor region base model brainport-kempen</title>']
    pts = " ".join("%.1f,%.1f" % P(lo, la) for lo, la in BORDER)
    o.append(f'<polyline points="{pts}" fill="none" stroke="#8e44ad" stroke-width="2" '
             f'stroke-dasharray="8,4,2,4" opacity="0.8"/>')
    bx, by = P(5.02, 51.47)
    o.append(f'<text x="{bx:.0f}" y="{by:.0f}" font-size="12" fill="#8e44ad">NL / BE border (approximate)</text>')

    seen = set()
    conn = []
    order = ["local", "secondary", "primary", "trunk", "motorway"]
    by = {k: [] for k in order}
    for r in links:
        a, b = int(r["from_node_id"]), int(r["to_node_id"])
        key = (min(a, b), max(a, b), r["facility_type"])
        if key in seen:
            continue
        seen.add(key)
        if r["facility_type"] == "connector":
            conn.append((a, b))
        else:
            by[r["facility_type"]].append((a, b, r["name"]))
    for a, b in conn:
        (x1, y1), (x2, y2) = P(*xy[a]), P(*xy[b])
        o.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#bbb" '
                 f'stroke-width="0.6" stroke-dasharray="2,2"/>')
    for k in order:
        col, wd = ROAD_STYLE[k]
        for a, b, name in by[k]:
            (x1, y1), (x2, y2) = P(*xy[a]), P(*xy[b])
            o.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{col}" '
                     f'stroke-width="{wd}" stroke-linecap="round"><title>{esc(name)}</title></line>')

    sxy = {s["stop_id"]: (float(s["lon"]), float(s["lat"])) for s in stops}
    mode = {l["line_id"]: l["mode"] for l in lines}
    lname = {l["line_id"]: l["name"] for l in lines}
    seq = {}
    for r in ls:
        seq.setdefault(r["line_id"], []).append((int(r["seq"]), r["stop_id"]))
    for lid, sq in sorted(seq.items(), key=lambda kv: mode[kv[0]] == "rail"):
        sq.sort()
        p = " ".join("%.1f,%.1f" % P(*sxy[s]) for _, s in sq)
        if mode[lid] == "rail":
            st = 'stroke="#1a1a1a" stroke-width="2.2" stroke-dasharray="7,3"'
        elif mode[lid] == "coach":
            st = 'stroke="#16a085" stroke-width="0.9" stroke-dasharray="1,3"'
        else:
            st = 'stroke="#2980b9" stroke-width="0.9" opacity="0.8"'
        o.append(f'<polyline points="{p}" fill="none" {st}><title>{esc(lname[lid])}</title></polyline>')
    for s in stops:
        x, y = P(*sxy[s["stop_id"]])
        if s["kind"] == "rail":
            o.append(f'<rect x="{x - 3:.1f}" y="{y - 3:.1f}" width="6" height="6" fill="#fff" '
                     f'stroke="#1a1a1a" stroke-width="1.2"><title>{esc(s["name"])}</title></rect>')
        else:
            o.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.8" fill="#2980b9">'
                     f'<title>{esc(s["name"])}</title></circle>')

    for z in zones:
        x, y = P(float(z["lon"]), float(z["lat"]))
        r = 3 + math.sqrt(max(int(z["population"]), 0)) / 40
        fill = "#ecf0f1" if z["external"] == "1" else ("#f5b7b1" if z["country"] == "NL" else "#f9e79f")
        o.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" stroke="#555" '
                 f'stroke-width="0.8" opacity="0.85"><title>{esc(z["name"])}: pop {z["population"]}, '
                 f'jobs {z["jobs"]}</title></circle>')
        o.append(f'<text x="{x + r + 2:.1f}" y="{y - 2:.1f}" font-size="10" fill="#222">'
                 f'{esc(z["name"])}</text>')
    fx, fy = P(FUTURE_REUSEL[1], FUTURE_REUSEL[0])
    o.append(f'<circle cx="{fx:.1f}" cy="{fy:.1f}" r="6" fill="none" stroke="#c0392b" '
             f'stroke-width="1.5" stroke-dasharray="2,2"/>')
    o.append(f'<text x="{fx + 8:.1f}" y="{fy + 12:.1f}" font-size="9" fill="#c0392b">'
             f'{esc(FUTURE_REUSEL[2])}</text>')

    # legend
    lx, ly = W - 260, 30
    o.append(f'<rect x="{lx - 10}" y="{ly - 18}" width="255" height="250" fill="#fff" stroke="#ccc"/>')
    items = [(k, ROAD_STYLE[k]) for k in reversed(order)]
    for i, (k, (col, wd)) in enumerate(items):
        y = ly + i * 18
        o.append(f'<line x1="{lx}" y1="{y}" x2="{lx + 40}" y2="{y}" stroke="{col}" stroke-width="{wd}"/>')
        o.append(f'<text x="{lx + 48}" y="{y + 4}" font-size="11">{k}</text>')
    y = ly + len(items) * 18
    extra = [('stroke="#bbb" stroke-width="0.6" stroke-dasharray="2,2"', "centroid connector"),
             ('stroke="#1a1a1a" stroke-width="2.2" stroke-dasharray="7,3"', "rail line"),
             ('stroke="#2980b9" stroke-width="0.9"', "bus line"),
             ('stroke="#16a085" stroke-width="0.9" stroke-dasharray="1,3"', "coach (1/day)"),
             ('stroke="#8e44ad" stroke-width="2" stroke-dasharray="8,4,2,4"', "NL/BE border (approx.)")]
    for i, (st, t) in enumerate(extra):
        yy = y + i * 18
        o.append(f'<line x1="{lx}" y1="{yy}" x2="{lx + 40}" y2="{yy}" {st}/>')
        o.append(f'<text x="{lx + 48}" y="{yy + 4}" font-size="11">{t}</text>')
    yy = y + len(extra) * 18 + 4
    o.append(f'<text x="{lx}" y="{yy}" font-size="10">zone circles: area ~ population;</text>')
    o.append(f'<text x="{lx}" y="{yy + 13}" font-size="10">pink NL, yellow BE, grey external</text>')
    o.append(f'<text x="{PAD}" y="{H - 12}" font-size="11" fill="#444">Corridor base model '
             f'brainport-kempen: {len(zones)} zones, {len(nodes)} nodes, {len(links)} links, '
             f'{len(stops)} stops, {len(lines)} lines. Generated by tools/scripts/draw_region_map.py.</text>')
    o.append("</svg>")
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(o) + "\n")
    print("wrote", out)


if __name__ == "__main__":
    main()
