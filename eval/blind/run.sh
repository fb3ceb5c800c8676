#!/usr/bin/env bash
# Blind evaluation: score the bot on each fictional transcript folder under eval/blind/.
# Usage (from the repo root):  PYTHON=.venv/bin/python bash eval/blind/run.sh
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="${PYTHON:-python}"
# A relative interpreter path (e.g. .venv/bin/python) is taken relative to the current directory.
case "$PY" in
  */*) [ "${PY#/}" = "$PY" ] && PY="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")" ;;
esac
SCORE="$HERE/../../../shared/eval/score.py"
[ -f "$SCORE" ] || { echo "score.py not found at $SCORE" >&2; exit 2; }

cd "$ROOT" || exit 2
tot_ok=0; tot_n=0; summary=""
for dir in "$HERE"/*/; do
  dir="${dir%/}"
  [ -f "$dir/questions.jsonl" ] || continue
  name="$(basename "$dir")"
  echo "=== $name ==="
  out="$("$PY" "$SCORE" --cases "$dir/questions.jsonl" --show-fail -- \
          "$PY" -m bot --knowledge "$dir" --db sqlite:// ask --jsonl 2>&1)"
  echo "$out"
  line="$(printf '%s\n' "$out" | grep -E '^accuracy [0-9]+/[0-9]+' | tail -n 1)"
  frac="$(printf '%s\n' "$line" | sed -E 's/^accuracy ([0-9]+)\/([0-9]+).*/\1 \2/')"
  ok="${frac% *}"; n="${frac#* }"
  if [ -z "$line" ]; then
    n="$(grep -c . "$dir/questions.jsonl")"; ok=0
  fi
  tot_ok=$((tot_ok + ok)); tot_n=$((tot_n + n))
  summary="$summary$(printf '%-24s %3d/%-3d = %5.1f%%' "$name" "$ok" "$n" "$(awk -v a="$ok" -v b="$n" 'BEGIN{print (b? 100*a/b : 0)}')")"$'\n'
  echo
done
echo "=== summary ==="
printf '%s' "$summary"
printf '%-24s %3d/%-3d = %5.1f%%\n' "TOTAL" "$tot_ok" "$tot_n" "$(awk -v a="$tot_ok" -v b="$tot_n" 'BEGIN{print (b? 100*a/b : 0)}')"
