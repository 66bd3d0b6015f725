"""Unfinished goals and development points of the cycle before, carried into
the new cycle's goal setting as proposals (issue 15), over real HTTP.

eva's dossier in an old cycle holds one item of each kind and status that
matters; HR starts the new cycle for her (the start's own form and
confirmation).  The result goals still open, on track or at risk and the
development points not done become proposals on the new goal setting: no
actions, nothing achieved, not achieved or cancelled, and nothing the
manager prepared privately.  Either party accepts one (a real item with
the proposal's text, audited, the proposal linked to it) or drops one
(audited, folded on the page), while the goal setting is planned or being
prepared.  Everyone else is refused, and so is a decision after the
conversation was held or a second accept: each with nothing changed.

Every test makes its own pair of cycles in a year of its own above those
other tests use (the employee's previous dossier is found by the cycles'
start dates) and removes them at the end."""

import random
import threading
import uuid

import pytest

from convtools import csrf, people, unchanged
from helpers import page, xml
from summaries import assert_recount_equal, keep_summaries, rebuild_summaries

XML = {"Accept": "application/xml"}
SCALE = "laag|midden|hoog"
# Years of their own: test_cycle_flow.py uses 3000-8999.
_years = iter(random.sample(range(9100, 9900), 50))
_made = []
# What deciding a proposal may touch.
DECIDE_TABLES = ("proposal", "item", "audit", "conversation")

# The old dossier's items: (key, kind, status, carried?).
ITEMS = (
    ("open", "result", "open", True),
    ("on_track", "result", "on_track", True),
    ("at_risk", "result", "at_risk", True),
    ("achieved", "result", "achieved", False),
    ("not_achieved", "result", "not_achieved", False),
    ("cancelled", "result", "cancelled", False),
    ("dev_open", "development", "open", True),
    ("dev_done", "development", "achieved", False),
    ("action", "action", "open", False),
)


@pytest.fixture(scope="module", autouse=True)
def summaries_rebuilt(stack):
    """Summaries recounted before the module (earlier tests wrote rows with
    SQL), so that the recount at its end judges the proposals' writes."""
    rebuild_summaries(stack)


@pytest.fixture(scope="module", autouse=True)
def _cleanup(stack):
    yield
    if not _made:
        return
    ids = ", ".join(str(c) for c in _made)
    dossiers = f"SELECT id FROM dossier WHERE cycle_id IN ({ids})"
    stack.sql(
        f"DELETE FROM proposal WHERE conversation_id IN"
        f" (SELECT id FROM conversation WHERE dossier_id IN ({dossiers}));"
        f"DELETE FROM item_update WHERE item_id IN (SELECT id FROM item WHERE dossier_id IN ({dossiers}));"
        f"DELETE FROM item WHERE dossier_id IN ({dossiers});"
        f"DELETE FROM conversation WHERE dossier_id IN ({dossiers});"
        f"DELETE FROM dossier WHERE cycle_id IN ({ids});"
        f"DELETE FROM cycle_step WHERE cycle_id IN ({ids});"
        f"DELETE FROM cycle WHERE id IN ({ids});")


def one(stack, sql):
    rows = stack.sql(sql)
    assert len(rows) == 1, f"{sql}: {rows}"
    return rows[0][0]


def new_cycle(stack, starts_on, ends_on, status="planned", steps=("goal_setting", "progress")):
    name = f"Voorstel {uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('{name}', '{starts_on}', '{ends_on}', '{status}', '{SCALE}')")
    cycle = int(one(stack, f"SELECT id FROM cycle WHERE name = '{name}'"))
    for seq, kind in enumerate(steps, start=1):
        stack.sql(f"INSERT INTO cycle_step (cycle_id, seq, type, due_on) VALUES "
                  f"({cycle}, {seq}, '{kind}', '{starts_on}')")
    _made.append(cycle)
    return cycle, name


def old_dossier(stack, ids, cycle):
    """eva's dossier in the old cycle: a closed goal setting with ITEMS, and
    a progress conversation still being prepared where mark wrote a goal
    he has not shared (private: never carried)."""
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {ids['eva']}, {ids['mark']})")
    d = int(one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle}"))
    stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, status, employee_shared,"
              f" manager_shared) VALUES ({d}, 'goal_setting', 1, 'closed', 1, 1),"
              f" ({d}, 'progress', 2, 'preparing', 0, 0)")
    gs, pr = [int(r[0]) for r in stack.sql(
        f"SELECT id FROM conversation WHERE dossier_id = {d} ORDER BY seq")]
    titles = {}
    for key, kind, status, _ in ITEMS:
        titles[key] = f"Oud {key} {uuid.uuid4().hex[:6]}"
        stack.sql(f"INSERT INTO item (dossier_id, kind, title, measure, status,"
                  f" created_in_conversation_id, author_id, responsible_id) VALUES ({d}, '{kind}',"
                  f" '{titles[key]}', 'Maat van {key}', '{status}', {gs}, {ids['mark']},"
                  f" {ids['eva']})")
    titles["private"] = f"Oud privé {uuid.uuid4().hex[:6]}"
    stack.sql(f"INSERT INTO item (dossier_id, kind, title, status, created_in_conversation_id,"
              f" author_id, responsible_id) VALUES ({d}, 'result', '{titles['private']}', 'open',"
              f" {pr}, {ids['mark']}, {ids['eva']})")
    keep_summaries(stack, cycle)
    return d, titles


def start(s, cycle, confirm=True, **fields):
    data = {"scope": "list", "logins": "eva", **fields, "csrf": csrf(s)}
    if confirm:
        data["confirm"] = "1"
    return s.post(f"/admin/cycles/{cycle}/start", data=data, allow_redirects=False,
                  headers=XML if not confirm else None)


@pytest.fixture
def carried(stack, users):
    """The old cycle with eva's items, and the new cycle started by HR."""
    ids = people(stack)
    year = next(_years)
    old, old_name = new_cycle(stack, f"{year}-01-01", f"{year}-06-30", "closed")
    old_d, titles = old_dossier(stack, ids, old)
    # A cycle beside the new one (the same start day, made before it): not
    # "before" it, so nothing of it is carried.
    beside, _ = new_cycle(stack, f"{year}-07-01", f"{year}-09-30", "open")
    old_dossier(stack, ids, beside)
    new, _ = new_cycle(stack, f"{year}-07-01", f"{year}-12-31")
    hanna = users("hanna")
    ask = start(hanna, new, confirm=False)
    assert ask.status_code == 200
    r = start(hanna, new)
    assert r.status_code == 303, r.text[:300]
    d = int(one(stack, f"SELECT id FROM dossier WHERE cycle_id = {new}"))
    gs = int(one(stack, f"SELECT id FROM conversation WHERE dossier_id = {d}"
                        f" AND type = 'goal_setting'"))
    rows = stack.sql(f"SELECT title, id FROM proposal WHERE conversation_id = {gs}")
    return {"ids": ids, "old": old, "old_name": old_name, "old_dossier": old_d, "new": new,
            "dossier": d, "gs": gs, "titles": titles, "ask": ask,
            "proposals": {t: int(i) for t, i in rows}}


def proposal(stack, pid):
    row = stack.sql(f"SELECT status, COALESCE(item_id, 0), COALESCE(decided_by, 0)"
                    f" FROM proposal WHERE id = {pid}")[0]
    return row[0], int(row[1]), int(row[2])


def items_of(stack, dossier):
    return stack.sql(f"SELECT id, kind, title, COALESCE(measure, ''), author_id,"
                     f" created_in_conversation_id FROM item WHERE dossier_id = {dossier}"
                     f" ORDER BY id")


def decide(s, pid, what, confirm=True):
    """Accept, or drop (confirmed unless confirm=False: dropping asks first)."""
    data = {"csrf": csrf(s)}
    if what == "drop" and confirm:
        data["confirm"] = "1"
    return s.post(f"/proposals/{pid}/{what}", data=data, allow_redirects=False)


def test_start_carries_unfinished_goals_as_proposals(stack, users, carried):
    titles, gs = carried["titles"], carried["gs"]
    want = {titles[key] for key, _, _, carry in ITEMS if carry}
    assert set(carried["proposals"]) == want
    # The confirmation said how many would be carried, before anything was written.
    counts = {c.get("name"): int(c.get("value"))
              for c in xml(carried["ask"]).xpath("/page/confirm/count")}
    assert counts["proposals"] == len(want)
    # Text, kind, status then and source copied; nothing decided, no item yet.
    for key, kind, status, carry in ITEMS:
        if not carry:
            continue
        row = stack.sql(f"SELECT p.kind, p.measure, p.source_status, p.source_cycle_id,"
                        f" p.status, p.item_id IS NULL, i.title FROM proposal p"
                        f" JOIN item i ON i.id = p.source_item_id"
                        f" WHERE p.conversation_id = {gs} AND p.title = '{titles[key]}'")
        assert [list(r) for r in row] == [[kind, f"Maat van {key}", status, str(carried["old"]),
                                           "proposed", "1", titles[key]]]
    assert items_of(stack, carried["dossier"]) == []
    # A second start gives eva nothing new: no second dossier, no proposal twice.
    before = stack.sql(f"SELECT COUNT(*) FROM proposal WHERE conversation_id = {gs}")
    r = start(users("hanna"), carried["new"])
    assert r.status_code == 303
    assert "present=1" in r.headers["Location"]
    assert stack.sql(f"SELECT COUNT(*) FROM proposal WHERE conversation_id = {gs}") == before
    # Both parties see them at the top of the goal setting, with the count.
    for who in ("eva", "mark"):
        doc = page(users(who).get(f"/conversations/{gs}"))
        head = doc.xpath("//section[@id='proposals']/h2")[0].text_content()
        assert f": {len(want)} " in head, head
        assert len(doc.xpath("//section[@id='proposals']//li[contains(@class, 'proposal')]"
                             "//form[contains(@action, '/accept')]")) == len(want)


def test_accept_makes_exactly_one_item_with_the_text(stack, users, carried):
    ids, gs, d = carried["ids"], carried["gs"], carried["dossier"]
    title = carried["titles"]["at_risk"]
    pid = carried["proposals"][title]
    eva = users("eva")
    r = decide(eva, pid, "accept")
    assert r.status_code == 303
    rows = items_of(stack, d)
    assert len(rows) == 1
    item, kind, got_title, measure, author, conv = rows[0]
    assert (kind, got_title, measure, int(author), int(conv)) == (
        "result", title, "Maat van at_risk", ids["eva"], gs)
    assert proposal(stack, pid) == ("accepted", int(item), ids["eva"])
    assert r.headers["Location"].endswith(f"/conversations/{gs}#item-{item}")
    audit = stack.sql(f"SELECT actor_id, action, detail FROM audit WHERE entity = 'item'"
                      f" AND entity_id = {item}")
    assert len(audit) == 1 and list(audit[0][:2]) == [str(ids["eva"]), "create"]
    assert "proposal: accepted" in audit[0][2] and title in audit[0][2]
    # A second accept, by either party, makes no second item and changes nothing.
    for who in ("eva", "mark"):
        with unchanged(stack, DECIDE_TABLES, what=f"a second accept by {who}"):
            again = decide(users(who), pid, "accept")
        assert again.status_code == 409
        assert page(again).xpath("//*[@id='proposal-refused']")
    # The page: one proposal fewer, the accepted one folded and linked to its item.
    doc = xml(eva.get(f"/conversations/{gs}", headers=XML))
    assert doc.xpath(f"/page/proposals/proposal[@id='{pid}']/@status") == ["accepted"]
    assert doc.xpath(f"/page/conversation/items/item[@id='{item}']/@title") == [title]
    html = page(eva.get(f"/conversations/{gs}"))
    assert html.xpath(f"//details[contains(@class, 'proposals-done')]//a[@href='#item-{item}']")


def test_manager_drops_a_proposal(stack, users, carried):
    ids, gs = carried["ids"], carried["gs"]
    title = carried["titles"]["dev_open"]
    pid = carried["proposals"][title]
    # The first POST only asks (a confirmation page, no JavaScript needed).
    with unchanged(stack, DECIDE_TABLES, what="dropping a proposal unconfirmed"):
        ask = decide(users("mark"), pid, "drop", confirm=False)
    assert ask.status_code == 200, ask.text[:2000]
    doc = page(ask)
    form = doc.xpath(f"//section[@id='confirm']//form[@action='/proposals/{pid}/drop']")
    assert form and form[0].xpath(".//input[@name='confirm'][@value='1']")
    assert "Dit voorstel laten vallen?" in doc.xpath("string(//h2[@id='confirm-title'])")
    assert proposal(stack, pid) == ("proposed", 0, 0)
    r = decide(users("mark"), pid, "drop")
    assert r.status_code == 303
    assert proposal(stack, pid) == ("dropped", 0, ids["mark"])
    assert items_of(stack, carried["dossier"]) == []
    audit = stack.sql(f"SELECT actor_id, detail FROM audit WHERE entity = 'conversation'"
                      f" AND entity_id = {gs} AND detail LIKE 'proposal: dropped%'")
    assert len(audit) == 1 and audit[0][0] == str(ids["mark"]) and title in audit[0][1]
    # Dropped stays dropped: accepting it afterwards is refused.
    with unchanged(stack, DECIDE_TABLES, what="accepting a dropped proposal"):
        assert decide(users("eva"), pid, "accept").status_code == 409
    # Shown folded, with who dropped it, to the employee too.
    doc = page(users("eva").get(f"/conversations/{gs}"))
    folded = doc.xpath("//details[contains(@class, 'proposals-done')]")[0].text_content()
    name = one(stack, "SELECT name FROM employee WHERE login = 'mark'")
    assert title in folded and name in folded
    assert not doc.xpath(f"//form[@action='/proposals/{pid}/accept']")


def test_others_are_refused_and_change_nothing(stack, users, carried):
    pid = carried["proposals"][carried["titles"]["open"]]
    for who in ("daan", "hanna", "sanne"):
        for what in ("accept", "drop"):
            with unchanged(stack, DECIDE_TABLES, what=f"{what} by {who}"):
                r = decide(users(who), pid, what)
            assert r.status_code == 403, (who, what, r.status_code)
    # A proposal that does not exist answers the same.
    missing = decide(users("daan"), 999999999, "accept")
    assert missing.status_code == 403
    assert proposal(stack, pid) == ("proposed", 0, 0)
    # HR reads them without the buttons.
    doc = page(users("hanna").get(f"/conversations/{carried['gs']}"))
    assert doc.xpath("//section[@id='proposals']")
    assert not doc.xpath("//form[starts-with(@action, '/proposals/')]")
    # Without the session's token: refused before anything else.
    r = users("eva").post(f"/proposals/{pid}/accept", data={}, allow_redirects=False)
    assert r.status_code == 403
    assert proposal(stack, pid) == ("proposed", 0, 0)


def test_after_the_goal_setting_is_held_nothing_can_be_decided(stack, users, carried):
    gs = carried["gs"]
    stack.sql(f"UPDATE conversation SET status = 'held', held_on = CURDATE() WHERE id = {gs}")
    stack.sql("UPDATE page_stamp SET stamp = stamp + 1 WHERE kind = 'p'")
    pid = carried["proposals"][carried["titles"]["on_track"]]
    for who in ("eva", "mark"):
        for what in ("accept", "drop"):
            with unchanged(stack, DECIDE_TABLES, what=f"{what} after held by {who}"):
                r = decide(users(who), pid, what)
            assert r.status_code == 409, (who, what, r.status_code)
        # Nor is a drop asked about that could not be done.
        with unchanged(stack, DECIDE_TABLES, what=f"unconfirmed drop after held by {who}"):
            r = decide(users(who), pid, "drop", confirm=False)
        assert r.status_code == 409 and not page(r).xpath("//section[@id='confirm']")
    assert proposal(stack, pid) == ("proposed", 0, 0)
    # Read-only on the page: still listed, no buttons.
    doc = page(users("eva").get(f"/conversations/{gs}"))
    assert doc.xpath(f"//li[@id='proposal-{pid}']")
    assert not doc.xpath("//form[starts-with(@action, '/proposals/')]")


def test_two_accepts_at_once_make_one_item(stack, users, carried):
    """eva and mark press "Overnemen" on the same proposals at the same
    moment: each proposal becomes exactly one item."""
    eva, mark = users("eva"), users("mark")
    tokens = {id(eva): csrf(eva), id(mark): csrf(mark)}
    pids = [carried["proposals"][carried["titles"][k]] for k in ("open", "on_track", "at_risk")]
    for pid in pids:
        gate = threading.Barrier(2)
        got = []

        def press(s):
            gate.wait()
            r = s.post(f"/proposals/{pid}/accept", data={"csrf": tokens[id(s)]},
                       allow_redirects=False)
            got.append(r.status_code)

        threads = [threading.Thread(target=press, args=(s,)) for s in (eva, mark)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(got) == [303, 409], got
        status, item, _ = proposal(stack, pid)
        assert status == "accepted" and item
    rows = items_of(stack, carried["dossier"])
    titles = [r[2] for r in rows]
    assert sorted(titles) == sorted(carried["titles"][k] for k in ("open", "on_track", "at_risk"))


def test_a_joiner_gets_proposals_too(stack, users):
    """HR confirming a hire gives the dossier the start would give: with
    the proposals of the employee's previous dossier."""
    ids = people(stack)
    year = next(_years)
    old, _ = new_cycle(stack, f"{year}-01-01", f"{year}-06-30", "closed")
    _, titles = old_dossier(stack, ids, old)
    new, _ = new_cycle(stack, f"{year}-07-01", f"{year}-12-31")
    hanna = users("hanna")
    # Start the cycle for someone else in eva's department, then confirm eva.
    dept = one(stack, f"SELECT department_id FROM employee WHERE id = {ids['eva']}")
    other = stack.sql(f"SELECT login FROM employee WHERE department_id = {dept} AND active = 1"
                      f" AND id <> {ids['eva']} ORDER BY id LIMIT 1")
    if not other:
        pytest.skip("eva has no active colleague in her department")
    assert start(hanna, new, logins=other[0][0]).status_code == 303
    r = hanna.post(f"/admin/cycles/{new}/people", data={
        "employee": str(ids["eva"]), "change": "join", "csrf": csrf(hanna)},
        allow_redirects=False)
    assert r.status_code == 303, r.status_code
    got = stack.sql(f"SELECT p.title FROM proposal p JOIN conversation c"
                    f" ON c.id = p.conversation_id JOIN dossier d ON d.id = c.dossier_id"
                    f" WHERE d.cycle_id = {new} AND d.employee_id = {ids['eva']}")
    assert {t for (t,) in got} == {titles[k] for k, _, _, carry in ITEMS if carry}


def test_summaries_equal_a_recount_after_the_proposals(stack):
    """Runs last in this file: an accepted proposal's new item (a result
    goal) is counted in the report summaries in its own transaction."""
    assert_recount_equal(stack, "the proposals")
