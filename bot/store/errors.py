"""Exceptions the store raises, so callers never need to know about SQLAlchemy."""

from __future__ import annotations


class StoreError(Exception):
    """The store could not do what was asked: unknown version, database failure, bad argument."""


class ReloadInProgress(StoreError):
    """Another process (or thread) holds the reload lock right now."""


class PollingTaken(StoreError):
    """Another replica holds the long-polling lock for this bot."""
