#!/usr/bin/env bash
# Score the bot on the fictional "unseen" transcripts, one knowledge folder at a time.
# Run from the repository root:  PYTHON=.venv/bin/python bash eval/unseen/run.sh
set -u
PY="${PYTHON:-python}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCORE="${SCORE:-$HERE/../../../shared/eval/score.py}"

total_ok=0
total_n=0
summary=()
status=0
for dir in "$HERE"/*/; do
    dir="${dir%/}"
    [ -f "$dir/questions.jsonl" ] || continue
    name="$(basename "$dir")"
    echo "=== $name"
    # --knowledge/--db are options of `python -m bot` itself, so they go before the subcommand
    # (argparse rejects them after `ask`).
    out="$("$PY" "$SCORE" --cases "$dir/questions.jsonl" --show-fail -- \
        "$PY" -m bot --knowledge "$dir" --db sqlite:// ask --jsonl 2>&1)"
    rc=$?
    echo "$out"
    line="$(printf '%s\n' "$out" | grep -E '^accuracy [0-9]+/[0-9]+' | tail -n 1)"
    if [ -z "$line" ] || [ "$rc" -ne 0 ]; then
        status=1
    fi
    if [ -n "$line" ]; then
        frac="$(printf '%s\n' "$line" | sed -E 's/^accuracy ([0-9]+)\/([0-9]+).*/\1 \2/')"
        ok="${frac% *}"
        n="${frac#* }"
        total_ok=$((total_ok + ok))
        total_n=$((total_n + n))
        summary+=("$(printf '%-26s %s' "$name" "${line#accuracy }")")
    else
        summary+=("$(printf '%-26s %s' "$name" "no result (rc=$rc)")")
    fi
    echo
done

echo "=== summary"
for s in "${summary[@]}"; do
    echo "$s"
done
if [ "$total_n" -gt 0 ]; then
    awk -v a="$total_ok" -v n="$total_n" 'BEGIN { printf "%-26s %d/%d = %.1f%%\n", "TOTAL", a, n, 100 * a / n }'
fi
exit "$status"
