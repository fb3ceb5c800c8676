#!/usr/bin/env bash
# Every answer set in one run, for comparing FAIL lines before and after a change:
#   dev.jsonl (seed), dev_update.jsonl (seed + May sample), every per-transcript set alone
#   (eval/unseen, eval/blind…blind19) and the sets loaded together with the seed (eval/blind20…).
# Usage, from the project root:  PYTHON=.venv/bin/python bash eval/regress_all.sh > /tmp/after.txt
#   (from a checkout not beside ../shared, e.g. a git worktree: add SHARED=/path/to/shared)
#   then: diff <(grep ^FAIL /tmp/before.txt | cut -d' ' -f2 | sort) <(grep ^FAIL /tmp/after.txt | cut -d' ' -f2 | sort)
set -u
PY="${PYTHON:-python}"
EVAL="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SHARED="${SHARED:-$EVAL/../../shared}"  # SHARED=/work/shared from a worktree elsewhere
SCORE="$SHARED/eval/score.py"
"$PY" "$SCORE" --cases "$SHARED/eval/dev.jsonl" --show-fail -- \
    "$PY" -m bot --knowledge "$EVAL/seed" --db sqlite:// ask --jsonl 2>&1 | sed 's/^/dev /'
update="$(mktemp -d)"; trap 'rm -rf "$update"' EXIT
cp "$EVAL"/seed/* "$SHARED"/samples/*.txt "$update/"
"$PY" "$SCORE" --cases "$SHARED/eval/dev_update.jsonl" --show-fail -- \
    "$PY" -m bot --knowledge "$update" --db sqlite:// ask --jsonl 2>&1 | sed 's/^/upd /'
alone=(); together=()
for set_dir in "$EVAL"/unseen "$EVAL"/blind*/; do
    set_dir="${set_dir%/}"
    if compgen -G "$set_dir/questions*.jsonl" >/dev/null; then together+=("$set_dir"); else alone+=("$set_dir"); fi
done
PYTHON="$PY" SCORE="$SCORE" bash "$EVAL/score_sets.sh" "${alone[@]}"
for set_dir in "${together[@]}"; do
    echo "##### $(basename "$set_dir") (with the seed)"
    PYTHON="$PY" SCORE="$SCORE" bash "$EVAL/score_together.sh" "$set_dir"
done
