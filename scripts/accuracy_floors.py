#!/usr/bin/env python3
"""Fails when chronicler's accuracy on the shared TempEval-3 corpus falls under
its floor. Floors sit a little under the figures recorded in BENCHMARKS.md.

Usage: scripts/accuracy_floors.py            (runs scripts/eval_tbaq.sh per part)
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
        "timex.strict.f1": 0.878,
        "timex.relaxed.f1": 0.935,
        "timex.type.f1": 0.889,
        "timex.value.f1": 0.803,
        "events.relaxed.f1": 0.895,
        "anchoring.f1": 0.77,
    },
    "TimeBank": {
        "timex.strict.f1": 0.90,
        "timex.relaxed.f1": 0.937,
        "timex.type.f1": 0.908,
        "timex.value.f1": 0.823,
        "events.relaxed.f1": 0.88,
        "anchoring.f1": 0.805,
    },
    "AQUAINT": {
        "timex.strict.f1": 0.834,
        "timex.relaxed.f1": 0.931,
        "timex.type.f1": 0.847,
        "timex.value.f1": 0.76,
        "events.relaxed.f1": 0.915,
        "anchoring.f1": 0.735,
    },
}


def get(d, path):
    for k in path.split("."):
        d = d[k]
    return d


def main():
    failed = False
    for part, floors in FLOORS.items():
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
