#!/usr/bin/env bash
# Scores chronicler on the TempEval-3 training corpus (TBAQ-cleaned) with the
# shared TempEval-3 scorer. Usage:
#   scripts/eval_tbaq.sh [PART] [--json]     PART: all (default), TimeBank, AQUAINT
# Needs ../shared (corpora and eval). Writes system answers to $OUT (default /tmp/chronicler-eval).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
part=${1:-all}
shift || true
out=${OUT:-/tmp/chronicler-eval}/$part
gold=$shared/corpora/tbaq-cleaned
[ "$part" = all ] || gold=$gold/$part
[ -d "$gold" ] || { echo "no corpus at $gold" >&2; exit 2; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin=$root/target/release/chronicler
rm -rf "$out"; mkdir -p "$out/txt" "$out/sys"
dirs=("$gold")
[ "$part" = all ] && dirs=("$gold/TimeBank" "$gold/AQUAINT")
for d in "${dirs[@]}"; do
  python3 "$shared/eval/tml2txt.py" "$d" -o "$out/txt" --dct-tsv "$out/txt/dct-$(basename "$d").tsv" --date-only >/dev/null
done
cat "$out"/txt/dct-*.tsv | while IFS=$'\t' read -r stem dct; do
  "$bin" extract "$out/txt/$stem.txt" --published "$dct" --format json > "$out/sys/$stem.json"
done
python3 "$shared/eval/timeml_score.py" "$gold" "$out/sys" "$@"
