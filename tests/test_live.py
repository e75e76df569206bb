"""Tests of minelib.live: fetchers, normaliser, validation and cache.

No test touches the internet: a ThreadingHTTPServer on 127.0.0.1 (port 0) serves the
fixture files in tests/fixtures/live/ (synthetic values shaped like the real responses,
see make_live_fixtures.py). URL paths are ``/<scenario>/<source>/<real API path>``;
the scenario prefix makes the server misbehave in one specific way.
"""

from __future__ import annotations

import csv
import email.utils
import hashlib
import http.server
import json
import re
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minelib import live

FIX = Path(__file__).resolve().parent / "fixtures" / "live"
FAST = dict(timeout=2.0, retries=2, backoff_s=0.01, max_retry_after_s=2.0)

ROUTES = {
    "mempool/api/v1/mining/hashrate/all": "mempool/hashrate_all.json",
    "mempool/api/v1/mining/difficulty-adjustments": "mempool/difficulty_adjustments.json",
    "mempool/api/v1/historical-price": "mempool/historical_price_usd.json",
    "mempool/api/v1/prices": "mempool/prices.json",
    "mempool/api/v1/mining/reward-stats/144": "mempool/reward_stats_144.json",
    "coinmetrics/csv/btc.csv": "coinmetrics/btc.csv",
    **{f"blockchain/charts/{c}": f"blockchain/{c}.json"
       for c in ("hash-rate", "difficulty", "market-price", "transaction-fees")},
}
VARIANTS = {  # scenario -> {route: replacement fixture}
    "missingcol": {"coinmetrics/csv/btc.csv": "coinmetrics/btc_missing_column.csv"},
    "wrongunit": {"coinmetrics/csv/btc.csv": "coinmetrics/btc_wrong_unit.csv",
                  "blockchain/charts/hash-rate": "blockchain/hash-rate_gh_label.json"},
}


def _lines(body: bytes) -> list[bytes]:
    return body.splitlines(keepends=True)


def _json_edit(edit):
    def apply(body: bytes) -> bytes:
        doc = json.loads(body)
        edit(doc)
        return json.dumps(doc).encode()
    return apply


def _blank_price_of_last_full_day(body: bytes) -> bytes:
    lines = _lines(body)
    col = lines[0].decode().rstrip("\n").split(",").index("PriceUSD")
    cells = lines[-2].decode().rstrip("\n").split(",")  # lines[-1] is the incomplete current day
    cells[col] = ""
    lines[-2] = (",".join(cells) + "\n").encode()
    return b"".join(lines)


def _reward_stats_100_blocks(doc):
    doc["endBlock"] = doc["startBlock"] + 99
    doc["totalReward"] = str(100 * (312_500_000 + 3_456_789))
    doc["totalFee"] = str(100 * 3_456_789)


CM, MP = "coinmetrics/csv/btc.csv", "mempool/api/v1/"
#: scenario -> {route: function(body) -> the body served}: responses cut short in one way.
TRUNCATED = {
    "cmhalf": {CM: lambda b: b[: len(b) // 2]},                        # mid-row
    "cmshortrow": {CM: lambda b: b[: len(b) // 2] + b"\n"},            # mid-row, newline added
    "cmnonewline": {CM: lambda b: b.rstrip(b"\n")},                    # last newline lost
    "cmrows": {CM: lambda b: b"".join(_lines(b)[:19])},                # 18 whole days
    "cmgap": {CM: lambda b: b"".join(_lines(b)[:10] + _lines(b)[11:])},  # a day missing
    "cmemptyprice": {CM: _blank_price_of_last_full_day},               # empty required field
    "mphalf": {MP + "mining/hashrate/all": lambda b: b[: len(b) // 2]},
    "mprows": {MP + "mining/hashrate/all": _json_edit(lambda d: d.update(hashrates=d["hashrates"][:18]))},
    "mpprice": {MP + "historical-price": _json_edit(lambda d: d.update(prices=d["prices"][5:]))},
    "mpreward": {MP + "mining/reward-stats/144": _json_edit(_reward_stats_100_blocks)},
    "bchalf": {"blockchain/charts/hash-rate": lambda b: b[: len(b) // 2]},
    "bcfees": {"blockchain/charts/transaction-fees": _json_edit(lambda d: d.update(values=d["values"][:-3]))},
    "bcrows": {f"blockchain/charts/{c}": _json_edit(lambda d: d.update(values=d["values"][:18]))
               for c in ("hash-rate", "difficulty", "market-price", "transaction-fees")},
}


#: scenario -> (body, Content-Type) served with status 200 on every route.
MISLABELLED = {
    "latin1": ("time,HashRate,PriceUSD\n2025-07-01,877931083.5,105994.21 \u20ac pr\u00e9vu\n"
               .replace("\u20ac", "EUR").encode("latin-1"), "text/csv; charset=iso-8859-1"),
    "html": (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>",
             "text/html; charset=utf-8"),
    "htmlastext": (b"\n  <html><body>502 Bad Gateway</body></html>", "text/plain"),
    "image": (b"\x89PNG\r\n\x1a\n", "image/png"),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: dict = {}
    lock = threading.Lock()

    def log_message(self, *a):  # keep test output clean
        pass

    def _send(self, code, body=b"", headers=()):
        try:
            self.send_response(code)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        path = self.path.split("?", 1)[0].strip("/")
        scenario, _, route = path.partition("/")
        with self.lock:
            n = self.hits[self.path] = self.hits.get(self.path, 0) + 1
        if scenario == "down":
            return self._send(500, b"Internal Server Error")
        if scenario == "ratelimit" and n == 1:
            return self._send(429, b"Too Many Requests", [("Retry-After", "1")])
        if scenario == "ratelimitdate" and n == 1:
            when = email.utils.formatdate(time.time() + 2, usegmt=True)
            return self._send(503, b"Service Unavailable", [("Retry-After", when)])
        if scenario == "slow":
            time.sleep(1.5)
        name = VARIANTS.get(scenario, {}).get(route) or ROUTES.get(route)
        if name is None:
            return self._send(404, b"not found")
        body = (FIX / name).read_bytes()
        if scenario == "truncated" and route.endswith("hashrate/all"):
            body = body[: len(body) // 2]
        if route in TRUNCATED.get(scenario, {}):
            body = TRUNCATED[scenario][route](body)
        ctype = "text/csv" if name.endswith(".csv") else "application/json"
        if scenario in MISLABELLED:
            body, ctype = MISLABELLED[scenario]
        self._send(200, body, [("Content-Type", ctype)])


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def bases(server, scenario="ok"):
    return {s: f"{server}/{scenario}/{s}" for s in live.SOURCES}


@pytest.fixture
def good_cache(server, tmp_path):
    res = live.refresh(cache_dir=tmp_path, base_urls=bases(server), **FAST)
    assert res.ok, str(res)
    return tmp_path


def _snapshot_of(cache: Path):
    return {p.name: p.read_bytes() for p in sorted(cache.iterdir())}


# ------------------------------------------------------------------ happy path


def test_refresh_all_sources_normalised(good_cache):
    for s in live.SOURCES:
        df = live.load_network_history(s, cache_dir=good_cache)
        assert list(df.columns) == list(live.COLUMNS)
        assert df["date"].min() == pd.Timestamp("2025-07-01")
        assert df["date"].max() == pd.Timestamp("2025-08-05")
        assert len(df) == 36
        # units: fixtures are ~830-960 EH/s, difficulty ~117-128 T
        assert df["hashrate_ehs"].between(700, 1100).all()
        assert df["difficulty"].between(110e12, 130e12).all()
        assert (df["subsidy_btc_per_block"] == 3.125).all()


def test_coinmetrics_hashprice_by_hand(good_cache):
    """Issue 10 item 1: the history's hashprice is Luxor's, at the day's difficulty."""
    with open(FIX / "coinmetrics" / "btc.csv", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["time"] == "2025-07-15")
    price = float(row["PriceUSD"])
    blocks = float(row["BlkCnt"])
    subsidy, fees = float(row["IssTotNtv"]) / blocks, float(row["FeeTotNtv"]) / blocks  # BTC/block
    # The fixture was built on the 117.42 T difficulty in force from 2025-07-06 to 07-19.
    # 1 PH/s = 1e15 H/s for 86,400 s; a block takes D x 2^32 hashes in expectation.
    blocks_expected = 1e15 * 86_400 / (117.42e12 * 2**32)
    by_hand = price * blocks_expected * (subsidy + fees)
    by_hand_ex = price * blocks_expected * subsidy
    assert 55 < by_hand < 75  # a July-2025-like hashprice in USD/PH/day
    # the hashrate form, kept as a labelled alternative: 144 blocks over the day's hashrate
    hashrate_phs = float(row["HashRate"]) / 1_000  # TH/s -> PH/s
    by_hand_hashrate_form = price * 144 * (subsidy + fees) / hashrate_phs

    df = live.load_network_history("coinmetrics", start="2025-07-15", end="2025-07-15",
                                   cache_dir=good_cache)
    assert len(df) == 1
    r = df.iloc[0]
    assert r["hashprice_usd_per_ph_day"] == pytest.approx(by_hand, rel=1e-9)
    assert r["hashprice_usd_per_ph_day_ex_fees"] == pytest.approx(by_hand_ex, rel=1e-9)
    assert r["hashprice_btc_per_ph_day"] == pytest.approx(by_hand / price, rel=1e-9)
    assert r["hashprice_hashrate_form_usd_per_ph_day"] == pytest.approx(by_hand_hashrate_form, rel=1e-9)
    # a day of 136 blocks (unlucky): the hashrate form reads 144/136 of the difficulty form
    assert blocks == 136 and by_hand_hashrate_form == pytest.approx(by_hand * 144 / 136, rel=1e-9)
    assert r["hashrate_ehs"] == pytest.approx(float(row["HashRate"]) / 1e6, rel=1e-12)
    assert r["blocks_per_day"] == blocks


@settings(max_examples=60, deadline=None)
@given(difficulty=st.floats(60e12, 200e12), blocks=st.integers(110, 170), extra=st.integers(1, 30),
       fees=st.floats(0.0, 1.0), price=st.floats(10_000, 200_000))
def test_more_blocks_at_the_same_difficulty_do_not_lower_hashprice(difficulty, blocks, extra, fees, price):
    """Two days at one difficulty, the second luckier: Luxor's hashprice does not fall,
    the hashrate form does (that is why the history uses the difficulty form)."""
    b = np.array([blocks, blocks + extra], dtype=float)
    hashrate_ths = difficulty * 2**32 * b / 86_400 / 1e12  # Coin Metrics' HashRate definition
    raw = pd.DataFrame({"time": ["2025-07-01", "2025-07-02"],
                        "HashRate": [str(float(x)) for x in hashrate_ths], "BlkCnt": [str(x) for x in b],
                        "IssTotNtv": [str(3.125 * x) for x in b], "FeeTotNtv": [str(fees * x) for x in b],
                        "PriceUSD": [str(price)] * 2, "DiffMean": [str(difficulty)] * 2})
    df = live.normalise_coinmetrics(raw)
    hp, alt = df["hashprice_usd_per_ph_day"], df["hashprice_hashrate_form_usd_per_ph_day"]
    assert hp.iloc[1] >= hp.iloc[0] * (1 - 1e-12)
    assert alt.iloc[1] < alt.iloc[0]


def test_coinmetrics_difficulty_derivation_by_hand(good_cache):
    with open(FIX / "coinmetrics" / "btc.csv", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["time"] == "2025-07-20")
    h_hs = float(row["HashRate"]) * 1e12
    block_time_s = 86400 / float(row["BlkCnt"])
    by_hand = h_hs * block_time_s / 2**32
    df = live.load_network_history("coinmetrics", start="2025-07-20", end="2025-07-20",
                                   cache_dir=good_cache)
    assert df["difficulty"].iloc[0] == pytest.approx(by_hand, rel=1e-12)
    # The fixture was built from a difficulty of 121.66 T in force that day.
    assert df["difficulty"].iloc[0] == pytest.approx(121.66e12, rel=1e-9)
    # Known real row: 2009-01-09, 19 blocks at difficulty 1 -> 9.44495122962963e-07 TH/s.
    assert live.difficulty_from_blocks(9.44495122962963e-07 * 1e12, 19) == pytest.approx(1.0, rel=1e-12)


def test_difficulty_from_blocks_returns_the_kind_of_its_inputs():
    # By hand: 900 EH/s for a day of 150 blocks -> one block every 86400 / 150 = 576 s, and
    # a block takes D * 2^32 hashes, so D = 900e18 * 576 / 2^32.
    by_hand = 900e18 * 576 / 2**32
    index = pd.Index(["2025-07-01", "2025-07-02"])
    blocks = pd.Series([150.0, 150.0], index=index)
    out = live.difficulty_from_blocks(900e18, blocks)  # a Series of blocks_per_day alone
    assert isinstance(out, pd.Series) and out.index.equals(index)
    assert out.to_numpy() == pytest.approx([by_hand, by_hand], rel=1e-12)
    arr = live.difficulty_from_blocks(np.array([900e18, 900e18]), 150)
    assert isinstance(arr, np.ndarray) and arr == pytest.approx([by_hand, by_hand], rel=1e-12)
    scalar = live.difficulty_from_blocks(900e18, 150)
    assert isinstance(scalar, float) and scalar == pytest.approx(by_hand, rel=1e-12)
    # bad input names the parameter before any work (0 blocks is no block interval at all)
    with pytest.raises(ValueError, match=r"^blocks_per_day=0 .*\[blocks/day\]"):
        live.difficulty_from_blocks(900e18, 0)
    with pytest.raises(ValueError, match=r"^hashrate_hs=-1"):
        live.difficulty_from_blocks(-1.0, 150)


def test_coinmetrics_diffmean_used_and_cross_checked():
    raw = pd.DataFrame({"time": ["2025-07-01"], "HashRate": ["877931083.5181036"], "BlkCnt": ["151.0"],
                        "IssTotNtv": ["471.875"], "FeeTotNtv": ["3.7"], "PriceUSD": ["105994.21"],
                        "DiffMean": ["116960000000000"]})
    df = live.normalise_coinmetrics(raw)
    assert df["difficulty"].iloc[0] == 116.96e12
    raw["DiffMean"] = ["116960000000"]  # 1,000x off
    with pytest.raises(live.LiveDataError, match="'HashRate'.*DiffMean"):
        live.normalise_coinmetrics(raw)


def test_mempool_units_and_latest_fees(good_cache):
    df = live.load_network_history("mempool", cache_dir=good_cache)
    hr = json.loads((FIX / "mempool" / "hashrate_all.json").read_text())["hashrates"]
    assert df["hashrate_ehs"].iloc[0] == pytest.approx(hr[0]["avgHashrate"] / 1e18)
    # difficulty in force on 2025-07-19 (retarget that day at 909:00Z) is 121.66 T
    d = df.set_index("date")["difficulty"]
    assert d["2025-07-18"] == 117.42e12 and d["2025-07-19"] == 121.66e12
    # fees per block only for the latest day (reward-stats covers the last 144 blocks)
    assert df["fees_btc_per_block"].notna().sum() == 1
    rs = json.loads((FIX / "mempool" / "reward_stats_144.json").read_text())
    n = rs["endBlock"] - rs["startBlock"] + 1
    assert df["fees_btc_per_block"].iloc[-1] == pytest.approx(int(rs["totalFee"]) / n / 1e8)
    assert df["hashprice_usd_per_ph_day_ex_fees"].notna().all()


def test_sidecar_hash_matches_file_and_data_version(good_cache):
    for s in live.SOURCES:
        side = json.loads((good_cache / f"{s}.json").read_text())
        data = (good_cache / f"{s}.csv").read_bytes()
        assert side["sha256"] == hashlib.sha256(data).hexdigest()
        assert side["rows"] == 36 and side["date_min"] == "2025-07-01"
        assert side["retrieved_utc"].endswith("Z") and side["urls"]
        assert live.data_version_of(s, cache_dir=good_cache) == f"{s}:{side['sha256']}"
    assert live.data_version_of("refreshed", cache_dir=good_cache).startswith("coinmetrics:")
    m = live.manifest(good_cache)
    assert set(m["sources"]) == set(live.SOURCES)
    assert not list(good_cache.glob(".*tmp"))  # no temp files left behind


def test_tampered_cache_is_detected(good_cache):
    p = good_cache / "coinmetrics.csv"
    p.write_bytes(p.read_bytes().replace(b"2025-07-02", b"2025-07-03", 1))
    with pytest.raises(live.LiveDataError, match="SHA-256"):
        live.load_network_history("coinmetrics", cache_dir=good_cache)


# ------------------------------------------------------------------ misbehaving servers


def test_429_retry_after_then_success(server, tmp_path):
    t0 = time.monotonic()
    res = live.refresh(["coinmetrics"], cache_dir=tmp_path, base_urls=bases(server, "ratelimit"),
                       **FAST)
    assert res.ok, str(res)
    assert time.monotonic() - t0 >= 0.9  # waited for Retry-After: 1
    assert res.results["coinmetrics"].rows == 36


def test_retry_after_http_date_then_success(server, tmp_path):
    t0 = time.monotonic()
    res = live.refresh(["coinmetrics"], cache_dir=tmp_path,
                       base_urls=bases(server, "ratelimitdate"), **FAST)
    assert res.ok, str(res)
    assert time.monotonic() - t0 >= 0.5  # waited for a Retry-After date ~2 s ahead


def test_retry_after_is_capped_in_both_forms():
    from email.utils import formatdate

    from minelib.live.http import retry_policy

    r = retry_policy(retries=2, backoff_s=0.01, max_retry_after_s=2.0)
    assert r.parse_retry_after("3600") == 2.0
    assert r.parse_retry_after("1") == 1.0
    assert r.parse_retry_after(formatdate(time.time() + 3600, usegmt=True)) == 2.0
    assert r.parse_retry_after(formatdate(time.time() - 60, usegmt=True)) == 0
    assert set(live.http.RETRY_STATUSES) == {429, 500, 502, 503, 504}


@pytest.mark.parametrize("scenario, source, pattern", [
    ("down", "coinmetrics", r"coinmetrics: http://127\.0\.0\.1:\d+/down/coinmetrics/csv/btc\.csv "
                            r"is unavailable: HTTP 500.*after 3 attempt"),
    ("slow", "coinmetrics", r"coinmetrics: .*/slow/coinmetrics/csv/btc\.csv is unavailable: timed out"),
    ("truncated", "mempool", r"mempool: malformed JSON from .*/truncated/mempool/api/v1/mining/hashrate/all"),
    ("missingcol", "coinmetrics", r"lacks column\(s\) \['FeeTotNtv'\]"),
    ("wrongunit", "coinmetrics", r"coinmetrics: column 'HashRate'.*1,000x too large for TH/s.*GH/s"),
    ("wrongunit", "blockchain", r"blockchain: column 'hash-rate values\[\]\.y'.*too small for GH/s.*TH/s"),
])
def test_bad_download_keeps_previous_cache(server, good_cache, scenario, source, pattern):
    before = _snapshot_of(good_cache)
    kw = dict(FAST, timeout=0.3, retries=1) if scenario == "slow" else FAST
    res = live.refresh([source], cache_dir=good_cache, base_urls=bases(server, scenario), **kw)
    r = res.results[source]
    assert not r.ok and r.kept_previous
    assert re.search(pattern, r.error), r.error
    assert _snapshot_of(good_cache) == before  # byte for byte, sidecars included
    assert len(live.load_network_history(source, cache_dir=good_cache)) == 36


@pytest.mark.parametrize("scenario, source, url_tail, reason", [
    ("cmhalf", "coinmetrics", "csv/btc.csv", r"ends without a newline, after '2025-07-18,.*cut short"),
    ("cmshortrow", "coinmetrics", "csv/btc.csv", r"line 19 \('2025-07-18'\) has 9 fields, the header 12: .*cut short mid-row"),
    ("cmnonewline", "coinmetrics", "csv/btc.csv", r"ends without a newline.*cut short"),
    ("cmrows", "coinmetrics", "csv/btc.csv", r"returned 18 rows .* shorter history than the cached 36 rows"),
    ("cmgap", "coinmetrics", "csv/btc.csv", r"skips from 2025-07-09 to 2025-07-11 \(1 day\(s\) missing\)"),
    ("cmemptyprice", "coinmetrics", "csv/btc.csv", r"'price_usd' is missing on 2025-08-05 \(on the last day"),
    ("mphalf", "mempool", "api/v1/mining/hashrate/all", r"malformed JSON"),
    ("mprows", "mempool", "api/v1/mining/hashrate/all", r"returned 18 rows .* shorter history"),
    ("mpprice", "mempool", "api/v1/mining/hashrate/all", r"'price_usd' is missing on 2025-08-01 \(after it started; 4 day"),
    ("mpreward", "mempool", "api/v1/mining/reward-stats/144", r"cover 100 blocks, not the 144 requested"),
    ("bchalf", "blockchain", "charts/hash-rate", r"malformed JSON"),
    ("bcfees", "blockchain", "charts/transaction-fees", r"ends on 2025-08-02, before the hash-rate chart \(2025-08-05\)"),
    ("bcrows", "blockchain", "charts/hash-rate", r"returned 18 rows .* shorter history"),
])
def test_cut_short_response_is_rejected_and_cache_kept_byte_for_byte(
        server, good_cache, capsys, scenario, source, url_tail, reason):
    """Issue 8 item 2: a response cut short never replaces the cache (each source)."""
    from minelib.cli import main

    before = _snapshot_of(good_cache)
    status = main(["refresh", "--cache", str(good_cache), "--source", source, "--retries", "0",
                   "--base-url", f"{source}={server}/{scenario}/{source}"])
    out = capsys.readouterr()
    assert status == 1, out
    line = next(x for x in out.out.splitlines() if x.startswith(source) and "FAILED" in x)
    assert f"FAILED  {source}: " in line and f"{server}/{scenario}/{source}/{url_tail}" in line, line
    assert re.search(reason, line), line
    assert "previous cache kept" in line and f"failed: {source}" in out.err
    assert _snapshot_of(good_cache) == before  # byte for byte, sidecars included


def test_shorter_history_replaces_the_cache_only_when_asked(server, good_cache, capsys):
    from minelib.cli import main

    args = ["refresh", "--cache", str(good_cache), "--source", "coinmetrics", "--retries", "0",
            "--base-url", f"coinmetrics={server}/cmrows/coinmetrics"]
    assert main(args) == 1
    assert len(live.load_network_history("coinmetrics", cache_dir=good_cache)) == 36
    assert main([*args, "--allow-shorter"]) == 0, capsys.readouterr()
    df = live.load_network_history("coinmetrics", cache_dir=good_cache)
    assert len(df) == 18 and df["date"].max() == pd.Timestamp("2025-07-18")


def test_undecodable_source_is_a_clear_error_and_the_next_source_lands(server, tmp_path, capsys):
    """Issue 8 item 3: latin-1 bytes from the first source; the second source still lands."""
    from minelib.cli import main

    status = main(["refresh", "--cache", str(tmp_path), "--retries", "0",
                   "--source", "coinmetrics", "--source", "blockchain",
                   "--base-url", f"coinmetrics={server}/latin1/coinmetrics",
                   "--base-url", f"blockchain={server}/ok/blockchain"])
    out = capsys.readouterr()
    assert status == 1
    line = next(x for x in out.out.splitlines() if x.startswith("coinmetrics"))
    assert re.search(rf"FAILED  coinmetrics: {server}/latin1/coinmetrics/csv/btc\.csv is not "
                     r"UTF-8 text: byte b'\\xe9' at offset \d+ .*iso-8859-1", line), line
    assert "Traceback" not in out.err
    assert not (tmp_path / "coinmetrics.csv").exists()
    assert len(live.load_network_history("blockchain", cache_dir=tmp_path)) == 36


@pytest.mark.parametrize("scenario, source, pattern", [
    ("html", "mempool", r"mempool: .*/html/mempool/api/v1/mining/hashrate/all answered with an HTML "
                        r"page \(Content-Type 'text/html; charset=utf-8'"),
    ("htmlastext", "blockchain", r"blockchain: .*/htmlastext/blockchain/charts/hash-rate\?.* answered "
                                 r"with an HTML page \(Content-Type 'text/plain'"),
    ("html", "coinmetrics", r"coinmetrics: .*/html/coinmetrics/csv/btc\.csv answered with an HTML page"),
    ("image", "coinmetrics", r"coinmetrics: .*/image/coinmetrics/csv/btc\.csv answered with "
                             r"Content-Type 'image/png'; expected CSV"),
])
def test_error_pages_and_wrong_content_types_are_rejected(server, good_cache, scenario, source, pattern):
    before = _snapshot_of(good_cache)
    res = live.refresh([source], cache_dir=good_cache, base_urls=bases(server, scenario), **FAST)
    r = res.results[source]
    assert not r.ok and r.kept_previous
    assert re.search(pattern, r.error), r.error
    assert _snapshot_of(good_cache) == before


def test_unforeseen_response_shape_fails_that_source_only(server, tmp_path, monkeypatch):
    from minelib.live import coinmetrics

    def boom(raw, url):
        raise pd.errors.OutOfBoundsDatetime("year 30000 is out of range")

    monkeypatch.setattr(coinmetrics, "normalise_coinmetrics", boom)
    res = live.refresh(["coinmetrics", "blockchain"], cache_dir=tmp_path, base_urls=bases(server),
                       **FAST)
    assert "could not be normalised (OutOfBoundsDatetime: year 30000" in res.results["coinmetrics"].error
    assert res.results["blockchain"].ok


def test_connection_refused_names_source_and_url(tmp_path):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    res = live.refresh(["blockchain"], cache_dir=tmp_path,
                       base_urls={"blockchain": f"http://127.0.0.1:{port}"}, **FAST)
    err = res.results["blockchain"].error
    assert "blockchain:" in err and f"127.0.0.1:{port}/charts/hash-rate" in err
    assert "connection failed" in err
    assert not (tmp_path / "blockchain.csv").exists()


def test_first_failure_writes_nothing(server, tmp_path):
    res = live.refresh(["coinmetrics"], cache_dir=tmp_path, base_urls=bases(server, "wrongunit"),
                       **FAST)
    assert not res.ok and not res.results["coinmetrics"].kept_previous
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ validation units


def test_validate_rejects_hashrate_difficulty_mismatch():
    df = live.load_network_history("snapshot")
    bad = df.copy()
    bad.loc[bad["date"] == "2026-02-05", "difficulty"] = 146.5e9
    with pytest.raises(live.LiveDataError, match="wrong unit"):
        live.validate_history(bad, source="test", require_hashrate=False)


# ------------------------------------------------------------------ offline / snapshot


def test_snapshot_offline_no_server(tmp_path, monkeypatch):
    monkeypatch.setenv("MINELIB_CACHE_DIR", str(tmp_path / "empty"))
    monkeypatch.chdir(tmp_path)
    df = live.load_network_history("snapshot")
    assert df.attrs["is_snapshot"]
    row = df.set_index("date").loc["2026-02-05"]
    assert row["hashrate_ehs"] == 913.0 and row["price_usd"] == 71091.0
    # seed 003's case by hand, at its difficulty of 146.5 T (Luxor's form, subsidy only):
    # 71,091 USD x 3.125 BTC x 1e15 H/s x 86,400 s / (146.5e12 x 2^32 hashes per block)
    assert row["hashprice_usd_per_ph_day_ex_fees"] == pytest.approx(
        71091 * 3.125 * 1e15 * 86_400 / (146.5e12 * 2**32))
    assert round(row["hashprice_usd_per_ph_day_ex_fees"], 2) == 30.51
    # the seed's own figure stays as quoted; the hashrate form needs fees no seed gives
    assert row["hashprice_usd_per_ph_day"] == 40.0
    assert np.isnan(row["hashprice_hashrate_form_usd_per_ph_day"])
    assert df["source"].str.startswith("snapshot (sparse").all()
    # "refreshed" with nothing cached falls back to the snapshot
    assert live.load_network_history("refreshed").attrs["source"] == "snapshot"
    assert live.data_version_of("refreshed").startswith("snapshot:")


def test_shipped_snapshot_is_built_from_citable_facts_only():
    from minelib.live.cache import to_csv_bytes

    shipped = live.snapshot_path().read_bytes()
    assert shipped == to_csv_bytes(live.build_snapshot())
    df = live.load_network_history("snapshot")
    halvings = {pd.Timestamp("2020-05-11"), pd.Timestamp("2024-04-20")}
    assert halvings <= set(df["date"])
    assert np.isnan(df["blocks_per_day"]).all() and np.isnan(df["fees_btc_per_block"]).all()


def test_cli_offline_and_arguments(tmp_path, capsys, good_cache):
    from minelib.cli import main

    assert main(["refresh", "--offline", "--cache", str(good_cache)]) == 0
    out = capsys.readouterr().out
    assert "coinmetrics" in out and "36 rows" in out and "uses: coinmetrics" in out
    with pytest.raises(SystemExit):
        main(["refresh", "--source", "nope"])


def test_no_io_at_import():
    import subprocess
    import sys

    code = ("import builtins, socket, urllib.request as u\n"
            "def boom(*a, **k): raise AssertionError('I/O at import')\n"
            "socket.socket.connect = boom; u.urlopen = boom\n"
            "import sys, minelib.live, minelib.cli\n"
            "minelib.cli.build_parser()\n"
            "assert 'requests' not in sys.modules, 'requests is imported only to fetch'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_refresh_against_fixture_server_then_reports_use_it(server, tmp_path, capsys):
    """`minelib refresh --base-url ...` fills the cache; load_network_history('refreshed') reads it."""
    from minelib.cli import main

    cache = tmp_path / "cache"
    args = ["refresh", "--cache", str(cache), "--retries", "1", "--timeout", "2"]
    for s in live.SOURCES:
        args += ["--base-url", f"{s}={server}/ok/{s}"]
    assert main(args) == 0, capsys.readouterr()
    df = live.load_network_history("refreshed", cache_dir=cache)
    assert not df.attrs["is_snapshot"] and len(df) > 20
    assert live.data_version_of("refreshed", cache_dir=cache).split(":")[0] in live.SOURCES
    # a malformed --base-url is refused by argparse (exit status 2) before anything is fetched
    for bad in ("nosuch=http://x", "mempool=ftp://x", "mempool"):
        with pytest.raises(SystemExit) as exit_:
            main(["refresh", "--cache", str(tmp_path / "other"), "--base-url", bad])
        assert exit_.value.code == 2
        assert "--base-url" in capsys.readouterr().err
    assert not (tmp_path / "other").exists()


@pytest.mark.parametrize("make_cache, why", [
    (lambda tmp: "/proc/nope", "/proc does not accept a new folder"),
    (lambda tmp: (tmp / "afile").write_text("x") and tmp / "afile" / "cache", "is not a directory"),
])
def test_cli_unusable_cache_is_a_clear_error_not_a_traceback(server, tmp_path, make_cache, why):
    import subprocess
    import sys

    if why.startswith("/proc") and not Path("/proc").is_dir():
        pytest.skip("no /proc on this system")
    cache = str(make_cache(tmp_path))
    res = subprocess.run(
        [sys.executable, "-m", "minelib", "refresh", "--cache", cache, "--source", "coinmetrics",
         "--base-url", f"coinmetrics={server}/ok/coinmetrics", "--retries", "0"],
        capture_output=True, text=True)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "Traceback" not in res.stderr
    assert f"argument --cache: {cache!r}" in res.stderr and why in res.stderr, res.stderr


def test_unwritable_cache_fails_that_source_with_a_message(server, tmp_path):
    (tmp_path / "afile").write_text("x")
    res = live.refresh(["coinmetrics"], cache_dir=tmp_path / "afile" / "cache",
                       base_urls=bases(server), **FAST)
    assert res.results["coinmetrics"].error.startswith("coinmetrics: cannot write the cache in ")


def test_cli_sources_and_numbers_are_checked_by_argparse(capsys):
    from minelib.cli import build_parser

    p = build_parser()
    a = p.parse_args(["refresh", "--source", "coinmetrics", "--source", "blockchain"])
    assert a.source == ["coinmetrics", "blockchain"] and a.cache is None
    assert p.parse_args(["refresh", "--base-url", "mempool=http://127.0.0.1:9/x/"]).base_url == [
        ("mempool", "http://127.0.0.1:9/x")]
    for bad in (["--timeout", "0"], ["--timeout", "nan"], ["--retries", "-1"], ["--source", "nope"]):
        with pytest.raises(SystemExit):
            p.parse_args(["refresh", *bad])
