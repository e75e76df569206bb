"""HTTP for the live sources: polite GETs through requests, retried by urllib3's ``Retry``.

One :class:`Client` per source and refresh. Retrying is urllib3's, not ours: HTTP 429 and
5xx, refused connections and read timeouts are retried with exponential backoff, and a
server's ``Retry-After`` (delta-seconds or HTTP-date) is obeyed up to a cap. What comes
back is checked before anyone parses it: a status that is still an error, an HTML page
(a captcha or an error page served with 200), a content type that is not the one asked
for, or a body that is not UTF-8 each fail with the source and the URL named.
"""

from __future__ import annotations

import json

from minelib.live.errors import LiveDataError, SourceUnavailableError

# requests and urllib3 are imported where a request is made, not here: ``import minelib``
# (every notebook kernel, every ``minelib reports`` run) loads this module, and requests
# with its TLS and charset stack costs ~0.3 s of start-up that only a refresh needs.

__all__ = ["USER_AGENT", "RETRY_STATUSES", "retry_policy", "Client"]

USER_AGENT = "minelib/0.1 (Bitcoin mining economics research workbook; polite, cached)"
#: Statuses worth another try: rate limited, and the server-side errors.
RETRY_STATUSES = (429, 500, 502, 503, 504)
#: Media types accepted for each kind of body (an absent Content-Type is accepted too).
_MEDIA_TYPES = {
    "json": ("application/json", "text/json", "text/plain", "text/javascript"),
    "csv": ("text/csv", "text/plain", "application/csv", "application/octet-stream"),
}


def retry_policy(retries: int, backoff_s: float, max_retry_after_s: float):
    """urllib3's ``Retry`` as the sources need it.

    ``retries`` more attempts on a refused connection, a read timeout or a status in
    :data:`RETRY_STATUSES`; waits ``backoff_s * 2**(n - 1)`` seconds before the n-th
    consecutive retry (urllib3's schedule: the first retry is immediate), or the server's
    ``Retry-After`` in either form, capped at ``max_retry_after_s``. After the last attempt
    the final response is returned (``raise_on_status=False``) so its status can be reported.

    Examples
    --------
    >>> r = retry_policy(3, 1.0, 60.0)
    >>> r.parse_retry_after("3600"), r.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT")
    (60.0, 0)
    """
    from urllib3.util.retry import Retry

    return Retry(
        total=retries, connect=retries, read=retries, status=retries, other=0,
        backoff_factor=backoff_s, status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}), respect_retry_after_header=True,
        retry_after_max=max_retry_after_s, raise_on_status=False, raise_on_redirect=False,
    )


def _transport_reason(exc, timeout: float) -> str:
    import requests
    from urllib3.exceptions import MaxRetryError, ProtocolError

    inner = exc.args[0] if exc.args else None
    if isinstance(inner, MaxRetryError):
        inner = inner.reason
    text = str(inner or exc)
    if isinstance(exc, requests.Timeout) or "timed out" in text.lower():
        return f"timed out after {timeout:g} s"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or isinstance(inner, ProtocolError):
        return f"incomplete download ({text})"
    return f"connection failed ({text})"


class Client:
    """GETs for one source; every failure names the source and the URL.

    Parameters
    ----------
    source : str
        The source name used in messages.
    timeout : float
        Per-request connect and read timeout [s].
    retries : int
        Extra attempts (:func:`retry_policy`).
    backoff_s, max_retry_after_s : float
        Backoff factor [s] and the cap on ``Retry-After`` [s].
    """

    def __init__(self, source: str, *, timeout: float = 30.0, retries: int = 3,
                 backoff_s: float = 1.0, max_retry_after_s: float = 60.0):
        import requests
        from requests.adapters import HTTPAdapter

        self.source, self.timeout, self.retries = source, timeout, retries
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT,
                                     "Accept": "application/json, text/csv, */*"})
        adapter = HTTPAdapter(max_retries=retry_policy(retries, backoff_s, max_retry_after_s))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.session.close()

    def get(self, url: str):
        """The ``requests.Response`` to ``GET url`` if its status is a success, else
        SourceUnavailableError."""
        import requests

        try:
            resp = self.session.get(url, timeout=self.timeout)
        except requests.RequestException as exc:
            reason = _transport_reason(exc, self.timeout)
            raise SourceUnavailableError(
                self.source, url, f"{reason} (with up to {self.retries} retries)") from None
        if resp.status_code >= 400:
            history = getattr(getattr(resp.raw, "retries", None), "history", ()) or ()
            raise SourceUnavailableError(
                self.source, url, f"HTTP {resp.status_code} {resp.reason} "
                                  f"(after {len(history) + 1} attempt(s))")
        return resp

    def text(self, url: str, kind: str = "csv") -> str:
        """The body of ``GET url`` as text, checked to be ``kind`` (``"csv"``/``"json"``) in UTF-8."""
        resp = self.get(url)
        body = resp.content
        ctype = resp.headers.get("Content-Type", "")
        media = ctype.split(";", 1)[0].strip().lower()
        head = body[:512].lstrip().lower()
        if media in ("text/html", "application/xhtml+xml") or head.startswith((b"<!doctype html", b"<html")):
            raise LiveDataError(
                f"{self.source}: {url} answered with an HTML page (Content-Type {ctype or 'none'!r}, "
                f"{len(body)} bytes), not {kind.upper()}: an error or captcha page, not data")
        if media and media not in _MEDIA_TYPES[kind] and not media.endswith("+json"):
            raise LiveDataError(f"{self.source}: {url} answered with Content-Type {ctype!r}; "
                                f"expected {kind.upper()} ({', '.join(_MEDIA_TYPES[kind])})")
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise LiveDataError(
                f"{self.source}: {url} is not UTF-8 text: byte {body[exc.start:exc.start + 1]!r} "
                f"at offset {exc.start} of {len(body)} (Content-Type {ctype or 'none'!r})") from None

    def json(self, url: str):
        """The parsed JSON body of ``GET url``."""
        text = self.text(url, "json")
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise LiveDataError(f"{self.source}: malformed JSON from {url} ({exc}); "
                                f"got {len(text)} characters") from None
