#!/usr/bin/env bash
# Blind set 4: score the bot on three fictional transcripts (one folder each).
# Run from the project root:  PYTHON=.venv/bin/python bash eval/blind4/run.sh
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
  ok="$(printf '%s' "$line" | sed -E 's#^accuracy ([0-9]+)/([0-9]+).*#\1#')"
  n="$(printf '%s' "$line" | sed -E 's#^accuracy ([0-9]+)/([0-9]+).*#\2#')"
  ok="${ok:-0}"; n="${n:-$(grep -c . "$dir/questions.jsonl")}"
  tot_ok=$((tot_ok + ok)); tot_n=$((tot_n + n))
  echo
done
echo "=== per folder above; total"
awk -v a="$tot_ok" -v b="$tot_n" 'BEGIN { printf "total accuracy %d/%d = %.1f%%\n", a, b, (b ? 100*a/b : 0) }'
