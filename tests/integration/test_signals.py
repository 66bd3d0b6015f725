"""The master's signals (issue 13): a burst of SIGHUPs followed by a SIGTERM
stops gesprekd, every time, without anyone needing a SIGKILL.

The master used to test a flag set by its handler and then block in
waitpid(): a SIGTERM that came between the two waited until a child died
(under systemd: until its SIGKILL), and a SIGHUP handled after it could
overwrite it.  Each round starts a gesprekd of its own, waits until it
answers, sends the burst and the SIGTERM, and expects exit status 0 within
STOP_TIMEOUT with no process of it left.

GESPREK_SIGNAL_ROUNDS sets the number of rounds: 20 in tests/run, 200 in
tests/signals-long."""

import os
import signal
import subprocess
import time

from helpers import wait_for
from procs import answers, conf_with, group_gone, kill_group, start, worker_of

ROUNDS = int(os.environ.get("GESPREK_SIGNAL_ROUNDS", "20"))
# SIGHUPs per burst: enough that the master is busy with them when the
# SIGTERM comes.
HUPS = 50
# Seconds a stop may take: finishing requests in flight (there are none)
# and stopping the broker take well under a second; systemd's default
# before its SIGKILL is 90.
STOP_TIMEOUT = 20
START_TIMEOUT = 60
# Seconds between two looks while a round's gesprekd starts and after it
# stopped: wait_for's default (0.2 s) cost a tenth of a second per look on
# average, twice a round.
POLL = 0.05


def tail(path, lines=15):
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def test_hup_burst_then_term_stops_the_master(stack, shared_tmp_path):
    sock = shared_tmp_path / "sig.sock"
    log = shared_tmp_path / "gesprekd.log"
    conf = conf_with(stack, shared_tmp_path / "sig.conf", listen=f"unix:{sock}",
                     runtime_dir=str(shared_tmp_path / "run"), threads="2")
    for round_no in range(1, ROUNDS + 1):
        p = start(stack, conf, log)
        try:
            assert wait_for(lambda: answers(sock) or p.poll() is not None,
                            timeout=START_TIMEOUT, interval=POLL) and p.poll() is None, \
                f"round {round_no}: gesprekd did not start:\n{tail(log)}"
            for _ in range(HUPS):
                os.kill(p.pid, signal.SIGHUP)
            os.kill(p.pid, signal.SIGTERM)
            try:
                rc = p.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                rc = None
            assert rc == 0, (f"round {round_no} of {ROUNDS}: the master did not stop within "
                             f"{STOP_TIMEOUT}s of SIGTERM (status {rc}):\n{tail(log)}")
            assert wait_for(lambda: group_gone(p.pid), timeout=5, interval=POLL), \
                f"round {round_no}: a child of gesprekd outlived it"
        finally:
            kill_group(p)


def test_sighup_while_a_worker_starts_does_not_kill_it(stack, shared_tmp_path):
    """A new worker used to reset its signals to the defaults and block them
    only after compiling the stylesheets: a SIGHUP passed on by the master
    in between ended it (status "killed by signal 1") and it had to be
    started again.  Now the signals stay blocked from the fork on."""
    sock = shared_tmp_path / "start.sock"
    log = shared_tmp_path / "gesprekd.log"
    conf = conf_with(stack, shared_tmp_path / "start.conf", listen=f"unix:{sock}",
                     runtime_dir=str(shared_tmp_path / "run"), threads="2")
    p = start(stack, conf, log)
    try:
        assert wait_for(lambda: answers(sock), timeout=START_TIMEOUT), tail(log)
        for _ in range(3):
            old = worker_of(p.pid)
            os.kill(old, signal.SIGKILL)
            # SIGHUPs from the moment the master has started the new worker
            # until it says it is ready: they fall into its start-up.
            assert wait_for(lambda: worker_of(p.pid) not in (None, old), timeout=20,
                            interval=0.005)
            new = worker_of(p.pid)
            ready = f"gesprekd[{new}] info: worker ready"
            deadline = time.monotonic() + START_TIMEOUT
            while (ready not in log.read_text() and worker_of(p.pid) == new
                   and time.monotonic() < deadline):
                os.kill(p.pid, signal.SIGHUP)
                time.sleep(0.01)
            assert wait_for(lambda: answers(sock), timeout=START_TIMEOUT), tail(log)
        assert "killed by signal 1" not in log.read_text(), tail(log, 40)
    finally:
        kill_group(p)
