#!/usr/bin/env bash
# Usage: scripts/compare-replay-outputs.sh REFERENCE_OUT OUT
#
# Whether two `brm replay` output folders hold the same results: every file byte for byte, summary.json without
# the two numbers that are timings (ElapsedSeconds, EventsPerSecond). The check behind docs/performance.md's
# "outputs byte-identical": a change meant only to be faster must not change one byte of what a replay writes.
# Prints "DIFF <file>" (or "ONLY IN <folder>: <file>") per difference and "IDENTICAL" when there is none.
# Exit 0 identical, 1 different, 2 usage or a missing tool.
set -euo pipefail

if [ $# -ne 2 ] || [ ! -d "$1" ] || [ ! -d "$2" ]; then
  echo "usage: $0 REFERENCE_OUT OUT (two replay output folders)" >&2
  exit 2
fi
command -v jq >/dev/null 2>&1 || { echo "jq is needed to compare summary.json" >&2; exit 2; }

shopt -s nullglob
reference=$1 out=$2 differences=0
timings='del(.ElapsedSeconds, .EventsPerSecond)'

for path in "$reference"/* "$out"/*; do
  name=$(basename "$path")
  [ -f "$reference/$name" ] || { echo "ONLY IN $out: $name"; differences=1; continue; }
  [ -f "$out/$name" ] || { [ "$path" = "$reference/$name" ] && echo "ONLY IN $reference: $name" && differences=1; continue; }
  [ "$path" = "$reference/$name" ] || continue # each name once
  if [ "$name" = summary.json ]; then
    cmp -s <(jq -S "$timings" "$reference/$name") <(jq -S "$timings" "$out/$name") || { echo "DIFF $name"; differences=1; }
  elif ! cmp -s "$reference/$name" "$out/$name"; then
    echo "DIFF $name"
    differences=1
  fi
done

[ $differences -eq 0 ] && echo "IDENTICAL"
exit $differences
