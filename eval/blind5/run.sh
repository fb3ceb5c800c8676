#!/usr/bin/env bash
# Blind set 5: score the bot on three fictional transcripts it has never seen.
# Run from the project root:  PYTHON=.venv/bin/python bash eval/blind5/run.sh  (see eval/score_sets.sh)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$HERE/../score_sets.sh" "$HERE"
