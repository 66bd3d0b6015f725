"""Private preparation in both directions (DESIGN §5, §6): while a
conversation is planned or being prepared, what one party writes in it --
items, notes, ratings, the overall rating and its note, remarks -- is
visible to its author alone; the other party, HR and the manager's manager
see it only once the author's side has shared it or the conversation is
held.  Checked on the conversation and dossier pages, their .xml views and
HR's audit trail of the dossier."""

import csv
import io

import pytest

from convtools import (add_item, conv_xml, item_id, make_dossier, marker, people,
                       post, version)
from helpers import csv_keys, page, text_of, xml

READERS = ("hanna", "sanne")    # HR; the manager's manager


@pytest.fixture(scope="module")
def ids(stack):
    return people(stack)


def prepare(stack, ids, users):
    """An assessment in preparation in which both parties wrote a bit of
    everything, after a goal setting (held) that left one shared goal.
    Returns the dossier, the assessment's id and the texts each side wrote."""
    d = make_dossier(stack, ids, "Privacy")
    goal_setting, _, assessment = d["conversations"]
    eva, mark = users("eva"), users("mark")
    shared = marker("Gedeeld-doel")
    assert add_item(mark, goal_setting, shared, weight="2").status_code == 303
    assert post(mark, f"/conversations/{goal_setting}/held",
                version=version(mark, goal_setting)).status_code == 303
    shared_id = item_id(stack, d["id"], shared)

    m = {k: marker(f"M-{k}") for k in ("item", "note", "remark", "overall", "own_note")}
    e = {k: marker(f"E-{k}") for k in ("item", "note", "remark", "own_note")}
    # The manager: an item of his own, a rated note on the shared goal and
    # on his own item, a remark, the overall rating with its note.
    assert add_item(mark, assessment, m["item"], weight="1").status_code == 303
    m_item = item_id(stack, d["id"], m["item"])
    assert post(mark, f"/conversations/{assessment}/updates", item=str(shared_id), rating="4",
                status="at_risk", note=m["note"]).status_code == 303
    assert post(mark, f"/conversations/{assessment}/updates", item=str(m_item), rating="2",
                note=m["own_note"]).status_code == 303
    assert post(mark, f"/conversations/{assessment}/remarks", text=m["remark"]).status_code == 303
    # 5 where the ratings propose 3: an override, its reason private too
    # (issue 16).
    assert post(mark, f"/conversations/{assessment}/overall", rating="5", note=m["overall"],
                reason=f"Reden {m['overall']}",
                version=version(mark, assessment)).status_code == 303
    # The employee: an item of her own, a note on the shared goal and on her
    # own item, a remark.
    assert add_item(eva, assessment, e["item"], kind="development").status_code == 303
    e_item = item_id(stack, d["id"], e["item"])
    assert post(eva, f"/conversations/{assessment}/updates", item=str(shared_id),
                status="on_track", note=e["note"]).status_code == 303
    assert post(eva, f"/conversations/{assessment}/updates", item=str(e_item),
                note=e["own_note"]).status_code == 303
    assert post(eva, f"/conversations/{assessment}/remarks", text=e["remark"]).status_code == 303
    status = stack.sql(f"SELECT status FROM conversation WHERE id = {assessment}")
    assert status == [("planned",)], "still private"
    # Both notes are private: their statuses wait on the notes, the item
    # keeps the status both may see (test_private_counts.py).
    assert stack.sql(f"SELECT status FROM item WHERE id = {shared_id}") == [("open",)]
    d["shared_item"] = shared_id
    return d, assessment, m, e


def shared_status(got, d):
    """The status of the shared goal in each of the four views."""
    out = set()
    for view in ("conversation.xml", "dossier.xml"):
        out |= set(xml(got[view]).xpath(f"//item[@id='{d['shared_item']}']/@status"))
    return out


# The status each viewer sees on the shared goal while both notes are
# private: the status set by a note one may see, else "open".
PRIVATE_STATUS = {"eva": {"on_track"}, "mark": {"at_risk"}, "hanna": {"open"},
                  "sanne": {"open"}}


@pytest.mark.parametrize("viewer", ("eva", "mark") + READERS)
def test_status_set_by_a_private_note_is_hidden(stack, ids, users, viewer):
    d, cid, _, _ = prepare(stack, ids, users)
    assert shared_status(views(users(viewer), d, cid), d) == PRIVATE_STATUS[viewer]
    assert post(users("mark"), f"/conversations/{cid}/held",
                version=version(users("mark"), cid)).status_code == 303
    assert shared_status(views(users(viewer), d, cid), d) == {"on_track"}, "held: the live status"


def views(s, d, cid):
    """What one user gets on the four views, each checked for status 200."""
    out = {}
    for name, path in (("conversation", f"/conversations/{cid}"),
                       ("conversation.xml", f"/conversations/{cid}.xml"),
                       ("dossier", f"/dossiers/{d['id']}"),
                       ("dossier.xml", f"/dossiers/{d['id']}.xml")):
        r = s.get(path)
        assert r.status_code == 200, f"{path}: {r.status_code}"
        out[name] = r
    return out


def leaks(texts, got):
    """[(view, text)] for every text found in any view."""
    return [(view, t) for view, r in got.items() for t in texts.values() if t in r.text]


def manager_rating_shown(got):
    """Where the manager's ratings or overall assessment show."""
    found = []
    conv = xml(got["conversation.xml"])
    if conv.xpath("/page/conversation/@overall_rating"):
        found.append("conversation.xml overall_rating")
    if conv.xpath("/page/conversation/overall_note"):
        found.append("conversation.xml overall_note")
    if conv.xpath("/page/conversation/@weighted_score"):
        found.append("conversation.xml weighted_score")
    for view in ("conversation.xml", "dossier.xml"):
        if xml(got[view]).xpath("//item/update[@rating]"):
            found.append(f"{view} update rating")
    if page(got["conversation"]).xpath("//*[@id='section-overall']//*[contains(@class,'rating-value')]"):
        found.append("conversation overall rating shown")
    return found


# (actor, entity, action) of the audit rows prepare() leaves private.
MANAGER_ROWS = [("Mark Jansen", "item", "create"), ("Mark Jansen", "item", "progress"),
                ("Mark Jansen", "item", "progress"), ("Mark Jansen", "conversation", "remark"),
                ("Mark Jansen", "conversation", "rate")]
EMPLOYEE_ROWS = [("Eva de Vries", "item", "create"), ("Eva de Vries", "item", "progress"),
                 ("Eva de Vries", "item", "progress"), ("Eva de Vries", "conversation", "remark")]


def audit_xml(users, d):
    r = users("hanna").get(f"/admin/audit.xml?entity=dossier&id={d['id']}")
    assert r.status_code == 200
    return xml(r)


def private_rows(entries):
    return sorted((p.get("actor"), p.get("entity"), p.get("action"))
                  for p in entries.xpath("//audit-trail/entry[@private='1']"))


def audit_page(users, d):
    r = users("hanna").get(f"/admin/audit?entity=dossier&id={d['id']}")
    assert r.status_code == 200
    return r


@pytest.mark.parametrize("viewer", ("eva",) + READERS)
def test_manager_preparation_is_hidden(stack, ids, users, viewer):
    d, cid, m, _ = prepare(stack, ids, users)
    got = views(users(viewer), d, cid)
    assert leaks(m, got) == []
    assert manager_rating_shown(got) == []
    # The manager himself sees all of it.
    own = views(users("mark"), d, cid)
    assert sorted(set(t for _, t in leaks(m, own))) == sorted(m.values())
    assert "conversation.xml overall_rating" in manager_rating_shown(own)


@pytest.mark.parametrize("viewer", ("mark",) + READERS)
def test_employee_preparation_is_hidden(stack, ids, users, viewer):
    d, cid, _, e = prepare(stack, ids, users)
    got = views(users(viewer), d, cid)
    assert leaks(e, got) == []
    own = views(users("eva"), d, cid)
    assert sorted(set(t for _, t in leaks(e, own))) == sorted(e.values())


def test_audit_trail_hides_both_sides_until_shared(stack, ids, users):
    d, cid, m, e = prepare(stack, ids, users)
    r = audit_page(users, d)
    assert leaks({**m, **e}, {"audit": r}) == []
    # The rating of the overall assessment ("overall rating 5") and of the
    # notes ("rating 4") are details of private rows as well.
    entries = audit_xml(users, d)
    # Every row of either side's preparation is listed, without its detail.
    assert private_rows(entries) == sorted(MANAGER_ROWS + EMPLOYEE_ROWS)
    assert all(p.find("detail") is None for p in entries.xpath("//entry[@private='1']"))
    details = " ".join(entries.xpath("//audit-trail/entry/detail/text()"))
    assert "rating 4" not in details and "overall rating 5" not in details
    assert "Privévoorbereiding" in text_of(r)

    # The employee shares: her side shows, the manager's stays hidden.
    assert post(users("eva"), f"/conversations/{cid}/share").status_code == 303
    text = audit_page(users, d).text
    assert e["item"] in text, "the employee's item title is shown now"
    assert [t for t in m.values() if t in text] == []
    entries = audit_xml(users, d)
    assert private_rows(entries) == sorted(MANAGER_ROWS)
    details = " ".join(entries.xpath("//entry/detail/text()"))
    assert "overall rating 5" not in details and "rating 4" not in details
    # Held: nothing is private any more.
    assert post(users("mark"), f"/conversations/{cid}/held",
                version=version(users("mark"), cid)).status_code == 303
    entries = audit_xml(users, d)
    assert private_rows(entries) == []
    assert "overall rating 5" in " ".join(entries.xpath("//entry/detail/text()"))


def test_sharing_shows_one_side_at_a_time(stack, ids, users):
    d, cid, m, e = prepare(stack, ids, users)
    assert post(users("eva"), f"/conversations/{cid}/share").status_code == 303
    for viewer in ("mark",) + READERS:
        got = views(users(viewer), d, cid)
        assert sorted(set(t for _, t in leaks(e, got))) == sorted(e.values()), viewer
        if viewer != "mark":
            assert leaks(m, got) == [], viewer
            assert manager_rating_shown(got) == [], viewer
    assert post(users("mark"), f"/conversations/{cid}/share").status_code == 303
    for viewer in ("eva",) + READERS:
        got = views(users(viewer), d, cid)
        assert sorted(set(t for _, t in leaks(m, got))) == sorted(m.values()), viewer
        shown = manager_rating_shown(got)
        assert "conversation.xml overall_rating" in shown, viewer
        assert "conversation overall rating shown" in shown, viewer
        assert xml(got["conversation.xml"]).xpath("/page/conversation/@overall_rating") == ["5"]
    details = " ".join(xml(users("hanna").get(
        f"/admin/audit.xml?entity=dossier&id={d['id']}")).xpath("//entry/detail/text()"))
    assert "overall rating 5" in details and m["item"] in details


def test_holding_the_conversation_shows_both_sides(stack, ids, users):
    d, cid, m, e = prepare(stack, ids, users)
    assert post(users("mark"), f"/conversations/{cid}/held",
                version=version(users("mark"), cid)).status_code == 303
    for viewer, theirs in (("eva", m), ("mark", e), ("hanna", {**m, **e}),
                           ("sanne", {**m, **e})):
        got = views(users(viewer), d, cid)
        assert sorted(set(t for _, t in leaks(theirs, got))) == sorted(theirs.values()), viewer
    doc = conv_xml(users("eva"), cid)
    assert doc.xpath("/page/conversation/@overall_rating") == ["5"]
    assert doc.xpath("/page/conversation/overall_note/text()") == [m["overall"]]
    assert "Privévoorbereiding" not in text_of(audit_page(users, d))


def exports(users, d):
    """The texts of every export that holds this dossier, by who asked."""
    out = {}
    for who in ("hanna", "mark"):
        for fmt in ("xml", "csv"):
            r = users(who).get(f"/reports/cycles/{d['cycle']}.{fmt}")
            assert r.status_code == 200, f"{who} {fmt}: {r.status_code}"
            out[f"{who} {fmt}"] = r
    r = users("eva").get("/me/export.xml")
    assert r.status_code == 200
    out["eva personal"] = r
    return out


def test_exports_follow_the_same_rule(stack, ids, users):
    """The cycle exports (HR's, and the manager's of his team) hold nobody's
    private preparation; the personal export holds the employee's own."""
    d, cid, m, e = prepare(stack, ids, users)
    got = exports(users, d)
    assert leaks(m, got) == []
    assert leaks(e, {k: v for k, v in got.items() if k != "eva personal"}) == []
    assert {e["item"], e["remark"]} <= {t for _, t in leaks(e, {"x": got["eva personal"]})}
    for who in ("hanna xml", "mark xml", "eva personal"):
        doc = xml(got[who])
        rated = doc.xpath(f"//*[local-name()='conversation'][@id='{cid}']/@overall_rating")
        assert rated == [], who
    assert post(users("mark"), f"/conversations/{cid}/share").status_code == 303
    got = exports(users, d)
    for who in ("hanna xml", "mark xml", "eva personal"):
        shown = {t for _, t in leaks(m, {"x": got[who]})}
        assert {m["item"], m["overall"], m["remark"]} <= shown, who
        doc = xml(got[who])
        rated = doc.xpath(f"//*[local-name()='conversation'][@id='{cid}']/@overall_rating")
        assert rated == ["5"], who
    assert m["item"] in got["hanna csv"].text
    assert leaks(e, {k: v for k, v in got.items() if k != "eva personal"}) == []


def exported_status(got, d):
    """The shared goal's status in each export: {export: status}."""
    out = {}
    for who in ("hanna xml", "mark xml", "eva personal"):
        out[who] = xml(got[who]).xpath(
            f"//*[local-name()='item'][@id='{d['shared_item']}']/@status")
    for who in ("hanna csv", "mark csv"):
        reader = csv.reader(io.StringIO(got[who].content.decode("utf-8-sig"), newline=""),
                            delimiter=";", quotechar='"')
        header = csv_keys(next(reader))   # the header is in the reader's language
        rows = [dict(zip(header, row)) for row in reader]
        out[who] = [r["status"] for r in rows if r["item_id"] == str(d["shared_item"])]
    return out


def test_exports_hide_a_status_set_by_a_private_note(stack, ids, users):
    d, cid, _, _ = prepare(stack, ids, users)
    assert exported_status(exports(users, d), d) == {
        "hanna xml": ["open"], "mark xml": ["open"], "eva personal": ["on_track"],
        "hanna csv": ["open"], "mark csv": ["open"]}
    assert post(users("mark"), f"/conversations/{cid}/share").status_code == 303
    assert exported_status(exports(users, d), d) == {
        "hanna xml": ["at_risk"], "mark xml": ["at_risk"], "eva personal": ["on_track"],
        "hanna csv": ["at_risk"], "mark csv": ["at_risk"]}
    assert post(users("mark"), f"/conversations/{cid}/held",
                version=version(users("mark"), cid)).status_code == 303
    assert set(map(tuple, exported_status(exports(users, d), d).values())) == {("on_track",)}
