#!/usr/bin/env bash
# Score the bot on question sets of fictional transcripts: each SET folder holds one folder per
# transcript (the transcript + questions.jsonl), answered with that folder as the whole knowledge.
# Usage, from the project root:  PYTHON=.venv/bin/python bash eval/score_sets.sh eval/blind4 [eval/blind5 …]
# With no argument, every set under eval/. Prints each folder's score and the total per set.
set -u
PY="${PYTHON:-python}"
EVAL="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCORE="${SCORE:-$EVAL/../../shared/eval/score.py}"
[ $# -gt 0 ] || set -- "$EVAL"/*/
status=0
for set_dir in "$@"; do
  set_dir="${set_dir%/}"
  ok_sum=0; n_sum=0
  echo "##### $(basename "$set_dir")"
  for dir in "$set_dir"/*/; do
    dir="${dir%/}"
    [ -f "$dir/questions.jsonl" ] || continue
    echo "=== $(basename "$dir")"
    out="$("$PY" "$SCORE" --cases "$dir/questions.jsonl" --show-fail -- \
        "$PY" -m bot --knowledge "$dir" --db sqlite:// ask --jsonl 2>&1)" || status=1
    echo "$out"
    line="$(printf '%s\n' "$out" | grep -E '^accuracy [0-9]+/[0-9]+' | tail -n 1)"
    ok="$(printf '%s' "$line" | sed -nE 's#^accuracy ([0-9]+)/([0-9]+).*#\1#p')"
    n="$(printf '%s' "$line" | sed -nE 's#^accuracy ([0-9]+)/([0-9]+).*#\2#p')"
    ok_sum=$((ok_sum + ${ok:-0})); n_sum=$((n_sum + ${n:-$(grep -c . "$dir/questions.jsonl")}))
  done
  awk -v s="$(basename "$set_dir")" -v a="$ok_sum" -v b="$n_sum" \
    'BEGIN { printf "TOTAL %s: %d/%d = %.1f%%\n\n", s, a, b, (b ? 100 * a / b : 0) }'
done
exit $status
