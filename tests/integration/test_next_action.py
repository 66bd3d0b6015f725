"""A clear next action (issue 15), over real HTTP:

  dashboard     "waiting for you" in the order of rules/urgency.h: a
                signature owed first, then overdue, then by due date;
                grouped by cycle with a count per group, the group holding
                the most urgent card first; a group of more than five shows
                five and folds the rest away behind "nog N meer";
  team list     with two cycles open a person has a row per open dossier,
                each naming its cycle;
  steps         the conversation page shows its steps (plan, prepare, held,
                final, signed) as an ordered list with aria-current="step"
                on the one it stands at, and at most one primary button:
                the next action of the person looking;
  summary       a progress or assessment page opens with its goals at a
                glance ("4 doelen: 1 behaald, ...") counted from its items.

Only fresh cycles and their dossiers are made with SQL (as convtools'
make_dossier does); the conversations move through the pages.  SQL behind
gesprek's back moves the page stamps by hand, as gesprekd would."""

import uuid

import pytest
from lxml import html as lxml_html

from convtools import add_item, conv_xml, make_dossier, people, post, version
from helpers import xml
from summaries import keep_summaries

# dashboard.xsl: cards shown per group before the rest is folded away
SHOWN = 5
STEPS = ("plan", "prepare", "held", "final", "signed")
# xslt/i18n/nl.xml conversation.step.*
STEP_NL = {"plan": "Plannen", "prepare": "Voorbereiden", "held": "Gevoerd",
           "final": "Definitief", "signed": "Ondertekend"}


@pytest.fixture
def ids(stack):
    return people(stack)


def touch(stack):
    """Moves every page stamp, as a change through gesprekd would: the
    dossiers and conversations below are made or moved with SQL."""
    stack.sql("INSERT INTO page_stamp (kind, ref, stamp) VALUES ('a', 0, 1)"
              " ON DUPLICATE KEY UPDATE stamp = stamp + 1")
    stack.sql("UPDATE page_stamp SET stamp = stamp + 1 WHERE kind = 'p'")


def others(stack, ids, n):
    """n active employees besides eva and mark, for dossiers mark holds."""
    rows = stack.sql(f"SELECT id FROM employee WHERE active = 1 AND id NOT IN "
                     f"({ids['eva']}, {ids['mark']}) ORDER BY id LIMIT {n}")
    assert len(rows) == n, f"the demo has fewer than {n} other employees"
    return [int(r[0]) for r in rows]


def dossier_in(stack, cycle, employee, manager, status="planned", due="2027-03-01"):
    """A dossier in an existing cycle with one goal setting conversation."""
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {employee}, {manager})")
    d = int(stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle} "
                      f"AND employee_id = {employee}")[0][0])
    stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status) VALUES "
              f"({d}, 'goal_setting', 1, '{due}', '{status}')")
    keep_summaries(stack, cycle)
    return int(stack.sql(f"SELECT id FROM conversation WHERE dossier_id = {d}")[0][0])


def urgency(card):
    """The order rules/urgency.h promises, from the card's own attributes."""
    rank = 0 if card.get("action") == "sign" else 1 if card.get("overdue") == "1" else 2
    return (rank, card.get("due_on") or "9999-99-99", int(card.get("id")))


def todo(s):
    doc = xml(s.get("/.xml"))
    return (doc.xpath("/page/dashboard/todo/conversation"),
            doc.xpath("/page/dashboard/todo/group"))


def sign_owed_by_mark(users, cid):
    """Held, finalized, signed by eva: mark owes the signature."""
    mark, eva = users("mark"), users("eva")
    assert post(mark, f"/conversations/{cid}/held", version=version(mark, cid)).status_code == 303
    assert post(mark, f"/conversations/{cid}/finalize",
                version=version(mark, cid)).status_code == 303
    assert post(eva, f"/conversations/{cid}/sign", verdict="agree").status_code == 303


def test_todo_sign_first_then_overdue_then_due(stack, ids, users):
    a = make_dossier(stack, ids, "Urgentie")
    sign = a["conversations"][0]
    daan, lotte = others(stack, ids, 2)
    # in the same cycle: one held long past its due date (mark finalizes),
    # one planned, due after the signature's date would sort
    overdue = dossier_in(stack, a["cycle"], daan, ids["mark"], "held", "2020-01-15")
    later = dossier_in(stack, a["cycle"], lotte, ids["mark"], "planned", "2027-01-20")
    sign_owed_by_mark(users, sign)
    touch(stack)

    cards, groups = todo(users("mark"))
    mine = [(c.get("id"), c.get("action")) for c in cards
            if c.get("cycle_id") == str(a["cycle"])]
    # by due date alone the overdue card (2020) and the planned one
    # (2027-01-20) came before the signature (2027-02-15)
    assert mine == [(str(sign), "sign"), (str(overdue), "finalize"), (str(later), "prepare")], mine
    group = [g for g in groups if g.get("cycle_id") == str(a["cycle"])]
    assert len(group) == 1 and group[0].get("count") == "3"
    assert group[0].get("cycle") == a["cycle_name"]


def test_todo_groups_by_cycle_in_order(stack, ids, users):
    a = make_dossier(stack, ids, "Groep A")
    b = make_dossier(stack, ids, "Groep B")
    sign_owed_by_mark(users, a["conversations"][0])
    touch(stack)
    cards, groups = todo(users("mark"))

    # one group per cycle, each card in exactly one, counted right
    cycles = [g.get("cycle_id") for g in groups]
    assert len(cycles) == len(set(cycles))
    assert sorted(cycles) == sorted({c.get("cycle_id") for c in cards})
    for g in groups:
        assert int(g.get("count")) == sum(c.get("cycle_id") == g.get("cycle_id") for c in cards)
    # the cards come group by group, in the groups' order, each group in
    # urgency order, and the groups by their most urgent card
    assert [c.get("cycle_id") for c in cards] == [
        g.get("cycle_id") for g in groups for _ in range(int(g.get("count")))]
    firsts = []
    for g in groups:
        own = [urgency(c) for c in cards if c.get("cycle_id") == g.get("cycle_id")]
        assert own == sorted(own), f"group {g.get('cycle')} out of order: {own}"
        firsts.append(own[0])
    assert firsts == sorted(firsts)
    assert cards[0].get("action") == "sign"
    assert cycles.index(str(a["cycle"])) < cycles.index(str(b["cycle"]))


def test_todo_long_group_folds_after_five(stack, ids, users):
    a = make_dossier(stack, ids, "Veel")
    extra = others(stack, ids, SHOWN + 1)
    for i, who in enumerate(extra):
        dossier_in(stack, a["cycle"], who, ids["mark"], "planned", f"2027-04-{10 + i:02d}")
    touch(stack)
    mark = users("mark")
    mark.headers["Accept-Language"] = "nl-NL,nl;q=0.9"
    cards, groups = todo(mark)
    n = sum(c.get("cycle_id") == str(a["cycle"]) for c in cards)
    assert n == SHOWN + 2      # eva's goal setting and the six made here

    doc = lxml_html.fromstring(mark.get("/").text)
    h3 = doc.xpath(f"//section[@aria-labelledby='todo-group-{a['cycle']}']")
    assert len(h3) == 1
    group = h3[0]
    assert a["cycle_name"] in group.xpath("string(h3)")
    assert f"({n} gesprekken)" in group.xpath("string(h3)")
    shown = group.xpath("./ul[@class='cards']/li")
    folded = group.xpath("./details/ul[@class='cards']/li")
    assert (len(shown), len(folded)) == (SHOWN, n - SHOWN)
    assert group.xpath("normalize-space(details/summary)") == f"Toon nog {n - SHOWN} meer"
    # the folded ones are the least urgent: the latest due dates
    hrefs = [a_.get("href") for a_ in group.xpath(".//a[@class='card']")]
    order = [f"/conversations/{c.get('id')}" for c in cards
             if c.get("cycle_id") == str(a["cycle"])]
    assert hrefs == order


def test_team_list_shows_every_open_dossier(stack, ids, users):
    a = make_dossier(stack, ids, "Team oud")
    b = make_dossier(stack, ids, "Team nieuw")
    touch(stack)
    mark = users("mark")
    rows = xml(mark.get("/.xml")).xpath(f"/page/dashboard/team/member[@id='{ids['eva']}']")
    by_dossier = {r.get("dossier"): r.get("cycle") for r in rows}
    assert by_dossier.get(str(a["id"])) == a["cycle_name"], by_dossier
    assert by_dossier.get(str(b["id"])) == b["cycle_name"], by_dossier
    # and on the page: a row for each, naming its cycle
    doc = lxml_html.fromstring(mark.get("/").text)
    for d in (a, b):
        row = doc.xpath(f"//section[@aria-labelledby='team-title']//tr"
                        f"[.//a[@href='/dossiers/{d['id']}']]")
        assert len(row) == 1 and d["cycle_name"] in row[0].text_content()
    # a dossier closed drops out
    stack.sql(f"UPDATE dossier SET status = 'closed' WHERE id = {a['id']}")
    touch(stack)
    rows = xml(mark.get("/.xml")).xpath(f"/page/dashboard/team/member[@id='{ids['eva']}']")
    assert str(a["id"]) not in [r.get("dossier") for r in rows]


def steps_of(s, cid):
    """(current step's text, the primary buttons' form actions) of the page."""
    r = s.get(f"/conversations/{cid}")
    assert r.status_code == 200, r.status_code
    doc = lxml_html.fromstring(r.text)
    items = doc.xpath("//ol[@class='conv-steps']/li")
    assert len(items) == len(STEPS)
    current = doc.xpath("//ol[@class='conv-steps']/li[@aria-current='step']")
    assert len(current) == 1, "exactly one current step"
    primary = doc.xpath("//button[contains(concat(' ', @class, ' '), ' button-primary ')]")
    actions = [b.xpath("string(ancestor::form[1]/@action)") for b in primary]
    return current[0].xpath("normalize-space(.//span[@class='conv-step-name'])"), actions


def test_steps_and_the_one_primary_action(stack, ids, users):
    d = make_dossier(stack, ids, "Stappen")
    cid = d["conversations"][0]
    mark, eva = users("mark"), users("eva")
    for s in (mark, eva):
        s.headers["Accept-Language"] = "nl-NL,nl;q=0.9"
    base = f"/conversations/{cid}"

    assert steps_of(mark, cid) == (STEP_NL["plan"], [f"{base}/plan"])
    assert post(mark, f"{base}/plan", scheduled_at="2027-02-10T09:30",
                version=version(mark, cid)).status_code == 303
    assert steps_of(mark, cid) == (STEP_NL["prepare"], [f"{base}/share"])
    assert post(mark, f"{base}/share").status_code == 303
    # shared: what is left for mark is holding it
    assert steps_of(mark, cid) == (STEP_NL["prepare"], [f"{base}/held"])
    assert add_item(mark, cid, f"Doel {uuid.uuid4().hex[:6]}").status_code == 303
    assert post(mark, f"{base}/held", version=version(mark, cid), confirm="1").status_code == 303
    assert steps_of(mark, cid) == (STEP_NL["held"], [f"{base}/finalize"])
    assert steps_of(eva, cid)[1] == []        # eva waits for mark
    assert post(mark, f"{base}/finalize", version=version(mark, cid)).status_code == 303
    assert steps_of(eva, cid) == (STEP_NL["final"], [f"{base}/sign"])
    assert steps_of(mark, cid) == (STEP_NL["final"], [])   # the employee signs first
    assert post(eva, f"{base}/sign", verdict="agree").status_code == 303
    assert steps_of(mark, cid) == (STEP_NL["final"], [f"{base}/sign"])
    assert steps_of(eva, cid)[1] == []
    assert post(mark, f"{base}/sign", verdict="agree").status_code == 303
    assert steps_of(mark, cid) == (STEP_NL["signed"], [])
    assert conv_xml(mark, cid).xpath("/page/conversation/@status") == ["closed"]


def test_goals_summary_on_progress(stack, ids, users):
    d = make_dossier(stack, ids, "Samenvatting")
    gs, pr = d["conversations"][0], d["conversations"][1]
    mark = users("mark")
    mark.headers["Accept-Language"] = "nl-NL,nl;q=0.9"
    titles = [f"Doel {i} {uuid.uuid4().hex[:6]}" for i in range(4)]
    for t in titles:
        assert add_item(mark, gs, t).status_code == 303
    assert add_item(mark, gs, f"Actie {uuid.uuid4().hex[:6]}", kind="action").status_code == 303
    stack.sql(f"UPDATE item SET status = 'at_risk' WHERE dossier_id = {d['id']} "
              f"AND title = '{titles[2]}'")
    touch(stack)
    # one achieved the way people do it: a note in the held progress talk
    assert post(mark, f"/conversations/{pr}/held", version=version(mark, pr)).status_code == 303
    item = conv_xml(mark, pr).xpath(f"/page/conversation/items/item[@title='{titles[0]}']/@id")[0]
    assert post(mark, f"/conversations/{pr}/updates", item=item, status="achieved",
                note="Gehaald.").status_code == 303
    doc = lxml_html.fromstring(mark.get(f"/conversations/{pr}").text)
    summary = doc.xpath("normalize-space(//p[@id='goals-summary'])")
    # the action is no goal; counts by status, the most finished first
    assert summary == "4 doelen: 1 behaald, 1 loopt risico, 2 open", summary
    # the goal setting itself has no summary
    doc = lxml_html.fromstring(mark.get(f"/conversations/{gs}").text)
    assert not doc.xpath("//p[@id='goals-summary']")


# fcgi/store/employee.h: the most to-do rows a person's dashboard reads
TODO_MAX = 500


def test_todo_past_its_bound_keeps_this_cycles_cards(stack, ids, users):
    """A manager with more than TODO_MAX stale open conversations (old
    cycles never closed) still sees the newest cycle's cards: the bound
    drops the oldest, where it once dropped whatever MariaDB read last."""
    from convtools import SCALE
    tag = uuid.uuid4().hex[:8]
    n = TODO_MAX + 20
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale)"
              f" SELECT CONCAT('Oud {tag} ', seq), '2020-01-01', '2020-12-31', 'open',"
              f" '{SCALE}' FROM seq_1_to_{n}")
    stale = f"SELECT id FROM cycle WHERE name LIKE 'Oud {tag} %'"
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id)"
              f" SELECT id, {ids['eva']}, {ids['mark']} FROM cycle WHERE name LIKE 'Oud {tag} %'")
    stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on)"
              f" SELECT d.id, 'goal_setting', 1, '2020-02-15' FROM dossier d"
              f" WHERE d.cycle_id IN ({stale})")
    try:
        fresh = make_dossier(stack, ids, "Na de oude")
        touch(stack)
        cards, _ = todo(users("mark"))
        assert len(cards) >= TODO_MAX
        assert str(fresh["conversations"][0]) in [c.get("id") for c in cards]
    finally:
        stack.sql(f"DELETE c FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
                  f" WHERE d.cycle_id IN ({stale})")
        stack.sql(f"DELETE FROM dossier WHERE cycle_id IN ({stale})")
        stack.sql(f"DELETE FROM cycle WHERE name LIKE 'Oud {tag} %'")
        touch(stack)
