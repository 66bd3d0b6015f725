"""gesprekd as a process: reload, faults of MariaDB and the auth broker,
start-up checks, real system accounts through pam_unix."""

import os
import re
import shutil
import signal
import subprocess
import time

import pytest

import hr_roles
from conftest import csrf_token, login
from helpers import child_pid, page, text_of, wait_for

ROOT = os.geteuid() == 0


@pytest.fixture(autouse=True)
def clean_attempts(stack):
    stack.sql("DELETE FROM login_attempt")


def test_sighup_reloads_catalogs(stack, session):
    # Inside the stack's work dir: gesprekd runs as nobody and must read it.
    copy = stack.workdir / "xslt-copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(stack.repo / "xslt", copy)
    for d, _, files in os.walk(copy):
        os.chmod(d, 0o755)
        for f in files:
            os.chmod(os.path.join(d, f), 0o644)
    original = stack.xslt_dir
    stack.xslt_dir = copy
    stack.reconfigure({})
    try:
        assert "Inloggen" in text_of(session.get("/login"))
        nl = copy / "i18n" / "nl.xml"
        nl.write_text(nl.read_text(encoding="utf-8").replace(">Inloggen<", ">Aanmelden<"),
                      encoding="utf-8")
        worker = child_pid(stack, "gesprekd-work")
        os.kill(stack.gesprekd_pid, signal.SIGHUP)
        assert wait_for(lambda: "Aanmelden" in text_of(session.get("/login")), timeout=10)
        assert child_pid(stack, "gesprekd-work") == worker, "reloaded in place"
        # A broken stylesheet is refused; the previous ones stay in use.
        (copy / "login.xsl").write_text("<not-xslt", encoding="utf-8")
        os.kill(stack.gesprekd_pid, signal.SIGHUP)
        time.sleep(1)
        r = session.get("/login")
        assert r.status_code == 200 and "Aanmelden" in text_of(r)
    finally:
        stack.xslt_dir = original
        stack.reconfigure({})


def test_mariadb_restart_under_running_server(stack, new_session):
    s = new_session()
    assert login(s, "eva", "demo").status_code == 303
    pid = stack.gesprekd_pid
    stack.stop_mariadb()
    try:
        r = s.get("/")
        assert r.status_code == 503
        assert page(r).xpath("//h1")
        # The login form reads nothing once the worker thread has the
        # server secret (a visitor costs no query): 200, or 503 before.
        assert new_session().get("/login").status_code in (200, 503)
    finally:
        stack.start_mariadb()
    assert wait_for(lambda: s.get("/").status_code == 200, timeout=20)
    assert stack.gesprekd_pid == pid, "gesprekd was not restarted"
    assert login(new_session(), "mark", "demo").status_code == 303


def test_killed_auth_broker_is_restarted_and_sessions_keep_working(stack, new_session):
    s = new_session()
    login(s, "eva", "demo")
    broker = child_pid(stack, "gesprekd-auth")
    os.kill(broker, signal.SIGKILL)
    assert s.get("/").status_code == 200, "sessions do not need the broker"
    assert wait_for(lambda: child_pid(stack, "gesprekd-auth") != broker)
    assert wait_for(lambda: login(new_session(), "mark", "demo").status_code == 303)


def test_login_answers_503_while_the_broker_is_down(stack, new_session):
    stack.reconfigure({"auth": {"broker_timeout": "1s"}})
    broker = child_pid(stack, "gesprekd-auth")
    os.kill(broker, signal.SIGSTOP)
    try:
        r = login(new_session(), "eva", "demo")
        assert r.status_code == 503
        assert page(r).xpath("//*[@role='alert']")
    finally:
        os.kill(broker, signal.SIGCONT)
        stack.reconfigure({"auth": {"broker_timeout": "10s"}})
    assert login(new_session(), "eva", "demo").status_code == 303


def test_killed_worker_is_restarted(stack, new_session):
    s = new_session()
    login(s, "eva", "demo")
    worker = child_pid(stack, "gesprekd-work")
    os.kill(worker, signal.SIGKILL)
    assert wait_for(lambda: child_pid(stack, "gesprekd-work") != worker)
    assert wait_for(lambda: s.get("/").status_code == 200)


def test_config_errors_name_file_and_line(stack, tmp_path):
    bad = tmp_path / "bad.conf"
    bad.write_text("[server]\nthreads = 4\nthread = 5\n")
    r = subprocess.run([str(stack.gesprekd_bin), "-c", str(bad), "-t"], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode != 0
    assert f"{bad}:3: unknown key" in r.stderr
    bad.write_text("[auth]\nsession_idle = soon\n")
    r = subprocess.run([str(stack.gesprekctl_bin), "-c", str(bad), "status"], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode != 0 and f"{bad}:2:" in r.stderr


def test_config_check_passes_for_the_stack(stack):
    r = subprocess.run([str(stack.gesprekd_bin), "-c", str(stack.config_path), "-t"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr


def test_refuses_to_start_with_pending_migrations(stack, tmp_path):
    sql = tmp_path / "sql"
    shutil.copytree(stack.repo / "sql", sql)
    (sql / "999_pending.sql").write_text("CREATE TABLE pending_test (id INT PRIMARY KEY);\n")
    conf = tmp_path / "pending.conf"
    lines = []
    for line in stack.config_path.read_text().splitlines():
        if line.startswith("migrations"):
            line = f"migrations = {sql}"
        elif line.startswith("listen"):
            line = f"listen = unix:{tmp_path}/other.sock"
        lines.append(line)
    conf.write_text("\n".join(lines) + "\n")
    r = subprocess.run([str(stack.gesprekd_bin), "-c", str(conf)], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode != 0
    assert "gesprekctl migrate" in r.stderr
    r = subprocess.run([str(stack.gesprekctl_bin), "-c", str(conf), "status"],
                       capture_output=True, text=True, timeout=60)
    assert "1 migration(s) pending" in r.stdout


def test_migrate_is_idempotent(stack):
    r = stack.ctl("migrate")
    assert "0 migration(s) applied" in r.stdout
    files = sorted(f.name for f in stack.sql_dir.glob("[0-9][0-9][0-9]_*.sql"))
    assert stack.sql("SELECT name FROM schema_migrations ORDER BY version") == [(f,) for f in files]


def test_request_log_has_id_method_path_status_time(stack, session):
    session.get("/login?x=1")
    line = [l for l in stack.gesprekd_log.read_text().splitlines() if " GET /login " in l][-1]
    parts = line.split()
    # ... <id> GET /login 200 <bytes> <n>us
    assert parts[-1].endswith("us") and parts[-3] == "200"
    assert parts[-5] == "GET" and parts[-4] == "/login"
    assert len(parts[-6]) == 12, "request id"


@pytest.mark.skipif(not ROOT, reason="real system accounts need root")
def test_real_system_account_through_pam_unix(stack, new_session):
    user, password = "gesprektest", "Unix-w8woord!"
    subprocess.run(["userdel", "-r", user], capture_output=True)
    # hr_roles.system tries again while another test (an xdist worker's,
    # another run's) holds the lock of /etc/passwd or /etc/group.
    hr_roles.system("groupadd", "-f", "gesprek-hr")
    hr_roles.system("useradd", "-M", "-c", "Gerda Systeem,,,", "-G", "gesprek-hr", user)
    hr_roles.system("chpasswd", input=f"{user}:{password}\n")
    try:
        stack.sql(f"DELETE FROM session WHERE employee_id IN (SELECT id FROM employee WHERE login = '{user}')")
        stack.sql(f"DELETE FROM employee WHERE login = '{user}'")
        assert login(new_session(), user, "wrong").status_code == 403
        s = new_session()
        assert login(s, user, password).status_code == 303
        home = s.get("/")
        assert "Gerda Systeem" in text_of(home), "full name from GECOS"
        assert stack.sql(f"SELECT name FROM employee WHERE login = '{user}'") == [("Gerda Systeem",)]
        roles = page(home).xpath("//*[contains(@class,'badge-role-hr')]")
        assert roles, "member of the HR group is HR"
    finally:
        subprocess.run(["userdel", "-r", user], capture_output=True)


def test_sigterm_finishes_and_exits_cleanly(stack):
    rc = stack.stop_gesprekd()
    try:
        assert rc == 0
        assert "stopped" in stack.gesprekd_log.read_text().splitlines()[-1]
    finally:
        stack.start_gesprekd()


# A line of gesprekd's own log: UTC time, name[pid], level, message.
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z gesprekd\[\d+\] (error|warning|info): ")


def test_libxml2_errors_of_request_threads_go_to_the_log(stack, new_session):
    """libxml2 keeps its error handler per thread: one set only in the
    thread that starts the worker leaves request threads writing raw
    parser output to stderr.  A closed report whose stored snapshot is not
    well-formed makes libxml2 complain inside a request."""
    eva, mark = (int(stack.sql(f"SELECT id FROM employee WHERE login = '{u}'")[0][0])
                 for u in ("eva", "mark"))
    stack.sql("INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              "('Logcyclus libxml2', '2027-01-01', '2027-12-31', 'open', 'matig|goed')")
    cycle = int(stack.sql("SELECT MAX(id) FROM cycle WHERE name = 'Logcyclus libxml2'")[0][0])
    try:
        stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES ({cycle}, {eva}, {mark})")
        d = int(stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle}")[0][0])
        stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status) VALUES "
                  f"({d}, 'goal_setting', 1, '2027-02-15', 'closed')")
        cid = int(stack.sql(f"SELECT id FROM conversation WHERE dossier_id = {d}")[0][0])
        stack.sql(f"INSERT INTO snapshot (conversation_id, xml, sha256) VALUES "
                  f"({cid}, '<page><conversation><items>', '{'0' * 64}')")
        s = new_session()
        assert login(s, "eva", "demo").status_code == 303
        start = stack.gesprekd_log.stat().st_size
        r = s.get(f"/conversations/{cid}")
        assert r.status_code >= 500, "a report that cannot be shown as signed is not shown"
        with open(stack.gesprekd_log, "rb") as fh:
            fh.seek(start)
            lines = fh.read().decode("utf-8", "replace").splitlines()
        assert any(LOG_LINE.match(l) and "libxml2" in l and "Premature end of data" in l
                   for l in lines), lines
        raw = [l for l in lines if l.strip() and not LOG_LINE.match(l)]
        assert raw == [], "every line is a log line; nothing raw on stderr"
    finally:
        stack.sql(f"DELETE s FROM snapshot s JOIN conversation c ON c.id = s.conversation_id "
                  f"JOIN dossier d ON d.id = c.dossier_id WHERE d.cycle_id = {cycle}")
        stack.sql(f"DELETE c FROM conversation c JOIN dossier d ON d.id = c.dossier_id "
                  f"WHERE d.cycle_id = {cycle}")
        stack.sql(f"DELETE FROM dossier WHERE cycle_id = {cycle}")
        stack.sql(f"DELETE FROM cycle WHERE id = {cycle}")
