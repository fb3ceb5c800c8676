"""python -m bot → the command line."""

from bot.cli import main

if __name__ == "__main__":  # a reload's worker process (spawned) imports this module again: no second CLI
    raise SystemExit(main(prog="python -m bot"))
