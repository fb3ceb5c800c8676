#!/usr/bin/env bash
# Blind evaluation: score the bot on each fictional transcript folder under eval/blind/.
# Run from the project root:  PYTHON=.venv/bin/python bash eval/blind/run.sh  (see eval/score_sets.sh)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$HERE/../score_sets.sh" "$HERE"
