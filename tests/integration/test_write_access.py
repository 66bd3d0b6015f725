"""Access in the write paths of a conversation, found from outside (issue
13): a progress note on the other party's private item, the responsible
person of an item, HR reopening a report in which it is a party, and text
of legal length in multi-byte characters.  Every refusal is checked for
its side effects: no row changed."""

import itertools

import pytest

from conftest import login
from helpers import xml
from summaries import keep_summaries

_names = itertools.count(1)

# A title of the longest legal length (TITLE_MAX_CHARS) in 2-, 3- and
# 4-byte characters: cut by bytes, each would end mid-character somewhere.
TITLE_CHARS = 200
MULTIBYTE_TITLES = {
    "e_acute": "é" * TITLE_CHARS,
    "euro": "€" * TITLE_CHARS,
    "emoji": "😀" * TITLE_CHARS,
    "mixed": ("a€é😀" * TITLE_CHARS)[:TITLE_CHARS],
}


@pytest.fixture(scope="module")
def people(stack):
    rows = stack.sql("SELECT login, id FROM employee WHERE login IN "
                     "('eva','mark','hanna','joost','daan','iris','sanne')")
    return {name: int(i) for name, i in rows}


def make_dossier(stack, employee, manager):
    name = f"Toegangscyclus {next(_names)}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('{name}', '2027-01-01', '2027-12-31', 'open', 'slecht|matig|goed')")
    cycle = int(stack.sql(f"SELECT id FROM cycle WHERE name = '{name}'")[0][0])
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {employee}, {manager})")
    d = int(stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle}")[0][0])
    for seq, kind in ((1, "goal_setting"), (2, "progress")):
        stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on) VALUES "
                  f"({d}, '{kind}', {seq}, '2027-06-30')")
    convs = [int(r[0]) for r in
             stack.sql(f"SELECT id FROM conversation WHERE dossier_id = {d} ORDER BY seq")]
    keep_summaries(stack, cycle)
    return {"id": d, "cycle": cycle, "conversations": convs}


@pytest.fixture
def dossier(stack, people):
    return make_dossier(stack, people["eva"], people["mark"])


@pytest.fixture
def as_user(new_session):
    cache = {}

    def get(user):
        if user not in cache:
            s = new_session()
            assert login(s, user, "demo").status_code == 303
            cache[user] = s
        return cache[user]
    return get


def csrf(s):
    return xml(s.get("/.xml")).get("csrf")


def post(s, path, **fields):
    fields.setdefault("csrf", csrf(s))
    return s.post(path, data=fields, allow_redirects=False)


def add_item(s, cid, **fields):
    base = {"kind": "result", "title": "Omzet +10%", "deadline": "2027-11-30"}
    base.update(fields)
    return post(s, f"/conversations/{cid}/items", **base)


# ---- (a) a progress note on the other party's private item ----

def test_note_on_the_other_partys_private_item_is_refused_like_a_missing_one(stack, dossier, as_user):
    goal_setting, progress = dossier["conversations"]
    mark, eva = as_user("mark"), as_user("eva")
    # Mark prepares an item in the goal-setting conversation, not shared.
    assert add_item(mark, goal_setting, title="Privé voorbereiding van Mark").status_code == 303
    item = stack.sql(f"SELECT id FROM item WHERE dossier_id = {dossier['id']}")[0][0]
    assert "Privé voorbereiding van Mark" not in eva.get(f"/conversations/{goal_setting}").text
    before = stack.sql(f"SELECT status, version FROM item WHERE id = {item}")
    audit_before = stack.sql("SELECT COUNT(*) FROM audit")
    private = post(eva, f"/conversations/{goal_setting}/updates", item=item, status="achieved",
                   note="Gezien")
    missing = post(eva, f"/conversations/{goal_setting}/updates", item="999999999",
                   status="achieved", note="Gezien")
    assert private.status_code == 403, "not visible to eva"
    assert missing.status_code == 403
    assert private.text == missing.text, "the answer must not tell which ids exist"
    # Also from another conversation of the dossier (the item's own is still private).
    assert post(eva, f"/conversations/{progress}/updates", item=item,
                note="Gezien").status_code == 403
    assert stack.sql(f"SELECT COUNT(*) FROM item_update WHERE item_id = {item}") == [("0",)]
    assert stack.sql(f"SELECT status, version FROM item WHERE id = {item}") == before
    assert stack.sql("SELECT COUNT(*) FROM audit") == audit_before
    # Once shared, the same note is accepted: the refusal was about privacy.
    assert post(mark, f"/conversations/{goal_setting}/share").status_code == 303
    assert post(eva, f"/conversations/{goal_setting}/updates", item=item,
                note="Gezien").status_code == 303


# ---- (b) the responsible person: only the people the form offers ----

def test_responsible_outside_the_form_is_refused(stack, dossier, as_user, people):
    cid = dossier["conversations"][0]
    eva = as_user("eva")
    offered = xml(eva.get(f"/conversations/{cid}.xml")).xpath("/page/people/person/@id")
    assert str(people["iris"]) not in offered, "iris works for another manager"
    assert str(people["daan"]) in offered, "a colleague (same manager) is offered"
    r = add_item(eva, cid, title="Met Iris", responsible=str(people["iris"]))
    assert r.status_code == 400
    doc = xml(eva.post(f"/conversations/{cid}/items.xml", data={
        "kind": "result", "title": "Met Iris", "responsible": str(people["iris"]),
        "csrf": csrf(eva)}))
    assert doc.xpath("/page/form/field[@name='responsible']/@error") == ["form.error.choice"]
    assert stack.sql(f"SELECT COUNT(*) FROM item WHERE dossier_id = {dossier['id']}") == [("0",)]
    # The people offered are accepted: the employee, the manager, a colleague.
    for who in ("eva", "mark", "daan"):
        assert add_item(eva, cid, title=f"Met {who}", responsible=str(people[who])).status_code == 303
    # Editing may not move an item to someone not offered either.
    it = stack.sql(f"SELECT id, version, title, responsible_id FROM item "
                   f"WHERE dossier_id = {dossier['id']} AND title = 'Met daan'")[0]
    r = post(eva, f"/items/{it[0]}", conversation=str(cid), version=it[1], title="Nu met Iris",
             responsible=str(people["iris"]))
    assert r.status_code == 400
    assert stack.sql(f"SELECT id, version, title, responsible_id FROM item WHERE id = {it[0]}") == [it]


# ---- (d) HR reopening a report in which it is a party ----

def test_hr_cannot_reopen_a_report_it_is_a_party_of(stack, people, as_user):
    # joost (HR) is the employee, hanna (HR) his manager.
    d = make_dossier(stack, people["joost"], people["hanna"])
    cid = d["conversations"][0]
    stack.sql(f"UPDATE conversation SET status = 'finalized', version = version + 1 WHERE id = {cid}")
    before = stack.sql(f"SELECT status, version, reopen_reason FROM conversation WHERE id = {cid}")
    for user in ("hanna", "joost"):
        r = post(as_user(user), f"/conversations/{cid}/reopen", reason="Zelf heropenen")
        assert r.status_code == 403, user
    assert stack.sql(f"SELECT status, version, reopen_reason FROM conversation WHERE id = {cid}") == before
    assert stack.sql(f"SELECT COUNT(*) FROM audit WHERE entity = 'conversation' "
                     f"AND entity_id = {cid} AND action = 'reopen'") == [("0",)]
    # HR that is no party may: hanna reopens eva's report.
    other = make_dossier(stack, people["eva"], people["mark"])["conversations"][0]
    stack.sql(f"UPDATE conversation SET status = 'finalized' WHERE id = {other}")
    assert post(as_user("hanna"), f"/conversations/{other}/reopen",
                reason="Weging klopt niet").status_code == 303


# ---- UTF-8: a legal title or reason in multi-byte characters ----

@pytest.mark.parametrize("name", sorted(MULTIBYTE_TITLES))
def test_multibyte_title_of_legal_length_saves_with_its_audit_row(stack, dossier, as_user, name):
    cid = dossier["conversations"][0]
    title = MULTIBYTE_TITLES[name]
    mark = as_user("mark")
    r = add_item(mark, cid, title=title)
    assert r.status_code == 303, r.status_code
    rows = stack.sql(f"SELECT id, title, version FROM item WHERE dossier_id = {dossier['id']}")
    assert [t for _, t, _ in rows] == [title]
    iid, _, ver = rows[0]
    detail = stack.sql(f"SELECT detail FROM audit WHERE entity = 'item' AND entity_id = {iid} "
                       f"AND action = 'create'")
    assert len(detail) == 1 and title[:50] in detail[0][0]
    # The edit writes the title into its audit detail as well.
    r = post(mark, f"/items/{iid}", conversation=str(cid), version=ver, title=title[::-1])
    assert r.status_code == 303, r.status_code
    assert stack.sql(f"SELECT COUNT(*) FROM audit WHERE entity = 'item' AND entity_id = {iid} "
                     f"AND action = 'update'") == [("1",)]


def test_multibyte_reopen_reason_saves_with_its_audit_row(stack, dossier, as_user):
    cid = dossier["conversations"][0]
    stack.sql(f"UPDATE conversation SET status = 'finalized' WHERE id = {cid}")
    reason = "€" * 4000
    r = post(as_user("hanna"), f"/conversations/{cid}/reopen", reason=reason)
    assert r.status_code == 303, r.status_code
    assert stack.sql(f"SELECT status, reopen_reason FROM conversation WHERE id = {cid}") == \
        [("held", reason)]
    detail = stack.sql(f"SELECT detail FROM audit WHERE entity = 'conversation' "
                       f"AND entity_id = {cid} AND action = 'reopen'")
    assert len(detail) == 1 and detail[0][0].startswith("reopened: €€€")
