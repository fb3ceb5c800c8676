#!/usr/bin/env bash
# Score the bot on the fictional "unseen" transcripts, one knowledge folder at a time.
# Run from the project root:  PYTHON=.venv/bin/python bash eval/unseen/run.sh  (see eval/score_sets.sh)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$HERE/../score_sets.sh" "$HERE"
