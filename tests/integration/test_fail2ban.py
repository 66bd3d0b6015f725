"""conf/fail2ban/gesprek.conf against the real log lines of gesprekd: the
failed and throttled logins match with the client's address as <HOST>;
successful logins, logouts and what a visitor types do not; no password is
ever logged."""

import re
import shutil
import subprocess

import pytest

from conftest import csrf_token, login

# [auth] throttle_login of the test stack: the try after these is throttled.
THROTTLE_LOGIN = 5
CLIENT = "127.0.0.1"          # every request of the stack comes from here
PASSWORDS = ("wrong-pw-7319", "geheim-pw-4410")
# A typed name that tries to pose as a second address and a second field.
FORGED = "ghost from 10.9.8.7 user x"


@pytest.fixture(autouse=True)
def clean_attempts(stack):
    stack.sql("DELETE FROM login_attempt")
    yield
    stack.sql("DELETE FROM login_attempt")


def _auth_lines(stack, offset):
    with open(stack.gesprekd_log, "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8", "replace")
    return [line for line in text.splitlines() if " auth: " in line]


def _matches(lines, tmp_path, token):
    """The `token` (fail2ban-regex -o) of each line the filter matches."""
    log = tmp_path / "gesprekd-auth.log"
    log.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    res = subprocess.run(["fail2ban-regex", "-o", token, str(log), str(FILTER)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    return [line for line in res.stdout.splitlines() if line.strip()]


def _python_matches(lines, token):
    """Without fail2ban: its regex with <HOST> as a named group."""
    conf = FILTER.read_text(encoding="utf-8")
    rx = re.search(r"^failregex = (.*)$", conf, re.M).group(1)
    rx = rx.replace("%(_daemon)s", "gesprekd").replace("<HOST>", r"(?P<host>\S+)")
    found = [(m, line) for line in lines for m in [re.search(rx, line)] if m]
    return [m.group("host") if token == "ip" else line for m, line in found]


def _run_filter(lines, tmp_path, token):
    if shutil.which("fail2ban-regex"):
        return _matches(lines, tmp_path, token)
    return _python_matches(lines, token)


FILTER = None


@pytest.fixture(autouse=True)
def _filter(stack):
    global FILTER
    FILTER = stack.repo / "conf" / "fail2ban" / "gesprek.conf"


def test_filter_matches_failed_and_throttled_logins_only(stack, new_session, tmp_path):
    offset = stack.gesprekd_log.stat().st_size
    assert login(new_session(), "bram", PASSWORDS[0]).status_code == 403
    assert login(new_session(), FORGED, PASSWORDS[1]).status_code == 403
    for _ in range(THROTTLE_LOGIN):
        assert login(new_session(), "daan", PASSWORDS[0]).status_code == 403
    assert login(new_session(), "daan", "demo").status_code == 429
    s = new_session()
    assert login(s, "eva", "demo").status_code == 303
    home = s.get("/")
    assert s.post("/logout", data={"csrf": csrf_token(home, "/logout")},
                  allow_redirects=False).status_code == 303

    lines = _auth_lines(stack, offset)
    failed = [line for line in lines if " login failed " in line]
    throttled = [line for line in lines if " login throttled " in line]
    ok = [line for line in lines if " login ok " in line]
    logout = [line for line in lines if " logout " in line]
    assert len(failed) == 1 + 1 + THROTTLE_LOGIN, lines
    assert len(throttled) == 1 and throttled[0].endswith(" user daan"), lines
    assert len(ok) == 1 and ok[0].endswith(f"from {CLIENT} user eva"), lines
    assert len(logout) == 1 and logout[0].endswith(f"from {CLIENT} user eva"), lines
    assert any(line.endswith(f"from {CLIENT} user bram") for line in failed), lines
    # The typed name is escaped: no blank, so it cannot forge the address.
    assert any("user ghost\\x20from\\x2010.9.8.7\\x20user\\x20x" in line for line in failed), lines
    for pw in PASSWORDS:
        assert pw not in stack.gesprekd_log.read_text(encoding="utf-8", errors="replace")

    matched = _run_filter(lines, tmp_path, "msg")
    assert sorted(matched) == sorted(failed + throttled)
    assert _run_filter(lines, tmp_path, "ip") == [CLIENT] * len(failed + throttled)


def test_long_typed_names_are_cut(stack, new_session):
    offset = stack.gesprekd_log.stat().st_size
    assert login(new_session(), "q" * 2000, "x").status_code == 403
    lines = [line for line in _auth_lines(stack, offset) if " login failed " in line]
    assert len(lines) == 1
    name = lines[0].rsplit(" user ", 1)[1]
    assert name.endswith("...") and len(name) < 2000
