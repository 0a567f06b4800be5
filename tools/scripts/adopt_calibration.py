#!/usr/bin/env python3
"""Writes the estimates of a `corridor calibrate` run into a region's demand.toml, in place.

Usage: adopt_calibration.py REGION_DIR CALIBRATE_OUT_DIR CALIBRATE_LOG [--date YYYY-MM-DD]

`corridor calibrate` writes OUT/demand.toml re-serialised (comments lost). This keeps the region's
hand-written demand.toml and changes only the values of the keys that REGION/calibration.toml
frees ([[parameter]] key) or sets ([set]): the value is replaced on its line and the line's
comment says it was calibrated (date, previous value). A block at the top of the file records the
run: estimates with standard errors (OUT/parameters.csv), cost before and after, iterations, model
runs and seconds (the summary line of CALIBRATE_LOG, the run's terminal output).

Values are written with 4 significant digits (far below any standard error of the fit). Checks
before writing (atomically: temporary file + rename): the patched file parses (tomllib), every
adopted key holds the value of OUT/demand.toml (to 1e-3), and every other value is unchanged.
Keys: "section.name" or "section.name[i]" (an element of an inline array), as calibration.toml.
"""
import argparse
import csv
import datetime
import math
import os
import re
import sys
import tempfile
import tomllib

KEY = re.compile(r"^([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)(?:\[(\d+)\])?$")
BEGIN = "# >>> calibrated by tools/scripts/calibrate_region.sh"
END = "# <<< calibrated"


def fail(msg):
    sys.exit(f"adopt_calibration.py: {msg}")


def lookup(table, key):
    m = KEY.match(key)
    if not m:
        fail(f"key '{key}': expected section.name or section.name[i]")
    section, name, index = m.group(1), m.group(2), m.group(3)
    value = table.get(section, {}).get(name)
    if index is not None:
        value = value[int(index)] if isinstance(value, list) and int(index) < len(value) else None
    return value


def fmt(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return f"{v:.4g}"  # 4 significant digits: far below any standard error
    if isinstance(v, str):
        return '"' + v + '"'
    return str(v)


def split_comment(rest):
    """'value   # comment' -> ('value', '   ', 'comment'); '#' inside a string is not a comment."""
    in_str = False
    for i, c in enumerate(rest):
        if c == '"':
            in_str = not in_str
        elif c == "#" and not in_str:
            value = rest[:i].rstrip()
            return value, rest[len(value):i], rest[i + 1:].strip()
    return rest.rstrip(), "", ""


def patch_line(line, changes, date):
    """changes: [(index or None, new value)] for one key; one note for all of them."""
    name, _, rest = line.partition("=")
    value, gap, comment = split_comment(rest.strip())
    olds = []
    if changes[0][0] is not None:
        inner = value.strip()
        if not (inner.startswith("[") and inner.endswith("]")):
            fail(f"'{line.strip()}': expected an inline array")
        items = [x.strip() for x in inner[1:-1].split(",") if x.strip()]
        for index, new in changes:
            if int(index) >= len(items):
                fail(f"'{line.strip()}': no element {index}")
            olds.append(f"[{index}] {items[int(index)]}")
            items[int(index)] = fmt(new)
        value = "[" + ", ".join(items) + "]"
    else:
        olds.append(value)
        value = fmt(changes[0][1])
    # One "calibrated" note per line: drop the note of an earlier adoption, keep the source text.
    comment = re.sub(r"^calibrated [^;]*(; ?|$)", "", comment)
    note = f"calibrated {date}, was {', '.join(olds)}" + ("; " if comment else "")
    return f"{name.rstrip()} = {value}{gap if gap else '  '}# {note}{comment}".rstrip() + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("region")
    ap.add_argument("out")
    ap.add_argument("log")
    ap.add_argument("--date", default=datetime.date.today().isoformat())
    ap.add_argument("--params", help="demand.toml to patch (default REGION/demand.toml)")
    a = ap.parse_args()

    target = a.params or os.path.join(a.region, "demand.toml")
    with open(os.path.join(a.region, "calibration.toml"), "rb") as f:
        spec = tomllib.load(f)
    with open(os.path.join(a.out, "demand.toml"), "rb") as f:
        calibrated = tomllib.load(f)
    with open(target, "rb") as f:
        original = tomllib.load(f)
    keys = [p["key"] for p in spec.get("parameter", [])] + list(spec.get("set", {}).keys())

    with open(os.path.join(a.out, "parameters.csv"), newline="") as f:
        params = list(csv.DictReader(f))
    summary = ""
    with open(a.log, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("cost "):
                summary = line.strip()
    if not summary:
        fail(f"{a.log}: no 'cost A -> B ...' summary line (did calibrate finish?)")

    lines = open(target, encoding="utf-8").read().splitlines(keepends=True)
    # Drop the block of an earlier adoption.
    if lines and lines[0].startswith(BEGIN):
        end = next((i for i, l in enumerate(lines) if l.startswith(END)), None)
        if end is None:
            fail(f"{target}: '{BEGIN}' block without its end line")
        lines = lines[end + 1:]

    grouped = {}  # (section, name) -> [(index, new value)]
    for key in keys:
        m = KEY.match(key)
        if not m:
            fail(f"calibration.toml key '{key}': expected section.name or section.name[i]")
        new = lookup(calibrated, key)
        if new is None:
            fail(f"{a.out}/demand.toml has no value at '{key}'")
        grouped.setdefault((m.group(1), m.group(2)), []).append((m.group(3), new))
    for (section, name), changes in grouped.items():
        if len({i is None for i, _ in changes}) > 1:
            fail(f"'{section}.{name}' freed both whole and by element")
        current = None
        found = False
        for i, line in enumerate(lines):
            s = line.strip()
            if s.startswith("["):
                current = s.strip("[]").strip()
                continue
            if current == section and re.match(rf"^{re.escape(name)}\s*=", s):
                lines[i] = patch_line(line, changes, a.date)
                found = True
                break
        if not found:
            # A key the file leaves at its default: add it at the end of its section.
            if changes[0][0] is not None:
                fail(f"{target}: no array '{section}.{name}' to put an element in")
            at = None
            current = None
            for i, line in enumerate(lines):
                s = line.strip()
                if s.startswith("["):
                    if current == section and at is None:
                        at = i
                    current = s.strip("[]").strip()
            if at is None and current == section:
                at = len(lines)
            if at is None:
                lines.append(f"\n[{section}]\n")
                at = len(lines)
            while at > 0 and not lines[at - 1].strip():
                at -= 1
            lines.insert(at, f"{name} = {fmt(changes[0][1])}  # calibrated {a.date}, was the default\n")

    block = [f"{BEGIN} on {a.date}: `corridor calibrate` ({os.path.basename(a.region)}/calibration.toml)\n",
             "# fitted to the calibration rows of observed/ (docs/model-validation.md has the tables):\n"]
    for p in params:
        se = p["std_error"]
        se_text = "at a bound" if p["at_bound"] == "yes" else (
            "not identified" if p["identified"] == "no" else f"± {float(se):.3g}")
        block.append(f"#   {p['parameter']} = {float(p['estimate']):.6g} ({se_text}; start "
                     f"{float(p['start']):.6g})\n")
    block.append(f"#   {summary}\n")
    block.append(f"{END}\n")
    text = "".join(block + lines)

    patched = tomllib.loads(text)
    def same(x, y):
        if isinstance(x, float) and isinstance(y, float):
            return math.isclose(x, y, rel_tol=1e-3, abs_tol=1e-6)
        return x == y

    for key in keys:
        if not same(lookup(patched, key), lookup(calibrated, key)):
            fail(f"'{key}': patched {lookup(patched, key)!r} != calibrated {lookup(calibrated, key)!r}")

    def flatten(t, prefix=""):
        out = {}
        for k, v in t.items():
            if isinstance(v, dict):
                out.update(flatten(v, f"{prefix}{k}."))
            elif isinstance(v, list) and v and not isinstance(v[0], (dict, list)):
                for i, x in enumerate(v):
                    out[f"{prefix}{k}[{i}]"] = x
            else:
                out[f"{prefix}{k}"] = v
        return out

    before, after = flatten(original), flatten(patched)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    unexpected = [k for k in changed if k not in keys]
    if unexpected:
        fail(f"values changed that calibration.toml does not free: {unexpected}")

    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(target)), suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, target)
    for k in changed:
        print(f"{k}: {before.get(k)} -> {after.get(k)}")


if __name__ == "__main__":
    main()
