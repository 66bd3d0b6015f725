"""The conversation cycle over real HTTP: access per side, private
preparation, items and their checks, the version conflict, the life cycle
from planning to a signed, sealed snapshot, reopening, progress and
assessment."""

import contextlib
import hashlib
import itertools
from pathlib import Path

import pytest
from lxml import etree

from conftest import login
from convtools import WRITE_TABLES, checksums
from helpers import page, text_of, xml
from summaries import keep_summaries

_names = itertools.count(1)

# The Dutch texts of the interface, by key.
NL = {m.get("key"): m.text for m in
      etree.parse(str(Path(__file__).resolve().parents[2] / "xslt/i18n/nl.xml")).iter("msg")}


@pytest.fixture(scope="module")
def people(stack):
    rows = stack.sql("SELECT login, id FROM employee WHERE login IN "
                     "('eva','mark','hanna','sanne','daan','lotte')")
    return {login: int(i) for login, i in rows}


@pytest.fixture
def dossier(stack, people):
    """A fresh cycle with one dossier for eva (manager mark) and its three
    conversations, made directly in the database."""
    name = f"Testcyclus {next(_names)}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('{name}', '2027-01-01', '2027-12-31', 'open', "
              f"'onvoldoende|matig|voldoende|goed|uitstekend')")
    cycle = int(stack.sql(f"SELECT id FROM cycle WHERE name = '{name}'")[0][0])
    stack.sql(f"INSERT INTO org_goal (cycle_id, title) VALUES ({cycle}, 'Klanttevredenheid 8,5')")
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {people['eva']}, {people['mark']})")
    d = int(stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle}")[0][0])
    for seq, kind, due in ((1, "goal_setting", "2027-02-15"), (2, "progress", "2027-06-30"),
                           (3, "assessment", "2027-12-15")):
        stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on) VALUES "
                  f"({d}, '{kind}', {seq}, '{due}')")
    convs = [int(r[0]) for r in stack.sql(f"SELECT id FROM conversation WHERE dossier_id = {d} ORDER BY seq")]
    goal = int(stack.sql(f"SELECT id FROM org_goal WHERE cycle_id = {cycle}")[0][0])
    keep_summaries(stack, cycle)
    return {"id": d, "cycle": cycle, "conversations": convs, "org_goal": goal}


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


@contextlib.contextmanager
def unchanged(stack, what="a refused write"):
    """Asserts that the block leaves every table a conversation write may
    touch exactly as it was (a checksum of each: counts alone miss an
    UPDATE)."""
    before = checksums(stack, WRITE_TABLES)
    yield
    after = checksums(stack, WRITE_TABLES)
    changed = [t for t in WRITE_TABLES if before[t] != after[t]]
    assert changed == [], f"{what} changed {changed}"


def post(s, path, **fields):
    fields.setdefault("csrf", csrf(s))
    return s.post(path, data=fields, allow_redirects=False)


def conv_xml(s, cid):
    r = s.get(f"/conversations/{cid}.xml")
    assert r.status_code == 200, r.status_code
    return xml(r)


def version(s, cid):
    return conv_xml(s, cid).xpath("/page/conversation/@version")[0]


def add_item(s, cid, **fields):
    base = {"kind": "result", "title": "Omzet binnendienst +10%", "measure": "Van 1,0 naar 1,1 mln",
            "deadline": "2027-11-30"}
    base.update(fields)
    return post(s, f"/conversations/{cid}/items", **base)


# ---- access ----

@pytest.mark.parametrize("user,expected", [("eva", 200), ("mark", 200), ("hanna", 200),
                                           ("sanne", 200), ("daan", 403), ("lotte", 403)])
def test_dossier_access_per_role(dossier, as_user, user, expected):
    r = as_user(user).get(f"/dossiers/{dossier['id']}", allow_redirects=False)
    assert r.status_code == expected
    r = as_user(user).get(f"/conversations/{dossier['conversations'][0]}.xml", allow_redirects=False)
    assert r.status_code == expected


def test_forbidden_and_nonexistent_look_the_same(dossier, as_user):
    daan = as_user("daan")
    forbidden = daan.get(f"/dossiers/{dossier['id']}")
    missing = daan.get("/dossiers/999999999")
    assert forbidden.status_code == missing.status_code == 403
    assert forbidden.text == missing.text


def test_readers_see_but_cannot_write(stack, dossier, as_user):
    cid = dossier["conversations"][0]
    for reader in ("hanna", "sanne"):
        s = as_user(reader)
        doc = conv_xml(s, cid)
        assert doc.xpath("/page/dossier/@side") == ["reader"]
        assert not doc.xpath("/page/conversation/may/@edit")
        with unchanged(stack, reader):
            assert add_item(s, cid).status_code == 403
            assert post(s, f"/conversations/{cid}/remarks", text="mag niet").status_code == 403
            assert post(s, f"/conversations/{cid}/share").status_code == 403


# ---- items ----

def test_add_item_and_audit(stack, dossier, as_user):
    cid = dossier["conversations"][0]
    mark = as_user("mark")
    r = add_item(mark, cid, org_goal=str(dossier["org_goal"]), weight="40")
    assert r.status_code == 303 and r.headers["Location"].startswith(f"/conversations/{cid}")
    item = conv_xml(mark, cid).xpath("/page/conversation/items/item")[0]
    assert item.get("title") == "Omzet binnendienst +10%"
    assert item.get("org_goal") == "Klanttevredenheid 8,5"
    assert item.get("responsible") == "Eva de Vries", "the employee by default"
    assert item.get("weight") == "40"
    audit = stack.sql(f"SELECT action FROM audit WHERE entity = 'item' AND entity_id = {item.get('id')}")
    assert audit == [("create",)]


@pytest.mark.parametrize("fields,field,error", [
    ({"title": ""}, "title", "form.error.required"),
    ({"title": "x" * 201}, "title", "form.error.too_long"),
    ({"deadline": "2027-02-30"}, "deadline", "form.error.date"),
    ({"deadline": "1899-01-01"}, "deadline", "form.error.date"),
    ({"kind": "wish"}, "kind", "form.error.choice"),
    ({"responsible": "999999"}, "responsible", "form.error.choice"),
    ({"weight": "-3"}, "weight", "form.error.number"),
])
def test_bad_item_is_refused_with_values_kept(stack, dossier, as_user, fields, field, error):
    cid = dossier["conversations"][0]
    before = stack.sql(f"SELECT COUNT(*) FROM item WHERE dossier_id = {dossier['id']}")
    s = as_user("eva")
    r = add_item(s, cid, **fields)
    assert r.status_code == 400
    doc = xml(s.post(f"/conversations/{cid}/items.xml", data={**{"kind": "result", "title": "t",
          "measure": "m", "deadline": "2027-05-01"}, **fields, "csrf": csrf(s)}))
    f = doc.xpath(f"/page/form/field[@name='{field}']")[0]
    assert f.get("error") == error
    assert f.get("value") == fields[field], "the typed value comes back"
    assert stack.sql(f"SELECT COUNT(*) FROM item WHERE dossier_id = {dossier['id']}") == before
    # The HTML answer says so in Dutch: the summary, and the one error.
    assert NL["form.error.summary"] in text_of(r)
    errors = page(r).xpath("//*[@id='form-alert']//ul[@class='error-list']/li")
    # "too long" names the limit there too (TITLE_MAX_CHARS for a title)
    want = NL["form.error.too_long_max"].replace("{max}", "200") if error.endswith("too_long") \
        else NL[error]
    assert len(errors) == 1 and want in " ".join(errors[0].text_content().split())


def test_org_goal_of_another_cycle_is_refused(stack, dossier, as_user):
    other = stack.sql(f"SELECT id FROM org_goal WHERE cycle_id <> {dossier['cycle']} LIMIT 1")
    if not other:
        stack.sql("INSERT INTO cycle (name, starts_on, ends_on, rating_scale) VALUES "
                  "('Andere cyclus', '2026-01-01', '2026-12-31', 'a|b')")
        c = stack.sql("SELECT id FROM cycle WHERE name = 'Andere cyclus'")[0][0]
        stack.sql(f"INSERT INTO org_goal (cycle_id, title) VALUES ({c}, 'Elders')")
        other = stack.sql(f"SELECT id FROM org_goal WHERE cycle_id = {c}")
    with unchanged(stack):
        r = add_item(as_user("mark"), dossier["conversations"][0], org_goal=other[0][0])
        assert r.status_code == 400


def test_private_preparation_until_shared(dossier, as_user):
    cid = dossier["conversations"][0]
    eva, mark = as_user("eva"), as_user("mark")
    assert add_item(eva, cid, kind="development", title="Cursus onderhandelen").status_code == 303
    titles = lambda s: conv_xml(s, cid).xpath("/page/conversation/items/item/@title")
    assert "Cursus onderhandelen" in titles(eva)
    assert "Cursus onderhandelen" not in titles(mark), "private while preparing"
    assert "Cursus onderhandelen" not in titles(as_user("hanna"))
    assert post(eva, f"/conversations/{cid}/share").status_code == 303
    assert "Cursus onderhandelen" in titles(mark)
    assert conv_xml(mark, cid).xpath("/page/conversation/items/item[@title='Cursus onderhandelen']/@author_side") == ["employee"]


def test_version_conflict_keeps_both_texts(stack, dossier, as_user):
    cid = dossier["conversations"][0]
    mark, eva = as_user("mark"), as_user("eva")
    add_item(mark, cid, title="Gedeeld doel")
    post(mark, f"/conversations/{cid}/share")
    item = conv_xml(eva, cid).xpath("/page/conversation/items/item[@title='Gedeeld doel']")[0]
    iid, ver = item.get("id"), item.get("version")
    first = post(mark, f"/items/{iid}", conversation=str(cid), version=ver, title="Versie van Mark",
                 measure="m1", deadline="2027-10-01")
    assert first.status_code == 303
    second = post(eva, f"/items/{iid}", conversation=str(cid), version=ver, title="Versie van Eva",
                  measure="m2", deadline="2027-10-02")
    assert second.status_code == 409
    doc = xml(eva.post(f"/items/{iid}.xml", data={"conversation": str(cid), "version": ver,
              "title": "Versie van Eva", "measure": "m2", "deadline": "2027-10-02", "csrf": csrf(eva)}))
    assert doc.xpath("/page/conflict/theirs/@title") == ["Versie van Mark"]
    assert doc.xpath("/page/form/field[@name='title']/@value") == ["Versie van Eva"]
    assert stack.sql(f"SELECT title FROM item WHERE id = {iid}") == [("Versie van Mark",)]


def test_item_of_another_dossier_is_refused(stack, dossier, as_user, people):
    cid = dossier["conversations"][0]
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({dossier['cycle']}, {people['daan']}, {people['mark']})")
    other = stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {dossier['cycle']} AND employee_id = {people['daan']}")[0][0]
    stack.sql(f"INSERT INTO item (dossier_id, kind, title) VALUES ({other}, 'result', 'Van Daan')")
    foreign = stack.sql(f"SELECT id FROM item WHERE dossier_id = {other}")[0][0]
    keep_summaries(stack, dossier["cycle"])
    eva = as_user("eva")
    assert post(eva, f"/conversations/{cid}/updates", item=foreign, note="x").status_code == 403
    assert post(eva, f"/items/{foreign}", conversation=str(cid), version="1", title="gekaapt").status_code == 403
    assert stack.sql(f"SELECT title FROM item WHERE id = {foreign}") == [("Van Daan",)]
    assert stack.sql(f"SELECT COUNT(*) FROM item_update WHERE item_id = {foreign}") == [("0",)]


# ---- life cycle ----

def test_plan_and_ics(stack, dossier, as_user):
    cid = dossier["conversations"][0]
    eva, mark = as_user("eva"), as_user("mark")
    assert eva.get(f"/conversations/{cid}.ics").status_code == 404, "no date yet"
    with unchanged(stack):
        assert post(eva, f"/conversations/{cid}/plan", scheduled_at="2027-02-10T10:00",
                    version=version(eva, cid)).status_code == 403
        assert post(mark, f"/conversations/{cid}/plan", scheduled_at="2027-02-31T10:00",
                    version=version(mark, cid)).status_code == 400
    r = post(mark, f"/conversations/{cid}/plan", scheduled_at="2027-02-10T09:30", version=version(mark, cid))
    assert r.status_code == 303
    doc = conv_xml(eva, cid)
    assert doc.xpath("/page/conversation/@status") == ["preparing"]
    ics = eva.get(f"/conversations/{cid}.ics")
    assert ics.status_code == 200 and ics.headers["Content-Type"].startswith("text/calendar")
    lines = ics.text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VCALENDAR" in lines
    # 09:30 in Amsterdam in February (CET, UTC+1) is 08:30 UTC.
    assert "DTSTART:20270210T083000Z" in lines and "DTEND:20270210T093000Z" in lines
    assert doc.xpath("/page/conversation/@scheduled_at") == ["2027-02-10T09:30"], "shown in local time"
    assert any(l.startswith("UID:") for l in lines)
    assert any(l.startswith("SUMMARY:Doelstellingengesprek Eva de Vries") for l in lines)
    assert as_user("daan").get(f"/conversations/{cid}.ics").status_code == 403


def walk_to_finalized(mark, eva, cid, stack):
    assert add_item(mark, cid, title="Doel A", weight="60").status_code == 303
    assert post(mark, f"/conversations/{cid}/held", version=version(mark, cid)).status_code == 303
    assert add_item(eva, cid, kind="development", title="Eigen ontwikkelpunt").status_code == 303
    with unchanged(stack, "the employee's finalize"):
        assert post(eva, f"/conversations/{cid}/finalize", version=version(eva, cid)).status_code == 403
    assert post(mark, f"/conversations/{cid}/finalize", version=version(mark, cid)).status_code == 303


def test_sign_off_seals_a_snapshot(stack, dossier, as_user):
    cid = dossier["conversations"][0]
    eva, mark = as_user("eva"), as_user("mark")
    walk_to_finalized(mark, eva, cid, stack)
    with unchanged(stack):
        assert add_item(eva, cid).status_code == 403, "finalized: content frozen"
        assert post(mark, f"/conversations/{cid}/sign", verdict="agree").status_code == 403, "employee first"
        assert post(eva, f"/conversations/{cid}/sign", verdict="seen").status_code == 400, "seen needs a remark"
        assert post(eva, f"/conversations/{cid}/sign", verdict="maybe", remark="x").status_code == 400
    r = post(eva, f"/conversations/{cid}/sign", verdict="seen", remark="Ik ben het niet eens met doel A.")
    assert r.status_code == 303
    with unchanged(stack, "a second signature"):
        assert post(eva, f"/conversations/{cid}/sign", verdict="agree").status_code == 403, "once"
    assert post(mark, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    doc = conv_xml(eva, cid)
    assert doc.xpath("/page/conversation/@status") == ["closed"]
    sha = doc.xpath("/page/conversation/snapshots/snapshot/@sha256")
    assert len(sha) == 1 and len(sha[0]) == 64
    stored = stack.sql(f"SELECT xml, sha256 FROM snapshot WHERE conversation_id = {cid}")
    assert hashlib.sha256(stored[0][0].encode("utf-8")).hexdigest() == stored[0][1] == sha[0]
    assert "Eigen ontwikkelpunt" in stored[0][0] and "Doel A" in stored[0][0]
    sigs = doc.xpath("/page/conversation/signatures/signature")
    assert [s.get("verdict") for s in sigs] == ["seen", "agree"]
    assert all(s.get("sha256") == sha[0] for s in sigs)
    assert sigs[0].findtext("remark") == "Ik ben het niet eens met doel A."
    # Closed for good: nothing changes any more.
    item = doc.xpath("/page/conversation/items/item")[0]
    with unchanged(stack, "a write to a closed report"):
        for s in (eva, mark):
            assert add_item(s, cid).status_code == 403
            assert post(s, f"/conversations/{cid}/remarks", text="te laat").status_code == 403
            assert post(s, f"/items/{item.get('id')}", conversation=str(cid), version=item.get("version"),
                        title="anders").status_code == 403
            assert post(s, f"/conversations/{cid}/sign", verdict="agree").status_code == 403


def test_hr_reopens_with_a_reason(stack, dossier, as_user):
    cid = dossier["conversations"][0]
    eva, mark, hanna = as_user("eva"), as_user("mark"), as_user("hanna")
    walk_to_finalized(mark, eva, cid, stack)
    post(eva, f"/conversations/{cid}/sign", verdict="agree")
    post(mark, f"/conversations/{cid}/sign", verdict="agree")
    old = stack.sql(f"SELECT sha256 FROM snapshot WHERE conversation_id = {cid}")
    with unchanged(stack):
        assert post(mark, f"/conversations/{cid}/reopen", reason="fout").status_code == 403, "HR only"
        assert post(hanna, f"/conversations/{cid}/reopen", reason="").status_code == 400
    r = post(hanna, f"/conversations/{cid}/reopen", reason="Verkeerde weging bij doel A")
    assert r.status_code == 303
    assert conv_xml(mark, cid).xpath("/page/conversation/@status") == ["held"]
    assert stack.sql(f"SELECT sha256 FROM snapshot WHERE conversation_id = {cid}") == old, "old snapshot stays"
    audit = stack.sql(f"SELECT actor_id, detail FROM audit WHERE entity = 'conversation' "
                      f"AND entity_id = {cid} AND action = 'reopen'")
    assert len(audit) == 1 and "Verkeerde weging" in audit[0][1]
    assert add_item(mark, cid, title="Na heropenen").status_code == 303


def test_progress_marks_achieved_and_later_forms_leave_it_out(stack, dossier, as_user):
    goal_setting, progress, assessment = dossier["conversations"]
    mark, eva = as_user("mark"), as_user("eva")
    add_item(mark, goal_setting, title="Vroeg gehaald")
    add_item(mark, goal_setting, title="Loopt nog")
    post(mark, f"/conversations/{goal_setting}/held", version=version(mark, goal_setting))
    items = {i.get("title"): i.get("id") for i in conv_xml(mark, progress).xpath("/page/conversation/items/item")}
    assert {"Vroeg gehaald", "Loopt nog"} <= set(items)
    # Notes written while preparing are private; in the meeting (held) both see them.
    assert post(mark, f"/conversations/{progress}/held", version=version(mark, progress)).status_code == 303
    r = post(eva, f"/conversations/{progress}/updates", item=items["Vroeg gehaald"], status="achieved",
             note="Al in mei gehaald")
    assert r.status_code == 303
    assert stack.sql(f"SELECT status, achieved_on IS NOT NULL FROM item WHERE id = {items['Vroeg gehaald']}") == [("achieved", "1")]
    post(mark, f"/conversations/{progress}/updates", item=items["Loopt nog"], status="at_risk", note="Achterstand")
    here = conv_xml(mark, progress).xpath("/page/conversation/items/item/@title")
    assert "Vroeg gehaald" in here, "still listed where it was marked"
    # A later progress form would not list it: the assessment lists every
    # item, the open list of a progress form only open ones.
    later = conv_xml(mark, assessment).xpath("/page/conversation/items/item[@open='1']/@title")
    assert "Vroeg gehaald" not in later and "Loopt nog" in later
    notes = conv_xml(mark, assessment).xpath(f"/page/conversation/items/item[@id='{items['Loopt nog']}']/update/note/text()")
    assert notes == ["Achterstand"], "notes of earlier conversations come along"


def test_assessment_ratings_and_weighted_score(stack, dossier, as_user):
    _, _, assessment = dossier["conversations"]
    mark, eva = as_user("mark"), as_user("eva")
    add_item(mark, assessment, title="Doel zwaar", weight="3")
    add_item(mark, assessment, title="Doel licht", weight="1")
    items = {i.get("title"): i.get("id") for i in conv_xml(mark, assessment).xpath("/page/conversation/items/item")}
    with unchanged(stack):
        assert post(eva, f"/conversations/{assessment}/updates", item=items["Doel zwaar"], rating="5").status_code == 400
        assert post(mark, f"/conversations/{assessment}/updates", item=items["Doel zwaar"], rating="9").status_code == 400
    assert post(mark, f"/conversations/{assessment}/updates", item=items["Doel zwaar"], rating="4",
                note="Goed gedaan").status_code == 303
    assert post(mark, f"/conversations/{assessment}/updates", item=items["Doel licht"], rating="2").status_code == 303
    doc = conv_xml(mark, assessment)
    assert doc.xpath("/page/conversation/@weighted_score") == ["3.5"]
    with unchanged(stack):
        assert post(eva, f"/conversations/{assessment}/overall", rating="4", note="x",
                    version=version(eva, assessment)).status_code == 403
    r = post(mark, f"/conversations/{assessment}/overall", rating="4", note="Een sterk jaar",
             version=version(mark, assessment))
    assert r.status_code == 303
    assert conv_xml(mark, assessment).xpath("/page/conversation/@overall_rating") == ["4"]
    # The manager's preparation: the employee sees it once it is shared.
    doc = conv_xml(eva, assessment)
    assert doc.xpath("/page/conversation/@overall_rating") == []
    assert doc.xpath("/page/conversation/overall_note") == []
    assert post(mark, f"/conversations/{assessment}/share").status_code == 303
    doc = conv_xml(eva, assessment)
    assert doc.xpath("/page/conversation/@overall_rating") == ["4"]
    assert doc.xpath("/page/conversation/overall_note/text()") == ["Een sterk jaar"]
    assert doc.xpath("/page/scale/label[@value='4']/text()") == ["goed"]


def test_remarks_carry_author_and_role(stack, dossier, as_user):
    cid = dossier["conversations"][0]
    eva, mark = as_user("eva"), as_user("mark")
    post(mark, f"/conversations/{cid}/held", version=version(mark, cid))
    assert post(eva, f"/conversations/{cid}/remarks", text="Graag meer thuiswerken").status_code == 303
    assert post(mark, f"/conversations/{cid}/remarks", text="Akkoord, twee dagen").status_code == 303
    rem = conv_xml(eva, cid).xpath("/page/conversation/remarks/remark")
    assert [(r.get("role"), r.text) for r in rem] == [("employee", "Graag meer thuiswerken"),
                                                     ("manager", "Akkoord, twee dagen")]
    with unchanged(stack):
        assert post(eva, f"/conversations/{cid}/remarks", text="").status_code == 400


def test_closed_report_shows_what_was_signed(stack, dossier, as_user):
    goal_setting, progress, _ = dossier["conversations"]
    eva, mark = as_user("eva"), as_user("mark")
    walk_to_finalized(mark, eva, goal_setting, stack)
    post(eva, f"/conversations/{goal_setting}/sign", verdict="agree")
    post(mark, f"/conversations/{goal_setting}/sign", verdict="agree")
    item = conv_xml(mark, goal_setting).xpath("/page/conversation/items/item[@title='Doel A']")[0]
    assert item.get("status") == "open"
    post(mark, f"/conversations/{progress}/held", version=version(mark, progress))
    assert post(mark, f"/conversations/{progress}/updates", item=item.get("id"),
                status="achieved", note="Gehaald").status_code == 303
    assert stack.sql(f"SELECT status FROM item WHERE id = {item.get('id')}") == [("achieved",)]
    doc = conv_xml(eva, goal_setting)
    assert doc.xpath("/page/conversation/@from_snapshot") == ["1"]
    assert doc.xpath("/page/conversation/items/item[@title='Doel A']/@status") == ["open"], \
        "the signed report keeps the state it was signed in"
    assert doc.xpath("/page/conversation/snapshots/snapshot/@sha256"), "hash still shown"


def test_dashboard_lists_a_report_waiting_for_a_signature(dossier, as_user):
    goal_setting, progress, assessment = dossier["conversations"]
    eva, mark = as_user("eva"), as_user("mark")
    post(mark, f"/conversations/{goal_setting}/held", version=version(mark, goal_setting))
    post(mark, f"/conversations/{assessment}/held", version=version(mark, assessment))
    # an assessment is finalized complete: with its overall rating (issue 15)
    assert post(mark, f"/conversations/{assessment}/overall", version=version(mark, assessment),
                rating="3", note="Voldoende").status_code == 303
    assert post(mark, f"/conversations/{assessment}/finalize", version=version(mark, assessment)).status_code == 303
    todo = xml(eva.get("/.xml")).xpath("/page/dashboard/todo/conversation")
    assert (str(assessment), "sign") in [(t.get("id"), t.get("action")) for t in todo], \
        "waiting for her signature although the progress conversation is still open"
    assert str(progress) not in [t.get("id") for t in todo if t.get("action") == "prepare"], \
        "only the next conversation asks for preparation"
    post(eva, f"/conversations/{assessment}/sign", verdict="agree")
    todo = xml(mark.get("/.xml")).xpath("/page/dashboard/todo/conversation")
    assert (str(assessment), "sign") in [(t.get("id"), t.get("action")) for t in todo]
    assert (str(goal_setting), "finalize") in [(t.get("id"), t.get("action")) for t in todo]


def test_reopen_reason_is_shown_on_the_page(stack, dossier, as_user):
    cid = dossier["conversations"][0]
    eva, mark, hanna = as_user("eva"), as_user("mark"), as_user("hanna")
    walk_to_finalized(mark, eva, cid, stack)
    assert post(hanna, f"/conversations/{cid}/reopen", reason="Weging klopte niet").status_code == 303
    page = mark.get(f"/conversations/{cid}")
    assert "Weging klopte niet" in page.text
