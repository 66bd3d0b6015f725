"""gesprekctl setup (issue 20): from the shipped gesprek.conf to a migrated
database with the README's two least-privilege accounts, against the
stack's real MariaDB.

The database and accounts here have names of their own (never the stack's
`gesprek` accounts, whose passwords setup would otherwise set), and are
dropped at the end.  The conf is the one `make` generates from
conf/gesprek.conf.in, with only [paths] and the account names changed, so
that the in-place edit meets the real comments and layout."""
import os
import pty
import re
import select
import stat
import subprocess
import time

import pytest

import stack as stack_mod

DB = "gesprek_setup_test"
APP = "gsetup_app"
SCHEMA = "gsetup_schema"
CTL_TIMEOUT = 600
README_GRANTS = {APP: stack_mod.DB_APP_GRANTS, SCHEMA: stack_mod.DB_SCHEMA_GRANTS}


def shipped_conf(stack, path, db=DB, app=APP, schema=SCHEMA):
    """The generated gesprek.conf, pointed at the source tree's stylesheets
    and migrations and naming this test's database and accounts; mode 0600,
    as the package installs it."""
    text = (stack.build_dir / "conf" / "gesprek.conf").read_text()
    text = re.sub(r"(?m)^stylesheets = .*$", f"stylesheets = {stack.xslt_dir}", text)
    text = re.sub(r"(?m)^migrations = .*$", f"migrations = {stack.sql_dir}", text)
    text = re.sub(r"(?m)^name = gesprek$", f"name = {db}", text, count=1)
    text = re.sub(r"(?m)^user = gesprek$", f"user = {app}", text, count=1)
    text = re.sub(r"(?m)^migrate_user =$", f"migrate_user = {schema}", text)
    path.write_text(text)
    os.chmod(path, 0o600)
    return path


def run_setup(stack, conf, *args, stdin_text=None):
    cmd = [str(stack.gesprekctl_bin), "-c", str(conf), "setup",
           "--admin-user", stack_mod.DB_ADMIN_USER, "--socket", str(stack.db_socket), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=stack.env(),
                          input=stdin_text or "", timeout=CTL_TIMEOUT)


def database_section(conf):
    """[database] of the file as {key: value} (the active lines)."""
    values, section = {}, None
    for line in conf.read_text().splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "database" and "=" in line and not line.startswith(("#", ";")):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def grants(stack, user):
    return grants_on(stack, user, DB)


def grants_on(stack, user, db):
    """The privileges of user@localhost on db, as a set, and the grant lines
    other than USAGE and that one."""
    rows = [r[0] for r in stack.sql(f"SHOW GRANTS FOR '{user}'@'localhost'", db=None)]
    on_db = [r for r in rows if f"ON `{db}`.*" in r]
    others = [r for r in rows if r not in on_db and not r.startswith("GRANT USAGE ON *.*")]
    privs = set()
    for r in on_db:
        privs |= {p.strip() for p in r.split(" ON ")[0][len("GRANT "):].split(",")}
    return privs, others


def readme_grants(user):
    return {p.strip() for p in README_GRANTS[user].split(",")}


def database_exists(stack, name):
    return bool(stack.sql(f"SHOW DATABASES LIKE '{name}'", db=None))


def drop_all(stack):
    stack.sql(f"DROP DATABASE IF EXISTS {DB}; DROP USER IF EXISTS '{APP}'@'localhost', "
              f"'{SCHEMA}'@'localhost'", db=None)


@pytest.fixture(scope="module")
def installed(stack, tmp_path_factory):
    """One setup of a fresh database: (conf path, its result, the conf's
    bytes right after)."""
    if not stack.is_root:
        pytest.skip("setup's accounts are made through MariaDB's root (unix_socket): root only")
    drop_all(stack)
    conf = shipped_conf(stack, tmp_path_factory.mktemp("setup") / "gesprek.conf")
    res = run_setup(stack, conf)
    try:
        yield conf, res, conf.read_bytes()
    finally:
        drop_all(stack)


def test_setup_makes_database_accounts_and_conf_and_migrates(stack, installed):
    conf, res, _ = installed
    assert res.returncode == 0, res.stderr
    assert "Next steps" in res.stdout and f"usermod -a -G gesprek-hr" in res.stdout

    # gesprek.conf: still root's and 0600, the comments kept, [database]
    # naming what was made, with two different generated passwords.
    st = conf.stat()
    assert stat.S_IMODE(st.st_mode) == 0o600 and st.st_uid == os.geteuid()
    text = conf.read_text()
    assert "# The account gesprekd uses: it needs only SELECT, INSERT, UPDATE, DELETE." in text
    db = database_section(conf)
    assert db["name"] == DB and db["user"] == APP and db["migrate_user"] == SCHEMA
    assert db["socket"] == str(stack.db_socket)
    assert re.fullmatch(r"[0-9a-f]{48}", db["password"])
    assert re.fullmatch(r"[0-9a-f]{48}", db["migrate_password"])
    assert db["password"] != db["migrate_password"]

    # The accounts have exactly README's grants, and nothing else.
    for user in (APP, SCHEMA):
        privs, others = grants(stack, user)
        assert privs == readme_grants(user), user
        assert others == [], user

    # The app account logs in with the written password; the schema is
    # migrated (status exits 0 only with nothing pending).
    login = subprocess.run(["mariadb", "--no-defaults", "-S", str(stack.db_socket), "-u", APP,
                            f"-p{db['password']}", DB, "-N", "-e", "SELECT 1"],
                           capture_output=True, text=True, timeout=60)
    assert login.returncode == 0 and login.stdout.strip() == "1", login.stderr
    status = subprocess.run([str(stack.gesprekctl_bin), "-c", str(conf), "status"],
                            capture_output=True, text=True, env=stack.env(), timeout=CTL_TIMEOUT)
    assert status.returncode == 0, status.stdout + status.stderr
    assert " 0 migration(s) pending" in status.stdout
    assert (conf.parent / "configured").is_file()


def test_setup_again_changes_nothing_and_puts_back_the_grants(stack, installed):
    conf, first, before = installed
    assert first.returncode == 0, first.stderr
    # Something that setup must repair: an extra privilege.
    stack.sql(f"GRANT DROP, CREATE ON {DB}.* TO '{APP}'@'localhost'", db=None)
    again = run_setup(stack, conf)
    assert again.returncode == 0, again.stderr
    assert conf.read_bytes() == before
    assert stat.S_IMODE(conf.stat().st_mode) == 0o600
    for user in (APP, SCHEMA):
        privs, others = grants(stack, user)
        assert privs == readme_grants(user), user
        assert others == []


@pytest.mark.parametrize("args, says", [
    (["--database", "gesprek;drop"], "database name"),
    (["--database", "1gesprek"], "database name"),
    (["--account-host", "local'host"], "account host"),
    (["--admin-user", "ro`ot"], "administrator"),
    (["--port", "70000", "--host", "127.0.0.1"], "--port"),
    (["--database", "g" * 40], "--database: longer than 32"),
])
def test_setup_refuses_bad_input_and_changes_nothing(stack, tmp_path, args, says):
    conf = shipped_conf(stack, tmp_path / "gesprek.conf")
    before = conf.read_bytes()
    # Later options win: the bad value replaces the test's --admin-user.
    cmd = [str(stack.gesprekctl_bin), "-c", str(conf), "setup", "--admin-user",
           stack_mod.DB_ADMIN_USER, *args]
    res = subprocess.run(cmd, capture_output=True, text=True, env=stack.env(), input="",
                         timeout=CTL_TIMEOUT)
    assert res.returncode == 1, res.stdout + res.stderr
    assert says in res.stderr
    assert conf.read_bytes() == before
    assert not (tmp_path / "configured").exists()
    assert not database_exists(stack, "gesprek;drop") and not database_exists(stack, "1gesprek")


def test_setup_with_a_wrong_admin_password_says_so_and_changes_nothing(stack, tmp_path):
    if not stack.is_root:
        pytest.skip("root only (see installed)")
    stack.sql("CREATE USER IF NOT EXISTS 'gsetup_admin'@'localhost' IDENTIFIED BY 'right-one-9'; "
              "GRANT ALL ON *.* TO 'gsetup_admin'@'localhost' WITH GRANT OPTION", db=None)
    try:
        conf = shipped_conf(stack, tmp_path / "gesprek.conf")
        before = conf.read_bytes()
        pw = tmp_path / "pw"
        pw.write_text("wrong-one-9\n")
        res = run_setup(stack, conf, "--admin-user", "gsetup_admin", "--admin-password-file", str(pw),
                    "--database", "gesprek_setup_never")
        assert res.returncode == 1
        assert "cannot connect to MariaDB as gsetup_admin" in res.stderr
        assert conf.read_bytes() == before
        assert not database_exists(stack, "gesprek_setup_never")
    finally:
        stack.sql("DROP USER IF EXISTS 'gsetup_admin'@'localhost'", db=None)


def converse(cmd, answers, env, timeout=CTL_TIMEOUT):
    """Runs cmd on a terminal (a pty as stdin and stderr), answering each
    prompt that ends with one of answers' keys; returns (exit status, all
    the terminal showed)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    shown, pending = b"", list(answers)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
            if pending and shown.rstrip().endswith(pending[0][0].encode()):
                os.write(master, pending.pop(0)[1].encode() + b"\n")
        elif proc.poll() is not None:
            break
    if proc.poll() is None:     # stuck at a prompt the answers did not expect
        proc.kill()
    out, _ = proc.communicate(timeout=timeout)
    os.close(master)
    return proc.returncode, shown.decode("utf-8", "replace") + out.decode("utf-8", "replace")


def test_setup_asks_on_a_terminal_and_hides_the_password(stack, tmp_path):
    if not stack.is_root:
        pytest.skip("root only (see installed)")
    db, app, schema = "gesprek_setup_tty", "gtty_app", "gtty_schema"
    conf = shipped_conf(stack, tmp_path / "gesprek.conf", db="gesprek", app=app, schema=schema)
    secret = "typed-secret-4711"
    try:
        # root logs in through unix_socket, which ignores the typed password.
        rc, shown = converse(
            [str(stack.gesprekctl_bin), "-c", str(conf), "setup", "--socket", str(stack.db_socket)],
            [("[root]:", stack_mod.DB_ADMIN_USER),
             ("as root):", secret), ("Database [gesprek]:", db), ("[localhost]:", "")],
            stack.env())
        assert rc == 0, shown
        assert secret not in shown
        assert database_section(conf)["name"] == db
        assert database_exists(stack, db)
        privs, _ = grants_on(stack, app, db)
        assert privs == readme_grants(APP)
    finally:
        stack.sql(f"DROP DATABASE IF EXISTS {db}; DROP USER IF EXISTS '{app}'@'localhost', "
                  f"'{schema}'@'localhost'", db=None)
