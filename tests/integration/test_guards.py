"""Guards on irreversible steps (issue 15), over real HTTP:

  finalize     an assessment without its overall rating or a rating of each
               result goal is refused (400), lists what is missing, each
               linked to its field, and changes nothing;
  close/start  the first POST answers a confirmation page with counts from
               the database and writes nothing; only the second form (with
               confirm) writes;
  dates        an item end date, a collective goal's deadline or a
               conversation date more than a year outside the cycle is
               refused; a little outside asks first; "held" before the
               planned day asks first;
  delete       the author deletes an item made in the open conversation
               (audited with its text); never someone else's item, never
               once the conversation is finalized.

Every refusal and every question is checked for its side effects: the
tables a write may touch are fingerprinted before and after."""

import datetime
import uuid

import pytest

from convtools import (WRITE_TABLES, add_item, conv_xml, csrf, item_id, make_dossier,
                       people, post, unchanged, version)
from helpers import page, xml
from summaries import keep_summaries

# What a cycle-wide write may touch.
CYCLE_TABLES = ("cycle", "dossier", "conversation", "audit", "collective_goal")
XML = {"Accept": "application/xml"}


@pytest.fixture
def ids(stack):
    return people(stack)


@pytest.fixture
def dossier(stack, ids):
    return make_dossier(stack, ids, prefix="Bewaking")


def one(stack, sql):
    rows = stack.sql(sql)
    assert len(rows) == 1, f"{sql}: {rows}"
    return rows[0][0]


def hold(mark, cid):
    """Held; the conversations here have no planned day, so nothing asks."""
    r = post(mark, f"/conversations/{cid}/held", version=version(mark, cid))
    assert r.status_code == 303, r.status_code


# ---------------------------------------------------------------- finalize --

def test_incomplete_assessment_is_not_finalized(stack, dossier, users):
    asm = dossier["conversations"][2]
    mark = users("mark")
    for title in ("Doel A", "Doel B", "Doel C"):
        assert add_item(mark, asm, title).status_code == 303
    assert add_item(mark, asm, "Cursus", kind="development").status_code == 303
    a, b, c = (item_id(stack, dossier["id"], t) for t in ("Doel A", "Doel B", "Doel C"))
    hold(mark, asm)
    # A cancelled goal has nothing to rate.
    assert post(mark, f"/conversations/{asm}/updates", item=c, status="cancelled",
                note="Vervallen").status_code == 303

    with unchanged(stack, what="finalizing an empty assessment"):
        r = post(mark, f"/conversations/{asm}/finalize", version=version(mark, asm))
    assert r.status_code == 400
    missing = mark.post(f"/conversations/{asm}/finalize", headers=XML,
                        data={"csrf": csrf(mark), "version": version(mark, asm)})
    doc = xml(missing)
    assert doc.xpath("/page/missing/@overall") == ["1"]
    assert doc.xpath("/page/missing/item/@id") == [str(a), str(b)], \
        "the unrated result goals, not the cancelled one nor the development point"
    # The summary at the top links each missing thing to its field.
    html = page(r)
    links = html.xpath("//*[@id='form-alert']//ul[@id='finalize-missing']//a/@href")
    # A goal's rating is in that goal's editor (issue 15: one at a time).
    assert links == ["#overall-rating",
                     f"/conversations/{asm}/items/{a}/update#upd-{a}-rating",
                     f"/conversations/{asm}/items/{b}/update#upd-{b}-rating"]
    for href in links:
        path, _, anchor = href.partition("#")
        target = page(mark.get(path)) if path else html
        assert target.xpath(f"//*[@id='{anchor}']"), f"{href} points at no field"
    assert "Doel A" in html.xpath("string(//ul[@id='finalize-missing'])")
    assert one(stack, f"SELECT status FROM conversation WHERE id = {asm}") == "held"

    # Rated one goal and the whole: only the other goal is missing.
    assert post(mark, f"/conversations/{asm}/updates", item=a, rating="4",
                note="Ruim gehaald").status_code == 303
    assert post(mark, f"/conversations/{asm}/overall", version=version(mark, asm), rating="4",
                note="Een sterk jaar").status_code == 303
    with unchanged(stack, what="finalizing a half-rated assessment"):
        r = mark.post(f"/conversations/{asm}/finalize", headers=XML,
                      data={"csrf": csrf(mark), "version": version(mark, asm)})
    assert r.status_code == 400
    assert xml(r).xpath("/page/missing/@overall") == []
    assert xml(r).xpath("/page/missing/item/@id") == [str(b)]

    assert post(mark, f"/conversations/{asm}/updates", item=b, rating="3",
                note="Gehaald").status_code == 303
    r = post(mark, f"/conversations/{asm}/finalize", version=version(mark, asm))
    assert r.status_code == 303
    assert one(stack, f"SELECT status FROM conversation WHERE id = {asm}") == "finalized"


def test_goal_setting_finalizes_without_ratings(stack, dossier, users):
    gs = dossier["conversations"][0]
    mark = users("mark")
    assert add_item(mark, gs, "Doel zonder oordeel").status_code == 303
    hold(mark, gs)
    assert post(mark, f"/conversations/{gs}/finalize", version=version(mark, gs)).status_code == 303
    assert one(stack, f"SELECT status FROM conversation WHERE id = {gs}") == "finalized"


# ------------------------------------------------------------ close, start --

def confirm_counts(resp):
    doc = xml(resp)
    return {c.get("name"): int(c.get("value")) for c in doc.xpath("/page/confirm/count")}


def test_close_asks_with_counts_then_closes(stack, dossier, users):
    cycle = dossier["cycle"]
    gs, pr, _ = dossier["conversations"]
    hanna = users("hanna")
    stack.sql(f"UPDATE conversation SET status = 'held' WHERE id = {gs}")
    with unchanged(stack, CYCLE_TABLES, what="asking to close"):
        r = hanna.post(f"/admin/cycles/{cycle}/close", data={"csrf": csrf(hanna)},
                       allow_redirects=False)
        rx = hanna.post(f"/admin/cycles/{cycle}/close", data={"csrf": csrf(hanna)}, headers=XML,
                        allow_redirects=False)
    assert r.status_code == 200
    assert xml(rx).xpath("/page/confirm/@what") == ["cycle_close"]
    assert confirm_counts(rx) == {"dossiers": 1, "not_held": 1, "not_signed": 1}
    form = page(r).xpath(f"//form[@action='/admin/cycles/{cycle}/close' and @id='confirm-form']")
    assert form, "a second form that works without JavaScript"
    assert form[0].xpath(".//input[@name='confirm']/@value") == ["1"]
    assert form[0].xpath(".//input[@name='csrf']/@value") == [csrf(hanna)]
    assert one(stack, f"SELECT status FROM cycle WHERE id = {cycle}") == "open"

    # The counts come from the database: one more conversation held.
    stack.sql(f"UPDATE conversation SET status = 'finalized' WHERE id = {pr}")
    stack.sql(f"UPDATE conversation SET status = 'held' WHERE dossier_id = {dossier['id']}"
              f" AND status = 'planned'")
    rx = hanna.post(f"/admin/cycles/{cycle}/close", data={"csrf": csrf(hanna)}, headers=XML,
                    allow_redirects=False)
    assert confirm_counts(rx) == {"dossiers": 1, "not_held": 0, "not_signed": 1}

    r = hanna.post(f"/admin/cycles/{cycle}/close", data={"csrf": csrf(hanna), "confirm": "1"},
                   allow_redirects=False)
    assert r.status_code == 303
    assert one(stack, f"SELECT status FROM cycle WHERE id = {cycle}") == "closed"
    assert one(stack, f"SELECT status FROM dossier WHERE id = {dossier['id']}") == "closed"


def new_planned_cycle(stack):
    name = f"Startcyclus {uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('{name}', '2027-01-01', '2027-12-31', 'planned', 'laag|midden|hoog')")
    cycle = int(one(stack, f"SELECT id FROM cycle WHERE name = '{name}'"))
    stack.sql(f"INSERT INTO cycle_step (cycle_id, seq, type, due_on) VALUES "
              f"({cycle}, 1, 'goal_setting', '2027-02-15'), ({cycle}, 2, 'assessment', '2027-12-15')")
    return cycle


def test_start_asks_with_counts_then_starts(stack, ids, users):
    cycle = new_planned_cycle(stack)
    hanna = users("hanna")
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {ids['daan']}, {ids['mark']})")
    keep_summaries(stack, cycle)
    fields = {"scope": "list", "logins": "eva mark daan"}
    with unchanged(stack, CYCLE_TABLES, what="asking to start"):
        r = hanna.post(f"/admin/cycles/{cycle}/start", data={**fields, "csrf": csrf(hanna)},
                       allow_redirects=False)
        rx = hanna.post(f"/admin/cycles/{cycle}/start", data={**fields, "csrf": csrf(hanna)},
                        headers=XML, allow_redirects=False)
    assert r.status_code == 200
    # Proposals carried from earlier dossiers depend on what other tests
    # left in this shared stack (test_proposals.py counts them).
    assert {k: v for k, v in confirm_counts(rx).items() if k != "proposals"} == {
        "created": 2, "present": 1}
    form = page(r).xpath(f"//form[@id='confirm-form']")[0]
    assert form.get("action") == f"/admin/cycles/{cycle}/start"
    kept = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    assert kept["scope"] == "list" and kept["logins"] == "eva mark daan" and kept["confirm"] == "1"
    assert one(stack, f"SELECT status FROM cycle WHERE id = {cycle}") == "planned"

    r = hanna.post(f"/admin/cycles/{cycle}/start", data={**kept, "csrf": csrf(hanna)},
                   allow_redirects=False)
    assert r.status_code == 303
    assert "created=2&present=1" in r.headers["Location"]
    assert int(one(stack, f"SELECT COUNT(*) FROM dossier WHERE cycle_id = {cycle}")) == 3


def test_start_question_refuses_what_the_start_would(stack, users):
    cycle = new_planned_cycle(stack)
    hanna = users("hanna")
    with unchanged(stack, CYCLE_TABLES, what="a start of an unknown department"):
        r = hanna.post(f"/admin/cycles/{cycle}/start", headers=XML, allow_redirects=False,
                       data={"scope": "department", "department": "999999", "csrf": csrf(hanna)})
    assert r.status_code == 400
    assert xml(r).xpath("/page/form/field[@name='department']/@error") == ["form.error.choice"]
    assert xml(r).xpath("/page/confirm") == []


def test_change_of_a_cycle_with_dossiers_asks_first(stack, dossier, users):
    cycle = dossier["cycle"]
    hanna = users("hanna")
    v = one(stack, f"SELECT version FROM cycle WHERE id = {cycle}")
    new = f"Hernoemd {uuid.uuid4().hex[:8]}"
    fields = {"name": new, "starts_on": "2027-01-01", "ends_on": "2028-03-31",
              "scale": "slecht / matig / voldoende / goed / top", "version": v}
    with unchanged(stack, CYCLE_TABLES, what="asking to change the cycle"):
        r = hanna.post(f"/admin/cycles/{cycle}", data={**fields, "csrf": csrf(hanna)},
                       allow_redirects=False)
        rx = hanna.post(f"/admin/cycles/{cycle}", data={**fields, "csrf": csrf(hanna)},
                        headers=XML, allow_redirects=False)
    assert r.status_code == 200
    assert xml(rx).xpath("/page/confirm/@what") == ["cycle_change"]
    assert confirm_counts(rx) == {"cycle_dossiers": 1}
    form = page(r).xpath("//form[@id='confirm-form']")[0]
    assert form.get("action") == f"/admin/cycles/{cycle}"
    kept = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    r = hanna.post(form.get("action"), data={**kept, "csrf": csrf(hanna)}, allow_redirects=False)
    assert r.status_code == 303
    assert stack.sql(f"SELECT name, ends_on, rating_scale FROM cycle WHERE id = {cycle}") == \
        [(new, "2028-03-31", "slecht|matig|voldoende|goed|top")]


# ------------------------------------------------------------------- dates --

def test_item_end_date_far_outside_the_cycle_is_refused(stack, dossier, users):
    gs = dossier["conversations"][0]
    mark = users("mark")
    with unchanged(stack, what="an end date in 2062"):
        r = add_item(mark, gs, "Typefout in het jaar", deadline="2062-03-01")
    assert r.status_code == 400
    r = mark.post(f"/conversations/{gs}/items", headers=XML, allow_redirects=False,
                  data={"kind": "result", "title": "Typefout", "deadline": "2062-03-01",
                        "csrf": csrf(mark)})
    assert xml(r).xpath("/page/form/field[@name='deadline']/@error") == \
        ["form.error.date_far_outside_cycle"]
    assert "meer dan een jaar buiten" in page(add_item(mark, gs, "X", deadline="2062-03-01")) \
        .xpath("string(//*[@id='form-alert'])")


def test_item_end_date_a_little_outside_asks_first(stack, dossier, users):
    gs = dossier["conversations"][0]
    mark = users("mark")
    with unchanged(stack, what="an end date just after the cycle"):
        r = add_item(mark, gs, "Net na het jaar", deadline="2028-01-31")
    assert r.status_code == 200
    form = page(r).xpath("//form[@id='confirm-form']")[0]
    assert form.get("action") == f"/conversations/{gs}/items"
    kept = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    assert kept["title"] == "Net na het jaar" and kept["deadline"] == "2028-01-31"
    r = mark.post(form.get("action"), data={**kept, "csrf": csrf(mark)}, allow_redirects=False)
    assert r.status_code == 303
    iid = item_id(stack, dossier["id"], "Net na het jaar")
    assert one(stack, f"SELECT deadline FROM item WHERE id = {iid}") == "2028-01-31"

    # An edit is checked alike.
    v = one(stack, f"SELECT version FROM item WHERE id = {iid}")
    with unchanged(stack, what="an edit to 2031"):
        r = post(mark, f"/items/{iid}", conversation=gs, version=v, title="Net na het jaar",
                 deadline="2031-01-01")
    assert r.status_code == 400


def test_collective_deadline_checked_against_the_cycle(stack, dossier, users):
    cycle = dossier["cycle"]
    hanna = users("hanna")
    with unchanged(stack, CYCLE_TABLES, what="a collective deadline in 2090"):
        r = hanna.post(f"/admin/cycles/{cycle}/collective", headers=XML, allow_redirects=False,
                       data={"title": "Bonus", "deadline": "2090-12-31", "csrf": csrf(hanna)})
    assert r.status_code == 400
    assert xml(r).xpath("/page/form/field[@name='deadline']/@error") == \
        ["form.error.date_far_outside_cycle"]
    with unchanged(stack, CYCLE_TABLES, what="a collective deadline just outside"):
        r = hanna.post(f"/admin/cycles/{cycle}/collective", allow_redirects=False,
                       data={"title": "Bonus", "deadline": "2028-03-31", "csrf": csrf(hanna)})
    assert r.status_code == 200
    form = page(r).xpath("//form[@id='confirm-form']")[0]
    kept = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    r = hanna.post(form.get("action"), data={**kept, "csrf": csrf(hanna)}, allow_redirects=False)
    assert r.status_code == 303
    assert one(stack, f"SELECT deadline FROM collective_goal WHERE cycle_id = {cycle}"
                      f" AND title = 'Bonus'") == "2028-03-31"


def test_plan_date_checked_against_the_cycle(stack, dossier, users):
    gs = dossier["conversations"][0]
    mark = users("mark")
    with unchanged(stack, what="a conversation in 2035"):
        r = post(mark, f"/conversations/{gs}/plan", scheduled_at="2035-02-10T10:00",
                 version=version(mark, gs))
    assert r.status_code == 400
    with unchanged(stack, what="a conversation just before the cycle"):
        r = post(mark, f"/conversations/{gs}/plan", scheduled_at="2026-12-20T10:00",
                 version=version(mark, gs))
    assert r.status_code == 200
    assert page(r).xpath("//form[@id='confirm-form']/@action") == [f"/conversations/{gs}/plan"]
    r = post(mark, f"/conversations/{gs}/plan", scheduled_at="2026-12-20T10:00",
             version=version(mark, gs), confirm="1")
    assert r.status_code == 303
    assert one(stack, f"SELECT DATE(scheduled_at) FROM conversation WHERE id = {gs}") == "2026-12-20"


def test_held_before_the_planned_day_asks_first(stack, ids, users):
    """The cycle around today, the conversation planned a month ahead."""
    today = datetime.date.today()
    d = make_dossier(stack, ids, prefix="Vroeg")
    stack.sql(f"UPDATE cycle SET starts_on = '{today - datetime.timedelta(days=30)}',"
              f" ends_on = '{today + datetime.timedelta(days=300)}' WHERE id = {d['cycle']}")
    gs = d["conversations"][0]
    mark = users("mark")
    when = (today + datetime.timedelta(days=30)).isoformat() + "T10:00"
    assert post(mark, f"/conversations/{gs}/plan", scheduled_at=when,
                version=version(mark, gs)).status_code == 303
    with unchanged(stack, what="held a month early"):
        r = post(mark, f"/conversations/{gs}/held", version=version(mark, gs))
    assert r.status_code == 200
    form = page(r).xpath("//form[@id='confirm-form']")[0]
    assert form.get("action") == f"/conversations/{gs}/held"
    kept = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    assert kept["confirm"] == "1"
    r = mark.post(form.get("action"), data={**kept, "csrf": csrf(mark)}, allow_redirects=False)
    assert r.status_code == 303
    assert one(stack, f"SELECT status FROM conversation WHERE id = {gs}") == "held"
    # Held early: held today, not on the planned day a month ahead.
    assert one(stack, f"SELECT held_on = UTC_DATE() FROM conversation WHERE id = {gs}") == "1"


def test_held_after_the_planned_day_was_held_on_that_day(stack, ids, users):
    """Recorded days after the planned day (issue 15, the demo's story):
    the report says it was held on the planned day, not on the day the
    manager got round to the button."""
    today = datetime.date.today()
    d = make_dossier(stack, ids, prefix="Laat")
    stack.sql(f"UPDATE cycle SET starts_on = '{today - datetime.timedelta(days=60)}',"
              f" ends_on = '{today + datetime.timedelta(days=300)}' WHERE id = {d['cycle']}")
    gs = d["conversations"][0]
    mark = users("mark")
    planned = today - datetime.timedelta(days=9)
    assert post(mark, f"/conversations/{gs}/plan", scheduled_at=f"{planned}T13:00",
                version=version(mark, gs)).status_code == 303
    assert post(mark, f"/conversations/{gs}/held", version=version(mark, gs)).status_code == 303
    assert one(stack, f"SELECT held_on FROM conversation WHERE id = {gs}") == planned.isoformat()


def test_held_without_a_planned_day_does_not_ask(stack, dossier, users):
    gs = dossier["conversations"][0]
    mark = users("mark")
    r = post(mark, f"/conversations/{gs}/held", version=version(mark, gs))
    assert r.status_code == 303


# ------------------------------------------------------------------ delete --

def test_author_deletes_an_item_while_open(stack, dossier, users, ids):
    gs = dossier["conversations"][0]
    eva, mark = users("eva"), users("mark")
    assert add_item(eva, gs, "Per ongeluk toegevoegd", kind="development",
                    measure="Tekst die weg moet").status_code == 303
    iid = item_id(stack, dossier["id"], "Per ongeluk toegevoegd")
    form = page(eva.get(f"/conversations/{gs}")).xpath(f"//form[@action='/items/{iid}/delete']")
    assert form, "the author is offered the delete"
    assert not page(mark.get(f"/conversations/{gs}")).xpath(f"//form[@action='/items/{iid}/delete']")

    # Not the author, not of this conversation, a stranger: 403, nothing changed.
    with unchanged(stack, what="deleting someone else's item"):
        assert post(mark, f"/items/{iid}/delete", conversation=gs).status_code == 403
        assert post(users("daan"), f"/items/{iid}/delete", conversation=gs).status_code == 403
        assert post(eva, f"/items/{iid}/delete",
                    conversation=dossier["conversations"][1]).status_code == 403
        assert post(eva, f"/items/{iid}/delete").status_code == 400
        r = eva.post(f"/items/{iid}/delete", data={"conversation": gs}, allow_redirects=False)
        assert r.status_code == 403, "no CSRF token"

    r = post(eva, f"/items/{iid}/delete", conversation=gs)
    assert r.status_code == 303
    assert stack.sql(f"SELECT id FROM item WHERE id = {iid}") == []
    detail = one(stack, f"SELECT detail FROM audit WHERE entity = 'item' AND entity_id = {iid}"
                        f" AND action = 'delete'")
    assert "Per ongeluk toegevoegd" in detail and "Tekst die weg moet" in detail
    assert one(stack, f"SELECT actor_id FROM audit WHERE entity = 'item' AND entity_id = {iid}"
                      f" AND action = 'delete'") == str(ids["eva"])


def test_no_delete_once_finalized(stack, dossier, users):
    gs, pr, _ = dossier["conversations"]
    mark = users("mark")
    assert add_item(mark, gs, "Vastgelegd doel").status_code == 303
    iid = item_id(stack, dossier["id"], "Vastgelegd doel")
    hold(mark, gs)
    # Held is still open: the author may still take it out.
    assert post(mark, f"/items/{iid}/delete", conversation=gs).status_code == 303
    assert stack.sql(f"SELECT id FROM item WHERE id = {iid}") == []
    assert add_item(mark, gs, "Nog een doel").status_code == 303
    other = item_id(stack, dossier["id"], "Nog een doel")
    assert post(mark, f"/conversations/{gs}/finalize", version=version(mark, gs)).status_code == 303
    assert not page(mark.get(f"/conversations/{gs}")).xpath("//form[contains(@action, '/delete')]")
    with unchanged(stack, what="deleting from a finalized report"):
        assert post(mark, f"/items/{other}/delete", conversation=gs).status_code == 403
        # Nor from the next conversation, where the item is carried forward.
        assert post(mark, f"/items/{other}/delete", conversation=pr).status_code == 403
    assert stack.sql(f"SELECT id FROM item WHERE id = {other}") == [(str(other),)]
