"""The login form without a session row (a signed double-submit CSRF value),
the CSRF token only from a POST's body, and CSRF with real tokens of other
sessions (issue 13).

The login form's token: a random nonce in the cookie LOGIN_COOKIE and, in
the form's hidden `csrf` field, "<expiry>.<HMAC-SHA256(server secret,
nonce, expiry)>".  The server secret is a row of server_secret, shared by
every gesprekd on the database."""

import hashlib
import hmac
import secrets
import time
import uuid

import pytest

from conftest import csrf_token, login
from helpers import child_pid, page

SESSION_COOKIE = "__Host-gesprek"
LOGIN_COOKIE = "__Host-gesprek-login"
# Anonymous visits of the login form in test_anonymous_login_form_writes_nothing.
VISITS = 50
# The longest a login form's token may live (seconds): a short max-age.
LOGIN_TOKEN_MAX_AGE = 3600
HMAC_LABEL = b"gesprek login csrf\0"


@pytest.fixture(autouse=True)
def clean_attempts(stack):
    """Failed logins below count against 127.0.0.1: start and end clean."""
    stack.sql("DELETE FROM login_attempt")
    yield
    stack.sql("DELETE FROM login_attempt")


def sessions(stack):
    return int(stack.sql("SELECT COUNT(*) FROM session")[0][0])


def login_post(s, token, user="eva", password="demo", **kw):
    data = {"username": user, "password": password}
    if token is not None:
        data["csrf"] = token
    return s.post("/login", data=data, allow_redirects=False, **kw)


def assert_refused_with_form(stack, r, before):
    """A refused login: 403, the login form again with a token, no session
    row made and no session cookie set."""
    assert r.status_code == 403, r.text[:1000]
    assert page(r).xpath("//form[@action='/login']//input[@name='csrf']/@value")
    assert SESSION_COOKIE + "=" not in r.headers.get("Set-Cookie", "")
    assert sessions(stack) == before


def test_anonymous_login_form_writes_nothing(stack, new_session):
    before = sessions(stack)
    for _ in range(VISITS):
        r = new_session().get("/login")
        assert r.status_code == 200
        assert csrf_token(r, "/login")
    assert sessions(stack) == before, "an anonymous GET /login wrote a session row"
    s = new_session()
    assert login(s, "eva", "demo").status_code == 303, "the login still works"
    assert sessions(stack) == before + 1
    assert s.get("/").status_code == 200


def test_login_cookie_attributes(session):
    r = session.get("/login")
    set_cookie = [c.strip() for c in r.raw.headers.getlist("Set-Cookie")]
    ours = [c for c in set_cookie if c.startswith(LOGIN_COOKIE + "=")]
    assert len(ours) == 1, set_cookie
    attrs = [a.strip() for a in ours[0].split(";")]
    for attr in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/"):
        assert attr in attrs, ours[0]
    assert not any(a.lower().startswith("domain") for a in attrs)
    max_age = [int(a.split("=", 1)[1]) for a in attrs if a.startswith("Max-Age=")]
    assert max_age and 0 < max_age[0] <= LOGIN_TOKEN_MAX_AGE
    assert not any(c.startswith(SESSION_COOKIE + "=") for c in set_cookie), "no session for a visitor"
    nonce = session.cookies.get(LOGIN_COOKIE)
    assert len(nonce) == 64 and int(nonce, 16) >= 0
    assert nonce not in r.text, "the nonce itself is not in the page"


def test_login_with_the_form_token_works_and_clears_its_cookie(stack, session):
    r = login(session, "eva", "demo")
    assert r.status_code == 303
    cleared = [c for c in r.raw.headers.getlist("Set-Cookie") if c.startswith(LOGIN_COOKIE + "=")]
    assert cleared and "Max-Age=0" in cleared[0]
    assert session.get("/").status_code == 200


def test_missing_forged_and_mismatched_tokens_are_refused(stack, new_session):
    s = new_session()
    token = csrf_token(s.get("/login"), "/login")
    before = sessions(stack)
    assert_refused_with_form(stack, login_post(s, None), before)
    assert_refused_with_form(stack, login_post(s, ""), before)
    assert_refused_with_form(stack, login_post(s, "0" * 64), before)
    expiry, mac = token.split(".")
    forged = f"{expiry}.{secrets.token_hex(32)}"
    assert_refused_with_form(stack, login_post(s, forged), before)
    later = f"{int(expiry) + 60}.{mac}"
    assert_refused_with_form(stack, login_post(s, later), before)
    # The right field with another nonce in the cookie.
    mine = s.cookies.get(LOGIN_COOKIE)
    s.cookies.clear()
    s.cookies.set(LOGIN_COOKIE, secrets.token_hex(32))
    assert_refused_with_form(stack, login_post(s, token), before)
    # No cookie at all.
    s.cookies.clear()
    assert_refused_with_form(stack, login_post(s, token), before)
    # Back to the real pair: it works.
    s.cookies.clear()
    s.cookies.set(LOGIN_COOKIE, mine)
    assert login_post(s, token).status_code == 303
    assert sessions(stack) == before + 1


def test_token_of_another_browser_is_refused(stack, new_session):
    a, b = new_session(), new_session()
    token_a = csrf_token(a.get("/login"), "/login")
    token_b = csrf_token(b.get("/login"), "/login")
    before = sessions(stack)
    assert_refused_with_form(stack, login_post(b, token_a), before)
    assert_refused_with_form(stack, login_post(a, token_b), before)


def test_refused_form_carries_a_token_that_works(stack, session):
    session.get("/login")
    r = login_post(session, "f" * 64)
    assert r.status_code == 403
    assert login_post(session, csrf_token(r, "/login")).status_code == 303


def test_two_tabs_keep_one_nonce(session):
    first = csrf_token(session.get("/login"), "/login")
    nonce = session.cookies.get(LOGIN_COOKIE)
    second = csrf_token(session.get("/login"), "/login")
    assert session.cookies.get(LOGIN_COOKIE) == nonce
    assert login_post(session, first).status_code == 303, "the first tab's form still works"
    assert second


def _signed(stack, nonce_hex, expiry):
    key = bytes.fromhex(stack.sql("SELECT HEX(secret) FROM server_secret WHERE name = 'csrf'")[0][0])
    msg = HMAC_LABEL + bytes.fromhex(nonce_hex) + str(expiry).encode()
    return f"{expiry}.{hmac.new(key, msg, hashlib.sha256).hexdigest()}"


def test_expired_token_is_refused(stack, session):
    token = csrf_token(session.get("/login"), "/login")
    nonce = session.cookies.get(LOGIN_COOKIE)
    assert _signed(stack, nonce, int(token.split(".")[0])) == token, "the token is as documented"
    before = sessions(stack)
    assert_refused_with_form(stack, login_post(session, _signed(stack, nonce, int(time.time()) - 5)),
                             before)
    # Beyond the longest lifetime: not a token this server made.
    far = int(time.time()) + 10 * LOGIN_TOKEN_MAX_AGE
    assert_refused_with_form(stack, login_post(session, _signed(stack, nonce, far)), before)


def test_secret_is_one_row_of_32_bytes(stack, new_session):
    new_session().get("/login")
    rows = stack.sql("SELECT LENGTH(secret) FROM server_secret WHERE name = 'csrf'")
    assert rows == [("32",)]


def test_login_token_only_in_query_string_is_refused(stack, session):
    token = csrf_token(session.get("/login"), "/login")
    before = sessions(stack)
    r = session.post("/login", params={"csrf": token},
                     data={"username": "eva", "password": "demo"}, allow_redirects=False)
    assert_refused_with_form(stack, r, before)


def test_login_form_stays_while_the_broker_is_down(stack, new_session):
    """PAM unavailable: 503 with the login form, whose token works later."""
    import os
    import signal
    stack.reconfigure({"auth": {"broker_timeout": "1s"}})
    s = new_session()
    try:
        broker = child_pid(stack, "gesprekd-auth")
        os.kill(broker, signal.SIGSTOP)
        try:
            r = login(s, "eva", "demo")
            assert r.status_code == 503
            assert page(r).xpath("//*[@role='alert']")
            token = csrf_token(r, "/login")
        finally:
            os.kill(broker, signal.SIGCONT)
    finally:
        stack.reconfigure({"auth": {"broker_timeout": "10s"}})
    assert login_post(s, token).status_code == 303


# ---- logged in: the synchronizer token, from the body only ----

def _logged_in(new_session, user):
    s = new_session()
    assert login(s, user, "demo").status_code == 303
    return s


def _token(s):
    return csrf_token(s.get("/"), "/logout")


def _alive(stack, s):
    token = s.cookies.get(SESSION_COOKIE)
    return stack.sql("SELECT COUNT(*) FROM session WHERE token_sha256 = "
                     f"UNHEX(SHA2(UNHEX('{token}'), 256))") == [("1",)]


def test_token_only_in_query_string_is_refused(stack, new_session):
    s = _logged_in(new_session, "eva")
    token = _token(s)
    r = s.post("/logout", params={"csrf": token}, allow_redirects=False)
    assert r.status_code == 403
    assert _alive(stack, s), "the session was not ended"
    assert s.get("/", allow_redirects=False).status_code == 200
    # In the body (urlencoded) it works.
    assert s.post("/logout", data={"csrf": token}, allow_redirects=False).status_code == 303
    assert not _alive(stack, s)


def test_token_only_in_query_string_changes_no_data(stack, new_session):
    hr = _logged_in(new_session, "hanna")
    name = f"CSRF query {uuid.uuid4().hex[:8]}"
    fields = {"name": name, "starts_on": "2031-01-01", "ends_on": "2031-12-31",
              "scale": "onvoldoende / matig / voldoende / goed / uitstekend",
              "step1_type": "goal_setting", "step1_due": "2031-02-15"}
    try:
        r = hr.post("/admin/cycles", params={"csrf": _token(hr)}, data=fields,
                    allow_redirects=False)
        assert r.status_code == 403
        assert stack.sql(f"SELECT COUNT(*) FROM cycle WHERE name = '{name}'") == [("0",)]
        # The same form with the token in the body is accepted.
        r = hr.post("/admin/cycles", data={**fields, "csrf": _token(hr)}, allow_redirects=False)
        assert r.status_code == 303, r.text[:2000]
        assert stack.sql(f"SELECT COUNT(*) FROM cycle WHERE name = '{name}'") == [("1",)]
    finally:
        ids = f"SELECT id FROM cycle WHERE name = '{name}'"
        stack.sql(f"DELETE FROM cycle_step WHERE cycle_id IN ({ids}); "
                  f"DELETE FROM cycle WHERE name = '{name}'")


def test_token_in_a_multipart_body_is_accepted(stack, new_session):
    s = _logged_in(new_session, "eva")
    r = s.post("/logout", files={"csrf": (None, _token(s))}, allow_redirects=False)
    assert r.request.headers["Content-Type"].startswith("multipart/form-data")
    assert r.status_code == 303
    assert not _alive(stack, s)


def test_real_token_of_another_session_is_refused(stack, new_session):
    eva1 = _logged_in(new_session, "eva")
    eva2 = _logged_in(new_session, "eva")
    mark = _logged_in(new_session, "mark")
    for victim, other in ((eva1, eva2), (eva1, mark), (mark, eva1)):
        r = victim.post("/logout", data={"csrf": _token(other)}, allow_redirects=False)
        assert r.status_code == 403
        assert _alive(stack, victim) and _alive(stack, other)
