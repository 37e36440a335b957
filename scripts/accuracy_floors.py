#!/usr/bin/env python3
"""Fails when chronicler's accuracy on the shared corpora falls under its
floor. Floors sit a little under the figures recorded in BENCHMARKS.md.

Usage: scripts/accuracy_floors.py
Runs scripts/eval_tbaq.sh for each TBAQ part (the shared TempEval-3 scorer), and
`chronicler eval` on MEANTIME converted by scripts/meantime2tml.py (held out:
no rule is tuned on it; the floor guards that the rules keep generalising).
Needs ../shared (corpora and the scorer); run by .ci/run.
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# part -> metric path -> floor
FLOORS = {
    "all": {
        "timex.strict.f1": 0.889,
        "timex.relaxed.f1": 0.941,
        "timex.type.f1": 0.896,
        "timex.value.f1": 0.815,
        "events.relaxed.f1": 0.895,
        "anchoring.f1": 0.800,
    },
    "TimeBank": {
        "timex.strict.f1": 0.912,
        "timex.relaxed.f1": 0.943,
        "timex.type.f1": 0.917,
        "timex.value.f1": 0.837,
        "events.relaxed.f1": 0.88,
        "anchoring.f1": 0.835,
    },
    "AQUAINT": {
        "timex.strict.f1": 0.841,
        "timex.relaxed.f1": 0.937,
        "timex.type.f1": 0.852,
        "timex.value.f1": 0.766,
        "events.relaxed.f1": 0.915,
        "anchoring.f1": 0.762,
    },
    "MEANTIME": {
        "timex.strict.f1": 0.795,
        "timex.relaxed.f1": 0.873,
        "timex.type.f1": 0.818,
        "timex.value.f1": 0.718,
        "events.relaxed.f1": 0.73,
        "anchoring.f1": 0.788,
    },
}


def get(d, path):
    for k in path.split("."):
        d = d[k]
    return d


def meantime_summary():
    """`chronicler eval --json` on MEANTIME in TimeML (built by eval_tbaq.sh's release build)."""
    shared = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
    tml = os.path.join(os.environ.get("OUT", "/tmp/chronicler-eval"), "meantime-tml")
    subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "meantime2tml.py"),
         os.path.join(shared, "corpora", "meantime-en"), tml],
        check=True, capture_output=True, text=True,
    )
    return subprocess.run(
        [os.path.join(ROOT, "target", "release", "chronicler"), "eval", "--gold", tml, "--json"],
        check=True, capture_output=True, text=True,
    ).stdout


def main():
    failed = False
    for part, floors in FLOORS.items():
        if part == "MEANTIME":
            out = meantime_summary()
        else:
            out = subprocess.run(
                [os.path.join(ROOT, "scripts", "eval_tbaq.sh"), part, "--json"],
                check=True, capture_output=True, text=True,
            ).stdout
        summary = json.loads(out[out.index("{"):])
        for path, floor in floors.items():
            value = get(summary, path)
            ok = value >= floor
            failed |= not ok
            print(f"{'ok  ' if ok else 'FAIL'} {part:9} {path:22} {value:.4f} (floor {floor:.3f})")
    print(("accuracy floors: " + ("1 failed" if failed else "all met")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
