#!/usr/bin/env python3
"""Check the region base model CSVs (python3 standard library only).

usage: tools/scripts/check_region.py [scenarios/brainport-kempen]

Checks the invariants the engine readers rely on (ids, references, ranges, strictly increasing
run times, strong connectivity by car without passing through centroids, every zone served by
PT) and prints free-flow car times and rough PT times for the town pairs FACTS.md gives ranges
for. Exit 0 if all invariants hold and all plausibility figures are in range, 1 otherwise.
This is the modeller's own check; the contract check is `corridor validate`.
"""
import csv
import heapq
import math
import os
import sys

FACILITY = {"motorway", "trunk", "primary", "secondary", "local", "connector"}
CORRIDORS = {"eindhoven-turnhout", "bergeijk-lommel", "eindhoven", "other"}
# (from, to, low, high, source) free-flow car minutes, zone names
CAR_RANGES = [
    ("Eindhoven Centrum", "Turnhout", 35, 40, "FACTS §2: car Eindhoven-Turnhout ~35-40 min off-peak (GK)"),
    ("Bergeijk", "Lommel", 15, 20, "FACTS §2: Bergeijk-Lommel by car ~15-20 min (GK)"),
]
CAR_REPORT = [("Eindhoven Centrum", "Lommel"), ("Eindhoven Centrum", "Weert"),
              ("Eindhoven Centrum", "Hasselt"), ("Eindhoven Centrum", "Antwerpen"),
              ("Valkenswaard", "Pelt"), ("Reusel", "Turnhout"), ("Eindhoven Centrum", "Mol")]
# PT (minutes incl. access/egress walk, half-headway waits): wide ranges, the lead writes tests
# checked station to station (wait half headway + in-vehicle), without zone access walking
PT_RANGES = [
    ("EHV", "WT", 18, 30, "FACTS §3: IC Eindhoven-Weert ~18 min in-vehicle (GK), 4/h"),
    ("MOL", "HAM", 30, 70, "FACTS §3: Mol-Hamont ~30 min (GK), 1/h"),
    ("ANT", "HRT", 31, 70, "FACTS §3: Antwerpen-Herentals 31 min (S), 1/h"),
]
PT_REPORT = [("Antwerpen", "Mol"), ("Mol", "Hamont-Achel"), ("Eindhoven Centrum", "Turnhout"),
             ("Lommel", "Hasselt"), ("Bergeijk", "Lommel")]
WALK_KMH, WALK_DETOUR, TRANSFER_MIN = 4.5, 1.3, 2.0


def hav_km(lat1, lon1, lat2, lon2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * r * math.asin(math.sqrt(a))


def read(d, name):
    with open(os.path.join(d, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "scenarios/brainport-kempen"
    errors, warnings = [], []
    zones, nodes, links = read(d, "zones.csv"), read(d, "node.csv"), read(d, "link.csv")
    stops, lines, lstops = read(d, "stops.csv"), read(d, "lines.csv"), read(d, "line_stops.csv")
    cfg = read(d, "config.csv")

    n = len(zones)
    zname = {}
    for i, z in enumerate(zones, 1):
        if int(z["zone_id"]) != i:
            errors.append(f"zone ids not 1..N at row {i}")
        if int(z["centroid_node"]) != i:
            errors.append(f"zone {i} centroid_node != zone_id")
        if z["corridor"] not in CORRIDORS or z["external"] not in ("0", "1"):
            errors.append(f"zone {i} bad corridor/external")
        if z["country"] not in ("NL", "BE", "DE"):
            errors.append(f"zone {i} bad country")
        if int(z["population"]) < 0 or int(z["jobs"]) < 0:
            errors.append(f"zone {i} negative land use")
        if z["name"].lower() in zname:
            errors.append(f"duplicate zone name {z['name']}")
        zname[z["name"].lower()] = i
    if n < 40:
        errors.append(f"only {n} zones")

    nd = {}
    for k, r in enumerate(nodes):
        nid = int(r["node_id"])
        if nid in nd:
            errors.append(f"duplicate node {nid}")
        nd[nid] = (float(r["y_coord"]), float(r["x_coord"]))
        if k < n:
            if nid != k + 1 or r["node_type"] != "centroid" or r["zone_id"] != str(nid):
                errors.append(f"node row {k + 1} is not centroid {k + 1}")
        else:
            if r["node_type"] != "junction" or r["zone_id"] != "" or nid < 1001:
                errors.append(f"junction {nid} bad type/zone/id")
        if not (50.5 < nd[nid][0] < 52.0 and 4.2 < nd[nid][1] < 6.3):
            errors.append(f"node {nid} outside the region box")

    adj = {i: [] for i in nd}
    pairs = set()
    for k, r in enumerate(links, 1):
        if int(r["link_id"]) != k:
            errors.append(f"link ids not consecutive at {k}")
        a, b = int(r["from_node_id"]), int(r["to_node_id"])
        if a not in nd or b not in nd:
            errors.append(f"link {k} refers to a missing node")
            continue
        if r["facility_type"] not in FACILITY:
            errors.append(f"link {k} bad facility_type")
        L, v, lanes, cap = float(r["length"]), float(r["free_speed"]), int(r["lanes"]), float(r["capacity"])
        if not (0 < L < 80 and 5 <= v <= 130 and 1 <= lanes <= 4 and cap > 0):
            errors.append(f"link {k} out of range")
        if float(r["toll"]) != 0 and False:
            pass
        crow = hav_km(*nd[a], *nd[b])
        if r["facility_type"] != "connector" and L < 0.97 * crow:
            warnings.append(f"link {k} {r['name']} length {L} < crow-fly {crow:.2f}")
        if r["facility_type"] == "connector" and not (a <= n or b <= n):
            errors.append(f"connector {k} touches no centroid")
        if r["facility_type"] != "connector" and (a <= n or b <= n):
            errors.append(f"road link {k} touches a centroid")
        pairs.add((a, b))
        adj[a].append((b, L / v * 60.0))
    for a, b in pairs:
        if (b, a) not in pairs:
            errors.append(f"link {a}->{b} has no reverse")

    def dijkstra(src):
        dist = {src: 0.0}
        pq = [(0.0, src)]
        while pq:
            t, u = heapq.heappop(pq)
            if t > dist.get(u, 1e18):
                continue
            if u <= n and u != src:
                continue  # centroids are not passed through
            for w, c in adj[u]:
                if t + c < dist.get(w, 1e18):
                    dist[w] = t + c
                    heapq.heappush(pq, (t + c, w))
        return dist

    unreached = 0
    for z in range(1, n + 1):
        dist = dijkstra(z)
        unreached += sum(1 for y in range(1, n + 1) if y not in dist)
    if unreached:
        errors.append(f"car network not strongly connected: {unreached} unreachable zone pairs")

    # ---- PT
    sz = {}
    for s in stops:
        if s["stop_id"] in sz or " " in s["stop_id"]:
            errors.append(f"bad/duplicate stop id {s['stop_id']}")
        if not (1 <= int(s["zone_id"]) <= n) or s["kind"] not in ("rail", "bus"):
            errors.append(f"stop {s['stop_id']} bad zone/kind")
        sz[s["stop_id"]] = s
    lid = {}
    for l in lines:
        if l["mode"] not in ("rail", "bus", "coach"):
            errors.append(f"line {l['line_id']} bad mode")
        if float(l["headway_peak_min"]) <= 0 or float(l["headway_offpeak_min"]) <= 0:
            errors.append(f"line {l['line_id']} bad headway")
        if not (0 < float(l["service_hours"]) <= 24) or l["both_directions"] not in ("0", "1"):
            errors.append(f"line {l['line_id']} bad service_hours/both_directions")
        lid[l["line_id"]] = l
    seqs = {}
    for r in lstops:
        seqs.setdefault(r["line_id"], []).append((int(r["seq"]), r["stop_id"], float(r["minutes"])))
    for l, sq in seqs.items():
        if l not in lid:
            errors.append(f"line_stops refers to unknown line {l}")
        sq.sort()
        if [s[0] for s in sq] != list(range(1, len(sq) + 1)) or sq[0][2] != 0:
            errors.append(f"line {l} seq not 1.. or first minutes != 0")
        for (a, b) in zip(sq, sq[1:]):
            if not b[2] > a[2]:
                errors.append(f"line {l} minutes not strictly increasing at seq {b[0]}")
        for s in sq:
            if s[1] not in sz:
                errors.append(f"line {l} unknown stop {s[1]}")
        if len(sq) < 2:
            errors.append(f"line {l} has < 2 stops")
    for l in lid:
        if l not in seqs:
            errors.append(f"line {l} has no stops")
    served = {int(sz[s[1]]["zone_id"]) for sq in seqs.values() for s in sq if s[1] in sz}
    for z in range(1, n + 1):
        if z not in served:
            errors.append(f"zone {z} {zones[z - 1]['name']} has no served stop")

    # PT skim (peak): nodes = stops; edges = ride on a line between any two of its stops
    # (cost in-vehicle + half headway wait + transfer penalty), both directions when flagged.
    pt = {s: [] for s in sz}
    for l, sq in seqs.items():
        hw = float(lid[l]["headway_peak_min"])
        order = [sq] + ([list(reversed(sq))] if lid[l]["both_directions"] == "1" else [])
        for o in order:
            for i in range(len(o)):
                for j in range(i + 1, len(o)):
                    pt[o[i][1]].append((o[j][1], abs(o[j][2] - o[i][2]) + hw / 2 + TRANSFER_MIN))

    def access(z, s):
        zz = zones[z - 1]
        return hav_km(float(zz["lat"]), float(zz["lon"]), float(sz[s]["lat"]), float(sz[s]["lon"])) \
            * WALK_DETOUR / WALK_KMH * 60

    def stop_time(a, b):
        dist, pq = {a: 0.0}, [(0.0, a)]
        while pq:
            t, u = heapq.heappop(pq)
            if t > dist[u]:
                continue
            for w, c in pt[u]:
                if t + c < dist.get(w, 1e18):
                    dist[w] = t + c
                    heapq.heappush(pq, (t + c, w))
        return dist.get(b, 1e18) - TRANSFER_MIN

    def pt_time(o, dz):
        dist, pq = {}, []
        for s in sz:
            if int(sz[s]["zone_id"]) == o:
                dist[s] = access(o, s)
                heapq.heappush(pq, (dist[s], s))
        while pq:
            t, u = heapq.heappop(pq)
            if t > dist[u]:
                continue
            for w, c in pt[u]:
                if t + c < dist.get(w, 1e18):
                    dist[w] = t + c
                    heapq.heappush(pq, (t + c, w))
        best = min((dist[s] + access(dz, s) - TRANSFER_MIN for s in dist
                    if int(sz[s]["zone_id"]) == dz), default=None)
        return best

    pt_unreached = sum(1 for o in range(1, n + 1) for q in range(1, n + 1)
                       if o != q and pt_time(o, q) is None)
    if pt_unreached:
        errors.append(f"PT not connected: {pt_unreached} zone pairs")

    print(f"inventory: zones {n} ({sum(z['external'] == '1' for z in zones)} external), "
          f"nodes {len(nodes)}, links {len(links)}, stops {len(stops)}, lines {len(lines)}, "
          f"line_stops {len(lstops)}; config {cfg[0]['dataset_name']}")
    ok = True
    print("free-flow car minutes:")
    for a, b, lo, hi, src in CAR_RANGES:
        t = dijkstra(zname[a.lower()])[zname[b.lower()]]
        flag = "ok" if lo <= t <= hi else "OUT OF RANGE"
        ok &= lo <= t <= hi
        print(f"  {a} -> {b}: {t:.1f}  [{lo}-{hi}] {flag}  ({src})")
    for a, b in CAR_REPORT:
        t = dijkstra(zname[a.lower()])[zname[b.lower()]]
        print(f"  {a} -> {b}: {t:.1f}")
    print("PT minutes stop to stop (peak, half-headway waits, 2 min per boarding after the first):")
    for a, b, lo, hi, src in PT_RANGES:
        t = stop_time(a, b)
        flag = "ok" if t is not None and lo <= t <= hi else "OUT OF RANGE"
        ok &= flag == "ok"
        print(f"  {a} -> {b}: {t:.1f}  [{lo}-{hi}] {flag}  ({src})")
    print("PT minutes zone to zone (adds walking centroid-stop at 4.5 km/h x 1.3):")
    for a, b in PT_REPORT:
        t = pt_time(zname[a.lower()], zname[b.lower()])
        print(f"  {a} -> {b}: {t:.1f}")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print("invariants:", "OK" if not errors else f"{len(errors)} errors")
    return 0 if not errors and ok else 1


if __name__ == "__main__":
    sys.exit(main())
