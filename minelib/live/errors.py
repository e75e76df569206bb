"""The two ways a live-data refresh fails: bad data, or no data."""

from __future__ import annotations

__all__ = ["LiveDataError", "SourceUnavailableError"]


class LiveDataError(ValueError):
    """Downloaded data is malformed, incomplete or implausible (names source and column)."""


class SourceUnavailableError(ConnectionError):
    """A source could not be reached (HTTP 5xx/4xx after retries, refused, timeout)."""

    def __init__(self, source: str, url: str, reason: str):
        self.source, self.url, self.reason = source, url, reason
        super().__init__(f"{source}: {url} is unavailable: {reason}")
