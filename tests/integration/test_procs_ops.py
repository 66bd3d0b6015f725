"""Logs and processes outside systemd (issue 23):

* an outage of MariaDB is logged once when it starts and once when it ends,
  however many requests meet it;
* [server] real_ip_from: behind a trusted proxy the client is the address
  in X-Forwarded-For, for the auth log and login throttling; without it the
  header changes nothing;
* [server] log_level: request lines at info, the rest as before;
* one gesprekd per pidfile (flock): a second refuses to start, a stale
  file left by a crash blocks nothing;
* kill -9 of the master leaves no child serving (PR_SET_PDEATHSIG);
* the capabilities and no_new_privs of every process are what the systemd
  unit would give them.

The process tests run a gesprekd of their own (tests/integration/procs.py)
on the stack's database; the others use the stack's."""

import os
import re
import signal
import stat
import subprocess
import time

import pytest

import stack as stack_mod
from conftest import login
from helpers import children, fcgi_request, wait_for
from procs import answers, group_gone, kill_group, start, worker_of

START_TIMEOUT = 60
# kill -9 of the master: the worker finishes requests in flight (none) and
# the broker ends at once; a few seconds is plenty.
ORPHAN_TIMEOUT = 10
# The outage test: requests made while MariaDB is down.
OUTAGE_REQUESTS = 6
# The throttling test: [auth] throttle_address for it, and the addresses.
THROTTLE_ADDRESS = 3
CLIENT_A = "203.0.113.7"
CLIENT_B = "198.51.100.23"
WRONG_PW = "wrong-pw-5521"

# The capabilities conf/systemd/gesprekd.service.in names, by number
# (linux/capability.h).  A name the test does not know fails it: the table
# and the code (main.c kept_caps) must then be updated together.
CAP_NUMBERS = {
    "CAP_CHOWN": 0, "CAP_DAC_OVERRIDE": 1, "CAP_DAC_READ_SEARCH": 2, "CAP_FOWNER": 3,
    "CAP_KILL": 5, "CAP_SETGID": 6, "CAP_SETUID": 7, "CAP_SETPCAP": 8,
    "CAP_NET_BIND_SERVICE": 10, "CAP_SYS_PTRACE": 19, "CAP_SYS_ADMIN": 21,
    "CAP_AUDIT_WRITE": 29,
}


def _log_since(path, offset):
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read().decode("utf-8", "replace")


def _own_conf(stack, d, **server):
    """The stack's gesprek.conf with its own socket, runtime dir and the
    [server] keys given; returns (conf path, socket path)."""
    sock = d / "gesprekd.sock"
    c = stack.config()
    c["server"].update({"listen": f"unix:{sock}", "runtime_dir": str(d / "run"),
                        "threads": "2"})
    c["server"].update({k: str(v) for k, v in server.items()})
    text = "".join(f"[{s}]\n" + "".join(f"{k} = {v}\n" for k, v in vals.items()) + "\n"
                   for s, vals in c.items())
    path = d / "gesprek.conf"
    path.write_text(text)
    path.chmod(0o600)
    return path, sock


def _start_own(stack, d, **server):
    conf, sock = _own_conf(stack, d, **server)
    log = d / "gesprekd.log"
    p = start(stack, conf, log)
    if not wait_for(lambda: answers(sock) or p.poll() is not None, timeout=START_TIMEOUT) \
            or p.poll() is not None:
        kill_group(p)
        pytest.fail(f"gesprekd did not start:\n{log.read_text(errors='replace')[-3000:]}")
    return p, conf, sock, log


def _pid_gone(pid):
    """Gone, or a zombie nobody has collected yet (it serves nothing)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


def _status(pid):
    """/proc/PID/status as {key: value}."""
    out = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


def _unit_caps(stack):
    unit = (stack.repo / "conf" / "systemd" / "gesprekd.service.in").read_text()
    names = re.search(r"^CapabilityBoundingSet=(.*)$", unit, re.M).group(1).split()
    unknown = [n for n in names if n not in CAP_NUMBERS]
    assert not unknown, f"capabilities unknown to this test: {unknown}"
    assert re.search(r"^NoNewPrivileges=yes$", unit, re.M)
    return sum(1 << CAP_NUMBERS[n] for n in names)


# ---- outages ----

def test_a_database_outage_is_logged_once_and_its_end_once(stack, new_session):
    s = new_session()
    assert login(s, "eva", "demo").status_code == 303
    assert s.get("/").status_code == 200
    offset = stack.gesprekd_log.stat().st_size
    stack.stop_mariadb()
    try:
        statuses = [s.get("/").status_code for _ in range(OUTAGE_REQUESTS)]
        statuses += [new_session().get("/health").status_code for _ in range(2)]
    finally:
        stack.start_mariadb()
    assert statuses == [503] * len(statuses), statuses
    assert wait_for(lambda: s.get("/").status_code == 200, timeout=20)
    # Every thread meets the restart: each makes a request.
    for _ in range(OUTAGE_REQUESTS):
        assert s.get("/").status_code == 200
    logged = _log_since(stack.gesprekd_log, offset)
    down = [line for line in logged.splitlines() if "database unreachable: " in line]
    up = [line for line in logged.splitlines() if "database reachable again after " in line]
    assert len(down) == 1, logged
    assert down[0].endswith("-- answering 503"), down
    assert len(up) == 1, logged
    assert logged.index(down[0]) < logged.index(up[0])
    assert re.search(r"database reachable again after \d+ s$", up[0]), up


# ---- real_ip_from ----

def _attempt_ips(stack):
    return sorted(r["ip"] for r in stack.sql_dicts("SELECT ip FROM login_attempt"))


def _fail(new_session, user, xff):
    """One failed login with the given X-Forwarded-For; its status."""
    s = new_session()
    if xff:
        s.headers["X-Forwarded-For"] = xff
    return login(s, user, WRONG_PW).status_code


@pytest.fixture
def clean_attempts(stack):
    stack.sql("DELETE FROM login_attempt")
    yield
    stack.sql("DELETE FROM login_attempt")


def test_behind_a_trusted_proxy_the_forwarded_address_is_logged_and_throttled(
        stack, new_session, clean_attempts):
    # nginx talks to the browser (127.0.0.1): here it stands for the proxy.
    stack.reconfigure({"server": {"real_ip_from": "127.0.0.1, ::1"},
                       "auth": {"throttle_address": str(THROTTLE_ADDRESS),
                                "throttle_login": "100"}})
    offset = stack.gesprekd_log.stat().st_size
    users = ["bram", "daan", "eva", "fenna"]
    for user in users[:THROTTLE_ADDRESS]:
        assert _fail(new_session, user, f"6.6.6.6, {CLIENT_A}") == 403
    # CLIENT_A has used up its failures: throttled, whatever the forged part.
    assert _fail(new_session, users[3], f"7.7.7.7, {CLIENT_A}") == 429
    # Another forwarded client, through the same proxy, is not.
    assert _fail(new_session, users[3], CLIENT_B) == 403
    ips = _attempt_ips(stack)
    assert ips.count(CLIENT_A) == THROTTLE_ADDRESS and ips.count(CLIENT_B) == 1, ips
    assert "127.0.0.1" not in ips and "6.6.6.6" not in ips, ips
    lines = [line for line in _log_since(stack.gesprekd_log, offset).splitlines()
             if " auth: " in line]
    assert sum(f"login failed from {CLIENT_A} user " in line for line in lines) == \
        THROTTLE_ADDRESS, lines
    assert any(f"login throttled from {CLIENT_A} user fenna" in line for line in lines), lines
    assert any(f"login failed from {CLIENT_B} user fenna" in line for line in lines), lines
    assert not any("6.6.6.6" in line or "7.7.7.7" in line for line in lines), lines


def test_without_real_ip_from_the_header_changes_nothing(stack, new_session, clean_attempts):
    stack.reconfigure({"auth": {"throttle_address": str(THROTTLE_ADDRESS),
                                "throttle_login": "100"}})
    offset = stack.gesprekd_log.stat().st_size
    users = ["bram", "daan", "eva", "fenna"]
    for i, user in enumerate(users[:THROTTLE_ADDRESS]):
        assert _fail(new_session, user, f"10.0.0.{i}") == 403
    # A new forged address each time does not escape the throttle.
    assert _fail(new_session, users[3], "10.0.0.99") == 429
    assert _attempt_ips(stack) == ["127.0.0.1"] * THROTTLE_ADDRESS
    lines = [line for line in _log_since(stack.gesprekd_log, offset).splitlines()
             if " auth: " in line]
    assert lines and all(" from 127.0.0.1 user " in line for line in lines), lines


# ---- log_level ----

def _request_lines(text):
    """The request line of the test's GET /health (answers() makes GET
    /login requests of its own while waiting for the start)."""
    return [line for line in text.splitlines() if re.search(r" info: \S+ GET /health 503 ", line)]


@pytest.mark.parametrize("level", ["default", "warning", "debug"])
def test_log_level(stack, shared_tmp_path, level):
    extra = {"real_ip_from": "127.0.0.1"}
    if level != "default":
        extra["log_level"] = level
    p, _, sock, log = _start_own(stack, shared_tmp_path, **extra)
    try:
        env = {"REQUEST_METHOD": "GET", "REQUEST_URI": "/login", "QUERY_STRING": "",
               "REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": CLIENT_A}
        assert fcgi_request(sock, env)[0] == 200
        # A warning: the broker does not answer a health check.
        broker = wait_for(lambda: (children(p.pid).get("gesprekd-auth") or [None])[0])
        os.kill(broker, signal.SIGSTOP)
        try:
            health = dict(env, REQUEST_URI="/health")
            assert fcgi_request(sock, health)[0] == 503
        finally:
            os.kill(broker, signal.SIGCONT)
    finally:
        os.kill(p.pid, signal.SIGTERM)
        p.wait(30)
        kill_group(p)
    text = log.read_text(errors="replace")
    requests_logged = _request_lines(text)
    debug_logged = [line for line in text.splitlines()
                    if " debug: " in line and f"client {CLIENT_A} from X-Forwarded-For" in line]
    assert "auth broker unreachable: " in text, text      # warnings: always
    if level == "warning":
        assert requests_logged == [], requests_logged
        assert " info: " not in text, text
    else:
        assert len(requests_logged) == 1, text
    # Both requests came through the trusted proxy: one line each at debug.
    assert len(debug_logged) == (2 if level == "debug" else 0), text


# ---- pidfile, parent death, capabilities ----

def test_a_second_gesprekd_on_the_same_socket_refuses_to_start(stack, shared_tmp_path):
    p, conf, sock, log = _start_own(stack, shared_tmp_path)
    try:
        second = subprocess.run([str(stack.gesprekd_bin), "-c", str(conf)],
                                env=stack.env(pam=True), stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 1, second.stderr
        assert f"another gesprekd (pid {p.pid}) is running" in second.stderr, second.stderr
        assert "refusing to start a second one" in second.stderr
        # The first is untouched: its socket file is still there and answers.
        assert stat.S_ISSOCK(sock.stat().st_mode)
        assert answers(sock)
        pidfile = shared_tmp_path / "run" / "gesprekd.pid"
        assert pidfile.read_text() == f"{p.pid}\n"
    finally:
        os.kill(p.pid, signal.SIGTERM)
        assert p.wait(30) == 0
        kill_group(p)
    assert not pidfile.exists(), "a clean stop removes the pidfile"


def test_kill_9_of_the_master_leaves_no_child_serving(stack, shared_tmp_path):
    lock = shared_tmp_path / "lock" / "gesprekd.pid"
    lock.parent.mkdir()
    p, conf, sock, log = _start_own(stack, shared_tmp_path, pidfile=str(lock))
    try:
        worker = worker_of(p.pid)
        broker = (children(p.pid).get("gesprekd-auth") or [None])[0]
        helpers = children(broker).get("gesprekd-pam", []) if broker else []
        assert worker and broker and helpers, children(p.pid)
        os.kill(p.pid, signal.SIGKILL)
        p.wait(10)
        gone = wait_for(lambda: all(_pid_gone(x) for x in [worker, broker] + helpers),
                        timeout=ORPHAN_TIMEOUT)
        assert gone, {x: _pid_gone(x) for x in [worker, broker] + helpers}
        assert not stack_mod.unix_accepts(sock), "the socket still answers"
        # The crash left the pidfile behind, naming the dead master ...
        assert lock.read_text() == f"{p.pid}\n"
    finally:
        kill_group(p)
    # ... and it blocks nothing: a new gesprekd starts and takes it.
    q = start(stack, conf, log)
    try:
        assert wait_for(lambda: answers(sock) or q.poll() is not None, timeout=START_TIMEOUT)
        assert q.poll() is None, log.read_text(errors="replace")[-3000:]
        assert lock.read_text() == f"{q.pid}\n"
    finally:
        os.kill(q.pid, signal.SIGTERM)
        q.wait(30)
        kill_group(q)


def test_each_process_holds_only_the_units_privileges(stack, shared_tmp_path):
    p, _, _, _ = _start_own(stack, shared_tmp_path)
    try:
        worker = worker_of(p.pid)
        broker = (children(p.pid).get("gesprekd-auth") or [None])[0]
        helpers = children(broker).get("gesprekd-pam", []) if broker else []
        assert worker and broker and helpers
        procs = {"master": p.pid, "worker": worker, "broker": broker}
        procs.update({f"helper {h}": h for h in helpers})
        status = {name: _status(pid) for name, pid in procs.items()}
    finally:
        os.kill(p.pid, signal.SIGTERM)
        p.wait(30)
        kill_group(p)
    for name, st in status.items():
        assert st["NoNewPrivs"] == "1", (name, st["NoNewPrivs"])
    if os.geteuid() != 0:
        pytest.skip("not root: there are no capabilities to drop")
    unit = _unit_caps(stack)
    for name, st in status.items():
        assert int(st["CapBnd"], 16) == unit, (name, st["CapBnd"], hex(unit))
        assert int(st["CapInh"], 16) == 0, (name, st["CapInh"])
        want = 0 if name == "worker" else unit
        assert int(st["CapEff"], 16) == want, (name, st["CapEff"], hex(want))
        assert int(st["CapPrm"], 16) == want, (name, st["CapPrm"], hex(want))
    assert status["worker"]["Uid"].split()[0] != "0"
