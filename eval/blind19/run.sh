#!/usr/bin/env bash
# Blind set 19: score the bot on each fictional transcript folder, then print the total.
# Run from the project root:  PYTHON=.venv/bin/python bash eval/blind19/run.sh  (see eval/score_sets.sh)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$HERE/../score_sets.sh" "$HERE"
