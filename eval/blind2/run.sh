#!/usr/bin/env bash
# Blind evaluation on three fictional transcripts (see README.md).
# usage (from the repository root): PYTHON=.venv/bin/python bash eval/blind2/run.sh
set -u
PY="${PYTHON:-python}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCORE="$HERE/../../../shared/eval/score.py"
total_ok=0
total_n=0
summary=""
for dir in "$HERE"/*/; do
  dir="${dir%/}"
  [ -f "$dir/questions.jsonl" ] || continue
  name="$(basename "$dir")"
  echo "=== $name"
  out="$("$PY" "$SCORE" --cases "$dir/questions.jsonl" --show-fail -- \
        "$PY" -m bot --knowledge "$dir" --db sqlite:// ask --jsonl 2>&1)"
  echo "$out"
  line="$(printf '%s\n' "$out" | grep -E '^accuracy [0-9]+/[0-9]+' | tail -n 1)"
  ok="$(printf '%s' "$line" | sed -E 's#^accuracy ([0-9]+)/([0-9]+).*#\1#')"
  n="$(printf '%s' "$line" | sed -E 's#^accuracy ([0-9]+)/([0-9]+).*#\2#')"
  if [ -z "$line" ]; then
    ok=0
    n="$(grep -c . "$dir/questions.jsonl")"
  fi
  total_ok=$((total_ok + ok))
  total_n=$((total_n + n))
  summary="$summary$(printf '%-22s %3d/%-3d' "$name" "$ok" "$n")"$'\n'
  echo
done
echo "=== summary"
printf '%s' "$summary"
if [ "$total_n" -gt 0 ]; then
  awk -v a="$total_ok" -v b="$total_n" 'BEGIN { printf "total                  %3d/%-3d = %.1f%%\n", a, b, 100 * a / b }'
fi
