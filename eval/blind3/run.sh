#!/usr/bin/env bash
# Blind evaluation over fictional transcripts in eval/blind3/*/ (see README.md).
# Run from the repo root:  PYTHON=/path/to/python bash eval/blind3/run.sh
set -u
PY="${PYTHON:-python}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCORE="$HERE/../../../shared/eval/score.py"
tot_ok=0; tot_n=0
for dir in "$HERE"/*/; do
  dir="${dir%/}"
  [ -f "$dir/questions.jsonl" ] || continue
  name="$(basename "$dir")"
  echo "=== $name"
  out="$("$PY" "$SCORE" --cases "$dir/questions.jsonl" --show-fail -- "$PY" -m bot --knowledge "$dir" --db sqlite:// ask --jsonl 2>&1)"
  echo "$out"
  line="$(printf '%s\n' "$out" | grep -E '^accuracy [0-9]+/[0-9]+' | tail -1)"
  ok="$(printf '%s' "$line" | sed -E 's/^accuracy ([0-9]+)\/([0-9]+).*/\1/')"
  n="$(printf '%s' "$line" | sed -E 's/^accuracy ([0-9]+)\/([0-9]+).*/\2/')"
  if [ -z "$line" ]; then ok=0; n="$(grep -c . "$dir/questions.jsonl")"; fi
  echo "--- $name: $ok/$n"
  tot_ok=$((tot_ok + ok)); tot_n=$((tot_n + n))
done
if [ "$tot_n" -gt 0 ]; then
  awk -v a="$tot_ok" -v b="$tot_n" 'BEGIN{printf "TOTAL accuracy %d/%d = %.1f%%\n", a, b, 100*a/b}'
fi
