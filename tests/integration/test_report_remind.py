"""Reminders from the reports (issue 15): HR and managers remind the people
behind a number of GET /reports/people, POST /reports/people/remind.

  * the people list offers "Herinnering sturen aan deze N personen" for a
    number of conversations not all done, of an open cycle, mail on;
  * the first POST is a confirmation page naming who gets it and who is
    skipped (inactive, no address) with the text, and queues nothing;
  * confirm=1 queues exactly the list's people (mail_queue rows), each in
    their own language, with one audit row; a second send within the hour
    warns (409, nothing queued) unless confirmed again (again=1);
  * the recipients come from the server: a manager cannot reach outside
    their team (403, nothing queued), a list of ids is refused, and
    without the CSRF token nothing is queued.

The organisation is made in the database for this module:

    RR Org ─┬─ Sales   m1 manages s1 (en) s2 s3 (no address) s4 (inactive)
            │          s5 (not overdue); m2 manages s6
            └─ IT      m2 manages i1
    Every dossier's goal setting was due in the past (overdue) but s5's.
"""

import secrets

import pytest
from lxml import etree

import test_mail as tm
from conftest import login
from helpers import insert, xml
from summaries import rebuild_summaries

TAG = secrets.token_hex(3)
PASSWORD = "herinner-geheim"
PAST, FUTURE = "2020-02-01", "2099-12-01"
METRIC = "conversations.goal_setting.overdue"


def login_of(who):
    return f"rr-{who}-{TAG}"


@pytest.fixture(scope="module")
def org(stack):
    o = {"emp": {}, "dep": {}, "conv": {}}
    dep, emp = o["dep"], o["emp"]
    dep["org"] = insert(stack, "department", name=f"RR Org {TAG}")
    dep["sales"] = insert(stack, "department", name=f"RR Sales {TAG}", parent_id=dep["org"])
    dep["it"] = insert(stack, "department", name=f"RR IT {TAG}", parent_id=dep["org"])

    def person(who, name, department, manager=None, email=True, **extra):
        emp[who] = insert(stack, "employee", login=login_of(who), name=name,
                          email=f"{login_of(who)}@example.org" if email else None,
                          department_id=dep[department],
                          manager_id=emp[manager] if manager else None, **extra)
        stack.add_pam_user(login_of(who), PASSWORD)

    person("hr", "Herinner HR", "org", is_hr=1)
    person("m1", "Mies Manager", "org")
    person("m2", "Mats Manager", "org")
    person("s1", "Sam English", "sales", "m1", lang="en")
    person("s2", "Sanne Tweede", "sales", "m1")
    person("s3", "Sem Zonderadres", "sales", "m1", email=False)
    person("s4", "Sofie Vertrokken", "sales", "m1", active=0)
    person("s5", "Stijn Optijd", "sales", "m1")
    person("s6", "Saar Anderteam", "sales", "m2")
    person("i1", "Ivo Techniek", "it", "m2")
    o["cycle"] = insert(stack, "cycle", name=f"RR cyclus {TAG}", starts_on="2020-01-01",
                        ends_on="2099-12-31", status="open", rating_scale="a|b|c")
    for who in ("s1", "s2", "s3", "s4", "s5", "s6", "i1"):
        manager = "m2" if who in ("s6", "i1") else "m1"
        d = insert(stack, "dossier", cycle_id=o["cycle"], employee_id=emp[who],
                   manager_id=emp[manager])
        o["conv"][who] = insert(stack, "conversation", dossier_id=d, type="goal_setting",
                                seq=1, status="planned",
                                due_on=FUTURE if who == "s5" else PAST)
    # Written past the store: the lists read the summaries (issue 21).
    rebuild_summaries(stack)
    return o


@pytest.fixture(scope="module")
def sessions(org, base_url):
    from conftest import StackSession
    made = {}

    def get(who):
        if who not in made:
            s = StackSession(base_url)
            assert login(s, login_of(who), PASSWORD).status_code == 303
            made[who] = s
        return made[who]
    yield get
    for s in made.values():
        s.close()


@pytest.fixture
def mail_on(stack, org):
    """Mail configured, and this module's queue and sends forgotten."""
    sendmail, box = tm.fake_mta(stack, f"remind-{secrets.token_hex(3)}")
    stack.reconfigure({"mail": {"sendmail": str(sendmail), "from": tm.FROM, "url": tm.URL}})
    ids = ", ".join(str(i) for i in org["emp"].values())
    stack.sql(f"DELETE FROM mail_queue WHERE recipient_id IN ({ids})")
    stack.sql(f"DELETE FROM audit WHERE entity = 'cycle' AND entity_id = {org['cycle']}"
              f" AND action = 'remind'")
    return box


def queued(stack, org):
    """(recipient id, conversation id) of every remind mail to this module's people."""
    ids = ", ".join(str(i) for i in org["emp"].values())
    return sorted((int(r), int(c)) for r, c in stack.sql(
        f"SELECT recipient_id, conversation_id FROM mail_queue"
        f" WHERE kind = 'remind' AND recipient_id IN ({ids})"))


def remind_audits(stack, org):
    return [d for (d,) in stack.sql(
        f"SELECT detail FROM audit WHERE entity = 'cycle' AND entity_id = {org['cycle']}"
        f" AND action = 'remind' ORDER BY id")]


def token(s):
    return xml(s.get("/.xml")).get("csrf")


def remind(s, org, department="sales", metric=METRIC, csrf=True, **extra):
    data = {"cycle": org["cycle"], "metric": metric, **extra}
    if department:
        data["department"] = org["dep"][department]
    if csrf:
        data["csrf"] = token(s)
    return s.post("/reports/people/remind", data=data, allow_redirects=False,
                  headers={"Accept": "application/xml"})


def page_remind(resp):
    return etree.fromstring(resp.content).find("reports_people/people/remind")


def names(node, tag):
    return sorted(n.get("name") for n in node.findall(tag))


def test_people_list_offers_the_reminder(stack, org, sessions, mail_on):
    hr = sessions("hr")
    params = {"cycle": org["cycle"], "department": org["dep"]["sales"], "metric": METRIC}
    people = xml(hr.get("/reports/people.xml", params=params)).find("reports_people/people")
    assert people.get("remind") == "1"
    assert len(people.findall("person")) == 5      # s1 s2 s3 s4 s6: s5 is not overdue
    html = hr.get("/reports/people", params=params).text
    assert "Herinnering sturen aan deze 5 personen" in html
    assert 'action="/reports/people/remind"' in html
    closed = dict(params, metric="conversations.goal_setting.closed")
    assert xml(hr.get("/reports/people.xml", params=closed)).find(
        "reports_people/people").get("remind") is None, "nothing to remind of what is done"


def test_confirmation_names_people_and_queues_nothing(stack, org, sessions, mail_on):
    r = remind(sessions("hr"), org)
    assert r.status_code == 200, r.text[:2000]
    rm = page_remind(r)
    assert names(rm, "recipient") == ["Saar Anderteam", "Sam English", "Sanne Tweede"]
    skipped = {n.get("name"): n.get("reason") for n in rm.findall("skipped")}
    assert skipped == {"Sem Zonderadres": "no_address", "Sofie Vertrokken": "inactive"}
    # the text as the first recipient reads it, in the reader's language
    assert rm.find("preview").get("subject").startswith("Herinnering: ")
    assert "Saar Anderteam" in rm.find("preview/body").text
    page = etree.fromstring(r.content)
    keep = {k.get("name"): k.get("value") for k in page.findall("confirm/keep")}
    assert keep["metric"] == METRIC and keep["department"] == str(org["dep"]["sales"])
    assert queued(stack, org) == [] and remind_audits(stack, org) == []
    html = sessions("hr").post("/reports/people/remind", data={
        "cycle": org["cycle"], "department": org["dep"]["sales"], "metric": METRIC,
        "csrf": token(sessions("hr"))}).text
    assert "Sofie Vertrokken: niet meer actief" in html and 'name="confirm"' in html


def test_hr_reminds_everyone_overdue_in_a_department(stack, org, sessions, mail_on):
    hr = sessions("hr")
    r = remind(hr, org, confirm="1")
    assert r.status_code == 303, r.text[:2000]
    assert r.headers["Location"].startswith("/reports/people?")
    c, e = org["conv"], org["emp"]
    assert queued(stack, org) == sorted((e[w], c[w]) for w in ("s1", "s2", "s6"))
    audits = remind_audits(stack, org)
    assert len(audits) == 1 and audits[0].endswith("count: 3"), audits
    assert f"department: {org['dep']['sales']};" in audits[0]

    # the same list again within the hour: a warning, nothing queued
    again = remind(hr, org, confirm="1")
    assert again.status_code == 409, again.text[:2000]
    assert page_remind(again).get("last_by") == "Herinner HR"
    kept = [(k.get("name"), k.get("value"))
            for k in etree.fromstring(again.content).findall("confirm/keep")]
    assert [v for n, v in kept if n == "again"] == ["1"], "the warning asks its own confirmation"
    # asked with again=1 but not confirmed: still only the question, the field kept once
    asked = remind(hr, org, again="1")
    kept = [(k.get("name"), k.get("value"))
            for k in etree.fromstring(asked.content).findall("confirm/keep")]
    assert asked.status_code == 200 and [v for n, v in kept if n == "again"] == ["1"]
    assert len(queued(stack, org)) == 3 and len(remind_audits(stack, org)) == 1
    # confirmed despite the warning: sent once more
    assert remind(hr, org, confirm="1", again="1").status_code == 303
    assert len(queued(stack, org)) == 6 and len(remind_audits(stack, org)) == 2


def test_reminders_in_each_recipients_language(stack, org, sessions, mail_on):
    assert remind(sessions("hr"), org, confirm="1").status_code == 303
    assert tm.deliver(stack).returncode == 0
    # mail-send sends the whole queue: mail another test on this stack left
    # queued (a deputy's notices) lands in this box too.  Ours: to this
    # module's people.
    names = {n for (n,) in stack.sql("SELECT name FROM employee WHERE id IN (%s)"
                                     % ", ".join(str(i) for i in org["emp"].values()))}
    ours = {m["To"].addresses[0].display_name: m for m, _ in tm.messages(mail_on, 3)
            if m["To"].addresses[0].display_name in names}
    assert set(ours) == {"Sam English", "Sanne Tweede", "Saar Anderteam"}
    en, nl = ours["Sam English"], ours["Sanne Tweede"]
    assert en["Content-Language"] == "en" and en["Subject"].startswith("Reminder: ")
    assert nl["Content-Language"] == "nl" and nl["Subject"].startswith("Herinnering: ")
    assert f"/conversations/{org['conv']['s1']}" in en.get_body(("plain",)).get_content()
    assert "Mies Manager" in nl.get_body(("plain",)).get_content()


def test_manager_reminds_their_own_team_only(stack, org, sessions, mail_on):
    m1 = sessions("m1")
    # IT holds nobody of m1's: outside their team
    r = remind(m1, org, department="it", confirm="1")
    assert r.status_code == 403
    # the one "no access" page, not the list page saying nobody is behind it
    assert etree.fromstring(r.content).get("route") == "error"
    # Sales: m1's own people only (s6 is m2's)
    r = remind(m1, org)
    assert r.status_code == 200
    assert names(page_remind(r), "recipient") == ["Sam English", "Sanne Tweede"]
    assert queued(stack, org) == []
    # an employee is no one to remind others
    assert remind(sessions("s2"), org, confirm="1").status_code == 403
    assert queued(stack, org) == [] and remind_audits(stack, org) == []
    assert remind(m1, org, confirm="1").status_code == 303
    e = org["emp"]
    assert sorted(r for r, _ in queued(stack, org)) == sorted([e["s1"], e["s2"]])


def test_refusals_queue_nothing(stack, org, sessions, mail_on):
    hr = sessions("hr")
    # without the token
    assert remind(hr, org, csrf=False, confirm="1").status_code == 403
    # the people come from the server, never from the form
    r = remind(hr, org, confirm="1", employee=org["emp"]["i1"])
    assert r.status_code == 400
    # a number that is no list of open conversations
    r = remind(hr, org, metric="conversations.goal_setting.closed", confirm="1")
    assert r.status_code == 400 and page_remind(r).get("error") == "metric"
    r = remind(hr, org, metric="dossiers", confirm="1")
    assert r.status_code == 400
    r = remind(hr, org, metric="conversations.nonsense.overdue", confirm="1")
    assert r.status_code == 400
    assert queued(stack, org) == [] and remind_audits(stack, org) == []


def test_without_mail_nothing_is_offered_or_sent(stack, org, sessions):
    stack.sql(f"DELETE FROM mail_queue WHERE recipient_id = {org['emp']['s1']}")
    hr = sessions("hr")
    params = {"cycle": org["cycle"], "department": org["dep"]["sales"], "metric": METRIC}
    assert xml(hr.get("/reports/people.xml", params=params)).find(
        "reports_people/people").get("remind") is None
    r = remind(hr, org, confirm="1")
    assert r.status_code == 400 and page_remind(r).get("error") == "mail"
    assert (org["emp"]["s1"], org["conv"]["s1"]) not in queued(stack, org)


PAGE_ROWS = 50               # reports.h: one page of the people list
REMIND_PEOPLE_MAX = 10000    # reports_remind.c: people one reminder reaches at most


def crowd(stack, org, key, n):
    """n people in a new department under RR Org (org["dep"][key]), each
    with an overdue goal setting, written with SQL (then the summaries
    rebuilt); its id."""
    dep = insert(stack, "department", name=f"RR {key} {TAG}", parent_id=org["dep"]["org"])
    stack.sql(f"INSERT INTO employee (login, name, email, department_id, manager_id)"
              f" SELECT CONCAT('rr-{key}-{TAG}-', seq), CONCAT('{key} {TAG} ', LPAD(seq, 5, '0')),"
              f" CONCAT('rr-{key}-{TAG}-', seq, '@example.org'), {dep}, {org['emp']['m2']}"
              f" FROM seq_1_to_{n}")
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id)"
              f" SELECT {org['cycle']}, id, manager_id FROM employee WHERE department_id = {dep}")
    stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on)"
              f" SELECT d.id, 'goal_setting', 1, '{PAST}' FROM dossier d"
              f" JOIN employee e ON e.id = d.employee_id WHERE e.department_id = {dep}")
    org["dep"][key] = dep
    rebuild_summaries(stack)
    return dep


def crowd_mails(stack, dep):
    return int(stack.sql(f"SELECT COUNT(*) FROM mail_queue q JOIN employee e"
                         f" ON e.id = q.recipient_id WHERE e.department_id = {dep}"
                         f" AND q.kind = 'remind'")[0][0])


def test_a_list_longer_than_a_page_is_reminded_whole(stack, org, sessions, mail_on):
    """51 people overdue in one department, a list of two pages: the button
    is offered on its first page, the confirmation counts all 51 (naming
    the first 50), and the send queues a reminder for each of them, with
    one audit row (before, only the first page could be reminded: a list
    of more was refused)."""
    n = PAGE_ROWS + 1
    many = crowd(stack, org, "many", n)
    hr = sessions("hr")
    params = {"cycle": org["cycle"], "department": many, "metric": METRIC}
    people = xml(hr.get("/reports/people.xml", params=params)).find("reports_people/people")
    assert people.get("more") == "1" and people.get("remind") == "1"
    assert "/reports/people/remind" in hr.get("/reports/people", params=params).text
    assert "/reports/people/remind" not in hr.get("/reports/people", params={
        **params, "page": "2", "after": people.get("next")}).text, "offered on the first page"

    asked = remind(hr, org, department="many")
    assert asked.status_code == 200, asked.text[:2000]
    rm = page_remind(asked)
    assert (rm.get("count"), rm.get("sendable"), rm.get("shown")) == (str(n), str(n),
                                                                     str(PAGE_ROWS))
    assert len(rm.findall("recipient")) == PAGE_ROWS
    confirm = etree.fromstring(asked.content).find("confirm")
    counts = {c.get("name"): c.get("value") for c in confirm.iter("count")}
    assert counts.get("remind_to") == str(n), etree.tostring(confirm)
    page = hr.post("/reports/people/remind", data={**params, "csrf": token(hr)})
    assert page.status_code == 200 and "En nog 1 personen uit deze lijst." in page.text
    assert crowd_mails(stack, many) == 0, "asking queues nothing"

    r = remind(hr, org, department="many", confirm="1")
    assert r.status_code == 303, r.text[:2000]
    assert crowd_mails(stack, many) == n
    assert len(stack.sql(f"SELECT DISTINCT q.recipient_id FROM mail_queue q JOIN employee e"
                         f" ON e.id = q.recipient_id WHERE e.department_id = {many}")) == n
    audits = remind_audits(stack, org)
    assert len(audits) == 1 and audits[0].endswith(f"count: {n}"), audits


def test_a_list_over_the_limit_is_refused(stack, org, sessions, mail_on):
    """More people than one reminder reaches: refused naming the limit,
    nothing queued, nothing audited."""
    n = REMIND_PEOPLE_MAX + 1
    huge = crowd(stack, org, "massa", n)
    try:
        hr = sessions("hr")
        r = remind(hr, org, department="massa", confirm="1")
        assert r.status_code == 400
        assert page_remind(r).get("error") == "many"
        assert page_remind(r).get("limit") == str(REMIND_PEOPLE_MAX)
        page = hr.post("/reports/people/remind", data={
            "cycle": org["cycle"], "department": huge, "metric": METRIC, "csrf": token(hr)})
        assert page.status_code == 400 and f"hoogstens {REMIND_PEOPLE_MAX} personen" in page.text
        assert crowd_mails(stack, huge) == 0
        assert remind_audits(stack, org) == []
    finally:
        where = f"employee_id IN (SELECT id FROM employee WHERE department_id = {huge})"
        stack.sql(f"DELETE c FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
                  f" WHERE d.{where}")
        stack.sql(f"DELETE FROM dossier WHERE {where}")
        stack.sql(f"DELETE FROM employee WHERE department_id = {huge}")
        rebuild_summaries(stack)


def test_two_sends_of_one_list_at_once_queue_it_once(stack, org, base_url, sessions, mail_on):
    """Two HR tabs confirm the same list at the same moment: the cycle's
    lock makes the second see the first's send, so it warns (409) and
    each person is reminded once, with one audit row."""
    import threading
    from conftest import StackSession

    second = StackSession(base_url)
    try:
        assert login(second, login_of("hr"), PASSWORD).status_code == 303
        tabs = [sessions("hr"), second]
        tokens = [token(s) for s in tabs]
        gate, got = threading.Barrier(len(tabs)), []

        def press(s, csrf):
            data = {"cycle": org["cycle"], "metric": METRIC, "department": org["dep"]["sales"],
                    "confirm": "1", "csrf": csrf}
            gate.wait()
            got.append(s.post("/reports/people/remind", data=data, allow_redirects=False,
                              headers={"Accept": "application/xml"}).status_code)

        threads = [threading.Thread(target=press, args=p) for p in zip(tabs, tokens)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        second.close()
    assert sorted(got) == [303, 409], got
    c, e = org["conv"], org["emp"]
    assert queued(stack, org) == sorted((e[w], c[w]) for w in ("s1", "s2", "s6"))
    assert len(remind_audits(stack, org)) == 1


# Sends of one list within the hour at most, the first included
# (reports_remind.c REMIND_SENDS_MAX).
REMIND_SENDS_MAX = 3


def test_sending_again_is_bounded(stack, org, sessions, mail_on):
    """again=1 sends a list once more, but not without end: after
    REMIND_SENDS_MAX sends within the hour the next is refused naming the
    limit, and nothing is queued or audited."""
    hr = sessions("hr")
    assert remind(hr, org, confirm="1").status_code == 303
    for _ in range(REMIND_SENDS_MAX - 1):
        r = remind(hr, org, confirm="1", again="1")
        assert r.status_code == 303, r.text[:2000]
    mails, audits = queued(stack, org), remind_audits(stack, org)
    assert len(audits) == REMIND_SENDS_MAX and len(mails) == 3 * REMIND_SENDS_MAX
    r = remind(hr, org, confirm="1", again="1")
    assert r.status_code == 429, r.text[:2000]
    assert page_remind(r).get("error") == "again_max"
    assert page_remind(r).get("limit") == str(REMIND_SENDS_MAX)
    assert queued(stack, org) == mails and remind_audits(stack, org) == audits
    # the question is not asked again either: the refusal, in Dutch, no form
    page = hr.post("/reports/people/remind", data={
        "cycle": org["cycle"], "department": org["dep"]["sales"], "metric": METRIC,
        "csrf": token(hr)})
    assert page.status_code == 429
    assert f"al {REMIND_SENDS_MAX} keer een herinnering" in page.text
    assert 'name="confirm"' not in page.text
    assert queued(stack, org) == mails and remind_audits(stack, org) == audits


def test_reminder_text_names_the_conversation_in_lower_case_mid_sentence(stack, org, sessions,
                                                                          mail_on):
    rm = page_remind(remind(sessions("hr"), org))
    body = rm.find("preview/body").text
    assert "\n\nDoelstellingengesprek van Saar Anderteam met Mats Manager: uiterlijk " in body, body
    assert "Het Doelstellingengesprek" not in body and "het Doelstellingengesprek" not in body
