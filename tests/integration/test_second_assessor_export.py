"""The second assessor's review in the exports (issue 17): every approval,
return (with its reason) and rating change (with its reason, the rating
before and after, and its author) is in HR's XML export of the cycle
(validated against xslt/schema/report.xsd), in its CSV (the columns
second_assessor and review), and in the employee's personal export
(/me/export.xml); a conversation without a second assessor carries none
of it.  The XML is compared with the rows in the database."""

import pytest

from conftest import StackSession
from convtools import Users, make_dossier, people, post, version
from reviewtools import events, finalize, held_assessment, review_row
from summaries import rebuild_summaries
from test_export_template import NS, conversation, hr_export, parse_csv, validate

RETURN_REASON = "Onderbouw het eindoordeel beter"
CHANGE_REASON = "Doel 0 is maar half gehaald"


@pytest.fixture(scope="module", autouse=True)
def fresh_summaries(stack):
    rebuild_summaries(stack)


@pytest.fixture(scope="module")
def users(base_url):
    """One session per user for the module (its fixture is made once)."""
    made = []

    def make():
        s = StackSession(base_url)
        made.append(s)
        return s
    yield Users(make)
    for s in made:
        s.close()


@pytest.fixture(scope="module")
def reviewed(stack, users):
    """An assessment the second assessor (sanne) returned once, then after
    the manager's second finalize changed one goal's rating (3 -> 2) and
    approved."""
    ids = people(stack)
    mark, sanne = users("mark"), users("sanne")
    d = make_dossier(stack, ids, prefix="Tweedeexport")
    cid, goals = held_assessment(stack, d, mark, ratings=(3, 4), overall=4)
    finalize(mark, cid)
    assert post(sanne, f"/conversations/{cid}/review/return", version=version(sanne, cid),
                reason=RETURN_REASON).status_code == 303
    finalize(mark, cid)
    assert post(sanne, f"/conversations/{cid}/review/change", version=version(sanne, cid),
                target="item", target_id=str(goals[0]), rating="2",
                reason=CHANGE_REASON).status_code == 303
    assert post(sanne, f"/conversations/{cid}/review/approve",
                version=version(sanne, cid)).status_code == 303
    assert review_row(stack, cid) == ("finalized", "approved", ids["sanne"])
    title = stack.sql(f"SELECT title FROM item WHERE id = {goals[0]}")[0][0]
    return {"ids": ids, "users": users, "dossier": d, "cid": cid, "goal": goals[0],
            "title": title}


def exported_events(conv):
    """(action, target, target_id, old, new, reason, author id) of each
    review_event, as reviewtools.events reads them from the database."""
    out = []
    for e in conv.xpath("r:review_event", namespaces=NS):
        out.append((e.get("action"), e.get("target", ""), int(e.get("target_id", "0")),
                    e.get("old_rating", ""), e.get("new_rating", ""),
                    e.findtext("r:reason", default="", namespaces=NS), int(e.get("author_id"))))
    return out


def assert_review_exported(stack, doc, x):
    conv = conversation(doc, x["cid"])
    assert conv.get("review") == "approved"
    assert conv.get("second_assessor") == "Sanne Bakker"
    assert conv.get("second_assessor_id") == str(x["ids"]["sanne"])
    want = events(stack, x["cid"])
    assert [a for a, *_ in want] == ["return", "change", "approve"]
    assert exported_events(conv) == want
    change = conv.xpath("r:review_event[@action='change']", namespaces=NS)[0]
    assert change.get("author") == "Sanne Bakker" and change.get("target_title") == x["title"]
    # the dossier's other conversations have no second assessor: nothing of it
    for other in x["dossier"]["conversations"][:2]:
        c = conversation(doc, other)
        assert c.get("review") is None and c.get("second_assessor") is None
        assert c.xpath("r:review_event", namespaces=NS) == []


def test_hr_xml_export(stack, reviewed, tmp_path):
    form = {"dossier": reviewed["dossier"]}
    doc = validate(tmp_path, hr_export(reviewed["users"], form))
    assert_review_exported(stack, doc, reviewed)


def test_hr_csv_export(stack, reviewed):
    form = {"dossier": reviewed["dossier"]}
    rows = [r for r in parse_csv(hr_export(reviewed["users"], form, "csv"))
            if r["dossier_id"] == str(reviewed["dossier"]["id"])]
    assert rows, "the dossier's rows"
    for row in rows:                      # the same on each row of the dossier
        assert row["second_assessor"] == "Sanne Bakker (approved)"
        lines = row["review"].split("\n")
        assert len(lines) == 3, lines
        assert lines[0].startswith("assessment ") and \
            lines[0].endswith(f" Sanne Bakker: return: {RETURN_REASON}")
        assert lines[1].endswith(f" Sanne Bakker: change item:{reviewed['title']} 3->2:"
                                 f" {CHANGE_REASON}")
        assert lines[2].endswith(" Sanne Bakker: approve")


def test_personal_export(stack, reviewed, tmp_path):
    r = reviewed["users"]("eva").get("/me/export.xml")
    assert r.status_code == 200
    doc = validate(tmp_path, r.content, "personal.xml")
    assert_review_exported(stack, doc, reviewed)
