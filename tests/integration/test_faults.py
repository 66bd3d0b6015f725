"""Faults under a steady load of saving requests (load.py: threads posting
remarks and items, each remembering what every POST was answered):

  * MariaDB restarted: requests fail cleanly with 503 while it is down,
    gesprekd recovers by itself, every write acknowledged with a redirect
    is in the database, none twice;
  * the worker process killed with SIGKILL, twice, mid-request: the master
    starts a new one; no half-written write (each POST is one transaction
    with its audit row);
  * the auth broker killed: it is restarted, logins answer 503 at most
    meanwhile, sessions keep working without a single failure;
  * the disk of MariaDB's data directory full (a stack of its own on a
    small tmpfs; root only): clear error pages, no crash, and after space
    returns everything works, the data is intact (CHECK TABLE) and every
    acknowledged write is there;
  * a row lock held by another transaction: a save waits for it a bounded
    time per try and answers 503 with nothing saved, well before the read
    timeout, and goes through once the lock is gone.
"""

import collections
import itertools
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

import load
import stack as stack_mod
from conftest import login
from helpers import child_pid, wait_for
from summaries import keep_summaries

ROOT = os.geteuid() == 0
_n = itertools.count(1)

# Seconds of load before, during and after each fault.
WARM = 1.5
DOWN = 3.0
AFTER = 1.5
# How long gesprekd may take to be back after the fault ends.
RECOVER = 30
# What starts gesprekd's error page (error.xsl), in the first bytes kept.
ERROR_PAGE = 'class="route-error'
# A form whose save found MariaDB unable to write comes back as 503 with
# everything typed (conversation_post.c): the form, not the error page.
FORM_PAGE = 'class="route-conversation'



def make_dossier(stack):
    """A fresh cycle, a dossier of eva with mark, one conversation being
    prepared (shared, so both parties write into the same form)."""
    n = f"{os.getpid()}-{next(_n)}"
    ids = {l: int(i) for l, i in stack.sql(
        "SELECT login, id FROM employee WHERE login IN ('eva','mark')")}
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('Storing {n}', '2030-01-01', '2030-12-31', 'open', 'a|b|c')")
    cycle = int(stack.sql(f"SELECT id FROM cycle WHERE name = 'Storing {n}'")[0][0])
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {ids['eva']}, {ids['mark']})")
    dossier = int(stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle}")[0][0])
    stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status, "
              f"employee_shared, manager_shared) VALUES ({dossier}, 'goal_setting', 1, "
              f"'2030-02-01', 'preparing', 1, 1)")
    conv = int(stack.sql(f"SELECT id FROM conversation WHERE dossier_id = {dossier}")[0][0])
    keep_summaries(stack, cycle)
    return dossier, conv


def writers_for(stack, tag):
    dossier, conv = make_dossier(stack)
    ws = [load.Writer(stack.base_url, "eva", conv, "remark", tag),
          load.Writer(stack.base_url, "mark", conv, "remark", tag),
          load.Writer(stack.base_url, "mark", conv, "item", tag)]
    return dossier, conv, ws


def all_statuses(writers, since=None):
    total = collections.Counter()
    for w in writers:
        total += w.statuses(since)
    return total


def bodies(writers, status):
    return [b for w in writers for _, s, _, b in w.results if s == status]


# Answers of gesprekd itself that say "not saved" (a 502 from nginx, or no
# answer at all, may come after the commit: those say nothing either way).
NOT_SAVED = (500, 503)


def refused_yet_stored(stack, conversation, dossier, writers):
    """Writes answered NOT_SAVED whose remark or item is in the database
    all the same ([] if none): the answer must say what happened."""
    remarks = {t for (t,) in stack.sql(
        f"SELECT text FROM remark WHERE conversation_id = {conversation}")}
    items = {t for (t,) in stack.sql(f"SELECT title FROM item WHERE dossier_id = {dossier}")}
    return [f"{text}: answered {status}, yet stored" for w in writers
            for text, status, _, _ in w.results
            if status in NOT_SAVED and text in (remarks if w.kind == "remark" else items)]


@pytest.fixture(autouse=True)
def clean_attempts(stack):
    stack.sql("DELETE FROM login_attempt")
    yield
    if stack.mariadb_running:
        stack.sql("DELETE FROM login_attempt")


def test_mariadb_restart_under_write_load(stack):
    dossier, conv, ws = writers_for(stack, "db")
    pid = stack.gesprekd_pid
    load.start(ws)
    try:
        time.sleep(WARM)
        stack.stop_mariadb()
        down = time.monotonic()
        time.sleep(DOWN)
        stack.start_mariadb()
        up = time.monotonic()
        assert wait_for(lambda: all_statuses(ws, up)[303] >= 3, timeout=RECOVER), \
            f"no write saved after MariaDB came back: {all_statuses(ws, up)}"
        time.sleep(AFTER)
    finally:
        load.stop(ws)
        stack.ensure_running()
    seen = all_statuses(ws)
    print(f"[faults] MariaDB restart: answers {dict(seen)}")
    assert stack.gesprekd_pid == pid, "gesprekd recovered by itself, without a restart"
    assert set(seen) <= {303, 503}, f"answers other than 303 and 503: {seen}"
    assert all_statuses(ws, down + 0.5)[503] > 0, f"no 503 while MariaDB was down: {seen}"
    bare = [b for b in bodies(ws, 503) if ERROR_PAGE not in b and FORM_PAGE not in b]
    assert not bare, f"a 503 without its error page: {bare[:3]}"
    assert all_statuses(ws, up)[303] > 0
    problems = load.ledger(stack, conv, dossier, ws)
    assert not problems, "\n".join(problems[:30])
    problems = refused_yet_stored(stack, conv, dossier, ws)
    assert not problems, "\n".join(problems[:30])


def hold_audit_lock(stack, seconds):
    """A client that holds the audit table locked for `seconds`: every
    saving POST then waits inside its transaction, its remark or item
    written, its audit row not yet."""
    return subprocess.Popen(
        stack_mod._MARIADB_CLIENT_BASE + ["-S", str(stack.db_socket), "gesprek", "-e",
                                          f"LOCK TABLES audit WRITE; SELECT SLEEP({seconds}); "
                                          "UNLOCK TABLES;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)


def waiting_on_audit(stack):
    """Writers stuck inside their transactions: the one that reached the
    audit table waits for its lock; the others of the same conversation
    wait for that one's lock on the conversation row (every write of a
    conversation locks its row first, issue 13)."""
    return int(stack.sql("SELECT (SELECT COUNT(*) FROM information_schema.processlist WHERE "
                         "state LIKE 'Waiting for table metadata lock%') + "
                         "(SELECT COUNT(*) FROM information_schema.innodb_trx "
                         "WHERE trx_state = 'LOCK WAIT')")[0][0])


def test_killed_worker_under_write_load(stack):
    """First kill: while every writer waits in the middle of its
    transaction (the audit table held locked by another client), so the
    kill is mid-request for sure; second kill: at a random moment."""
    dossier, conv, ws = writers_for(stack, "worker")
    master = stack.gesprekd_pid
    load.start(ws)
    blocked = 0
    try:
        time.sleep(WARM)
        locker = hold_audit_lock(stack, 20)
        try:
            assert wait_for(lambda: waiting_on_audit(stack) >= len(ws), timeout=10), \
                "the writers did not get stuck in their transactions"
            blocked = waiting_on_audit(stack)
            worker = child_pid(stack, "gesprekd-work")
            os.kill(worker, signal.SIGKILL)
        finally:
            locker.kill()
            locker.wait(10)
        assert wait_for(lambda: child_pid(stack, "gesprekd-work") != worker,
                        timeout=RECOVER), "the master started no new worker"
        time.sleep(WARM)
        worker = child_pid(stack, "gesprekd-work")
        os.kill(worker, signal.SIGKILL)
        assert wait_for(lambda: child_pid(stack, "gesprekd-work") != worker,
                        timeout=RECOVER), "the master started no new worker"
        after = time.monotonic()
        assert wait_for(lambda: all_statuses(ws, after)[303] >= 3, timeout=RECOVER)
        time.sleep(AFTER)
    finally:
        load.stop(ws)
    seen = all_statuses(ws)
    print(f"[faults] worker killed twice ({blocked} writes held mid-transaction): "
          f"answers {dict(seen)}")
    assert stack.gesprekd_pid == master, "the master itself kept running"
    # A request in flight when its worker died: nginx answers 502; the
    # rest wait in the socket's queue for the new worker.
    assert set(seen) <= {303, 502, 503}, f"unexpected answers: {seen}"
    assert seen[502] >= len(ws), "the writes held mid-transaction were cut off"
    assert seen[303] > 20
    problems = load.ledger(stack, conv, dossier, ws)
    assert not problems, "\n".join(problems[:30])
    problems = refused_yet_stored(stack, conv, dossier, ws)
    assert not problems, "\n".join(problems[:30])


def test_killed_auth_broker_under_load(stack, new_session):
    dossier, conv, ws = writers_for(stack, "broker")
    logins = []
    load.start(ws)
    try:
        time.sleep(WARM)
        broker = child_pid(stack, "gesprekd-auth")
        os.kill(broker, signal.SIGKILL)
        t_kill = time.monotonic()
        # Logins while the broker is gone and being restarted.
        while time.monotonic() - t_kill < DOWN:
            logins.append(login(new_session(), "daan", "demo").status_code)
        assert wait_for(lambda: child_pid(stack, "gesprekd-auth") != broker, timeout=RECOVER)
        assert wait_for(lambda: login(new_session(), "daan", "demo").status_code == 303,
                        timeout=RECOVER), "logins work again"
        time.sleep(AFTER)
    finally:
        load.stop(ws)
    seen = all_statuses(ws)
    print(f"[faults] broker killed: writes {dict(seen)}, logins "
          f"{dict(collections.Counter(logins))}")
    assert set(seen) == {303}, f"sessions need no broker, yet: {seen}"
    assert logins and set(logins) <= {303, 503}, f"logins answered {collections.Counter(logins)}"
    problems = load.ledger(stack, conv, dossier, ws)
    assert not problems, "\n".join(problems[:30])


# ---------------------------------------------------------------------------
# disk full
# ---------------------------------------------------------------------------

# Size of the tmpfs that holds the MariaDB data directory of the disk-full
# stack: room for mariadb-install-db, the schema and the demo data (the
# redo log alone is 96 MB), not much more.
DISK_SIZE_MB = 320
# Left free when the disk is "filled": less than one extent of a table.
LEFT_FREE = 256 * 1024
BIG_TEXT = "schijf vol " + "é" * 3900       # close to TEXT_MAX_CHARS: ~7.8 kB a row
FULL_WRITES = 400


def _statfs_free(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


@pytest.fixture
def tiny_disk_stack():
    if not ROOT:
        pytest.skip("mounting a small tmpfs for MariaDB's data directory needs root")
    build = Path(os.environ.get("GESPREK_BUILD") or stack_mod.REPO / "_build")
    work = Path(tempfile.mkdtemp(prefix="gesprek-diskfull-", dir="/tmp"))
    os.chmod(work, 0o755)
    data = work / "mariadb"
    data.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE_MB}m,mode=0755", "tmpfs",
                    str(data)], check=True)
    s = stack_mod.Stack(work, build, https=True,
                        save_logs_to=(Path(os.environ["GESPREK_LOG_DIR"]) / "diskfull"
                                      if os.environ.get("GESPREK_LOG_DIR") else None))
    try:
        s.start()
        yield s
    finally:
        s.stop()
        subprocess.run(["umount", "-l", str(data)], check=False)
        shutil.rmtree(work, ignore_errors=True)


def test_disk_full_gives_clear_errors_and_loses_nothing(tiny_disk_stack):
    st = tiny_disk_stack
    dossier, conv = make_dossier(st)
    w = load.Writer(st.base_url, "eva", conv, "remark", "disk")
    w._ensure_login()
    eva = w.s

    def write(i):
        text = f"{w.tag}-{i} {BIG_TEXT}"
        status, body = w._post(text)
        w.results.append((text, status, time.monotonic(), body))
        return status

    for i in range(5):
        assert write(i) == 303
    ballast = st.mariadb_datadir / "ballast"
    free = _statfs_free(st.mariadb_datadir)
    subprocess.run(["fallocate", "-l", str(max(free - LEFT_FREE, 0)), str(ballast)], check=True)
    try:
        failed = []
        for i in range(5, 5 + FULL_WRITES):
            status = write(i)
            if status != 303:
                failed.append(status)
                if len(failed) >= 5:
                    break
        print(f"[faults] disk full: {i - 4} writes until {len(failed)} failed: "
              f"{dict(collections.Counter(failed))}")
        assert failed, f"{FULL_WRITES} big writes fitted in {LEFT_FREE} bytes"
        assert set(failed) <= {500, 503}, f"a full disk answered {collections.Counter(failed)}"
        assert all(ERROR_PAGE in b or (s == 503 and FORM_PAGE in b)
                   for _, s, _, b in w.results if s in (500, 503)), \
            "an error without its page"
        assert st.gesprekd_running and st.mariadb_running, "nothing crashed"
        # Reading still works while the disk is full.
        assert eva.get(f"/conversations/{conv}").status_code == 200
    finally:
        ballast.unlink()
    after = time.monotonic()
    assert wait_for(lambda: write(10000 + len(w.results)) == 303, timeout=RECOVER), \
        "writes work again once there is space"
    for i in range(5):
        assert write(20000 + i) == 303
    checks = st.sql("CHECK TABLE remark, audit, item, conversation, dossier, session")
    bad = [r for r in checks if r[2] in ("error", "warning") or (r[2] == "status" and r[3] != "OK")]
    assert not bad, f"CHECK TABLE: {bad}"
    problems = load.ledger(st, conv, dossier, [w])
    assert not problems, "\n".join(problems[:30])
    refused = refused_yet_stored(st, conv, dossier, [w])
    assert not refused, "\n".join(refused[:30])
    assert sum(1 for _, s, t, _ in w.results if s == 303 and t >= after) >= 5


def hold_conversation_row(stack, conversation, seconds):
    """A client that holds the conversation's row FOR UPDATE (an InnoDB row
    lock, which every write of a conversation takes first) for `seconds`."""
    return subprocess.Popen(
        stack_mod._MARIADB_CLIENT_BASE + [
            "-S", str(stack.db_socket), "gesprek", "-e",
            f"BEGIN; SELECT id FROM conversation WHERE id = {conversation} FOR UPDATE;"
            f" SELECT SLEEP({seconds}); ROLLBACK;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)


def transactions(stack, where):
    """How many of MariaDB's open transactions are `where`."""
    return int(stack.sql(f"SELECT COUNT(*) FROM information_schema.innodb_trx"
                         f" WHERE {where}")[0][0])


# store/db.h: a request waits DB_LOCK_WAIT_S for a row lock, its
# transaction tried DB_TX_TRIES times (with a short backoff between).
LOCK_WAIT_S, TX_TRIES = 5, 4
# The read timeout that cut a stuck statement before (DB_IO_TIMEOUT_S).
IO_TIMEOUT_S = 30


def test_a_save_behind_a_held_row_lock_answers_503_in_time(stack):
    """A save whose conversation row another transaction holds waits at
    most DB_LOCK_WAIT_S per try and answers 503 (nothing saved) once its
    tries are used up, not after MariaDB's 50 s lock wait, which the 30 s
    read timeout cut first: the worker was held, the connection dropped
    and the transaction rerun into the same wait.  On Galera a save whose
    wait an applier's abort failed to end was stuck that way (store/db.h
    DB_LOCK_WAIT_S).  Once the lock is gone the same save goes through."""
    dossier, conv = make_dossier(stack)
    w = load.Writer(stack.base_url, "mark", conv, "item", "lockwait")
    w._ensure_login()
    title = f"lockwait-{os.getpid()}-{next(_n)}"
    data = {"kind": "action", "title": title, "csrf": w.csrf}
    locker = hold_conversation_row(stack, conv, 120)
    try:
        assert wait_for(lambda: transactions(stack, "trx_rows_locked > 0") > 0, timeout=10)
        t = time.monotonic()
        r = w.s.post(f"/conversations/{conv}/items", data=data, allow_redirects=False,
                     timeout=IO_TIMEOUT_S + 15)
        took = time.monotonic() - t
    finally:
        locker.kill()
        locker.wait(10)
    print(f"[faults] a save behind a held row lock: {r.status_code} after {took:.1f} s")
    assert r.status_code == 503, r.text[:600]
    assert LOCK_WAIT_S * TX_TRIES <= took < IO_TIMEOUT_S, took
    assert stack.sql(f"SELECT COUNT(*) FROM item WHERE title = '{title}'")[0][0] == "0"
    assert wait_for(lambda: transactions(stack, "trx_state = 'LOCK WAIT'") == 0, timeout=10)
    r = w.s.post(f"/conversations/{conv}/items", data=data, allow_redirects=False, timeout=20)
    assert r.status_code == 303, r.text[:600]
    assert stack.sql(f"SELECT COUNT(*) FROM item WHERE title = '{title}'")[0][0] == "1"
