"""A heartbeat file the running bot touches, and the check Docker's HEALTHCHECK runs.

A polling bot has no port to probe; what can go wrong is a process that is alive but stuck.
The bot's event loop touches the file every BEAT_SECONDS; `python -m bot.tg.health` exits 0
while the file is fresh and 1 otherwise.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

BEAT_SECONDS = 10.0
# Three missed beats and a margin: a reload or a burst may hold the loop a little.
MAX_AGE_SECONDS = 45.0


def heartbeat_path() -> Path:
    """Where the heartbeat lives (the temp dir, TMPDIR in the Docker image)."""
    return Path(tempfile.gettempdir()) / "minsheng-bot.heartbeat"


async def beat(path: Path, every: float = BEAT_SECONDS) -> None:
    """Touch `path` every `every` seconds until cancelled."""
    while True:
        path.touch()
        await asyncio.sleep(every)


def healthy(path: Path, now: float | None = None, max_age: float = MAX_AGE_SECONDS) -> bool:
    """True when the heartbeat was touched within `max_age` seconds."""
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except FileNotFoundError:
        return False
    return age <= max_age


def main() -> int:
    """Exit status for HEALTHCHECK."""
    path = heartbeat_path()
    if healthy(path):
        return 0
    print(f"unhealthy: {path} missing or older than {MAX_AGE_SECONDS:.0f} s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
