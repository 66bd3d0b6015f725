"""Login under attack: one account whatever the spelling of its name, the
attempt reserved before PAM is asked (so parallel guesses get no extra
tries), a lock per account and address pair (a stranger elsewhere does not
lock the owner out of his known address), and the throttle window.

Clients get their own loopback source address (127.0.0.2, ...) to stand
for different machines: nginx listens on 127.0.0.1 and sees the source
address as REMOTE_ADDR.
"""

import os
import shutil
import subprocess
import threading
import time

import pytest
import requests

from conftest import StackSession, csrf_token
from helpers import page
import stack as stack_mod

REALM = "EXAMPLE.ORG"
# [auth] throttle_login of the test stack.
LIMIT = 5
# Parallel wrong logins fired at one account at once.
PARALLEL = 20
# The throttle window of the test stack is 15 minutes: this ages a row
# past it.
AGE_PAST_WINDOW = "INTERVAL 16 MINUTE"
OWNER_ADDR = "127.0.0.1"
STRANGER_ADDR = "127.0.0.2"
NEW_ADDR = "127.0.0.3"


class SourceAddressAdapter(requests.adapters.HTTPAdapter):
    """Connects from a given local address (another "machine" on loopback)."""

    def __init__(self, address, **kwargs):
        self._address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._address, 0)
        return super().init_poolmanager(*args, **kwargs)


def client(base_url, address=OWNER_ADDR):
    s = StackSession(base_url)
    s.mount("https://", SourceAddressAdapter(address))
    s.mount("http://", SourceAddressAdapter(address))
    return s


def form_token(s):
    r = s.get("/login")
    assert r.status_code == 200, r.text[:500]
    return csrf_token(r, "/login")


def try_login(base_url, user, password, address=OWNER_ADDR):
    s = client(base_url, address)
    try:
        token = form_token(s)
        return s.post("/login", data={"username": user, "password": password, "csrf": token},
                      allow_redirects=False)
    finally:
        s.close()


def clear_throttle(stack):
    stack.sql("DELETE FROM login_attempt")
    try:
        stack.sql("DELETE FROM login_known")
        stack.sql("DELETE FROM login_guard")
    except stack_mod.StackError:
        pass  # the code before migration 052 has neither


def attempts(stack, login):
    """Rows of `login` let through to PAM (a throttled try writes none)."""
    return int(stack.sql(f"SELECT COUNT(*) FROM login_attempt WHERE login = '{login}'")[0][0])


@pytest.fixture(autouse=True)
def clean_throttle(stack):
    clear_throttle(stack)
    yield
    clear_throttle(stack)


@pytest.fixture
def realm(stack):
    stack.reconfigure({"auth": {"realm": REALM}})
    yield REALM
    stack.reconfigure({"auth": {"realm": ""}})


def test_case_variants_are_one_account_with_one_count(stack, base_url):
    for name in ("Eva", "EVA", "eVa"):
        r = try_login(base_url, name, "demo")
        assert r.status_code == 303, f"{name}: {r.status_code}"
    # One employee row, no new ones for the other spellings.
    assert stack.sql("SELECT COUNT(*) FROM employee WHERE LOWER(login) = 'eva'") == [("1",)]
    clear_throttle(stack)
    for name in ("EVA", "Eva", "EVA", "eva", "EvA"):
        assert try_login(base_url, name, "wrong").status_code == 403
    # Five failures under five spellings are five failures of one account.
    r = try_login(base_url, "eva", "demo")
    assert r.status_code == 429, r.status_code
    assert page(r).xpath("//*[@role='alert']")
    assert stack.sql("SELECT DISTINCT login FROM login_attempt") == [("eva",)]


def test_realm_suffix_is_the_same_account(stack, base_url, realm):
    s = client(base_url)
    token = form_token(s)
    r = s.post("/login", data={"username": f"eva@{realm.lower()}", "password": "demo",
                               "csrf": token}, allow_redirects=False)
    assert r.status_code == 303
    home = s.get("/.xml")
    assert "Eva de Vries" in home.text
    clear_throttle(stack)
    for name in (f"eva@{realm}", "EVA", f"Eva@{realm.lower()}", "eva", f"EVA@{realm}"):
        assert try_login(base_url, name, "wrong").status_code == 403
    assert try_login(base_url, f"eva@{realm}", "demo").status_code == 429
    assert stack.sql("SELECT DISTINCT login FROM login_attempt") == [("eva",)]


def test_other_realm_is_refused_without_a_trace(stack, base_url, realm):
    before = stack.sql("SELECT COUNT(*) FROM employee")
    r = try_login(base_url, "eva@OTHER.ORG", "demo")
    assert r.status_code == 403
    assert page(r).xpath("//*[@role='alert']")
    assert stack.sql("SELECT COUNT(*) FROM employee") == before
    assert attempts(stack, "eva") == 0, "PAM was not asked about another realm"


def test_parallel_wrong_logins_get_no_extra_tries(stack, base_url):
    sessions, tokens = [], []
    for _ in range(PARALLEL):
        s = client(base_url)
        sessions.append(s)
        tokens.append(form_token(s))
    start = threading.Barrier(PARALLEL)
    statuses = [None] * PARALLEL

    def fire(i):
        start.wait()
        statuses[i] = sessions[i].post(
            "/login", data={"username": "daan", "password": f"guess-{i}", "csrf": tokens[i]},
            allow_redirects=False).status_code

    threads = [threading.Thread(target=fire, args=(i,)) for i in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in sessions:
        s.close()
    reached_pam = attempts(stack, "daan")
    print(f"[attack] {PARALLEL} parallel wrong logins: {reached_pam} reached PAM, "
          f"answers {sorted(statuses)}")
    assert reached_pam <= LIMIT, f"{reached_pam} tries reached PAM, the limit is {LIMIT}"
    assert statuses.count(403) == reached_pam
    assert statuses.count(429) == PARALLEL - reached_pam
    # And the right password is refused as well now: the account is locked
    # for this address.
    assert try_login(base_url, "daan", "demo").status_code == 429


def test_stranger_does_not_lock_the_owner_out_of_his_known_address(stack, base_url):
    assert try_login(base_url, "noor", "demo", OWNER_ADDR).status_code == 303
    for _ in range(LIMIT):
        assert try_login(base_url, "noor", "wrong", STRANGER_ADDR).status_code == 403
    # The stranger is locked out ...
    assert try_login(base_url, "noor", "demo", STRANGER_ADDR).status_code == 429
    # ... and so is anyone else from an address noor never used ...
    assert try_login(base_url, "noor", "demo", NEW_ADDR).status_code == 429
    # ... but noor, from the address he logged in from before, is not.
    r = try_login(base_url, "noor", "demo", OWNER_ADDR)
    assert r.status_code == 303, r.status_code


def test_the_owner_gets_his_own_count_at_his_known_address(stack, base_url):
    assert try_login(base_url, "noor", "demo", OWNER_ADDR).status_code == 303
    for _ in range(LIMIT):
        assert try_login(base_url, "noor", "wrong", OWNER_ADDR).status_code == 403
    assert try_login(base_url, "noor", "demo", OWNER_ADDR).status_code == 429
    # Nothing was written for the throttled try.
    assert attempts(stack, "noor") == 1 + LIMIT


def test_repeated_lockouts_from_one_address_last_longer(stack, base_url):
    for _ in range(LIMIT):
        assert try_login(base_url, "bram", "wrong", STRANGER_ADDR).status_code == 403
    # Past the window the first lock is over ...
    stack.sql(f"UPDATE login_attempt SET at = at - {AGE_PAST_WINDOW} WHERE login = 'bram'")
    for _ in range(LIMIT):
        assert try_login(base_url, "bram", "wrong", STRANGER_ADDR).status_code == 403
    # ... but the second, after as many failures again, is not over after
    # one window: it lasts twice as long.
    stack.sql(f"UPDATE login_attempt SET at = at - {AGE_PAST_WINDOW} WHERE login = 'bram'")
    assert try_login(base_url, "bram", "demo", STRANGER_ADDR).status_code == 429
    # Another address is held by the account's own limit only, which
    # counts the window alone.
    assert try_login(base_url, "bram", "demo", NEW_ADDR).status_code == 303


def test_failures_older_than_the_window_no_longer_count(stack, base_url):
    for _ in range(LIMIT - 1):
        assert try_login(base_url, "lotte", "wrong").status_code == 403
    stack.sql(f"UPDATE login_attempt SET at = at - {AGE_PAST_WINDOW} WHERE login = 'lotte'")
    for _ in range(LIMIT - 1):
        assert try_login(base_url, "lotte", "wrong").status_code == 403
    # 2 * (LIMIT - 1) failures, but only LIMIT - 1 within the window.
    assert try_login(base_url, "lotte", "demo").status_code == 303
    clear_throttle(stack)
    for _ in range(LIMIT):
        assert try_login(base_url, "lotte", "wrong").status_code == 403
    assert try_login(base_url, "lotte", "demo").status_code == 429
    stack.sql(f"UPDATE login_attempt SET at = at - {AGE_PAST_WINDOW} WHERE login = 'lotte'")
    assert try_login(base_url, "lotte", "demo").status_code == 303


def test_a_successful_login_resets_the_count(stack, base_url):
    for _ in range(LIMIT - 1):
        assert try_login(base_url, "thijs", "wrong").status_code == 403
    assert try_login(base_url, "thijs", "demo").status_code == 303
    for _ in range(LIMIT - 1):
        assert try_login(base_url, "thijs", "wrong").status_code == 403
    # 2 * (LIMIT - 1) failures in the window, but a success between them.
    assert try_login(base_url, "thijs", "demo").status_code == 303


def _ctl(stack, conf, *args):
    return subprocess.run([str(stack.gesprekctl_bin), "-c", str(conf), *args],
                          capture_output=True, text=True, env=stack.env(),
                          stdin=subprocess.DEVNULL, timeout=120)


def test_migration_052_stops_on_logins_that_differ_only_in_case(stack, shared_tmp_path):
    db = "gesprek_m052"
    sql_dir = shared_tmp_path / "sql"
    sql_dir.mkdir()
    for f in sorted((stack.repo / "sql").glob("*.sql")):
        if int(f.name[:3]) < 52:
            shutil.copy(f, sql_dir / f.name)
    settings = stack.config()
    settings["database"]["name"] = db
    settings["paths"]["migrations"] = str(sql_dir)
    conf = shared_tmp_path / "gesprek.conf"
    conf.write_text("".join(f"[{section}]\n" + "".join(f"{k} = {v}\n" for k, v in values.items())
                            for section, values in settings.items()))
    os.chmod(conf, 0o644)
    stack.scratch_database(db)
    collation = ("SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                 f"'{db}' AND TABLE_NAME = 'employee' AND COLUMN_NAME = 'login'")
    try:
        r = _ctl(stack, conf, "migrate")
        assert r.returncode == 0, r.stderr
        stack.sql("INSERT INTO employee (login, name) VALUES ('Eva', 'Eva A'), ('eva', 'Eva B'),"
                  " ('EVA', 'Eva C'), ('mark', 'Mark'), ('Bram', 'Bram')", db=db)
        shutil.copy(stack.repo / "sql" / "052_login_names.sql", sql_dir)
        r = _ctl(stack, conf, "migrate")
        print(r.stdout, r.stderr)
        assert r.returncode != 0
        assert "differ only in case: EVA, Eva, eva." in r.stdout + r.stderr
        assert "mark" not in r.stdout + r.stderr and "Bram" not in r.stdout + r.stderr
        # Nothing merged, dropped or changed, and 052 is not recorded.
        assert stack.sql("SELECT login FROM employee ORDER BY BINARY login", db=db) == [
            ("Bram",), ("EVA",), ("Eva",), ("eva",), ("mark",)]
        assert stack.sql(collation, db=None) == [("ascii_bin",)]
        assert stack.sql("SELECT COUNT(*) FROM schema_migrations WHERE version = 52",
                         db=db) == [("0",)]
        # Once a person has sorted them out, it goes through ...
        stack.sql("DELETE FROM employee WHERE login IN ('Eva', 'EVA')", db=db)
        r = _ctl(stack, conf, "migrate")
        assert r.returncode == 0, r.stdout + r.stderr
        assert stack.sql(collation, db=None) == [("ascii_general_ci",)]
        # ... and no two logins can differ only in case any more.
        with pytest.raises(stack_mod.StackError, match="Duplicate"):
            stack.sql("INSERT INTO employee (login, name) VALUES ('MARK', 'Mark 2')", db=db)
        assert stack.sql("SELECT login FROM employee WHERE login = 'BRAM'", db=db) == [("Bram",)]
    finally:
        stack.drop_scratch_database(db)


# How long the "directory" takes for slowpoke: well within broker_timeout
# (10s), far longer than a login takes.
SLOW_PAM_SECONDS = 8


@pytest.fixture
def slow_directory(stack, shared_tmp_path):
    """PAM that takes SLOW_PAM_SECONDS for the account slowpoke (pam_exec
    sleeping before the usual modules), as a slow directory server would."""
    script = shared_tmp_path / "slow-directory"
    script.write_text(f'#!/bin/sh\n[ "$PAM_USER" = slowpoke ] && sleep {SLOW_PAM_SECONDS}\nexit 0\n')
    os.chmod(script, 0o755)
    service = stack.pam_dir / stack.config()["auth"]["pam_service"]
    usual = service.read_text()
    service.write_text(f"auth optional pam_exec.so quiet {script}\n" + usual)
    stack.add_pam_user("slowpoke", "langzaam1")
    stack.restart_gesprekd()  # pam_wrapper copies the service dir at start
    yield
    stack.write_pam()
    stack.restart_gesprekd()


def test_a_slow_directory_holds_one_login_not_all(stack, base_url, slow_directory):
    slow = {}

    def slow_login():
        slow["status"] = try_login(base_url, "slowpoke", "langzaam1").status_code

    t = threading.Thread(target=slow_login)
    t.start()
    try:
        # Let slowpoke's PAM conversation begin, then log in others.
        time.sleep(1.0)
        others = [try_login(base_url, name, "demo").status_code for name in ("eva", "mark")]
        still_in_pam = t.is_alive()
    finally:
        t.join(SLOW_PAM_SECONDS * 3)
    assert others == [303, 303]
    assert still_in_pam, "the other logins waited for slowpoke's PAM conversation"
    assert slow["status"] == 303, "the slow login itself succeeds too"
