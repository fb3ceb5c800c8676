#!/usr/bin/env bash
# Blind set 6: score the bot on each fictional transcript folder, then print the total.
set -u
PY="${PYTHON:-python}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCORE="$HERE/../../../shared/eval/score.py"
ok=0; all=0
for dir in "$HERE"/*/; do
  dir="${dir%/}"
  [ -f "$dir/questions.jsonl" ] || continue
  echo "== $(basename "$dir")"
  out="$("$PY" "$SCORE" --cases "$dir/questions.jsonl" --show-fail -- "$PY" -m bot --knowledge "$dir" --db sqlite:// ask --jsonl)"
  echo "$out"
  line="$(echo "$out" | grep '^accuracy ' | tail -1)"
  frac="$(echo "$line" | awk '{print $2}')"
  ok=$((ok + ${frac%/*})); all=$((all + ${frac#*/}))
done
if [ "$all" -gt 0 ]; then
  awk -v a="$ok" -v n="$all" 'BEGIN{printf "TOTAL accuracy %d/%d = %.1f%%\n", a, n, 100*a/n}'
fi
