"""CSRF with real tokens (DESIGN §9): a POST must carry the token of its
own session.  A valid token of the same user's other session (a second
login, another browser) or of another user's session is refused with 403
and changes nothing -- not only made-up tokens.  Each case first shows that
the same POST with the session's own token is accepted, so the refusal is
the token's doing."""

import pytest

from conftest import csrf_token, login
from convtools import (WRITE_TABLES, Users, checksums, conv_xml, csrf, make_dossier,
                       marker, people, version)


@pytest.fixture(scope="module")
def ids(stack):
    return people(stack)


def logged_in(new_session, user):
    s = new_session()
    assert login(s, user, "demo").status_code == 303
    return s


@pytest.fixture
def sessions(new_session):
    """eva twice (two logins, two sessions), mark once, hanna once."""
    out = {"eva": logged_in(new_session, "eva"), "eva2": logged_in(new_session, "eva"),
           "mark": logged_in(new_session, "mark"), "hanna": logged_in(new_session, "hanna")}
    tokens = {name: csrf(s) for name, s in out.items()}
    assert len(set(tokens.values())) == len(tokens), "each session has its own token"
    assert all(len(t) == 64 for t in tokens.values())
    return out


def item_fields(title):
    return {"kind": "result", "title": title, "measure": "m", "deadline": "2027-11-30"}


# (path, fields) of writes eva may make in a planned conversation; {cid}
# is filled in.
WRITES = [
    ("/conversations/{cid}/items", lambda: item_fields(marker("CSRF-item"))),
    ("/conversations/{cid}/remarks", lambda: {"text": marker("CSRF-opmerking")}),
    ("/conversations/{cid}/share", lambda: {}),
]


@pytest.mark.parametrize("path,fields", WRITES, ids=["item", "remark", "share"])
@pytest.mark.parametrize("thief", ["eva2", "mark", "hanna"])
def test_token_of_another_session_is_refused(stack, ids, sessions, path, fields, thief):
    d = make_dossier(stack, ids, "CSRF")
    cid = d["conversations"][0]
    url = path.format(cid=cid)
    eva = sessions["eva"]
    foreign = csrf(sessions[thief])
    before = checksums(stack, WRITE_TABLES)
    r = eva.post(url, data={**fields(), "csrf": foreign}, allow_redirects=False)
    assert r.status_code == 403, f"{thief}'s token on eva's session: {r.status_code}"
    assert checksums(stack, WRITE_TABLES) == before, "nothing changed"
    # Without any token: refused too; with her own: accepted.
    assert eva.post(url, data=fields(), allow_redirects=False).status_code == 403
    assert checksums(stack, WRITE_TABLES) == before
    r = eva.post(url, data={**fields(), "csrf": csrf(eva)}, allow_redirects=False)
    assert r.status_code == 303
    assert checksums(stack, WRITE_TABLES) != before


def test_manager_plan_with_the_employees_token_is_refused(stack, ids, sessions):
    d = make_dossier(stack, ids, "CSRF")
    cid = d["conversations"][0]
    mark = sessions["mark"]
    fields = {"scheduled_at": "2027-02-10T09:30", "version": version(mark, cid)}
    before = checksums(stack, WRITE_TABLES)
    for thief in ("eva", "eva2", "hanna"):
        r = mark.post(f"/conversations/{cid}/plan", data={**fields, "csrf": csrf(sessions[thief])},
                      allow_redirects=False)
        assert r.status_code == 403, thief
    assert checksums(stack, WRITE_TABLES) == before
    assert conv_xml(mark, cid).xpath("/page/conversation/@status") == ["planned"]
    r = mark.post(f"/conversations/{cid}/plan", data={**fields, "csrf": csrf(mark)},
                  allow_redirects=False)
    assert r.status_code == 303
    assert conv_xml(mark, cid).xpath("/page/conversation/@status") == ["preparing"]


def session_rows(stack):
    return stack.sql("SELECT HEX(token_sha256), employee_id FROM session ORDER BY 1")


def test_logout_with_another_sessions_token_is_refused(stack, sessions):
    eva = sessions["eva"]
    for thief in ("eva2", "mark"):
        before = session_rows(stack)
        r = eva.post("/logout", data={"csrf": csrf(sessions[thief])}, allow_redirects=False)
        assert r.status_code == 403, thief
        assert session_rows(stack) == before, "no session ended"
        assert eva.get("/", allow_redirects=False).status_code == 200, "eva still logged in"
        assert sessions[thief].get("/", allow_redirects=False).status_code == 200
    r = eva.post("/logout", data={"csrf": csrf(eva)}, allow_redirects=False)
    assert r.status_code == 303
    assert eva.get("/", allow_redirects=False).status_code == 303, "logged out now"
    assert sessions["eva2"].get("/", allow_redirects=False).status_code == 200, \
        "her other session lives on"


def test_login_with_the_token_of_another_browser_is_refused(stack, ids, new_session):
    """The login form's token belongs to the browser that fetched the form."""
    first, second = new_session(), new_session()
    token = csrf_token(first.get("/login"), "/login")
    second.get("/login")
    before = stack.sql(f"SELECT COUNT(*) FROM session WHERE employee_id = {ids['daan']}")
    r = second.post("/login", data={"username": "daan", "password": "demo", "csrf": token},
                    allow_redirects=False)
    assert r.status_code == 403
    assert stack.sql(f"SELECT COUNT(*) FROM session WHERE employee_id = {ids['daan']}") == before
    assert second.get("/", allow_redirects=False).status_code == 303, "not logged in"
    # A logged-in session's token is no login token either.
    eva = Users(new_session)("eva")
    r = second.post("/login", data={"username": "daan", "password": "demo", "csrf": csrf(eva)},
                    allow_redirects=False)
    assert r.status_code == 403
    assert stack.sql(f"SELECT COUNT(*) FROM session WHERE employee_id = {ids['daan']}") == before
