"""360-degree and upward feedback (issue 17), over real HTTP: the employee
or the manager invites colleagues to answer the template's feedback
questions about the employee; each invitee answers once, before the
deadline; the answers show as the template says.

Every refusal is checked for its side effects: the round's tables are
exactly as they were (checksums), not only the status."""

import pytest

from convtools import people, unchanged
from feedbacktools import (FAR, FB_TABLES, INVITEES, STRANGER, answer, fb_template, invite,
                           invitation_id, make_round, person_ids, round_xml)
from helpers import xml


@pytest.fixture(scope="module")
def ids(stack):
    out = people(stack)
    out.update(person_ids(stack, INVITEES + (STRANGER, "jesse")))
    return out


def dashboard_invitations(s):
    return [int(i) for i in xml(s.get("/.xml")).xpath("//dashboard/feedback/invitation/@id")]


def test_invite_answer_and_named_view(stack, users, ids):
    """A named round: mark invites lotte and bram; the invitation is on
    lotte's dashboard; she answers once; mark sees her answer with her
    name, eva only after the conversation is held (the template's
    "after"), and the invitation has left lotte's dashboard."""
    d = make_round(stack, ids, fb_template(stack, anonymity="named", threshold=2))
    conv = d["conv"]
    mark, lotte = users("mark"), users("lotte")
    r = invite(mark, conv, ids["lotte"])
    assert r.status_code == 303, r.text[:500]
    assert r.headers["Location"] == f"/conversations/{conv}/feedback"
    assert invite(users("eva"), conv, ids["bram"]).status_code == 303, "both sides invite"
    inv = invitation_id(stack, conv, ids["lotte"])
    assert inv in dashboard_invitations(lotte)
    page = lotte.get(f"/feedback/{inv}")
    assert page.status_code == 200
    assert "Eva de Vries" in page.text

    r = answer(lotte, inv, q1_rating="3", q2_body="Lotte vindt het prima")
    assert r.status_code == 303, r.text[:500]
    assert inv not in dashboard_invitations(lotte)
    fb = round_xml(mark, conv)
    assert fb.get("show") == "named"
    assert fb.xpath("questions/question[@key='tip']/answer[@author='Lotte Meijer']/text()") == \
        ["Lotte vindt het prima"]
    assert fb.xpath("questions/question[@key='samenwerken']/answer/@rating") == ["3"]
    assert [i.get("answered") for i in fb.xpath("invitations/invitation")] == ["0", "1"]
    # the employee: after the conversation (preparing now)
    eva_fb = round_xml(users("eva"), conv)
    assert eva_fb.get("show") == "after"
    assert not eva_fb.xpath("questions/question/answer")
    stack.sql(f"UPDATE conversation SET status = 'held' WHERE id = {conv}")
    assert round_xml(users("eva"), conv).xpath("questions/question/answer/@author") == \
        ["Lotte Meijer", "Lotte Meijer"]
    row = stack.sql(f"SELECT author_id FROM feedback_answer WHERE conversation_id = {conv}")
    assert {int(a) for (a,) in row} == {ids["lotte"]}, "a named answer keeps its author"


def test_second_answer_is_refused(stack, users, ids):
    d = make_round(stack, ids, fb_template(stack))
    assert invite(users("mark"), d["conv"], ids["bram"]).status_code == 303
    inv = invitation_id(stack, d["conv"], ids["bram"])
    bram = users("bram")
    assert answer(bram, inv, q1_rating="2", q2_body="eerste keer").status_code == 303
    with unchanged(stack, FB_TABLES, "a second answer"):
        r = answer(bram, inv, q1_rating="4", q2_body="tweede keer")
        assert r.status_code == 409
        assert "tweede keer" not in r.text
        assert xml(bram.get(f"/feedback/{inv}.xml")).xpath("//feedback_answer/@answered") == ["1"]


def test_who_is_not_the_invitee_cannot_answer(stack, users, ids):
    """The employee, her manager, HR, another invitee and a stranger:
    refused alike (403, the body of an id that does not exist), nothing
    written; the invitee's own form is not shown to them either."""
    d = make_round(stack, ids, fb_template(stack))
    mark = users("mark")
    for who in ("fleur", "thijs"):
        assert invite(mark, d["conv"], ids[who]).status_code == 303
    inv = invitation_id(stack, d["conv"], ids["fleur"])
    missing = 999999999
    with unchanged(stack, FB_TABLES, "an answer by someone else"):
        for who in ("eva", "mark", "hanna", "thijs", STRANGER):
            s = users(who)
            r = answer(s, inv, q1_rating="1", q2_body=f"namens {who}")
            t = answer(s, missing, q1_rating="1", q2_body=f"namens {who}")
            assert (r.status_code, t.status_code) == (403, 403), who
            assert r.content.replace(f"/feedback/{inv}".encode(), b"") == \
                t.content.replace(f"/feedback/{missing}".encode(), b""), who
            assert s.get(f"/feedback/{inv}").status_code == 403, who


def test_past_deadline_is_refused(stack, users, ids):
    d = make_round(stack, ids, fb_template(stack))
    assert invite(users("mark"), d["conv"], ids["noor"]).status_code == 303
    inv = invitation_id(stack, d["conv"], ids["noor"])
    stack.sql(f"UPDATE feedback_invitation SET deadline = '2001-01-01' WHERE id = {inv}")
    noor = users("noor")
    assert inv not in dashboard_invitations(noor), "a passed deadline leaves the dashboard"
    with unchanged(stack, FB_TABLES, "an answer after the deadline"):
        r = answer(noor, inv, q1_rating="2")
        assert r.status_code == 409
        assert xml(noor.get(f"/feedback/{inv}.xml")).xpath("//feedback_answer/@past") == ["1"]


def test_bad_answers_change_nothing(stack, users, ids):
    d = make_round(stack, ids, fb_template(stack))
    assert invite(users("eva"), d["conv"], ids["ruben"]).status_code == 303
    inv = invitation_id(stack, d["conv"], ids["ruben"])
    ruben = users("ruben")
    with unchanged(stack, FB_TABLES, "a refused answer"):
        for fields, bad in (({"q1_rating": "7"}, "q1_rating"),       # not a level of 'vier'
                            ({"q1_rating": "abc"}, "q1_rating"),
                            ({"q2_body": "x" * 4001}, "q2_body"),
                            ({}, ""),                                # nothing answered
                            ({"q2_body": "   "}, "")):
            r = answer(ruben, inv, **fields)
            assert r.status_code == 400, (fields, r.status_code)
            doc = xml(ruben.post(f"/feedback/{inv}.xml",
                                 data=dict(fields, csrf=xml(ruben.get("/.xml")).get("csrf"))))
            assert doc.xpath(f"//form[@name='feedback']/field[@name='{bad}']/@error"), fields


def test_invitation_refusals(stack, users, ids):
    """Readers and strangers may not invite (403); the employee herself,
    an inactive colleague, a deadline in the past, someone invited
    already: refused with a reason; a manager-only round refuses the
    employee; a finalized conversation takes no invitations.  Each time
    nothing is written."""
    d = make_round(stack, ids, fb_template(stack))
    conv = d["conv"]
    mark = users("mark")
    assert invite(mark, conv, ids["sophie"]).status_code == 303
    gone = stack.sql("SELECT id FROM employee WHERE active = 0 LIMIT 1")
    with unchanged(stack, FB_TABLES, "a refused invitation"):
        for who in ("hanna", "sanne", STRANGER, "jesse"):
            assert invite(users(who), conv, ids["lars"]).status_code == 403, who
        assert invite(mark, conv, ids["eva"]).status_code == 400, "the employee herself"
        if gone:
            assert invite(mark, conv, int(gone[0][0])).status_code == 400, "inactive"
        assert invite(mark, conv, 999999999).status_code == 400, "nobody"
        assert invite(mark, conv, ids["lars"], deadline="2001-01-01").status_code == 400
        assert invite(mark, conv, ids["lars"], deadline="morgen").status_code == 400
        r = invite(users("eva"), conv, ids["sophie"])
        assert r.status_code == 409, "invited already"
        doc = xml(mark.post(f"/conversations/{conv}/feedback/invitations.xml",
                            data={"invitee": str(ids["sophie"]), "deadline": FAR,
                                  "csrf": xml(mark.get("/.xml")).get("csrf")}))
        assert doc.xpath("//form[@name='invite']/field[@name='invitee']/@error") == \
            ["form.error.feedback_already_invited"]

    only_manager = make_round(stack, ids, fb_template(stack, invited_by="manager"))
    with unchanged(stack, FB_TABLES, "an invitation by the wrong side"):
        assert invite(users("eva"), only_manager["conv"], ids["lars"]).status_code == 403
    stack.sql(f"UPDATE conversation SET status = 'finalized' WHERE id = {conv}")
    with unchanged(stack, FB_TABLES, "an invitation in a finalized conversation"):
        assert invite(mark, conv, ids["lars"]).status_code == 409


def test_anonymous_threshold_and_aggregate(stack, users, ids):
    """An anonymous round of threshold 3 with three invitees: after two
    answers nobody sees anything (manager, HR, the employee after the
    conversation) and the page says why; the third answer shows counts
    per level and the texts sorted, without authors; a new invitation is
    then refused, nothing written."""
    d = make_round(stack, ids, fb_template(stack), status="held")
    conv = d["conv"]
    mark = users("mark")
    trio = ("lotte", "bram", "fleur")
    for who in trio:
        assert invite(mark, conv, ids[who]).status_code == 303
    texts = {"lotte": "zeer behulpzaam", "bram": "altijd op tijd", "fleur": "meer delen"}
    ratings = {"lotte": "4", "bram": "3", "fleur": "4"}
    for who in trio[:2]:
        inv = invitation_id(stack, conv, ids[who])
        assert answer(users(who), inv, q1_rating=ratings[who], q2_body=texts[who]).status_code == 303
    for viewer in ("mark", "hanna", "eva", "sanne"):
        fb = round_xml(users(viewer), conv)
        assert fb.get("show") == "threshold", viewer
        assert not fb.xpath("questions/question/text | questions/question/answer"), viewer
        assert fb.xpath("questions/question/level/@count") == ["0"] * 4, viewer
        page = users(viewer).get(f"/conversations/{conv}/feedback").text
        assert "zeer behulpzaam" not in page and "altijd op tijd" not in page, viewer
        assert 'id="feedback-hidden"' in page, viewer
    inv = invitation_id(stack, conv, ids["fleur"])
    assert answer(users("fleur"), inv, q1_rating=ratings["fleur"], q2_body=texts["fleur"]).status_code == 303
    for viewer in ("mark", "hanna", "eva"):
        fb = round_xml(users(viewer), conv)
        assert fb.get("show") == "aggregate", viewer
        counts = {lv.get("value"): lv.get("count")
                  for lv in fb.xpath("questions/question[@key='samenwerken']/level")}
        assert counts == {"1": "0", "2": "0", "3": "1", "4": "2"}, viewer
        assert fb.xpath("questions/question[@key='tip']/text/text()") == \
            sorted(texts.values()), viewer
        assert not fb.xpath("questions//answer | questions//@author"), viewer
        assert not fb.xpath("invitations/invitation/@answered"), viewer
    with unchanged(stack, FB_TABLES, "an invitation after the aggregate was shown"):
        assert invite(mark, conv, ids["thijs"]).status_code == 409


def test_anonymous_waits_for_open_invitations(stack, users, ids):
    """Three answers of four invitations: the aggregate waits until the
    fourth answers or its deadline passes."""
    d = make_round(stack, ids, fb_template(stack))
    conv = d["conv"]
    mark = users("mark")
    four = ("noor", "ruben", "sophie", "lars")
    for who in four:
        assert invite(mark, conv, ids[who]).status_code == 303
    for who in four[:3]:
        assert answer(users(who), invitation_id(stack, conv, ids[who]),
                      q1_rating="2").status_code == 303
    assert round_xml(mark, conv).get("show") == "waiting"
    stack.sql(f"UPDATE feedback_invitation SET deadline = '2001-01-01'"
              f" WHERE id = {invitation_id(stack, conv, ids['lars'])}")
    fb = round_xml(mark, conv)
    assert fb.get("show") == "aggregate"
    assert fb.xpath("questions/question[@key='samenwerken']/level[@value='2']/@count") == ["3"]


def test_employee_sees_never_and_always(stack, users, ids):
    never = make_round(stack, ids, fb_template(stack, anonymity="named", threshold=2,
                                              sees="never"), status="closed")
    always = make_round(stack, ids, fb_template(stack, anonymity="named", threshold=2,
                                               sees="always"))
    for d in (never, always):
        stack.sql(f"UPDATE conversation SET status = 'preparing' WHERE id = {d['conv']}")
        assert invite(users("mark"), d["conv"], ids["thijs"]).status_code == 303
        inv = invitation_id(stack, d["conv"], ids["thijs"])
        assert answer(users("thijs"), inv, q2_body="tip van thijs").status_code == 303
    stack.sql(f"UPDATE conversation SET status = 'closed' WHERE id = {never['conv']}")
    fb = round_xml(users("eva"), never["conv"])
    assert fb.get("show") == "never"
    assert "tip van thijs" not in users("eva").get(f"/conversations/{never['conv']}/feedback").text
    assert round_xml(users("mark"), never["conv"]).get("show") == "named"
    fb = round_xml(users("eva"), always["conv"])
    assert fb.get("show") == "named"
    assert fb.xpath("questions/question[@key='tip']/answer/text()") == ["tip van thijs"]


def test_search_finds_colleagues_not_the_employee(stack, users, ids):
    d = make_round(stack, ids, fb_template(stack))
    doc = xml(users("mark").get(f"/conversations/{d['conv']}/feedback.xml?q=de"))
    names = doc.xpath("//feedback/search/person/@name")
    assert "Fleur de Groot" in names
    assert "Eva de Vries" not in names, "the employee is not asked about herself"
    # the conversation page leads to the round
    page = users("eva").get(f"/conversations/{d['conv']}")
    assert f'href="/conversations/{d["conv"]}/feedback"' in page.text


def test_the_invitation_form_suggests_a_deadline(stack, users, ids):
    """The deadline is filled in: the day before the conversation when
    that leaves three days, otherwise two weeks from today (the date typed
    by hand was the walk's one stumble)."""
    import datetime
    d = make_round(stack, ids, fb_template(stack))
    mark = users("mark")

    def suggested():
        doc = xml(mark.get(f"/conversations/{d['conv']}/feedback.xml?q=de"))
        fb = doc.xpath("//feedback")[0]
        return datetime.date.fromisoformat(fb.get("today")), fb.get("suggested")

    stack.sql(f"UPDATE conversation SET scheduled_at = '2031-05-20 09:00:00', due_on = NULL"
              f" WHERE id = {d['conv']}")
    assert suggested()[1] == "2031-05-19"
    stack.sql(f"UPDATE conversation SET scheduled_at = NULL,"
              f" due_on = UTC_DATE() + INTERVAL 1 DAY WHERE id = {d['conv']}")
    today, value = suggested()
    assert value == (today + datetime.timedelta(days=14)).isoformat()
    # the form carries it, so inviting is one click
    html = mark.get(f"/conversations/{d['conv']}/feedback?q=de").text
    assert f'name="deadline" required="required" min="{today.isoformat()}" value="{value}"' in html


def test_invitation_mail_and_one_reminder(stack, users, ids):
    """With mail configured the invitee gets the invitation (the link to
    the form, the deadline), and `gesprekctl remind` reminds an invitee who
    has not answered once, as the deadline nears; an answered invitation
    and a second run queue nothing."""
    from test_mail import FROM, URL, deliver, fake_mta, messages
    sendmail, box = fake_mta(stack, "feedback-mail")
    stack.reconfigure({"mail": {"sendmail": str(sendmail), "from": FROM, "url": URL}})
    stack.sql("DELETE FROM mail_queue WHERE state <> 'sent'")
    for who in ("lars", "sophie"):
        stack.sql(f"UPDATE employee SET email = '{who}@voorbeeld.example' WHERE id = {ids[who]}")
    d = make_round(stack, ids, fb_template(stack))
    conv, mark = d["conv"], users("mark")
    deadline = "2099-03-10"
    for who in ("lars", "sophie"):
        assert invite(mark, conv, ids[who], deadline=deadline).status_code == 303
    inv = {who: invitation_id(stack, conv, ids[who]) for who in ("lars", "sophie")}
    rows = stack.sql(f"SELECT kind, recipient, subject FROM mail_queue WHERE conversation_id ="
                     f" {conv} ORDER BY id")
    assert [(k, r) for k, r, _ in rows] == [("invite", "lars@voorbeeld.example"),
                                          ("invite", "sophie@voorbeeld.example")]
    assert all("Eva de Vries" in s and "10 maart 2099" in s for _, _, s in rows), rows
    deliver(stack)
    sent = {m["To"].addresses[0].addr_spec: m for m, _ in messages(box, wait_for=2)}
    body = sent["lars@voorbeeld.example"].get_body().get_content()
    assert f"{URL}/feedback/{inv['lars']}" in body

    assert answer(users("sophie"), inv["sophie"], q1_rating="2").status_code == 303
    stack.sql(f"DELETE FROM mail_queue WHERE conversation_id = {conv}")
    for _ in range(2):
        stack.ctl("remind", "--today", "2099-03-08")
    rows = stack.sql(f"SELECT kind, recipient FROM mail_queue WHERE conversation_id = {conv}")
    assert rows == [("remind", "lars@voorbeeld.example")], "one reminder, for lars only"
    assert stack.sql(f"SELECT reminded_on FROM feedback_invitation WHERE id = {inv['lars']}") \
        == [("2099-03-08",)]


def test_template_round_in_xml_page_and_editor(stack, users):
    """The round travels in the template's XML (export = what was
    imported), shows on the template page, and a save in the editor of its
    own form as it stands keeps it in the new version."""
    import re
    from lxml import html as lxml_html
    fb_template(stack, anonymity="named", threshold=5, sees="always", invited_by="employee")
    key = "fb-name-5-alway-empl"
    out = stack.ctl("template", "export", key).stdout
    assert ('<feedback conversation="assessment" invited-by="employee" anonymity="named"'
            ' threshold="5" employee-sees="always">') in out, out[-1500:]
    assert '<question key="samenwerken" kind="rating" scale="vier">' in out
    tid = int(stack.sql(f"SELECT id FROM template WHERE tkey = '{key}'")[0][0])
    hanna = users("hanna")
    doc = xml(hanna.get(f"/admin/templates/{tid}.xml"))
    assert doc.xpath("//template/feedback/@threshold") == ["5"]
    assert doc.xpath("//template/feedback/question/@key") == ["samenwerken", "tip"]
    # the editor's own form, sent back as it stands, saves a new version
    page = lxml_html.fromstring(hanna.get(f"/admin/templates/{tid}/edit").text)
    form = page.xpath(f"//form[@action='/admin/templates/{tid}/edit']")[0]
    data = {}
    for el in form.xpath(".//input[@name] | .//textarea[@name] | .//select[@name]"):
        kind = el.get("type", "")
        if el.tag == "select":
            chosen = el.xpath("./option[@selected]/@value") or el.xpath("./option/@value")[:1]
            data[el.get("name")] = chosen[0] if chosen else ""
        elif kind in ("checkbox", "radio"):
            if el.get("checked") is not None:
                data[el.get("name")] = el.get("value", "on")
        elif kind not in ("submit", "button"):
            data[el.get("name")] = el.get("value") if el.tag == "input" else (el.text or "")
    data["op"] = "save"
    before = int(stack.sql(f"SELECT MAX(number) FROM template_version WHERE template_id = {tid}")[0][0])
    r = hanna.post(f"/admin/templates/{tid}/edit", data=data, allow_redirects=False)
    assert r.status_code == 303, re.sub(r"\s+", " ", r.text)[:2000]
    after = stack.ctl("template", "export", key).stdout
    assert f'number="{before + 1}"' in after or \
        int(stack.sql(f"SELECT MAX(number) FROM template_version WHERE template_id = {tid}")[0][0]) \
        == before + 1
    assert after[after.index("<feedback"):] == out[out.index("<feedback"):]


@pytest.mark.parametrize("change, reason", [
    ('threshold="3"', 'threshold="1"'),
    ('<question key="tip" kind="open">', '<question key="tip" kind="open" scale="vier">'),
    ('<question key="samenwerken" kind="rating" scale="vier">',
     '<question key="samenwerken" kind="rating">'),
    ('<question key="tip" kind="open">', '<question key="samenwerken" kind="open">'),
])
def test_a_bad_round_is_refused(stack, change, reason):
    """A threshold outside 2..20, an open question with a scale, a rating
    without one, two questions with one key: refused whole, nothing imported."""
    import tempfile
    src = (stack.repo / "conf" / "templates" / "gemeente.xml").read_text()
    key = f"fb-bad-{abs(hash(reason)) % 10**8}"
    src = src.replace('key="gemeente"', f'key="{key}"', 1).replace(change, reason, 1)
    assert reason in src
    with tempfile.NamedTemporaryFile("w", suffix=".xml") as f:
        f.write(src)
        f.flush()
        r = stack.ctl("template", "import", f.name, check=False)
    assert r.returncode != 0, r.stdout
    assert stack.sql(f"SELECT id FROM template WHERE tkey = '{key}'") == []
