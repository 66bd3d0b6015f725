"""Kept-alive FastCGI connections between nginx and gesprekd (issue 22).

With nginx's `fastcgi_keep_conn on` and an upstream `keepalive` pool a
connection stays open after its answer.  libfcgi reads a kept
connection's next request in the thread that served it, so the thread
waited on the idle connection: with more connections than worker threads
(the pool counts per nginx worker, and nginx opens more under load), a
request sent on a connection no thread had accepted waited until nginx's
idle limit closed a kept one.  gesprekd now parks a kept connection in
the set all idle threads wait on (fcgi/main_wait.h).

Here nginx keeps up to POOL connections to a gesprekd of THREADS threads,
with an idle limit (IDLE) far longer than an answer takes, and rounds of
PARALLEL requests at once must each be answered within ANSWER_LIMIT: a
request that waited for a kept connection to end would take IDLE.  Then
gesprekd must stop promptly with connections parked, and the kept
connections must really have been kept (else this tests nothing)."""

import subprocess
import threading
import time

import pytest

THREADS = 2               # gesprekd's worker threads
POOL = 8                  # nginx's idle connections kept: more than THREADS
PARALLEL = 8              # requests at once, each on its own connection
ROUNDS = 3                # the later rounds reuse the kept connections
IDLE = "120s"             # nginx's idle limit of a kept connection
ANSWER_LIMIT = 30         # seconds: a loaded machine, but far under IDLE
STOP_LIMIT = 20           # seconds for gesprekd to stop with connections parked


@pytest.fixture
def kept_connections(stack):
    """The stack with THREADS threads behind nginx keeping POOL connections;
    restored afterwards (nginx here, gesprekd's config by the reset)."""
    stack.fastcgi_keepalive = POOL
    stack.fastcgi_keepalive_idle = IDLE
    stack.stop_nginx()
    try:
        stack.reconfigure({"server": {"threads": str(THREADS)}})
        stack.start_nginx()
        yield stack
    finally:
        stack.fastcgi_keepalive = None
        stack.stop_nginx()
        stack.start_nginx()
        stack.reset()


def _round(new_session):
    """PARALLEL GET /login at once; [(status or error, seconds)]."""
    sessions = [new_session() for _ in range(PARALLEL)]
    start = threading.Barrier(PARALLEL)
    results = [None] * PARALLEL

    def one(i):
        start.wait()
        began = time.monotonic()
        try:
            r = sessions[i].get("/login", timeout=ANSWER_LIMIT)
            results[i] = (r.status_code, time.monotonic() - began)
        except Exception as exc:  # noqa: BLE001 - a timeout is the failure
            results[i] = (type(exc).__name__, time.monotonic() - began)

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(ANSWER_LIMIT + 10)
    return results


def _kept(stack):
    """Connections to gesprekd's socket that are open now (ss: the
    server's side of a unix connection names the socket's path)."""
    out = subprocess.run(["ss", "-x", "-H", "state", "connected"], capture_output=True,
                         text=True, check=True).stdout
    return sum(1 for line in out.splitlines() if str(stack.gesprekd_socket) in line)


def test_more_kept_connections_than_threads_do_not_hang(kept_connections, new_session):
    stack = kept_connections
    for n in range(ROUNDS):
        results = _round(new_session)
        late = [r for r in results if r is None or r[0] != 200 or r[1] >= ANSWER_LIMIT]
        assert not late, f"round {n + 1}: answers (status, seconds): {results}"
    # The answers came on kept connections: nginx holds them open, idle.
    assert _kept(stack) > THREADS, "nginx kept no more connections than threads: " \
        "the case this test is about did not arise"
    # Parked connections hold no thread: a stop does not wait for IDLE.
    began = time.monotonic()
    stack.stop_gesprekd()
    assert time.monotonic() - began < STOP_LIMIT
    stack.start_gesprekd()
    # nginx notices the closed kept connections and opens new ones.
    assert all(r and r[0] == 200 for r in _round(new_session))
