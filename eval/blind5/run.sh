#!/usr/bin/env bash
# Blind set 5: score the bot on three fictional transcripts it has never seen.
# Usage (from the repo root): PYTHON=.venv/bin/python bash eval/blind5/run.sh
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
  line="$(echo "$out" | grep -E '^accuracy [0-9]+/[0-9]+' | tail -1)"
  ok="$(echo "$line" | sed -E 's/^accuracy ([0-9]+)\/([0-9]+).*/\1/')"
  n="$(echo "$line" | sed -E 's/^accuracy ([0-9]+)\/([0-9]+).*/\2/')"
  [ -n "$ok" ] || { ok=0; n=$(grep -c . "$dir/questions.jsonl"); }
  echo "--- $name: $ok/$n"
  tot_ok=$((tot_ok + ok)); tot_n=$((tot_n + n))
done
echo "=== TOTAL blind5: $tot_ok/$tot_n = $(awk -v a="$tot_ok" -v b="$tot_n" 'BEGIN{printf "%.1f%%", b ? 100*a/b : 0}')"
