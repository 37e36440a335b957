#!/usr/bin/env bash
# Checks that `chronicler eval` reproduces the shared TempEval-3 scorer
# (../shared/eval/timeml_score.py) exactly on TBAQ-cleaned, for chronicler's
# own answers written as JSON and as TimeML, and that the TimeML answers score
# the same as the JSON answers. Usage:
#   scripts/check_eval_matches_scorer.sh [GOLD_DIR]
# GOLD_DIR defaults to ../shared/corpora/tbaq-cleaned. Exits 0 when everything
# agrees, 1 on a difference, 0 with a message when ../shared is not there.
# Writes answers to $OUT (default: a fresh temporary folder).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
scorer=$shared/eval/timeml_score.py
gold=${1:-$shared/corpora/tbaq-cleaned}
if [ ! -f "$scorer" ] || [ ! -d "$gold" ]; then
  echo "skipped: no scorer at $scorer or no corpus at $gold" >&2
  exit 0
fi
command -v python3 >/dev/null || { echo "skipped: no python3" >&2; exit 0; }
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin=${CHRONICLER:-$root/target/release/chronicler}

"$bin" extract "$gold" --format json -o "$out/json/" || echo "note: some inputs could not be extracted (see above)" >&2
"$bin" extract "$gold" --format timeml -o "$out/tml/" || echo "note: some inputs could not be extracted (see above)" >&2

for kind in json tml; do
  python3 "$scorer" "$gold" "$out/$kind" --json --per-doc --quiet > "$out/py-$kind.json"
  "$bin" eval --gold "$gold" --system "$out/$kind" --json --per-doc > "$out/ch-$kind.json" 2>/dev/null
done
"$bin" eval --gold "$gold" --json --per-doc > "$out/ch-self.json" 2>/dev/null

python3 - "$out" <<'EOF'
import json, sys
out = sys.argv[1]
def load(name):
    with open(f"{out}/{name}.json") as fh:
        d = json.load(fh)
    d.pop("system_dir", None)
    return d
def diff(a, b, path=""):
    """Every place where a and b differ (numbers must be identical)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                yield f"{path}.{k}: only in one"
            else:
                yield from diff(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{path}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            yield from diff(x, y, f"{path}[{i}]")
    elif a != b or type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        yield f"{path}: {a!r} vs {b!r}"
checks = [
    ("chronicler eval on JSON answers", "py-json", "ch-json"),
    ("chronicler eval on TimeML answers", "py-tml", "ch-tml"),
    ("TimeML answers vs JSON answers (timeml_score.py)", "py-json", "py-tml"),
    ("chronicler eval in process vs JSON answers", "py-json", "ch-self"),
]
bad = 0
for what, a, b in checks:
    d = list(diff(load(a), load(b)))
    print(f"{'ok  ' if not d else 'FAIL'} {what}" + (f": {len(d)} differences" if d else ""))
    for line in d[:10]:
        print("     " + line)
    bad += bool(d)
s = load("py-json")
t = s["timex"]
print(f"     {s['docs']} docs; timex strict F1 {t['strict']['f1']:.4f}, relaxed F1 {t['relaxed']['f1']:.4f}, "
      f"value F1 {t['value']['f1']:.4f}, type F1 {t['type']['f1']:.4f}; "
      f"event relaxed F1 {s['events']['relaxed']['f1']:.4f}; anchoring F1 {s['anchoring']['f1']:.4f}")
sys.exit(1 if bad else 0)
EOF
