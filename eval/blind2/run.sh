#!/usr/bin/env bash
# Blind evaluation on three fictional transcripts (see README.md).
# Run from the project root:  PYTHON=.venv/bin/python bash eval/blind2/run.sh  (see eval/score_sets.sh)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$HERE/../score_sets.sh" "$HERE"
