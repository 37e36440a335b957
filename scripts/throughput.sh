#!/usr/bin/env bash
# Throughput of `chronicler extract --input` (batch mode, events and checks
# included) on a JSON Lines corpus made from the TBAQ-cleaned texts, each
# with its DCT, repeated to the size asked for. Usage:
#   scripts/throughput.sh [MB]          (default 100; also runs MB/10 to show linear time)
# Reports MB/s and docs/s with 1 thread and with all cores, and peak RSS
# (/usr/bin/time -v). Also times the small corpus in modern typography
# (curly quotes, apostrophes and dashes, as most news is written today:
# TBAQ's texts are ASCII) and, with BIG=1, ten times the large corpus through
# standard input for peak memory. Needs ../shared. Work files go to $OUT (default /tmp/chronicler-throughput).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
mb=${1:-100}
out=${OUT:-/tmp/chronicler-throughput}
gold=$shared/corpora/tbaq-cleaned
[ -d "$gold" ] || { echo "no corpus at $gold" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin=$root/target/release/chronicler
mkdir -p "$out/txt"
if [ ! -s "$out/dct.tsv" ]; then
  python3 "$shared/eval/tml2txt.py" "$gold" -o "$out/txt" --date-only > "$out/dct.tsv"
fi
make_corpus() { # MB FILE [typographic]
  python3 - "$out/txt" "$out/dct.tsv" "$1" "$2" "${3:-}" <<'EOF'
import json, sys
txt, tsv, mb, path, typo = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
docs = []
for row in open(tsv, encoding="utf-8"):
    stem, dct = row.rstrip("\n").split("\t")[:2]
    text = open(f"{txt}/{stem}.txt", encoding="utf-8").read()
    if typo:
        text = (text.replace("``", "\u201c").replace("''", "\u201d")
                .replace("'", "\u2019").replace(" -- ", " \u2014 "))
    docs.append((stem, text, dct))
size, n = 0, 0
with open(path, "w", encoding="utf-8") as f:
    while size < mb * 1e6:
        for stem, text, dct in docs:
            line = json.dumps({"id": f"{stem}#{n // len(docs)}", "text": text, "published": dct}, ensure_ascii=not typo) + "\n"
            f.write(line)
            size += len(line.encode("utf-8"))
            n += 1
print(f"{path}: {n} documents, {size / 1e6:.1f} MB", file=sys.stderr)
EOF
}
small=$(python3 -c "print($mb / 10)")
[ -s "$out/corpus-$mb.jsonl" ] || make_corpus "$mb" "$out/corpus-$mb.jsonl"
[ -s "$out/corpus-$small.jsonl" ] || make_corpus "$small" "$out/corpus-$small.jsonl"
[ -s "$out/typo-$small.jsonl" ] || make_corpus "$small" "$out/typo-$small.jsonl" typographic
measure() { # FILE THREADS
  local log=$out/time.log
  /usr/bin/time -v "$bin" extract --input "$1" --threads "$2" -o /dev/null 2> "$log" || true
  local summary rss wall cpu
  summary=$(grep '^chronicler:' "$log" | sed 's/^chronicler: //')
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f s", s}' "$log")
  printf '%-40s threads=%-2s %s; wall %s; cpu %s; peak RSS %s MB\n' "$(basename "$1")" "$2" "$summary" "$wall" "$cpu" "$rss"
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
measure "$out/corpus-$small.jsonl" 1
measure "$out/corpus-$small.jsonl" 0
measure "$out/corpus-$mb.jsonl" 1
measure "$out/corpus-$mb.jsonl" 0
measure "$out/typo-$small.jsonl" 1
if [ "${BIG:-0}" = 1 ]; then
  log=$out/time-big.log
  for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$out/corpus-$mb.jsonl"; done |
    /usr/bin/time -v "$bin" extract --input - --threads 0 -o /dev/null 2> "$log" || true
  printf '%-40s threads=0  %s; wall %s; peak RSS %s MB\n' "10 x corpus-$mb (stdin)" \
    "$(grep '^chronicler:' "$log" | sed 's/^chronicler: //')" \
    "$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")" \
    "$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$log")"
fi
