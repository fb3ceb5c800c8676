"""Persistence of knowledge versions, the query log and chat contexts (the only SQLAlchemy user).

Open with `open_database(url)`; everything else is a method of the returned `Database`.
"""

from bot.store.database import Database, open_database
from bot.store.errors import PollingTaken, ReloadInProgress, StoreError
from bot.store.fingerprint import fingerprint
from bot.store.versions import DEFAULT_KEEP, VersionInfo

__all__ = [
    "DEFAULT_KEEP",
    "Database",
    "PollingTaken",
    "ReloadInProgress",
    "StoreError",
    "VersionInfo",
    "fingerprint",
    "open_database",
]
