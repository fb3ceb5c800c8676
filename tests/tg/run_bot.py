"""Run the bot with run_polling (or run_webhook, with the argument `webhook`) as production does,
configured from the environment; the shutdown tests start this in a subprocess and stop it with
SIGTERM. TG_SERVICE picks the core."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so `tg.fakes` imports as in pytest

from tg.fakes import open_service  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.tg import run_polling, run_webhook  # noqa: E402


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env(dotenv=False)
    service = open_service(os.environ.get("TG_SERVICE", "fake"), settings)
    print("starting", flush=True)
    run = run_webhook if sys.argv[1:] == ["webhook"] else run_polling
    run(settings, service)
    service.close()
    print("stopped cleanly", flush=True)


if __name__ == "__main__":
    main()
