"""The README's upgrade, walked on a clean root: `make install` into a
temporary root (DESTDIR, test_install.py's `installed`), a private database
(stack.scratch_database) that starts on the first released schema with
data in it, and the installed gesprekctl and gesprekd.

The walk: (1) the upgrade stops at 020's pre-flight check on two
departments that share a name, changing nothing; the data is fixed and the
rerun completes the schema; (2) that upgrade keeps the older of two notes
by one author aside in set_aside (040), says so, and `gesprekctl set-aside`
lists it; (3) the backup of README's upgrade section (its exact dump
command), a drop and the restore, after which the installed gesprekd
serves a logged-in user again; (4) `gesprekctl verify` passes for every
signed snapshot, before and after the round trip.

The first released schema is the migration files of commit
FIRST_RELEASE: it needs the git history, as test_migrations.py does.
"""
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pytest

import stack as stack_mod
from conftest import csrf_token
from convtools import add_item, post, version
from helpers import fcgi_request
from test_install import (REPO, Served, activation_socket, conf_set, installed,  # noqa: F401
                          reachable_tmpdir, remove_pam_wrapper_copies, start_gesprekd,
                          stop_gesprekd, write_pam)
from test_migrations import schema

# The files of the first release with migrations (001_schema.sql as first
# written, before any migration could run twice); of those, the ones an
# installation had before 020 and 040 came: the upgrade runs those two.
FIRST_RELEASE = "93abdbd"
OLD_BEFORE = 20
DB = "gesprek_upg"
CLEAN_DB = "gesprek_upg_clean"
# README's backup and restore, exactly as printed there; the test adds only
# the connection options of this machine's MariaDB and the database name.
README_DUMP = ("mariadb-dump --single-transaction --routines --triggers "
               "--databases gesprek > gesprek-$(date +%F).sql")
README_RESTORE = "mariadb < gesprek-YYYY-MM-DD.sql"
T_DUMP = 300
OLD_NOTE = "Eerste versie van de notitie, door een dubbele opslag bewaard"
NEW_NOTE = "Tweede versie van de notitie"


def old_files(tmp):
    have = subprocess.run(["git", "-C", str(REPO), "cat-file", "-e",
                           f"{FIRST_RELEASE}^{{commit}}"], capture_output=True)
    if have.returncode != 0:
        pytest.skip(f"needs the git history with commit {FIRST_RELEASE} "
                    "(a tarball or a shallow clone has none)")
    d = tmp / "old-sql"
    d.mkdir()
    names = subprocess.run(["git", "-C", str(REPO), "ls-tree", "--name-only", FIRST_RELEASE,
                            "sql/"], capture_output=True, text=True, check=True).stdout.split()
    for name in names:
        base = os.path.basename(name)
        if re.fullmatch(r"\d{3}_.*\.sql", base) and int(base[:3]) < OLD_BEFORE:
            text = subprocess.run(["git", "-C", str(REPO), "show", f"{FIRST_RELEASE}:{name}"],
                                  capture_output=True, text=True, check=True).stdout
            (d / base).write_text(text)
    assert sorted(p.name for p in d.iterdir())[:1] == ["001_schema.sql"], names
    os.chmod(d, 0o755)
    return d


def write_conf(served, path, db, migrations):
    """The shipped gesprek.conf with this machine's database, socket and
    folders; the stack's two accounts (scratch_database granted them db)."""
    st, inst = served.stack, served.inst
    shipped, dbc = inst.shipped_conf(), st.config()["database"]
    values = {
        "database": {"socket": st.db_socket, "name": db, "user": dbc["user"],
                     "password": dbc["password"], "migrate_user": dbc["migrate_user"],
                     "migrate_password": dbc["migrate_password"]},
        "server": {"listen": f"unix:{served.socket}",
                   "user": stack_mod.NSS_NOBODY if st.is_root else "",
                   "runtime_dir": served.work / "run"},
        "paths": {"stylesheets": inst.real(shipped["paths"]["stylesheets"]),
                  "migrations": migrations},
        "auth": {"hr_group": ""},
    }
    path.write_text(conf_set(inst.conf.read_text(), values))
    os.chmod(path, 0o600)
    return path


class Response:
    def __init__(self, status, raw):
        head, _, self.content = raw.partition(b"\r\n\r\n")
        self.status_code = status or 200
        self.header_lines = head.decode("latin-1").split("\r\n")
        self.headers = {}
        for line in self.header_lines:
            name, _, value = line.partition(":")
            self.headers[name.strip()] = value.strip()
        self.text = self.content.decode("utf-8", "replace")


class FcgiSession:
    """Just enough of a browser over gesprekd's FastCGI socket (no web
    server in this root): cookies, forms, HTTPS as nginx reports it."""

    def __init__(self, sock):
        self.sock, self.cookies = sock, {}

    def request(self, method, path, data=None):
        body = urlencode(data).encode() if data else b""
        params = {"REQUEST_METHOD": method, "REQUEST_URI": path,
                  "QUERY_STRING": path.partition("?")[2], "REMOTE_ADDR": "127.0.0.1",
                  "HTTPS": "on", "SERVER_NAME": "localhost", "SERVER_PORT": "443",
                  "HTTP_HOST": "localhost", "CONTENT_LENGTH": str(len(body))}
        if body:
            params["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        if self.cookies:
            params["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        r = Response(*fcgi_request(self.sock, params, stdin=body))
        for line in r.header_lines:
            if line.lower().startswith("set-cookie:"):
                pair = line.split(":", 1)[1].split(";")[0].strip()
                name, _, value = pair.partition("=")
                if value and "max-age=0" not in line.lower():
                    self.cookies[name] = value
                else:
                    self.cookies.pop(name, None)
        return r

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data=None, allow_redirects=False):
        assert not allow_redirects
        return self.request("POST", path, data)


def logged_in(served, user):
    s = FcgiSession(served.socket)
    page = s.get("/login")
    assert page.status_code == 200, page.text[:2000]
    r = s.post("/login", data={"username": user, "password": stack_mod.DEMO_PASSWORD,
                               "csrf": csrf_token(page, "/login")})
    assert r.status_code == 303, f"login {user}: {r.status_code}\n{stack_mod.tail(served.log)}"
    return s


def plant_old_data(sql):
    """What an installation of the first release holds: an organisation
    with two departments of one name (allowed then among different parents)
    and a conversation where one save arrived twice (two notes of one
    author on one item)."""
    sql("INSERT INTO department (id, name, parent_id) VALUES (1, 'Oude zorg', NULL), "
        "(2, 'Oude techniek', NULL), (3, 'Planning', 1), (4, 'Planning', 2)")
    sql("INSERT INTO employee (id, login, name, department_id, manager_id) VALUES "
        "(1, 'oudmgr', 'Oude Manager', 1, NULL), (2, 'oudmdw', 'Oude Medewerker', 3, 1)")
    sql("INSERT INTO cycle (id, name, starts_on, ends_on, status, rating_scale) VALUES "
        "(1, 'Oud 2025', '2025-01-01', '2025-12-31', 'open', 'matig|voldoende|goed')")
    sql("INSERT INTO dossier (id, cycle_id, employee_id, manager_id) VALUES (1, 1, 2, 1)")
    sql("INSERT INTO conversation (id, dossier_id, type, seq, status) VALUES "
        "(1, 1, 'goal_setting', 1, 'held')")
    sql("INSERT INTO item (id, dossier_id, kind, title) VALUES (1, 1, 'result', 'Oud doel')")
    sql(f"INSERT INTO item_update (id, item_id, conversation_id, author_id, status, note) VALUES "
        f"(1, 1, 1, 2, 'on_track', {stack_mod.sql_quote(OLD_NOTE)}), "
        f"(2, 1, 1, 2, 'at_risk', {stack_mod.sql_quote(NEW_NOTE)}), "
        f"(3, 1, 1, 1, 'on_track', 'Notitie van de manager')")


def sign_a_report(served, sql):
    """A goal-setting conversation of eva (manager mark) of the demo,
    walked to closed through the installed gesprekd: a signed snapshot."""
    people = dict(sql("SELECT login, id FROM employee WHERE login IN ('eva', 'mark')"))
    sql("INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
        "('Upgrade 2027', '2027-01-01', '2027-12-31', 'open', 'matig|voldoende|goed')")
    cycle = sql("SELECT id FROM cycle WHERE name = 'Upgrade 2027'")[0][0]
    sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
        f"({cycle}, {people['eva']}, {people['mark']})")
    dossier = sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle}")[0][0]
    sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on) VALUES "
        f"({dossier}, 'goal_setting', 1, '2027-02-15')")
    cid = int(sql(f"SELECT id FROM conversation WHERE dossier_id = {dossier}")[0][0])
    eva, mark = logged_in(served, "eva"), logged_in(served, "mark")
    assert add_item(mark, cid, title="Doel na de upgrade", weight="100").status_code == 303
    assert post(mark, f"/conversations/{cid}/held", version=version(mark, cid)).status_code == 303
    assert post(mark, f"/conversations/{cid}/finalize",
                version=version(mark, cid)).status_code == 303
    assert post(eva, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    assert post(mark, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    assert sql(f"SELECT status FROM conversation WHERE id = {cid}") == [("closed",)]
    return cid


def verified(served):
    r = served.ctl("verify")
    m = re.fullmatch(r"(\d+) snapshot\(s\) checked, (\d+) verified, 0 mismatch\(es\)\n", r.stdout)
    assert m and m.group(1) == m.group(2), r.stdout
    return int(m.group(1))


def readme_upgrade_section():
    text = (REPO / "README").read_text()
    start = text.index("\nUpgrading\n---------")
    return text[start:text.index("\n---", start + 20)]


def mariadb_admin(stack, program):
    """program with this machine's admin connection (root's unix socket on
    a server: README's commands need no options there)."""
    return [program, "--no-defaults", "-u", stack_mod.DB_ADMIN_USER, "-S", str(stack.db_socket)]


def dump_as_readme(stack, db, out):
    args = shlex.split(README_DUMP.split(" > ")[0])
    assert args[-1] == "gesprek"
    with open(out, "wb") as fh:
        r = subprocess.run(mariadb_admin(stack, args[0]) + args[1:-1] + [db], stdout=fh,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=T_DUMP)
    assert r.returncode == 0, r.stderr.decode()


def restore_as_readme(stack, dump):
    with open(dump, "rb") as fh:
        r = subprocess.run(mariadb_admin(stack, "mariadb"), stdin=fh, capture_output=True,
                           timeout=T_DUMP)
    assert r.returncode == 0, r.stderr.decode()


# Every table's rows, as a fingerprint: what the round trip must keep.
def fingerprint(stack, db):
    tables = [r[0] for r in stack.sql(
        "SELECT table_name FROM information_schema.tables "
        f"WHERE table_schema = '{db}' ORDER BY table_name", db=None)]
    return {t: stack.sql(f"CHECKSUM TABLE `{db}`.`{t}` EXTENDED", db=None)[0][1] for t in tables}


@pytest.fixture
def walk(stack, installed, tmp_path):  # noqa: F811
    work = reachable_tmpdir("gesprek-upgrade-")
    s = Served(stack, installed, work)
    try:
        stack.scratch_database(DB)
        s.lsock = activation_socket(s)
        yield s
    finally:
        rc = stop_gesprekd(s)
        if s.lsock is not None:
            s.lsock.close()
        remove_pam_wrapper_copies(s)
        if os.environ.get("GESPREK_LOG_DIR"):
            logs = Path(os.environ["GESPREK_LOG_DIR"]) / "upgrade"
            logs.mkdir(parents=True, exist_ok=True)
            if s.log.exists():
                (logs / "gesprekd.log").write_bytes(s.log.read_bytes())
        shutil.rmtree(work, ignore_errors=True)
        stack.drop_scratch_database(DB)
        assert rc in (None, 0), f"installed gesprekd exited with {rc}"


def test_readme_upgrade_walk(stack, walk, tmp_path):
    sql = lambda q: stack.sql(q, db=DB)  # noqa: E731
    installed_sql = walk.inst.real(walk.inst.shipped_conf()["paths"]["migrations"])
    # The first release, with its data.
    old_conf = write_conf(walk, tmp_path / "old.conf", DB, old_files(tmp_path))
    walk.ctl("migrate", conf=old_conf)
    plant_old_data(sql)
    # No set_aside in that schema yet: nothing to list, and no error.
    assert walk.ctl("set-aside", conf=old_conf).stdout == "0 row(s) set aside by migrations\n"
    write_conf(walk, walk.conf, DB, installed_sql)

    # (1) The upgrade stops before 020 and names what to fix; nothing changed.
    before = fingerprint(stack, DB)
    dry = walk.ctl("migrate", "--dry-run")
    assert "would apply 020_department_name.sql" in dry.stdout
    assert fingerprint(stack, DB) == before, "--dry-run changed the database"
    r = walk.ctl("migrate", check=False)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "020: departments that share a name: Planning. Nothing was changed." in r.stderr
    assert fingerprint(stack, DB) == before
    assert sql("SELECT MAX(version) FROM schema_migrations") == [("10",)]
    sql("UPDATE department SET name = 'Planning techniek' WHERE id = 4")

    # (2) The rerun completes the schema and keeps the older note aside.
    r = walk.ctl("migrate")
    assert ("040_indexes: 1 item_update row(s) kept in set_aside (two notes by one author "
            "on one conversation); gesprekctl set-aside lists them") in r.stdout, r.stdout
    assert walk.ctl("status").stdout.endswith(" migration(s) applied, 0 migration(s) pending\n")
    assert sql("SELECT id, note FROM item_update ORDER BY id") == [
        ("2", NEW_NOTE), ("3", "Notitie van de manager")]
    kept = sql("SELECT migration, source_table, source_id, JSON_VALUE(row_data, '$.note'), "
               "JSON_VALUE(row_data, '$.status'), JSON_VALUE(row_data, '$.kept_note_id') "
               "FROM set_aside")
    assert kept == [("040_indexes", "item_update", "1", OLD_NOTE, "on_track", "2")]
    listed = walk.ctl("set-aside").stdout
    assert OLD_NOTE in listed and listed.endswith("1 row(s) set aside by migrations\n"), listed
    stack.scratch_database(CLEAN_DB)
    try:
        clean_conf = write_conf(walk, tmp_path / "clean.conf", CLEAN_DB, installed_sql)
        walk.ctl("migrate", conf=clean_conf)
        assert schema(stack, DB) == schema(stack, CLEAN_DB)
    finally:
        stack.drop_scratch_database(CLEAN_DB)

    # The upgraded database serves, and holds a signed report.
    walk.ctl("demo")
    write_pam(walk, walk.ctl("demo", "--logins").stdout.split())
    start_gesprekd(walk, walk.lsock)
    cid = sign_a_report(walk, sql)
    assert verified(walk) >= 1
    assert walk.ctl("verify", str(cid)).returncode == 0

    # (3) README's backup, a lost database, README's restore.
    section = readme_upgrade_section()
    assert README_DUMP in section and README_RESTORE in section
    assert section.index("mariadb-dump") < section.index("gesprekctl migrate --dry-run") \
        < section.index("gesprekctl verify")
    dump = tmp_path / "gesprek-backup.sql"
    dump_as_readme(stack, DB, dump)
    before = fingerprint(stack, DB)
    assert stop_gesprekd(walk) == 0
    stack.sql(f"DROP DATABASE {DB}", db=None)
    restore_as_readme(stack, dump)
    assert fingerprint(stack, DB) == before
    start_gesprekd(walk, walk.lsock)
    home = logged_in(walk, "eva").get(f"/conversations/{cid}")
    assert home.status_code == 200 and "Doel na de upgrade" in home.text

    # (4) Every snapshot still verifies, the signed one among them.
    assert verified(walk) == int(sql("SELECT COUNT(*) FROM snapshot")[0][0]) >= 1
