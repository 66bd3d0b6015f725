"""GET /health: 200 "ok" only while MariaDB and the auth broker answer,
503 otherwise; public, no session, nothing written, never cached."""

import os
import signal

from helpers import child_pid, wait_for


def _rows(stack):
    """What a visit could write: sessions and login attempts."""
    return (stack.sql("SELECT COUNT(*) FROM session"),
            stack.sql("SELECT COUNT(*) FROM login_attempt"))


def _assert_plain(r):
    assert r.headers.get("Cache-Control") == "no-store"
    assert "Set-Cookie" not in r.headers, "a health check must not start a session"
    assert r.headers.get("Content-Type", "").startswith("text/plain")


def test_health_is_ok_without_a_session_and_writes_nothing(stack, session):
    before = _rows(stack)
    r = session.get("/health", allow_redirects=False)
    assert r.status_code == 200
    assert r.text == "ok\n"
    _assert_plain(r)
    assert _rows(stack) == before


def test_health_answers_get_only(stack, session):
    before = _rows(stack)
    r = session.post("/health", data={}, allow_redirects=False)
    assert r.status_code == 405
    assert "POST" not in r.headers.get("Allow", "")
    assert _rows(stack) == before


def test_health_is_503_while_mariadb_is_down(stack, session):
    stack.stop_mariadb()
    try:
        r = session.get("/health", allow_redirects=False)
        assert r.status_code == 503
        assert "ok" != r.text.strip()
        assert "Set-Cookie" not in r.headers
        assert r.headers.get("Cache-Control") == "no-store"
    finally:
        stack.start_mariadb()
    assert wait_for(lambda: session.get("/health").status_code == 200, timeout=20)


def test_health_is_503_while_the_broker_does_not_answer(stack, session):
    broker = child_pid(stack, "gesprekd-auth")
    offset = stack.gesprekd_log.stat().st_size
    os.kill(broker, signal.SIGSTOP)
    try:
        r = session.get("/health", allow_redirects=False)
        assert r.status_code == 503
        assert r.text == "unavailable: auth broker\n"
        _assert_plain(r)
        assert session.get("/health").status_code == 503
    finally:
        os.kill(broker, signal.SIGCONT)
    assert session.get("/health").status_code == 200
    with open(stack.gesprekd_log, "rb") as f:
        f.seek(offset)
        logged = f.read().decode("utf-8", "replace")
    # Once per outage, not once per poll of a balancer (base/log.h).
    assert logged.count("auth broker unreachable: ") == 1, logged
    assert logged.count("-- answering 503") == 1, logged
    assert logged.count("auth broker reachable again after ") == 1, logged
    assert "database unreachable" not in logged, logged


def test_health_is_503_while_the_broker_is_killed_and_200_once_restarted(stack, session):
    broker = child_pid(stack, "gesprekd-auth")
    # The master held still so it cannot restart the broker under the test:
    # the worker is its own process and keeps answering.
    os.kill(stack.gesprekd_pid, signal.SIGSTOP)
    try:
        os.kill(broker, signal.SIGKILL)
        assert wait_for(lambda: session.get("/health").status_code == 503, timeout=10)
        r = session.get("/health", allow_redirects=False)
        assert r.status_code == 503
        assert r.text == "unavailable: auth broker\n"
    finally:
        os.kill(stack.gesprekd_pid, signal.SIGCONT)
    assert wait_for(lambda: child_pid(stack, "gesprekd-auth") != broker)
    assert wait_for(lambda: session.get("/health").status_code == 200, timeout=20)
