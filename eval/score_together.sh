#!/usr/bin/env bash
# Score the bot on a set whose transcripts are loaded TOGETHER with the seed (as a held-out set is):
# SET holds several fictional transcripts (*.txt) and one or more questions*.jsonl; the knowledge is
# the seed (its transcript, curated figures and aliases, from eval/seed/) plus every transcript in SET.
# Usage, from the project root:  PYTHON=.venv/bin/python bash eval/score_together.sh eval/blind20 [--show-fail]
# Prints the per-kind table and "accuracy X/Y = P%" (shared/eval/score.py).
set -euo pipefail
PY="${PYTHON:-python}"
EVAL="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCORE="${SCORE:-$EVAL/../../shared/eval/score.py}"
set_dir="${1:?usage: score_together.sh SET [score.py options]}"; shift
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
mkdir -p "$work/knowledge"
cp "$EVAL"/seed/* "$work/knowledge/"
cp "$set_dir"/*.txt "$work/knowledge/"
cat "$set_dir"/questions*.jsonl > "$work/questions.jsonl"
"$PY" "$SCORE" --cases "$work/questions.jsonl" "${@:---show-fail}" -- \
    "$PY" -m bot --knowledge "$work/knowledge" --db sqlite:// ask --jsonl
