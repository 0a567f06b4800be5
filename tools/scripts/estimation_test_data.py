#!/usr/bin/env python3
"""Test data for `corridor estimate-demand` from a TNTP instance (python3 standard library only).

usage: tools/scripts/estimation_test_data.py NET_DIR STEM OUT_DIR [--seed S] [--share F] [--noise N]

Reads NET_DIR/STEM_flow.tntp (best-known equilibrium flows) and NET_DIR/STEM_trips.tntp and writes
  OUT_DIR/counts.csv        from_node,to_node,count: the best-known flow on a seeded random share F
                            of the links (default 1/3; links sorted by (from, to), then sampled)
  OUT_DIR/prior_trips.tntp  the true matrix with every cell multiplied by U(1 - N, 1 + N), seeded
                            (default N = 0.4, i.e. x U(0.6, 1.4))
so that an estimate can be compared with the truth:
  corridor estimate-demand --network NET_DIR/STEM_net.tntp --trips OUT_DIR/prior_trips.tntp \\
      --counts OUT_DIR/counts.csv --trips-out OUT_DIR/estimate.tntp --summary-json OUT_DIR/s.json
Same seed, same files (Python's random.Random, Mersenne Twister).
"""
import argparse
import os
import random
import re


def read_flows(path):
    flows = []
    with open(path) as f:
        for line in f:
            t = line.strip()
            if not t or t[0] in "~<" or t[0].isalpha():
                continue
            parts = t.replace(";", " ").split()
            if len(parts) < 3:
                continue
            flows.append((int(parts[0]), int(parts[1]), float(parts[2])))
    return flows


def read_trips(path):
    zones, trips, origin = 0, {}, None
    with open(path) as f:
        for line in f:
            t = line.strip()
            m = re.match(r"<NUMBER OF ZONES>\s*(\d+)", t)
            if m:
                zones = int(m.group(1))
            if not t or t[0] in "~<":
                continue
            if t.startswith("Origin"):
                origin = int(t.split()[1])
                continue
            for dest, value in re.findall(r"(\d+)\s*:\s*([-+0-9.eE]+)", t):
                key = (origin, int(dest))
                trips[key] = trips.get(key, 0.0) + float(value)
    return zones, trips


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("net_dir")
    ap.add_argument("stem")
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--share", type=float, default=1.0 / 3.0)
    ap.add_argument("--noise", type=float, default=0.4)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out_dir, exist_ok=True)
    flows = sorted(read_flows(os.path.join(a.net_dir, a.stem + "_flow.tntp")))
    chosen = sorted(rng.sample(range(len(flows)), round(a.share * len(flows))))
    with open(os.path.join(a.out_dir, "counts.csv"), "w") as f:
        f.write("from_node,to_node,count\n")
        for i in chosen:
            f.write("%d,%d,%.10g\n" % flows[i])
    zones, trips = read_trips(os.path.join(a.net_dir, a.stem + "_trips.tntp"))
    noisy = {k: v * rng.uniform(1.0 - a.noise, 1.0 + a.noise) for k, v in sorted(trips.items())}
    with open(os.path.join(a.out_dir, "prior_trips.tntp"), "w") as f:
        f.write("<NUMBER OF ZONES> %d\n<TOTAL OD FLOW> %.17g\n<END OF METADATA>\n\n"
                % (zones, sum(noisy.values())))
        for o in range(1, zones + 1):
            f.write("Origin %d\n" % o)
            row = [(d, v) for (oo, d), v in noisy.items() if oo == o and v > 0]
            for i in range(0, len(row), 5):
                f.write(" ".join("%6d : %.17g;" % e for e in row[i:i + 5]) + "\n")
            f.write("\n")
    print("%d counts of %d links, prior total %.1f (true %.1f)"
          % (len(chosen), len(flows), sum(noisy.values()), sum(trips.values())))


if __name__ == "__main__":
    main()
