"""HTTP for the live sources: polite GETs with retries, timeouts and clear failures."""

from __future__ import annotations

import email.utils
import http.client
import json
import math
import socket
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

from minelib.live.errors import LiveDataError, SourceUnavailableError

__all__ = ["USER_AGENT", "Client", "http_get"]

USER_AGENT = "minelib/0.1 (Bitcoin mining economics research workbook; polite, cached)"


def _retry_after_s(value: str | None, cap: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    try:
        secs = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
            secs = (when - datetime.now(timezone.utc)).total_seconds()
        except (TypeError, ValueError):
            return None
    if not math.isfinite(secs):
        return None
    return min(max(secs, 0.0), cap)


def http_get(url: str, *, source: str, timeout: float = 30.0, retries: int = 3,
             backoff_s: float = 1.0, max_retry_after_s: float = 60.0,
             log=None) -> bytes:
    """GET ``url`` politely and return the body.

    Retries (``retries`` more attempts) on HTTP 429, HTTP 5xx, refused connections and
    timeouts, waiting ``backoff_s * 2**attempt`` seconds, or the server's ``Retry-After``
    (seconds or an HTTP date, capped at ``max_retry_after_s``) on 429/503. Other 4xx
    answers fail at once.

    Raises
    ------
    SourceUnavailableError
        Naming the source, the URL and the last reason.
    """
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                               "Accept": "application/json, text/csv, */*"})
    reason = "no attempt made"
    for attempt in range(retries + 1):
        wait = backoff_s * (2 ** attempt)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                body = resp.read()
                length = resp.headers.get("Content-Length")
                if length is not None and length.isdigit() and len(body) != int(length):
                    raise LiveDataError(
                        f"{source}: {url}: truncated download ({len(body)} of {length} bytes)")
                return body
        except urllib.error.HTTPError as exc:
            reason = f"HTTP {exc.code} {exc.reason}"
            if exc.code == 429 or exc.code == 503:
                ra = _retry_after_s(exc.headers.get("Retry-After") if exc.headers else None,
                                    max_retry_after_s)
                if ra is not None:
                    wait = ra
                    reason += f" (Retry-After {ra:g} s)"
            elif exc.code < 500:
                raise SourceUnavailableError(source, url, reason) from None
        except (TimeoutError, socket.timeout) as exc:
            reason = f"timed out after {timeout:g} s ({exc})"
        except urllib.error.URLError as exc:
            r = exc.reason
            if isinstance(r, (TimeoutError, socket.timeout)):
                reason = f"timed out after {timeout:g} s"
            else:
                reason = f"connection failed ({r})"
        except http.client.IncompleteRead as exc:
            reason = f"incomplete download ({len(exc.partial)} bytes received)"
        except (http.client.HTTPException, ConnectionError, OSError) as exc:  # reset mid-body
            reason = f"connection failed ({exc!r})"
        if attempt < retries:
            if log:
                log(f"  {source}: {reason}; retry {attempt + 1}/{retries} in {wait:.2g} s")
            time.sleep(wait)
    raise SourceUnavailableError(source, url, f"{reason} (after {retries + 1} attempt(s))")


def _get_json(url: str, source: str, **kw):
    body = http_get(url, source=source, **kw)
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LiveDataError(f"{source}: malformed JSON from {url} ({exc}); "
                            f"got {len(body)} bytes") from None


class Client:
    """GETs for one source: bytes, text or JSON, failures named with the source and URL."""

    def __init__(self, source: str, **kw):
        self.source, self.kw = source, kw

    def bytes(self, url: str) -> bytes:
        return http_get(url, source=self.source, **self.kw)

    def json(self, url: str):
        return _get_json(url, self.source, **self.kw)
