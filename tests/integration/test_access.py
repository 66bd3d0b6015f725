"""The right of access (issue 18, AVG art. 15), over the real stack: the
personal export of eva -- with anonymous and named feedback, a reopened
report, HR's reads and a deletion by retention -- validates against
xslt/schema/report.xsd and holds each of those; the authors of an
anonymous round (marker tokens in their names and logins) appear nowhere
in it, nor in its printable page, nor in HR's export of eva.  HR's export
of a person writes its audit rows; every role that may not produce it is
refused (403) with nothing written."""

import hashlib
import uuid
from pathlib import Path

import pytest
from lxml import etree

import hr_roles
from conftest import login
from convtools import Users, add_item, people, post, unchanged, version
from feedbacktools import answer, fb_template, invitation_id, invite, make_round
from helpers import insert, xml

R = "urn:gesprek:report:1"
NS = {"r": R}
XSD = Path(__file__).resolve().parents[2] / "xslt" / "schema" / "report.xsd"
PASSWORD = "demo"
REASON = f"heropend-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def ids(stack):
    return people(stack)


def schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


def author(stack, label, dep):
    """A colleague of eva with a marker in name and login: (id, login, marker)."""
    mark = f"zx{uuid.uuid4().hex[:10]}"
    login_ = f"{label}{mark}"
    eid = insert(stack, "employee", login=login_, name=f"Collega {mark}", department_id=dep,
                 active=1, email=f"{login_}@example.org")
    stack.add_pam_user(login_, PASSWORD)
    return eid, login_, mark


def answer_as(new_session, login_, inv, **fields):
    s = new_session()
    assert login(s, login_, PASSWORD).status_code == 303, login_
    r = answer(s, inv, **fields)
    assert r.status_code == 303, r.text[:300]


@pytest.fixture(scope="module")
def scene(stack, ids, new_session_module):
    """eva's world: an anonymous round of three marked authors (threshold 3,
    held: the aggregate shows), a named round of one marked author, a goal
    setting signed by both and reopened by HR, hanna's read of the dossier,
    and a deletion log row about eva."""
    users = Users(new_session_module)
    dep = int(stack.sql(f"SELECT department_id FROM employee WHERE id = {ids['eva']}")[0][0])
    mark = users("mark")

    anon = make_round(stack, ids, fb_template(stack), status="held")
    authors = [author(stack, "anon", dep) for _ in range(3)]
    texts = [f"anoniem antwoord {i} {uuid.uuid4().hex[:6]}" for i in range(3)]
    for aid, _, _ in authors:
        assert invite(mark, anon["conv"], aid).status_code == 303
    for (aid, login_, _), text in zip(authors, texts):
        answer_as(new_session_module, login_, invitation_id(stack, anon["conv"], aid),
                  q1_rating="3", q2_body=text)

    named = make_round(stack, ids, fb_template(stack, anonymity="named", threshold=2),
                       status="held")
    nid, nlogin, nmark = author(stack, "named", dep)
    assert invite(mark, named["conv"], nid).status_code == 303
    answer_as(new_session_module, nlogin, invitation_id(stack, named["conv"], nid),
              q1_rating="4", q2_body=f"op naam {nmark}")

    # A goal setting signed by both, then reopened by HR with a reason.
    cid = anon["conversations"][0]
    eva, hanna = users("eva"), users("hanna")
    assert add_item(mark, cid, "Doel voor inzage", weight="50").status_code == 303
    assert post(mark, f"/conversations/{cid}/held", version=version(mark, cid)).status_code == 303
    assert post(mark, f"/conversations/{cid}/finalize",
                version=version(mark, cid)).status_code == 303
    assert post(eva, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    assert post(mark, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    assert post(hanna, f"/conversations/{cid}/reopen", reason=REASON).status_code == 303

    # HR reads the dossier (the read audit); retention removed a dossier of
    # eva's (the row as `retention --apply` writes it, sql/093).
    assert hanna.get(f"/dossiers/{anon['id']}").status_code == 200
    assert hanna.get(f"/reports/cycles/{anon['cycle']}.xml").status_code == 200
    first = 900000000 + int(uuid.uuid4().int % 1000000)
    stack.sql("INSERT INTO deletion_log (rule, kind, subject_id, n, first_id, last_id)"
              f" VALUES ('dossier', 'dossier', {ids['eva']}, 1, {first}, {first})")
    deletion = int(stack.sql(f"SELECT id FROM deletion_log WHERE first_id = {first}")[0][0])
    return {"anon": anon, "named": named, "authors": authors, "texts": texts,
            "named_author": (nid, nlogin, nmark), "cid": cid, "deletion": deletion,
            "users": users}


def markers(scene):
    out = []
    for _, login_, mark in scene["authors"]:
        out += [login_, mark]
    return out


def test_personal_export_holds_everything_and_validates(stack, ids, scene):
    eva = scene["users"]("eva")
    r = eva.get("/me/export.xml")
    assert r.status_code == 200
    doc = etree.fromstring(r.content)
    sch = schema()
    assert sch.validate(doc), sch.error_log
    acc = doc.find("r:access", NS)
    assert acc is not None and acc.get("subject_id") == str(ids["eva"])
    assert acc.get("requested_by") is None, "her own export names no HR requester"

    # anonymous feedback, aggregated as the page shows it
    fb = doc.xpath("r:feedback[@conversation=$c]", namespaces=NS, c=str(scene["anon"]["conv"]))
    assert len(fb) == 1 and fb[0].get("show") == "aggregate"
    assert sorted(fb[0].xpath(".//r:text/text()", namespaces=NS)) == sorted(scene["texts"])
    assert not fb[0].xpath(".//r:answer | .//@author", namespaces=NS)
    # named feedback, with its author, as the template lets eva see it
    nfb = doc.xpath("r:feedback[@conversation=$c]", namespaces=NS,
                    c=str(scene["named"]["conv"]))
    assert len(nfb) == 1 and nfb[0].get("show") == "named"
    assert nfb[0].xpath(".//r:answer/@author", namespaces=NS)[0].endswith(
        scene["named_author"][2])

    # the reopen with its reason and who did it; the signed snapshot as signed
    cid = str(scene["cid"])
    reopen = acc.xpath("r:reopen[@conversation_id=$c]", namespaces=NS, c=cid)
    assert len(reopen) == 1
    assert reopen[0].findtext("r:reason", namespaces=NS) == REASON
    assert reopen[0].get("by") == stack.sql(
        "SELECT name FROM employee WHERE login = 'hanna'")[0][0]
    snaps = acc.xpath("r:snapshot[@conversation_id=$c]", namespaces=NS, c=cid)
    (sha,), = stack.sql(f"SELECT sha256 FROM snapshot WHERE conversation_id = {cid}")
    assert [s.get("sha256") for s in snaps] == [sha]
    body = snaps[0].findtext("r:document", namespaces=NS)
    assert hashlib.sha256(body.encode()).hexdigest() == sha, "the document as it was signed"

    # the audit records about her dossier, with the reopen among them
    actions = {(a.get("entity"), a.get("action")) for a in acc.findall("r:audit_entry", NS)}
    assert ("conversation", "reopen") in actions and ("feedback", "invite") in actions
    assert ("feedback", "answer") not in actions, "an answer's record names its author"
    for a in acc.xpath("r:audit_entry[@entity='feedback']", namespaces=NS):
        assert a.get("withheld") == "1" and a.find("r:detail", NS) is None
    # who read her dossier
    reads = acc.xpath("r:read[@dossier_id=$d]", namespaces=NS, c=cid,
                      d=str(scene["anon"]["id"]))
    assert reads and {x.get("role") for x in reads} == {"hr"}
    assert reopen[0].get("by") in {x.get("reader") for x in reads}
    # and HR's export of a cycle she is in, with its filters
    exp = acc.xpath("r:read[@kind='export'][@object_id=$c]", namespaces=NS,
                    c=str(scene["anon"]["cycle"]))
    assert len(exp) == 1 and exp[0].get("what", "").startswith("format=xml")
    # the deletion that concerned her
    dels = acc.xpath("r:deletion[@id=$i]", namespaces=NS, i=str(scene["deletion"]))
    assert len(dels) == 1 and dels[0].get("kind") == "dossier"
    # what was left out, and why, in both languages
    reasons = acc.xpath("r:omitted/r:reason", namespaces=NS)
    assert {x.get("key") for x in reasons} >= {"anonymous_authors", "private_preparation",
                                               "feedback_rule"}
    for x in reasons:
        assert {t.get("lang") for t in x.findall("r:text", NS)} == {"nl", "en"}
        assert all(t.text and t.text != f"access.omitted.{x.get('key')}"
                   for t in x.findall("r:text", NS))


def test_no_anonymous_author_anywhere(stack, ids, scene):
    users = scene["users"]
    eva, hanna = users("eva"), users("hanna")
    bodies = {
        "own xml": eva.get("/me/export.xml"),
        "own page": eva.get("/me/export"),
        "hr xml": hanna.get(f"/admin/employees/{ids['eva']}/export.xml"),
        "hr page": hanna.get(f"/admin/employees/{ids['eva']}/export"),
    }
    for where, r in bodies.items():
        assert r.status_code == 200, where
        assert scene["texts"][0] in r.text, f"{where}: the aggregate is there"
        for m in markers(scene):
            assert m not in r.text, f"{where}: {m} of an anonymous author"
    page = etree.HTML(bodies["own page"].content)
    assert REASON in bodies["own page"].text
    assert page.xpath("//section[contains(@class,'access-omitted')]//li"), "the page says why"
    assert page.xpath("//article[contains(@class,'access-dossier')]")


def test_hr_export_is_audited(stack, ids, scene):
    hanna = scene["users"]("hanna")
    hid = hr_roles.employee_id(stack, "hanna")
    eva = ids["eva"]
    before = int(stack.sql("SELECT COUNT(*) FROM audit WHERE entity = 'employee'"
                           f" AND entity_id = {eva} AND action = 'access_export'"
                           f" AND actor_id = {hid}")[0][0])
    r = hanna.get(f"/admin/employees/{eva}/export.xml")
    assert r.status_code == 200
    doc = etree.fromstring(r.content)
    assert schema().validate(doc)
    acc = doc.find("r:access", NS)
    assert acc.get("requested_by_id") == str(hid)
    after = int(stack.sql("SELECT COUNT(*) FROM audit WHERE entity = 'employee'"
                          f" AND entity_id = {eva} AND action = 'access_export'"
                          f" AND actor_id = {hid}")[0][0])
    assert after == before + 1, "every HR export is in the audit trail"
    assert stack.sql(f"SELECT COUNT(*) FROM read_audit WHERE reader_id = {hid}"
                     f" AND kind = 'person' AND object_id = {eva} AND what = 'format=xml'")[0][0] \
        == "1", "and in the read audit, once a day"
    # eva's own export then shows who produced it
    own = etree.fromstring(scene["users"]("eva").get("/me/export.xml").content)
    assert own.xpath("r:access/r:read[@kind='person'][@object_id=$e]/@reader", namespaces=NS,
                     e=str(eva))
    # HR's page of eva links to it
    emp = xml(hanna.get(f"/admin/employees/{eva}.xml"))
    assert emp.xpath("/page/access-export")


def test_deletion_is_only_in_its_persons_export(stack, ids, scene):
    daan = scene["users"]("daan").get("/me/export.xml")
    assert daan.status_code == 200
    doc = etree.fromstring(daan.content)
    assert schema().validate(doc)
    assert not doc.xpath("//r:deletion[@id=$i]", namespaces=NS, i=str(scene["deletion"]))
    assert not doc.xpath("//r:read[@kind='export'][@object_id=$c]", namespaces=NS,
                         c=str(scene["anon"]["cycle"])), "daan has no dossier in that cycle"
    assert doc.find("r:access", NS).get("subject_id") == str(ids["daan"])


def both_roles(stack, dep):
    """An HR administrator who is also advisor of department `dep` (a real
    account in both groups): the login."""
    tag = uuid.uuid4().hex[:6]
    login_ = f"rlboth{tag}"
    hr_roles.system("useradd", "-M", "-s", "/usr/sbin/nologin", "-c", "Bea Beide,,,", "-G",
                    f"{hr_roles.GROUP['admin']},{hr_roles.GROUP['advisor']}", login_)
    hr_roles.system("chpasswd", input=f"{login_}:{PASSWORD}\n")
    stack.sql(f"INSERT INTO employee (login, name, email, active) VALUES ('{login_}',"
              f" 'Bea Beide {tag}', '{login_}@example.org', 1)")
    stack.sql("INSERT INTO hr_advisor_department (employee_id, department_id)"
              f" SELECT e.id, d.id FROM employee e, department d"
              f" WHERE e.login = '{login_}' AND d.name = '{dep}'")
    return login_


@pytest.mark.skipif(not hr_roles.ROOT, reason="NSS groups need real accounts (root)")
def test_who_may_not_is_refused_and_nothing_is_written(stack, ids, new_session):
    """The administrator alone (no content), the advisor alone (no
    administrator pages), the auditor, an administrator-advisor of another
    department, eva's manager, a colleague and eva herself: 403 for eva and
    for nobody, nothing written.  The administrator-advisor of eva's
    department may, and is recorded."""
    made = hr_roles.make(stack)
    made["both"] = both_roles(stack, hr_roles.ASSIGNED["advisor"])
    made["both2"] = both_roles(stack, hr_roles.ASSIGNED["advisor2"])
    try:
        sessions = {}
        for role in made:
            s = new_session()
            assert login(s, made[role], PASSWORD).status_code == 303, role
            sessions[role] = s
        users = Users(new_session)
        for who in ("mark", "daan", "eva"):
            sessions[who] = users(who)
        eva = ids["eva"]
        paths = [f"/admin/employees/{eva}/export.xml", f"/admin/employees/{eva}/export",
                 "/admin/employees/999999999/export.xml"]
        with unchanged(stack, ("audit", "read_audit"), "a refused personal export"):
            for who in ("admin", "advisor", "auditor", "advisor2", "both2", "mark", "daan",
                        "eva"):
                for path in paths:
                    r = sessions[who].get(path)
                    assert r.status_code == 403, (who, path, r.status_code)
                    assert b"<report" not in r.content, (who, path)
        r = sessions["both"].get(f"/admin/employees/{eva}/export.xml")
        assert r.status_code == 200
        assert schema().validate(etree.fromstring(r.content))
        both = hr_roles.employee_id(stack, made["both"])
        assert stack.sql(f"SELECT COUNT(*) FROM read_audit WHERE reader_id = {both}"
                         f" AND kind = 'person' AND object_id = {eva}")[0][0] == "1"
        assert stack.sql(f"SELECT COUNT(*) FROM audit WHERE actor_id = {both}"
                         f" AND entity = 'employee' AND entity_id = {eva}"
                         " AND action = 'access_export'")[0][0] == "1"
        # HR's page of eva links to the export only where it would be given
        for who, linked in (("both", True), ("both2", False), ("admin", False)):
            emp = xml(sessions[who].get(f"/admin/employees/{eva}.xml"))
            assert bool(emp.xpath("/page/access-export")) == linked, who
    finally:
        hr_roles.remove(stack, made)


def test_feedback_given_is_in_the_givers_export(stack, ids, scene, new_session_module):
    """The named author's export holds the invitation about eva and the
    answers they gave; an anonymous author's holds the invitation,
    answered, but no answer: the round kept none with their name."""
    eva_name = stack.sql(f"SELECT name FROM employee WHERE id = {ids['eva']}")[0][0]
    _, nlogin, nmark = scene["named_author"]
    s = new_session_module()
    assert login(s, nlogin, PASSWORD).status_code == 303
    doc = etree.fromstring(s.get("/me/export.xml").content)
    assert schema().validate(doc)
    conv = str(scene["named"]["conv"])
    inv = doc.xpath("r:access/r:feedback_invitation[@conversation_id=$c]", namespaces=NS, c=conv)
    assert len(inv) == 1 and inv[0].get("about") == eva_name and inv[0].get("answered") == "1"
    given = doc.xpath("r:access/r:feedback_given[@conversation_id=$c]", namespaces=NS, c=conv)
    assert sorted((g.get("rating") or "", g.text or "") for g in given) == \
        sorted([("4", ""), ("", f"op naam {nmark}")])

    _, alogin, _ = scene["authors"][0]
    s = new_session_module()
    assert login(s, alogin, PASSWORD).status_code == 303
    r = s.get("/me/export.xml")
    doc = etree.fromstring(r.content)
    assert schema().validate(doc)
    conv = str(scene["anon"]["conv"])
    inv = doc.xpath("r:access/r:feedback_invitation[@conversation_id=$c]", namespaces=NS, c=conv)
    assert len(inv) == 1 and inv[0].get("answered") == "1"
    assert not doc.xpath("r:access/r:feedback_given", namespaces=NS)
    assert scene["texts"][0] not in r.text
