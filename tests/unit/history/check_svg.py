"""Checks history::save_svg's figures with a parser independent of the writer (xml.etree).

Usage: check_svg.py WRITE_SVG_CASES DIR. Runs the program, which writes <case>.svg and
<case>.json (the same history's to_json) into DIR, then for each figure checks: it parses as XML,
its root is an SVG element with a width, height and viewBox, it references nothing outside itself;
each panel has ticks and axis labels and a legend naming its series; and every polyline's points,
mapped back through the transform documented in include/ctnet/train/history.hpp (the panel's
data-* attributes), give the history's values at the right epochs, with NaN and infinities
breaking the line and every finite value plotted exactly once.
"""
import json
import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def main():
    exe, out = sys.argv[1], sys.argv[2]
    subprocess.run([exe, out], check=True)
    names = sorted(f[:-4] for f in os.listdir(out) if f.endswith(".svg"))
    check(names == ["all_nan", "broken", "full", "mse", "one_epoch", "wide", "zero_epochs"], f"cases: {names}")
    for name in names:
        check_case(name, os.path.join(out, name))
    for f in failures:
        print("FAIL:", f)
    print(f"{len(names)} figures checked, {len(failures)} failures")
    return 1 if failures else 0


def check_case(name, base):
    with open(base + ".json") as f:
        history = json.load(f)
    with open(base + ".svg", "rb") as f:
        raw = f.read()
    root = ET.fromstring(raw)  # raises on malformed XML
    check(root.tag == NS + "svg", f"{name}: root is {root.tag}")
    for a in ("width", "height", "viewBox"):
        check(a in root.attrib, f"{name}: svg has no {a}")
    text = raw.decode("utf-8")
    check("href" not in text and "url(" not in text and "<script" not in text, f"{name}: refers outside itself")
    epochs = history["epoch"]
    panels = root.findall(f"{NS}g[@class='panel']")
    expected_panels = ["loss"] + (["accuracy"] if "accuracy" in history or "val_accuracy" in history else [])
    check([p.get("data-name") for p in panels] == expected_panels, f"{name}: panels {[p.get('data-name') for p in panels]}")
    plotted = set()
    for panel in panels:
        pname = panel.get("data-name")
        x_min, x_max, y_min, y_max = (float(panel.get(a)) for a in ("data-x-min", "data-x-max", "data-y-min", "data-y-max"))
        left, top, width, height = (float(panel.get(a)) for a in ("data-left", "data-top", "data-width", "data-height"))
        check(x_max > x_min and y_max > y_min, f"{name}/{pname}: empty axis range")
        labels = [t.text for t in panel.iter(NS + "text")]
        check("Epoch" in labels and pname in labels, f"{name}/{pname}: axis labels missing: {labels}")
        numeric = [t for t in labels if t and t.lstrip("-").replace(".", "", 1).isdigit()]
        check(len(numeric) >= 4, f"{name}/{pname}: too few tick labels: {numeric}")
        for series in panel.findall(f"{NS}g[@class='series']"):
            sname = series.get("data-name")
            plotted.add(sname)
            check(sname in labels, f"{name}/{pname}: legend lacks {sname}")
            values = history.get(sname)
            check(values is not None, f"{name}: series {sname} not in the history")
            if values is None:
                continue
            seen = []
            for line in series.findall(NS + "polyline"):
                pts = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
                line_epochs = list(map(int, line.get("data-epochs").split()))
                raw_values = [float(v) for v in line.get("data-values").split()]
                check(len(pts) == len(line_epochs) == len(raw_values), f"{name}/{sname}: attribute lengths differ")
                check(line_epochs == list(range(line_epochs[0], line_epochs[0] + len(line_epochs))),
                      f"{name}/{sname}: a line skips an epoch")
                for (x, y), e, rv in zip(pts, line_epochs, raw_values):
                    v = values[e]
                    check(v is not None and rv == v, f"{name}/{sname}: data-values {rv} != {v} at epoch {e}")
                    # The documented mapping, inverted; coordinates carry 3 decimals.
                    epoch = x_min + (x - left) / width * (x_max - x_min)
                    value = y_min + (top + height - y) / height * (y_max - y_min)
                    check(abs(epoch - e) <= 0.0006 / width * (x_max - x_min), f"{name}/{sname}: x {x} is not epoch {e}")
                    if v is not None:
                        check(abs(value - v) <= 0.0006 / height * (y_max - y_min),
                              f"{name}/{sname}: y {y} gives {value}, not {v} (epoch {e})")
                        check(top - 1e-9 <= y <= top + height + 1e-9, f"{name}/{sname}: point outside the plot")
                    seen.append(e)
            finite = [e for e, v in enumerate(values) if v is not None]  # to_json writes NaN/inf as null
            check(seen == finite, f"{name}/{sname}: plotted epochs {seen} != finite epochs {finite}")
            runs = sum(1 for i, e in enumerate(finite) if i == 0 or finite[i - 1] != e - 1)
            check(len(series.findall(NS + "polyline")) == runs, f"{name}/{sname}: {runs} runs of finite values expected")
    present = {k for k in ("loss", "val_loss", "accuracy", "val_accuracy") if k in history}
    check(plotted == present, f"{name}: series {sorted(plotted)} != history's {sorted(present)}")
    check(len(epochs) == max([len(v) for k, v in history.items() if k != "epoch"] + [0]), f"{name}: epoch list")


if __name__ == "__main__":
    sys.exit(main())
