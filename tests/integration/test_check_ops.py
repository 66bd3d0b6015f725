"""gesprekctl check for operations (issue 23): it speaks FastCGI to the
configured socket (GET /health) and reports the status, warns on a
configuration file its group or everyone can read (it holds the database
passwords), warns on grants of the runtime account beyond SELECT, INSERT,
UPDATE, DELETE, and reports a schema newer than this gesprekctl.  Each
finding appears when it is planted and not on the clean stack.

The plants are made on a scratch setup (its own database and account, a
copy of the configuration), so the stack's accounts keep README's grants
and its database its migrations."""
import os
import re
import secrets
import socket
import subprocess

import pytest

import stack as stack_mod

FINDING = re.compile(r"^(ok|warn|FAIL): ")
PROBE = "over FastCGI on"
GRANTS = "holds more than gesprekd needs"
NEWER = "database schema is newer than this gesprekctl"
READABLE = ("every local user can read it", "its group (id")


def check(stack, conf, *extra):
    r = subprocess.run([str(stack.gesprekctl_bin), "-c", str(conf), "check", *extra],
                       capture_output=True, text=True, env=stack.env(), timeout=120)
    lines = r.stdout.splitlines()
    assert lines and all(FINDING.match(l) for l in lines), r.stdout + r.stderr
    return r, lines


def matching(lines, needle):
    return [l for l in lines if needle in l]


def conf_copy(stack, path, **values):
    """The stack's configuration with some keys of any section replaced."""
    out = []
    for line in stack.config_path.read_text().splitlines():
        key = line.split("=")[0].strip()
        if "=" in line and key in values:
            line = f"{key} = {values[key]}"
        out.append(line)
    path.write_text("\n".join(out) + "\n")
    os.chmod(path, 0o600)
    return path


@pytest.fixture
def scratch(stack, tmp_path):
    """A database with the stack's migration records and an account with
    README's runtime grants on it; its configuration in tmp_path (0600)."""
    tag = secrets.token_hex(4)
    db, user, password = f"gesprek_chk_{tag}", f"chk_{tag}", secrets.token_urlsafe(12)
    account = f"'{user}'@'localhost'"
    stack.sql(f"CREATE DATABASE {db}; "
              f"CREATE TABLE {db}.schema_migrations LIKE gesprek.schema_migrations; "
              f"INSERT INTO {db}.schema_migrations SELECT * FROM gesprek.schema_migrations; "
              f"CREATE USER {account} IDENTIFIED BY {stack_mod.sql_quote(password)}; "
              f"GRANT SELECT, INSERT, UPDATE, DELETE ON {db}.* TO {account}", db=None)
    try:
        yield {"db": db, "account": account,
               "conf": conf_copy(stack, tmp_path / "scratch.conf", name=db, user=user,
                                 password=password)}
    finally:
        stack.sql(f"DROP DATABASE IF EXISTS {db}; DROP USER IF EXISTS {account}", db=None)


def test_clean_stack_answers_and_has_no_finding(stack, scratch):
    for conf in (stack.config_path, scratch["conf"]):
        r, lines = check(stack, conf)
        probe = matching(lines, PROBE)
        assert probe == [f"ok: gesprekd answers GET /health over FastCGI on "
                         f"{stack.gesprekd_socket}: 200 ok"], r.stdout
        for needle in (GRANTS, NEWER) + READABLE:
            assert not matching(lines, needle), f"{needle!r} on a clean setup:\n{r.stdout}"
        assert matching(lines, "holds no more than SELECT, INSERT, UPDATE, DELETE")[0] \
            .startswith("ok: "), r.stdout


@pytest.mark.parametrize("mode,expect", [
    (0o640, "warn: {conf} holds a database password and its group (id"),
    (0o604, "FAIL: {conf} holds a database password and every local user can read it"),
    (0o644, "FAIL: {conf} holds a database password and every local user can read it"),
])
def test_readable_configuration_is_named(stack, scratch, mode, expect):
    conf = scratch["conf"]
    private, private_lines = check(stack, conf)
    assert not [l for l in private_lines if any(n in l for n in READABLE)], private.stdout
    os.chmod(conf, mode)
    r, lines = check(stack, conf)
    found = [l for l in lines if l.startswith(expect.format(conf=conf))]
    assert len(found) == 1 and "chmod 600" in found[0], r.stdout
    if found[0].startswith("warn: "):
        assert r.returncode == private.returncode, "a warning alone changes no exit status"
    else:
        assert r.returncode == 1


def test_grant_beyond_the_runtime_privileges_is_named(stack, scratch):
    stack.sql(f"GRANT ALTER, DROP ON {scratch['db']}.* TO {scratch['account']}; "
              f"GRANT SELECT (version) ON {scratch['db']}.schema_migrations "
              f"TO {scratch['account']}", db=None)
    r, lines = check(stack, scratch["conf"])
    found = matching(lines, GRANTS)
    assert len(found) == 1 and found[0].startswith("warn: "), r.stdout
    assert f"ALTER on `{scratch['db']}`.*" in found[0] and f"DROP on `{scratch['db']}`.*" in found[0]
    assert "SELECT" not in found[0].split(":", 2)[2].split("(REVOKE")[0], \
        "a column SELECT is no more than gesprekd needs"
    assert "IDENTIFIED" not in r.stdout, "the rest of a grant line (a password hash) is not printed"
    stack.sql(f"REVOKE ALTER, DROP ON {scratch['db']}.* FROM {scratch['account']}; "
              f"GRANT INSERT ON {scratch['db']}.* TO {scratch['account']} WITH GRANT OPTION",
              db=None)
    r, lines = check(stack, scratch["conf"])
    found = matching(lines, GRANTS)
    assert len(found) == 1 and f"GRANT OPTION on `{scratch['db']}`.*" in found[0], r.stdout
    assert "ALTER" not in found[0]


def test_schema_newer_than_gesprekctl_is_named(stack, scratch):
    stack.sql(f"INSERT INTO {scratch['db']}.schema_migrations (version, name) "
              f"VALUES (998, '998_from_a_newer_release.sql')", db=None)
    r, lines = check(stack, scratch["conf"])
    found = matching(lines, NEWER)
    assert found == [f"FAIL: {NEWER}: migration 998 is recorded but not in "
                     f"{stack.repo / 'sql'}; gesprekd will not start (install the gesprek "
                     "release that made it, or restore a backup from before it)"], r.stdout
    assert r.returncode == 1


def test_socket_that_does_not_answer_is_a_failure(stack, scratch, tmp_path):
    # What a crashed gesprekd leaves: the socket file, no one listening.
    dead = tmp_path / "dead.sock"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(dead))
    s.close()
    missing = tmp_path / "missing.sock"
    for path, why in ((dead, "Connection refused"), (missing, "No such file or directory")):
        conf = conf_copy(stack, tmp_path / "probe.conf", name=scratch["db"],
                         listen=f"unix:{path}")
        r, lines = check(stack, conf)
        probe = matching(lines, f"FastCGI on {path}")
        assert probe == [f"FAIL: FastCGI on {path}: {why} (is gesprekd running? systemctl "
                         "status gesprekd.socket gesprekd.service; journalctl -u gesprekd)"], \
            r.stdout
        assert r.returncode == 1


def test_socket_that_accepts_and_never_answers_is_a_failure(stack, scratch, tmp_path):
    mute = tmp_path / "mute.sock"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(mute))
    s.listen(4)
    try:
        conf = conf_copy(stack, tmp_path / "mute.conf", listen=f"unix:{mute}")
        r, lines = check(stack, conf)
    finally:
        s.close()
    assert matching(lines, f"FAIL: FastCGI on {mute}: no answer within 5 s"), r.stdout


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "../../etc/passwd", "europe/amsterdam"])
def test_unknown_timezone_is_refused_and_named(stack, scratch, zone):
    """glibc counts an unknown zone as UTC without a word: a typo in
    [site] timezone would move every "today" (due dates, a deputy's last
    day) by hours.  check names it; every other gesprekctl command refuses
    to run in it, as gesprekd refuses to start, and changes nothing."""
    good, good_lines = check(stack, scratch["conf"])
    assert matching(good_lines, "ok: [site] timezone Europe/Amsterdam"), good.stdout
    conf = scratch["conf"]
    text = conf.read_text()
    assert "timezone = Europe/Amsterdam" in text
    conf.write_text(text.replace("timezone = Europe/Amsterdam", f"timezone = {zone}"))
    r, lines = check(stack, conf)
    named = matching(lines, f'[site] timezone "{zone}" is not a zone of this machine')
    assert len(named) == 1 and named[0].startswith("FAIL: "), r.stdout
    assert r.returncode == 1
    for command in (["status"], ["remind"], ["purge"]):
        run = subprocess.run([str(stack.gesprekctl_bin), "-c", str(conf), *command],
                             capture_output=True, text=True, env=stack.env(), timeout=120)
        assert run.returncode == 1, (command, run.stdout, run.stderr)
        assert run.stderr == (f'gesprekctl: [site] timezone "{zone}" is not a zone of this '
                              f"machine (no /usr/share/zoneinfo/{zone}; e.g. Europe/Amsterdam)\n")
        assert run.stdout == "", (command, run.stdout)
