"""Run the bot with run_polling as production does, configured from the environment; the
shutdown test starts this in a subprocess and stops it with SIGTERM. TG_SERVICE picks the core."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so `tg.fakes` imports as in pytest

from tg.fakes import open_service  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.tg import run_polling  # noqa: E402


def main() -> None:
    settings = Settings.from_env(dotenv=False)
    service = open_service(os.environ.get("TG_SERVICE", "fake"), settings)
    print("starting", flush=True)
    run_polling(settings, service)
    service.close()
    print("stopped cleanly", flush=True)


if __name__ == "__main__":
    main()
