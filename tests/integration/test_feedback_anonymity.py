"""No anonymous author can be recovered (issue 17): three colleagues
answer an anonymous round about eva, each with a text of their own and a
rating of their own, in an order that is not the texts' order.  The test
then asks every page, `.xml` view, export and error message a party, a
reader, an invitee or a stranger can reach, before and after the
threshold, and the database itself, for anything that ties an answer to
its author:

* below the threshold no answer text is anywhere;
* after it, a text shows only in the aggregate: sorted (so not in the
  order given), with no author, id, time or per-invitee "answered" next to
  it, and never in a named form (<answer author=...>);
* an invitee's own pages and the refusal of a second answer do not echo
  any answer, their own included;
* the audit trail says who answered, never what;
* the answer rows have no author, one created_at for the whole round (the
  round's first invitation's), random ids; the invitation rows do not
  move their updated_at when answered."""

import uuid

import pytest
from lxml import etree

from convtools import Users, people
from feedbacktools import (answer, fb_template, invitation_id, invite, make_round, person_ids,
                           round_xml)
from helpers import xml

ANSWERERS = ("lotte", "bram", "fleur")          # in the order they answer
VIEWERS = ("eva", "mark", "hanna", "sanne", "koen") + ANSWERERS
RATINGS = {"lotte": "1", "bram": "2", "fleur": "4"}


@pytest.fixture(scope="module")
def users(stack):
    from conftest import StackSession
    made = []

    def new():
        s = StackSession(stack.base_url)
        made.append(s)
        return s
    u = Users(new)
    yield u
    for s in made:
        s.close()


@pytest.fixture(scope="module")
def scene(stack, users):
    ids = people(stack)
    ids.update(person_ids(stack, ANSWERERS + ("koen",)))
    d = make_round(stack, ids, fb_template(stack), status="held")
    tag = uuid.uuid4().hex[:8]
    # given in this order, sorted the other way round
    texts = {"lotte": f"zz-{tag}-lotte-tekst", "bram": f"mm-{tag}-bram-tekst",
             "fleur": f"aa-{tag}-fleur-tekst"}
    assert invite(users("mark"), d["conv"], ids["lotte"]).status_code == 303
    for who in ("bram", "fleur"):
        assert invite(users("eva"), d["conv"], ids[who]).status_code == 303
    inv = {who: invitation_id(stack, d["conv"], ids[who]) for who in ANSWERERS}
    return {"ids": ids, "d": d, "texts": texts, "inv": inv,
            "names": {who: stack.sql(f"SELECT name FROM employee WHERE id = {ids[who]}")[0][0]
                      for who in ANSWERERS}}


def urls(scene, viewer):
    d = scene["d"]
    conv, dossier, cycle = d["conv"], d["id"], d["cycle"]
    out = [f"/conversations/{conv}/feedback", f"/conversations/{conv}/feedback.xml",
           f"/conversations/{conv}", f"/conversations/{conv}.xml",
           f"/dossiers/{dossier}", f"/dossiers/{dossier}.xml", "/", "/.xml", "/me/export.xml"]
    if viewer in ("hanna", "mark", "sanne"):
        out += [f"/reports/cycles/{cycle}.xml", f"/reports/cycles/{cycle}.csv"]
    if viewer == "hanna":
        out += [f"/admin/audit?entity=dossier&id={dossier}",
                f"/admin/audit.xml?entity=dossier&id={dossier}", "/admin/audit",
                "/admin/audit.xml"]
    for who in ANSWERERS:
        out += [f"/feedback/{scene['inv'][who]}", f"/feedback/{scene['inv'][who]}.xml"]
    return out


def collect(scene, users):
    """Every (viewer, url, status, body) of the pages above."""
    got = []
    for viewer in VIEWERS:
        s = users(viewer)
        for url in urls(scene, viewer):
            r = s.get(url, allow_redirects=False)
            got.append((viewer, url, r.status_code, r.content.decode("utf-8", "replace")))
    return got


def test_nothing_below_the_threshold(stack, users, scene):
    for who in ANSWERERS[:2]:
        r = answer(users(who), scene["inv"][who], q1_rating=RATINGS[who],
                   q2_body=scene["texts"][who])
        assert r.status_code == 303
    leaks = [(v, u) for v, u, _, body in collect(scene, users)
             for t in scene["texts"].values() if t in body]
    assert not leaks, f"an answer shows below the threshold: {leaks}"
    fb = round_xml(users("hanna"), scene["d"]["conv"])
    assert fb.get("show") == "threshold", "HR too sees nothing, and is told why"


def answer_the_rest(stack, users, scene):
    """Whoever of ANSWERERS has not answered yet answers (the tests may
    run alone)."""
    for who in ANSWERERS:
        if stack.sql(f"SELECT id FROM feedback_invitation WHERE id = {scene['inv'][who]}"
                     " AND answered = 0"):
            r = answer(users(who), scene["inv"][who], q1_rating=RATINGS[who],
                       q2_body=scene["texts"][who])
            assert r.status_code == 303


def test_no_author_after_the_threshold(stack, users, scene):
    answer_the_rest(stack, users, scene)
    conv = str(scene["d"]["conv"])
    texts = scene["texts"]
    ordered = sorted(texts.values())
    shown = 0
    for viewer, url, status, body in collect(scene, users):
        where = [body.find(t) for t in ordered]
        if all(w < 0 for w in where):
            continue
        shown += 1
        assert all(w >= 0 for w in where), f"{viewer} {url}: only some texts"
        assert where == sorted(where), f"{viewer} {url}: texts not in sorted order"
        assert viewer in ("eva", "mark", "hanna", "sanne"), f"{viewer} sees answers: {url}"
        assert url.startswith(f"/conversations/{scene['d']['conv']}/feedback") or \
            url == "/me/export.xml", f"{viewer} {url}: answers outside the round's page"
        if ".xml" in url:
            doc = etree.fromstring(body.encode())
            fbs = doc.xpath("//*[local-name()='feedback'][@conversation=$c]", c=conv)
            assert len(fbs) == 1, (viewer, url)
            for t in ordered:
                els = fbs[0].xpath(".//*[text()[contains(., $t)]]", t=t)
                assert len(els) == 1, (viewer, url, t)
                assert etree.QName(els[0]).localname == "text", (viewer, url)
                assert not els[0].attrib, f"{viewer} {url}: attributes beside a text"
            assert not fbs[0].xpath(".//*[local-name()='answer'] | .//@author"), (viewer, url)
            assert not fbs[0].xpath(".//*[local-name()='invitation']/@answered"), (viewer, url)
    assert shown >= 6, f"the aggregate was shown {shown} times"
    # the counts are there, for the rating question
    fb = round_xml(users("mark"), scene["d"]["conv"])
    counts = {lv.get("value"): lv.get("count") for lv in
              fb.xpath("questions/question[@key='samenwerken']/level")}
    assert counts == {"1": "1", "2": "1", "3": "0", "4": "1"}


def test_invitee_pages_and_errors_echo_nothing(stack, users, scene):
    answer_the_rest(stack, users, scene)
    for who in ANSWERERS:
        s = users(who)
        pages = [s.get(f"/feedback/{scene['inv'][who]}").text,
                 s.get(f"/feedback/{scene['inv'][who]}.xml").text,
                 answer(s, scene["inv"][who], q1_rating="3", q2_body="nog eens").text,
                 s.post(f"/feedback/{scene['inv'][who]}.xml",
                        data={"q1_rating": "3", "csrf": xml(s.get("/.xml")).get("csrf")}).text]
        for other in ANSWERERS:
            if other == who:
                continue
            pages.append(answer(s, scene["inv"][other], q1_rating="3").text)
        for body in pages:
            for t in scene["texts"].values():
                assert t not in body, f"{who}: an answer echoed"
            for name in scene["names"].values():
                if name != scene["names"][who]:
                    assert name not in body, f"{who}: another invitee named"


def test_the_database_keeps_no_link(stack, users, scene):
    answer_the_rest(stack, users, scene)
    conv = scene["d"]["conv"]
    rows = stack.sql(f"SELECT id, COALESCE(author_id, 'null'), created_at FROM feedback_answer"
                     f" WHERE conversation_id = {conv}")
    assert len(rows) >= 6, "two answers each"
    assert {r[1] for r in rows} == {"null"}, "no author on an anonymous answer"
    first = stack.sql(f"SELECT MIN(created_at) FROM feedback_invitation"
                      f" WHERE conversation_id = {conv}")[0][0]
    assert {r[2] for r in rows} == {first}, "one time for the whole round: the first invitation's"
    extra = stack.sql("SELECT EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                      " AND TABLE_NAME = 'feedback_answer' AND COLUMN_NAME = 'id'")[0][0]
    assert "auto_increment" not in extra.lower(), "no insertion order in the ids"
    answer_ids = sorted(int(r[0]) for r in rows)
    assert answer_ids[-1] - answer_ids[0] > 10 ** 6, "random ids, not consecutive"
    inv = stack.sql(f"SELECT answered, created_at, updated_at FROM feedback_invitation"
                    f" WHERE conversation_id = {conv}")
    assert all(a == "1" and c == u for a, c, u in inv), \
        "an invitation does not record when it was answered"
    audit = stack.sql(f"SELECT action, COALESCE(detail, '') FROM audit WHERE entity = 'feedback'"
                      f" AND entity_id = {conv} AND action = 'answer'")
    assert len(audit) == 3 and {d for _, d in audit} == {""}, "who answered, never what"
