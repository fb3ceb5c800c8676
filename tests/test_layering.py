"""The core never imports the front end's or the store's libraries: qa, ingest and desk stay pure."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

FORBIDDEN = {"telegram", "sqlalchemy"}

# Import the core, record the top-level modules loaded, then import the store and record again:
# the second list proves the probe would notice a forbidden import.
_PROBE = """
import json, sys
def loaded():
    return sorted({m.split('.')[0] for m in sys.modules})
import bot.qa, bot.ingest, bot.qa.engine, bot.ingest.build, bot.domain, bot.text
import bot.desk, bot.desk.export, bot.desk.chart, bot.desk.png, bot.desk.brief, bot.desk.changes
import bot.desk.county, bot.desk.consistency
core = loaded()
import bot.store
print(json.dumps({"core": core, "store": loaded()}))
"""

# Build an Engine over the seed and answer one question (lazy imports included), then record.
_ANSWER = """
import json, sys
from pathlib import Path
from bot.ingest import build_knowledge, knowledge_files
from bot.qa import Engine
knowledge, _ = build_knowledge(knowledge_files(Path('tests/data/seed')))
answer, _ = Engine(knowledge).answer('棚戶區已開工多少套')
print(json.dumps({"found": answer.found, "modules": sorted({m.split('.')[0] for m in sys.modules})}))
"""


def _run(code: str) -> dict:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_importing_qa_and_ingest_loads_neither_telegram_nor_sqlalchemy() -> None:
    seen = _run(_PROBE)
    assert "bot" in seen["core"], "the import must really have happened"
    assert FORBIDDEN.isdisjoint(seen["core"]), sorted(FORBIDDEN & set(seen["core"]))
    assert "sqlalchemy" in seen["store"], "the probe must be able to see a forbidden import"


def test_answering_a_question_loads_neither() -> None:
    seen = _run(_ANSWER)
    assert seen["found"] is True
    assert FORBIDDEN.isdisjoint(seen["modules"]), sorted(FORBIDDEN & set(seen["modules"]))
