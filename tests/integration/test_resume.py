"""Nothing typed is lost (issue 15): a form sent after the session ended is
kept against its person and comes back into the same form after login; a
link opened while logged out lands on that link after login (same-origin
paths only); the version-conflict box names who changed it.

The session is ended the way the clock would: its seen_at is set back past
the idle limit in the database (the row stays until its absolute expiry,
as in production)."""

import pytest

from conftest import csrf_token, login
from convtools import csrf, marker, make_dossier, people, post, unchanged
from helpers import page, text_of, xml

COOKIE = "__Host-gesprek"
PASSWORD = "demo"
DRAFT_TABLES = ("draft",)


@pytest.fixture(autouse=True)
def clean(stack):
    stack.sql("DELETE FROM login_attempt")
    stack.sql("DELETE FROM draft")
    yield
    stack.sql("DELETE FROM login_attempt")


def end_session(stack, s):
    """Past the idle limit: the row is still there, the session is not."""
    token = s.cookies.get(COOKIE)
    assert token, "no session cookie"
    stack.sql("UPDATE session SET seen_at = UTC_TIMESTAMP() - INTERVAL 1 DAY "
              f"WHERE token_sha256 = UNHEX(SHA2(UNHEX('{token}'), 256))")
    assert s.get("/", allow_redirects=False).status_code == 303, "the session still lives"


def held_conversation(stack, users):
    """A fresh dossier of eva (manager mark) with its goal setting held:
    both may write remarks."""
    ids = people(stack)
    d = make_dossier(stack, ids)
    gs = d["conversations"][0]
    mark = users("mark")
    assert post(mark, f"/conversations/{gs}/plan", scheduled_at="2027-02-10T09:30",
                version=xml(mark.get(f"/conversations/{gs}.xml")).xpath(
                    "/page/conversation/@version")[0]).status_code == 303
    v = xml(mark.get(f"/conversations/{gs}.xml")).xpath("/page/conversation/@version")[0]
    # Held before the planned day: the guard asks, and confirm answers it.
    assert post(mark, f"/conversations/{gs}/held", version=v,
                confirm="1").status_code == 303
    return ids, d, gs


def remarks_with(stack, text):
    return int(stack.sql(f"SELECT COUNT(*) FROM remark WHERE text = '{text}'")[0][0])


def drafts_of(stack, employee_id):
    return [(p, f) for p, f in stack.sql(
        f"SELECT page, form FROM draft WHERE employee_id = {employee_id}")]


def login_with_next(s, user, next_path, expect=303):
    form = s.get("/login")
    r = s.post("/login", data={"username": user, "password": PASSWORD,
                               "csrf": csrf_token(form, "/login"), "next": next_path},
               allow_redirects=False)
    assert r.status_code == expect, f"login {user}: {r.status_code}\n{r.text[:1500]}"
    return r


def expired_remark(stack, s, gs, text, token=None):
    """POSTs a remark with the (ended) session's own CSRF token."""
    return s.post(f"/conversations/{gs}/remarks",
                  data={"text": text, "csrf": token}, allow_redirects=False)


def test_expired_remark_is_kept_and_restored_after_login(stack, new_session, users):
    ids, d, gs = held_conversation(stack, users)
    s = new_session()
    assert login(s, "eva", PASSWORD).status_code == 303
    token = csrf(s)
    text = marker("Mijn opmerking van een half uur typen")
    end_session(stack, s)

    with unchanged(stack, what="a form sent after the session ended"):
        r = expired_remark(stack, s, gs, text, token)
    assert r.status_code == 403
    doc = page(r)
    body = text_of(r)
    assert "Je sessie is verlopen" in body, body[:1500]
    assert "Wat je had ingevuld is bewaard" in body
    assert doc.xpath("//form[@action='/login']//input[@name='password']")
    assert doc.xpath("//form[@action='/login']//input[@name='next']/@value") == [f"/conversations/{gs}"]
    assert text not in r.text, "the kept text is not echoed to whoever holds the browser"
    assert remarks_with(stack, text) == 0
    assert drafts_of(stack, ids["eva"]) == [(f"/conversations/{gs}", "remark")]
    assert text not in stack.gesprekd_log.read_text(errors="replace"), "the text was logged"

    # The login form of the expired page returns to the conversation.
    r = s.post("/login", data={"username": "eva", "password": PASSWORD,
                               "csrf": csrf_token(r, "/login"), "next": f"/conversations/{gs}"},
               allow_redirects=False)
    assert r.status_code == 303
    assert r.headers["Location"] == f"/conversations/{gs}"
    back = s.get(f"/conversations/{gs}")
    assert back.status_code == 200
    doc = page(back)
    assert doc.xpath("//textarea[@name='text']/text()") == [text], text_of(back)[:3000]
    assert "staat weer in het formulier" in text_of(back)
    # not saved: the person presses save again, with the new session's token
    assert remarks_with(stack, text) == 0
    assert drafts_of(stack, ids["eva"]) == [], "a restored draft is deleted"
    fresh = doc.xpath("//form[@action=$a]//input[@name='csrf']/@value",
                      a=f"/conversations/{gs}/remarks")
    assert fresh and fresh[0] != token
    assert post(s, f"/conversations/{gs}/remarks", text=text).status_code == 303
    assert remarks_with(stack, text) == 1
    again = page(s.get(f"/conversations/{gs}"))
    assert again.xpath("//textarea[@name='text']/text()") in ([], [""]), "restored once only"


def test_expired_item_edit_returns_to_its_editor(stack, new_session, users):
    """An item's text is typed in its own editor (issue 15): after login the
    person is back in that editor, the one form open, with the text."""
    ids, d, gs = held_conversation(stack, users)
    title = marker("Doel om te bewerken")
    assert post(users("eva"), f"/conversations/{gs}/items", kind="result", title=title,
                measure="Eerst", deadline="2027-11-30").status_code == 303
    item = xml(users("eva").get(f"/conversations/{gs}.xml")).xpath(
        "/page/conversation/items/item[@title=$t]", t=title)[0]
    iid, v = item.get("id"), item.get("version")
    editor = f"/conversations/{gs}/items/{iid}/edit"
    s = new_session()
    assert login(s, "eva", PASSWORD).status_code == 303
    assert s.get(editor).status_code == 200
    token = csrf(s)
    typed = marker("De meetbaarheid, lang uitgeschreven")
    end_session(stack, s)

    with unchanged(stack, what="an item edit sent after the session ended"):
        r = s.post(f"/items/{iid}", data={"conversation": str(gs), "version": v,
                                           "kind": "result", "title": title, "measure": typed,
                                           "csrf": token}, allow_redirects=False)
    assert r.status_code == 403
    assert drafts_of(stack, ids["eva"]) == [(editor, "item-edit")]
    assert page(r).xpath("//form[@action='/login']//input[@name='next']/@value") == [editor]

    r = login_with_next(s, "eva", editor)
    assert r.headers["Location"] == editor
    back = s.get(editor)
    assert back.status_code == 200
    doc = page(back)
    forms = [a for a in doc.xpath("//form/@action")
             if a.startswith("/items/") and not a.endswith("/delete")
             or a in (f"/conversations/{gs}/items", f"/conversations/{gs}/updates")]
    assert forms == [f"/items/{iid}"], "back in the one editor"
    assert doc.xpath(f"//form[@id='edit-{iid}']//textarea[@name='measure']/text()") == [typed]
    assert "staat weer in het formulier" in text_of(back)
    assert drafts_of(stack, ids["eva"]) == []
    assert stack.sql(f"SELECT measure FROM item WHERE id = {iid}")[0][0] == "Eerst"


@pytest.mark.parametrize("form", ["item-new", "update"])
def test_expired_new_item_or_progress_returns_to_its_editor(stack, new_session, users, form):
    """A new item and a progress note come back in their editor too: the
    add editor of the kept form's kind, the progress editor of its item."""
    ids, d, gs = held_conversation(stack, users)
    pr = d["conversations"][1]
    title = marker("Meegenomen doel")
    assert post(users("eva"), f"/conversations/{gs}/items", kind="action", title=title,
                deadline="2027-11-30").status_code == 303
    iid = xml(users("eva").get(f"/conversations/{gs}.xml")).xpath(
        "/page/conversation/items/item[@title=$t]/@id", t=title)[0]
    typed = marker("Lang getypt")
    if form == "item-new":
        action, editor = f"/conversations/{gs}/items", f"/conversations/{gs}/items/new"
        fields, prefix, control = {"kind": "development", "title": typed}, "new-development", "input"
    else:
        action, editor = f"/conversations/{pr}/updates", f"/conversations/{pr}/items/{iid}/update"
        fields, prefix, control = {"item": iid, "note": typed}, f"upd-{iid}", "textarea"
    s = new_session()
    assert login(s, "eva", PASSWORD).status_code == 303
    token = csrf(s)
    end_session(stack, s)
    with unchanged(stack, what="a form sent after the session ended"):
        r = s.post(action, data=dict(fields, csrf=token), allow_redirects=False)
    assert r.status_code == 403
    assert drafts_of(stack, ids["eva"]) == [(editor, form)]

    assert login_with_next(s, "eva", editor).headers["Location"] == editor
    doc = page(s.get(editor))
    kept = doc.xpath(f"//form[@id='{prefix}']//{control}[@name=$n]", n=list(fields)[-1])
    assert len(kept) == 1, text_of(s.get(editor))[:2000]
    assert typed in (kept[0].get("value") or kept[0].text or "")
    assert len(doc.xpath("//form[contains(@class, 'item-form')]")) == 1, "one editor"


def test_another_person_gets_no_draft(stack, new_session, users):
    ids, d, gs = held_conversation(stack, users)
    s = new_session()
    assert login(s, "eva", PASSWORD).status_code == 303
    token = csrf(s)
    text = marker("Alleen voor Eva")
    end_session(stack, s)
    assert expired_remark(stack, s, gs, text, token).status_code == 403
    assert len(drafts_of(stack, ids["eva"])) == 1

    # Mark (who may see the page) and Daan (who may not) log in in the same
    # browser and in their own, returning to the same page.
    for who, browser, status in (("mark", new_session(), 200), ("daan", new_session(), 403),
                                 ("mark", s, 200)):
        r = login_with_next(browser, who, f"/conversations/{gs}")
        assert r.headers["Location"] == f"/conversations/{gs}"
        shown = browser.get(f"/conversations/{gs}")
        assert shown.status_code == status
        assert text not in shown.text, f"{who} was shown eva's draft"
        assert "staat weer in het formulier" not in text_of(shown)
    assert len(drafts_of(stack, ids["eva"])) == 1, "eva's draft is still hers"


def test_form_not_from_the_session_is_not_kept(stack, new_session, users):
    ids, d, gs = held_conversation(stack, users)
    s = new_session()
    assert login(s, "eva", PASSWORD).status_code == 303
    text = marker("Van een andere site")
    end_session(stack, s)
    for forged in ("0" * 64, None):
        r = expired_remark(stack, s, gs, text, forged)
        assert r.status_code == 403
        assert "Je sessie is verlopen" in text_of(r)
        assert "Wat je had ingevuld is bewaard" not in text_of(r)
    assert drafts_of(stack, ids["eva"]) == []
    # without any session cookie: the plain 403, nothing kept
    stranger = new_session()
    r = stranger.post(f"/conversations/{gs}/remarks", data={"text": text, "csrf": "x"},
                      allow_redirects=False)
    assert r.status_code == 403
    assert stack.sql("SELECT COUNT(*) FROM draft")[0][0] in ("0", 0)


def test_link_opened_while_logged_out_returns_after_login(stack, new_session, users):
    ids, d, gs = held_conversation(stack, users)
    s = new_session()
    r = s.get(f"/conversations/{gs}", allow_redirects=False)
    assert r.status_code == 303
    assert r.headers["Location"] == f"/login?next=%2Fconversations%2F{gs}"
    form = s.get(r.headers["Location"])
    assert form.status_code == 200
    assert page(form).xpath("//form[@action='/login']//input[@name='next']/@value") == \
        [f"/conversations/{gs}"]
    r = s.post("/login", data={"username": "eva", "password": PASSWORD,
                               "csrf": csrf_token(form, "/login"),
                               "next": f"/conversations/{gs}"}, allow_redirects=False)
    assert r.status_code == 303
    assert r.headers["Location"] == f"/conversations/{gs}"
    assert s.get(r.headers["Location"]).status_code == 200
    # a query string travels too
    r = new_session().get("/reports?cycle=7", allow_redirects=False)
    assert r.headers["Location"] == "/login?next=%2Freports%3Fcycle%3D7"
    # the dashboard needs no return
    assert new_session().get("/", allow_redirects=False).headers["Location"] == "/login"


@pytest.mark.parametrize("target", [
    "//evil.example/", "/\\evil.example", "https://evil.example/", "%2F%2Fevil.example",
    "/%2F%2Fevil.example", "/%5cevil.example", "javascript:alert(1)", "evil.example",
    "/\t/evil.example", "/" + "a" * 300,
])
def test_open_redirects_land_on_the_dashboard(new_session, target):
    s = new_session()
    form = s.get("/login", params={"next": target})
    assert form.status_code == 200
    assert page(form).xpath("//input[@name='next']") == [], "a foreign target is not carried"
    r = login_with_next(s, "eva", target)
    assert r.headers["Location"] == "/"


def test_conflict_names_who_changed_it(stack, users):
    ids, d, gs = held_conversation(stack, users)
    mark, eva = users("mark"), users("eva")
    title = marker("Doel")
    assert post(mark, f"/conversations/{gs}/items", kind="result", title=title,
                measure="Meetbaar", deadline="2027-11-30").status_code == 303
    item = xml(mark.get(f"/conversations/{gs}.xml")).xpath(
        "/page/conversation/items/item[@title=$t]", t=title)[0]
    iid, v = item.get("id"), item.get("version")
    fields = dict(conversation=str(gs), kind="result", measure="Meetbaar", deadline="2027-11-30")
    mark_name = stack.sql(f"SELECT name FROM employee WHERE id = {ids['mark']}")[0][0]

    # mark saves in one window, then again from a window with the old version
    assert post(mark, f"/items/{iid}", version=v, title=title + " a", **fields).status_code == 303
    r = post(mark, f"/items/{iid}", version=v, title=title + " b", **fields)
    assert r.status_code == 409
    assert "Jij hebt dit zelf gewijzigd, in een ander venster" in text_of(r)
    assert "Iemand anders" not in text_of(r)

    # eva, holding the page from before both saves: mark by name
    r = post(eva, f"/items/{iid}", version=v, title=title + " c", **fields)
    assert r.status_code == 409
    body = text_of(r)
    assert f"{mark_name} heeft dit gewijzigd op" in body, body[:2000]
    assert "in een ander venster" not in body
    assert stack.sql(f"SELECT title FROM item WHERE id = {iid}")[0][0] == title + " a"
