"""``refresh``: fetch each source, normalise, validate, and only then replace its cache.

(Named ``orchestrate`` rather than ``refresh`` so that the module does not share its name
with the function :func:`refresh` that ``minelib.live`` re-exports: ``minelib.live.refresh``
is the function, and ``mock.patch("minelib.live.orchestrate.Client")`` finds the module.)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from minelib.live import blockchain, coinmetrics, mempool
from minelib.live.cache import cached_sidecar, default_cache_dir, store
from minelib.live.errors import LiveDataError, SourceUnavailableError
from minelib.live.http import Client
from minelib.live.schema import SOURCES
from minelib.live.validate import check_complete, check_not_shorter, validate_history

__all__ = ["DEFAULT_BASE_URLS", "SourceResult", "RefreshResult", "refresh"]

_MODULES = {m.NAME: m for m in (mempool, coinmetrics, blockchain)}
assert tuple(_MODULES) == SOURCES

DEFAULT_BASE_URLS: dict[str, str] = {name: m.DEFAULT_BASE_URL for name, m in _MODULES.items()}


@dataclass
class SourceResult:
    """Outcome of refreshing one source."""

    source: str
    ok: bool
    rows: int = 0
    date_min: str | None = None
    date_max: str | None = None
    sha256: str | None = None
    path: str | None = None
    urls: list[str] = field(default_factory=list)
    error: str | None = None
    kept_previous: bool = False

    def line(self) -> str:
        if self.ok:
            return (f"{self.source:<12} ok      {self.rows:>6} rows  {self.date_min} .. "
                    f"{self.date_max}  sha256 {self.sha256[:12]}  -> {self.path}")
        kept = " (previous cache kept)" if self.kept_previous else ""
        return f"{self.source:<12} FAILED  {self.error}{kept}"


@dataclass
class RefreshResult:
    """What :func:`refresh` did, per source."""

    cache_dir: str
    results: dict[str, SourceResult] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results.values())

    @property
    def failed(self) -> list[str]:
        return [s for s, r in self.results.items() if not r.ok]

    def __str__(self) -> str:
        return "\n".join(r.line() for r in self.results.values())


def refresh(sources=SOURCES, cache_dir: str | os.PathLike | None = None,
            base_urls: dict | None = None, timeout: float = 30.0, retries: int = 3, *,
            backoff_s: float = 1.0, max_retry_after_s: float = 60.0,
            allow_shorter: bool = False, log=None) -> RefreshResult:
    """Fetch, normalise, validate and cache each source; never replace good data with bad.

    Each source is independent: one failing (down, timing out, malformed, implausible,
    cut short) leaves its previous cache byte for byte and does not stop the others. A
    response is cut short when it is truncated mid-row or without its final newline, has
    fewer days than the request implies (a day missing, one series ending before the
    others, fewer blocks than asked), lacks a required value on its last day
    (:func:`~minelib.live.validate.check_complete`), or is a shorter history than the
    cache it would replace (:func:`~minelib.live.validate.check_not_shorter`).

    Parameters
    ----------
    sources : iterable of str or "all"
        Subset of :data:`~minelib.live.schema.SOURCES`.
    cache_dir : path, optional
        Default :func:`~minelib.live.cache.default_cache_dir` (``$MINELIB_CACHE_DIR`` or
        ``<repo>/.cache/network``).
    base_urls : dict, optional
        Per-source base URL overrides (tests point these at a local server).
    timeout : float
        Per-request timeout [s].
    retries : int
        Extra attempts after a 429 / 5xx / connection error / timeout [attempts], >= 0.
    backoff_s, max_retry_after_s : float
        urllib3's backoff factor [s] (the n-th consecutive retry waits
        ``backoff_s * 2**(n - 1)``) and the cap on a server's ``Retry-After`` [s]; see
        :func:`minelib.live.http.retry_policy`.
    allow_shorter : bool
        Accept a history shorter than the cached one (say so explicitly to replace it).
    log : callable, optional
        Called with one line per source as it finishes.

    Returns
    -------
    RefreshResult
        Per source a :class:`SourceResult` (rows, dates, SHA-256 and path, or the error and
        whether a previous cache was kept); ``ok`` and ``failed`` sum them up, ``str()``
        gives one line per source.

    Raises
    ------
    ValueError
        If ``sources`` names an unknown source (before anything is fetched). A failing
        source raises nothing: its failure is in the result.

    Examples
    --------
    A local server stands in for Coin Metrics (tests never use the internet): the first
    refresh caches its one day; once the server is gone, the refresh fails and the cached
    file stays.

    >>> import functools, http.server, tempfile, threading
    >>> site, cache = tempfile.TemporaryDirectory(), tempfile.TemporaryDirectory()
    >>> (Path(site.name) / "csv").mkdir()
    >>> _ = (Path(site.name) / "csv" / "btc.csv").write_text(
    ...     "time,HashRate,BlkCnt,IssTotNtv,FeeTotNtv,PriceUSD\\n"
    ...     "2025-07-01,877931083.5,151,471.875,3.7,105994.21\\n")
    >>> handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=site.name)
    >>> server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> url = f"http://127.0.0.1:{server.server_address[1]}"
    >>> print(refresh("coinmetrics", cache.name, base_urls={"coinmetrics": url}))  # doctest: +ELLIPSIS
    coinmetrics  ok           1 rows  2025-07-01 .. 2025-07-01  sha256 ...  -> .../coinmetrics.csv
    >>> server.shutdown(); server.server_close()
    >>> res = refresh("coinmetrics", cache.name, base_urls={"coinmetrics": url}, retries=0)
    >>> res.failed, res.results["coinmetrics"].kept_previous
    (['coinmetrics'], True)
    >>> site.cleanup(); cache.cleanup()
    """
    if sources == "all" or sources is None:
        sources = SOURCES
    if isinstance(sources, str):
        sources = (sources,)
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        raise ValueError(f"sources={unknown!r}: unknown source(s); expected some of {list(SOURCES)}")
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    bases = {**DEFAULT_BASE_URLS, **(base_urls or {})}
    kw = dict(timeout=timeout, retries=retries, backoff_s=backoff_s,
              max_retry_after_s=max_retry_after_s)
    result = RefreshResult(str(cache))
    for s in sources:
        base = bases[s].rstrip("/")
        try:
            module = _MODULES[s]
            with Client(s, **kw) as client:
                df, urls = module.fetch(base, client)
            validate_history(df, source=s)
            check_complete(df, source=s, url=urls[0], required=module.REQUIRED)
            check_not_shorter(df, cached_sidecar(cache, s), source=s, url=urls[0],
                              allow_shorter=allow_shorter)
            side = store(cache, s, df, urls)
        except (LiveDataError, SourceUnavailableError) as exc:
            error = str(exc)
        except (ValueError, KeyError, TypeError, IndexError, OverflowError) as exc:
            # a response shaped in a way no normaliser check foresaw: still a bad response
            error = f"{s}: a response under {base} could not be normalised ({type(exc).__name__}: {exc})"
        except OSError as exc:  # the cache folder, not the source, failed
            error = f"{s}: cannot write the cache in {cache}: {exc.strerror or exc}"
        else:
            error = None
            result.results[s] = SourceResult(
                s, True, side["rows"], side["date_min"], side["date_max"], side["sha256"],
                str(cache / f"{s}.csv"), urls)
        if error is not None:
            result.results[s] = SourceResult(s, False, error=error,
                                             kept_previous=(cache / f"{s}.csv").is_file())
        if log:
            log(result.results[s].line())
    return result
