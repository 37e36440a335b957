#!/usr/bin/env bash
# Runs `chronicler check` over every document of the TempEval-3 training
# corpus (TBAQ-cleaned: 256 newswire articles), each with its own creation
# date (DCT) as the publication date, and lists every finding. Usage:
#   scripts/check_tbaq.sh [--json]
# Needs ../shared (corpora and eval). Writes texts and DCTs to $OUT (default
# /tmp/chronicler-check) and the findings to $OUT/findings.txt (or .json).
# The judged list of findings is in BENCHMARKS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
out=${OUT:-/tmp/chronicler-check}
gold=$shared/corpora/tbaq-cleaned
[ -d "$gold" ] || { echo "no corpus at $gold" >&2; exit 2; }
format=text
[ "${1:-}" = --json ] && format=json
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin=$root/target/release/chronicler
rm -rf "$out"; mkdir -p "$out/txt"
python3 "$shared/eval/tml2txt.py" "$gold" -o "$out/txt" --dct-tsv "$out/dct.tsv" --date-only >/dev/null
docs=0; with=0; total=0
report=$out/findings.$([ "$format" = json ] && echo json || echo txt)
: > "$report"
while IFS=$'\t' read -r stem dct; do
  docs=$((docs + 1))
  set +e
  n=$("$bin" check "$out/txt/$stem.txt" --published "$dct" --quiet)
  status=$?
  set -e
  [ "$status" -le 1 ] || { echo "$stem: chronicler check failed (exit $status)" >&2; exit 2; }
  if [ "$n" -gt 0 ]; then
    with=$((with + 1)); total=$((total + n))
    if [ "$format" = json ]; then
      "$bin" check "$out/txt/$stem.txt" --published "$dct" --format json >> "$report" || true
    else
      echo "=== $stem (DCT $dct)" >> "$report"
      "$bin" check "$out/txt/$stem.txt" --published "$dct" >> "$report" || true
    fi
  fi
done < "$out/dct.tsv"
cat "$report"
[ "$total" = 1 ] && noun=finding || noun=findings
echo "$total $noun in $with of $docs documents"
