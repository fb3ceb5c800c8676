#!/usr/bin/env bash
# Blind evaluation over fictional transcripts in eval/blind3/*/ (see README.md).
# Run from the project root:  PYTHON=.venv/bin/python bash eval/blind3/run.sh  (see eval/score_sets.sh)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$HERE/../score_sets.sh" "$HERE"
