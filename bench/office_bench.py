"""The shared office database: PostgreSQL behind a 2 ms round trip, beside SQLite.

Needs a PostgreSQL server: ANCHA_BENCH_PG (or ANCHA_TEST_PG) names an empty database the
benchmark may fill (its public schema is dropped). A small TCP proxy on loopback delays every
packet by 1 ms each way, so each round trip costs 2 ms more, as on an office network; it also
counts the client's requests, which gives the round trips per action.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import socket
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

DELAY_S = 0.001  # each way
USERS = 8
SAVES_PER_USER = 30


class DelayProxy:
    """Forward 127.0.0.1:<port> to the server, each packet held `delay` seconds; counts requests."""

    def __init__(self, target: tuple[str, int], delay: float = DELAY_S) -> None:
        self.target = target
        self.delay = delay
        self.requests = 0
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for s in (client, upstream):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, counted: bool) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if counted:
                    with self._lock:
                        self.requests += 1
                time.sleep(self.delay)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._server.close()


def _prepare_pg(url: str, units: int, inspections: int, findings: int) -> None:
    from app.storage.db import Database
    from bench.datagen import fill

    eng = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()
    db = Database(url)
    db.upgrade()
    fill(db, units, inspections, findings)
    db.dispose()


def _open_ids(url: str, n: int, status: str | None = None) -> list[str]:
    from app.services.workspace import Workspace
    from app.storage.models import Finding

    ws = Workspace(url, upgrade=False)
    cond = Finding.status == status if status else Finding.status != "closed"
    with ws.db.session() as s:
        ids = s.execute(select(Finding.id).where(cond).limit(n)).scalars().all()
    ws.close()
    return [str(i) for i in ids]


def save_worker(url: str, ids: list[str], saves: int, seed: int) -> list[float]:
    """One user: read a hazard, save one field (with the value seen as base); latencies in ms."""
    from app.core.errors import AnchaError
    from app.services import findings
    from app.services.workspace import Workspace

    ws = Workspace(url, upgrade=False)
    rng = random.Random(seed)
    out = []
    for i in range(saves):
        fid = uuid.UUID(rng.choice(ids))
        f = findings.get_finding(ws, fid)
        t = time.perf_counter()
        try:
            findings.update_finding(ws, fid, {"measures": f"措施{seed}-{i}"}, base={"measures": f.measures})
        except AnchaError:
            pass  # a conflict is an answer too: it is timed
        out.append((time.perf_counter() - t) * 1000)
    ws.close()
    return out


def p95_saves(url: str, ids: list[str]) -> tuple[float, float]:
    ctx = mp.get_context("spawn")
    with ctx.Pool(USERS) as pool:
        got = pool.starmap(save_worker, [(url, ids, SAVES_PER_USER, seed) for seed in range(USERS)])
    lat = sorted(x for batch in got for x in batch)
    return statistics.median(lat), lat[int(0.95 * (len(lat) - 1))]


def round_trips(proxy: DelayProxy, url: str) -> dict[str, int]:
    """Requests the client sends for one of each action, through the counting proxy."""
    from app.core.documents import DocKind
    from app.core.findings import Action
    from app.services import findings, ledger, settings
    from app.services.workspace import Workspace

    ws = Workspace(url, upgrade=False)
    ids = _open_ids(url, 50)
    out: dict[str, int] = {}

    def count(name: str, fn: Callable[[], object]) -> None:
        fn()  # warm: the pool's connection, the catalog
        before = proxy.requests
        fn()
        out[name] = proxy.requests - before

    count("ledger page", lambda: ledger.page(ws, ledger.FindingFilter(), offset=0, limit=200))
    seq = iter(range(1_000_000))
    count(
        "save one field",
        lambda: findings.update_finding(ws, uuid.UUID(ids[0]), {"measures": f"m{next(seq)}"}),
    )
    pending = iter(_open_ids(url, 5, "pending"))

    def move() -> None:
        f = findings.get_finding(ws, uuid.UUID(next(pending)))
        findings.transition(ws, f.id, Action.START, expected_status=f.status)

    count("lifecycle move (read + move)", move)
    count("take a 文书编号", lambda: settings.next_document_number(ws, DocKind.ORDER, 2026))
    ws.close()
    return out


def run(urls: dict[str, str], tmp: Path, runs: int, add: Callable[..., None], bench_ledger: Any) -> None:
    from bench.datagen import SCALES

    pg = os.environ.get("ANCHA_BENCH_PG") or os.environ.get("ANCHA_TEST_PG")
    scale = "large" if "large" in urls else "realistic"
    sqlite_url = urls[scale]
    if not pg:
        print("  (no PostgreSQL: set ANCHA_BENCH_PG to measure the shared database)")
        return
    u, i, f = SCALES[scale]
    t = time.perf_counter()
    _prepare_pg(pg, u, i, f)
    print(f"  PostgreSQL filled: {f:,} findings ({time.perf_counter() - t:.0f} s)", flush=True)
    parsed = make_url(pg)
    proxy = DelayProxy((parsed.host or "127.0.0.1", parsed.port or 5432))
    slow = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        bench_ledger(slow, runs, where=" · PostgreSQL +2 ms")
        trips = round_trips(proxy, slow)
        for name, n in trips.items():
            add(f"往返次数 / round trips: {name} · PostgreSQL", float(n), unit="次")
        ids = _open_ids(slow, 2000)
        med, p95 = p95_saves(slow, ids)
        add(f"保存 p95 / save latency p95, {USERS} users · PostgreSQL +2 ms", p95, target="< 500 ms")
        add(f"保存 中位数 / save latency median, {USERS} users · PostgreSQL +2 ms", med)
    finally:
        proxy.close()
    ids = _open_ids(sqlite_url, 2000)
    med, p95 = p95_saves(sqlite_url, ids)
    add(f"保存 p95 / save latency p95, {USERS} users · SQLite (one file)", p95, target="< 500 ms")
    add(f"保存 中位数 / save latency median, {USERS} users · SQLite (one file)", med)
