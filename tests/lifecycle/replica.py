"""One bot replica for the scale-out tests: `python -m tests.lifecycle.replica --knowledge DIR --db URL`.

It opens the core the way the bot does (`Service.open`), follows the database's active version
with `refresh()` every 0.2 s in a background thread, and answers requests read from stdin, one
JSON object a line, with one JSON line each on stdout:

    {"id": 1, "op": "ask", "chat": "c1", "text": "…"}   → {"id": 1, "found", "answer", "date", "version"}
                                                          (version null: it changed while answering)
    {"id": 2, "op": "reload", "hold": 1.5}              → {"id": 2, "status", "version", "report"}
    {"id": 3, "op": "rollback"}                         → {"id": 3, "version"}
    {"id": 4, "op": "version"}                          → {"id": 4, "version"}
    {"op": "quit"}

`hold` keeps the reload lock for that many seconds before saving (a slow save), so that two
replicas' reloads overlap for certain. Unprompted lines are events: {"event": "ready"},
{"event": "holding"} (the reload lock is taken), {"event": "refreshed", "version": N}.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
import traceback
from pathlib import Path

from bot.config import Settings
from bot.service import Service

REFRESH_SECONDS = 0.2

_out = threading.Lock()


def emit(record: dict) -> None:
    """Write one JSON line (whole lines, whichever thread writes)."""
    with _out:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def follow(service: Service, stop: threading.Event) -> None:
    """Serve whatever version the database makes active, checking every REFRESH_SECONDS."""
    while not stop.wait(REFRESH_SECONDS):
        try:
            if service.refresh():
                emit({"event": "refreshed", "version": service.version, "at": time.time()})
        except Exception:  # a replica keeps serving its current version through database trouble
            traceback.print_exc()


def handle(service: Service, request: dict) -> dict:
    """Carry out one request."""
    op = request["op"]
    if op == "ask":
        # The refresh thread may switch versions while we answer: name a version only when it
        # is certain which one answered.
        before = service.version
        answer = service.ask(request["chat"], request["text"])
        after = service.version
        date = answer.sources[0].date if answer.sources else ""
        return {"found": answer.found, "answer": answer.text, "date": date, "version": before if before == after else None}
    if op == "reload":
        hold = float(request.get("hold", 0))
        if hold:
            save = service.db.save_version

            def slow_save(*args, **kwargs):
                emit({"event": "holding", "at": time.time()})
                time.sleep(hold)
                return save(*args, **kwargs)

            service.db.save_version = slow_save  # type: ignore[method-assign]
        try:
            report = service.reload(loaded_by=request.get("loaded_by", "replica"))
        finally:
            if hold:
                del service.db.save_version
        return {"status": report.status, "version": report.version, "report": report.text(), "at": time.time()}
    if op == "rollback":
        return {"version": service.rollback(request.get("version"))}
    if op == "version":
        return {"version": service.version}
    raise ValueError(f"unknown op {op!r}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--knowledge", type=Path, required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    service = Service.open(Settings(knowledge_dir=args.knowledge, database_url=args.db))
    service.engine  # noqa: B018 - build the (possibly empty) engine before saying ready
    stop = threading.Event()
    threading.Thread(target=follow, args=(service, stop), daemon=True).start()
    emit({"event": "ready", "version": service.version})
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            if request.get("op") == "quit":
                break
            try:
                reply = handle(service, request)
            except Exception as exc:
                traceback.print_exc()
                reply = {"error": f"{type(exc).__name__}: {exc}"}
            emit({"id": request.get("id"), **reply})
    finally:
        stop.set()
        service.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
