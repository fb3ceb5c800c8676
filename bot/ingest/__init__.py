"""Knowledge files → a validated Knowledge snapshot (decode, parse, extract, curate, validate)."""

from bot.ingest.build import build_knowledge
from bot.ingest.files import knowledge_files
from bot.ingest.report import LoadReport, diff_knowledge

__all__ = ["LoadReport", "build_knowledge", "diff_knowledge", "knowledge_files"]
