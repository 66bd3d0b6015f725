"""E-mail notifications through the local sendmail interface ([mail] in
gesprek.conf), with a stand-in for the MTA: a small script that stores each
message it is given (and its arguments) as a file.  Python's email module
reads them back.  Requests only queue their mail; `gesprekctl mail-send`
hands it to sendmail (test_mail_queue.py tests the queue itself).

  * planning a conversation invites the employee, with the .ics attached;
  * finalizing asks the employee to sign; the employee's signature asks
    the manager;
  * headers: From/To with RFC 2047 encoded-words for non-ASCII names,
    Subject in the configured language, Date, Message-ID, MIME, the body
    text from the catalog with a link to the conversation;
  * `gesprekctl remind` e-mails employee and manager of a conversation due
    within 7 days, once per due date (a second run sends nothing; a new due
    date is a new reminder), in English when [mail] language = en;
  * a sendmail that fails never fails the request: mail-send reports it
    and the mail stays queued for a later try;
  * without [mail] sendmail nothing is sent (the default of every other test).
"""

import email
import email.policy
import os
import time
from datetime import date, timedelta

import pytest

import stack as stack_mod
from conftest import login
from helpers import xml
from summaries import keep_summaries

FROM = "gesprek@voorbeeld.example"
URL = "https://gesprek.voorbeeld.example"
FAKE_SENDMAIL = """#!/bin/sh
# test stand-in for the local MTA: one file per message, arguments beside it
f="{dir}/$(date +%s%N)-$$"
printf '%s\\n' "$*" > "$f.args"
cat > "$f.eml"
exit {status}
"""
_n = iter(range(1, 10**6))


def fake_mta(stack, name, status=0):
    """A sendmail stand-in writing into a fresh folder; returns (script, folder)."""
    d = stack.shared_dir(name)
    box = d / "box"
    box.mkdir()
    os.chmod(box, 0o1777)   # gesprekd runs as nobody when the tests run as root
    script = d / "sendmail"
    script.write_text(FAKE_SENDMAIL.format(dir=box, status=status))
    os.chmod(script, 0o755)
    return script, box


def deliver(stack):
    """What the requests queued goes out, as gesprek-mail.timer does it."""
    return stack.ctl("mail-send", check=False)


def messages(box, wait_for=0, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        files = sorted(box.glob("*.eml"))
        if len(files) >= wait_for or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    out = []
    for f in files:
        msg = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
        args = f.with_suffix(".args").read_text().split()
        msg.raw = f.read_bytes()
        out.append((msg, args))
    return out


def person(stack, login_name, name, email_addr):
    q = stack_mod.sql_quote
    stack.sql(f"INSERT INTO employee (login, name, email, active) VALUES "
              f"({q(login_name)}, {q(name)}, {q(email_addr)}, 1)")
    return int(stack.sql(f"SELECT id FROM employee WHERE login = {q(login_name)}")[0][0])


def dossier_for(stack, employee_id, manager_login="mark", due="2027-02-15"):
    mark = int(stack.sql(f"SELECT id FROM employee WHERE login = '{manager_login}'")[0][0])
    name = f"Mailcyclus {os.getpid()}-{next(_n)}-{time.time_ns() % 10**6}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('{name}', '2027-01-01', '2027-12-31', 'open', 'a|b|c')")
    cycle = stack.sql(f"SELECT id FROM cycle WHERE name = '{name}'")[0][0]
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {employee_id}, {mark})")
    d = stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle}")[0][0]
    stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on) VALUES "
              f"({d}, 'goal_setting', 1, '{due}')")
    keep_summaries(stack, cycle)
    return int(stack.sql(f"SELECT id FROM conversation WHERE dossier_id = {d}")[0][0]), name


def post(s, path, **fields):
    doc = xml(s.get("/.xml"))
    fields["csrf"] = doc.get("csrf")
    return s.post(path, data=fields, allow_redirects=False)


def version(s, cid):
    return xml(s.get(f"/conversations/{cid}.xml")).xpath("/page/conversation/@version")[0]


def check_headers(msg, args, to_addr, to_name):
    assert args == ["-t", "-i"], "sendmail -t -i: recipients from the headers"
    assert msg["From"].addresses[0].addr_spec == FROM
    assert msg["From"].addresses[0].display_name == "Gesprek"
    assert msg["To"].addresses[0].addr_spec == to_addr
    assert msg["To"].addresses[0].display_name == to_name
    assert msg["Date"] and msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith(">")
    assert msg["MIME-Version"] == "1.0" and msg["Auto-Submitted"] == "auto-generated"


def test_plan_finalize_and_sign_send_mail(stack, new_session):
    stack.sql("DELETE FROM mail_queue WHERE state <> 'sent'")  # earlier tests' mail
    sendmail, box = fake_mta(stack, "mail-steps")
    stack.reconfigure({"mail": {"sendmail": str(sendmail), "from": FROM, "url": URL}})
    zoe = person(stack, f"zoe{next(_n)}{os.getpid()}", "Zoë Çelik-Jansen", "zoe@voorbeeld.example")
    cid, cycle = dossier_for(stack, zoe)
    mark = new_session()
    assert login(mark, "mark", "demo").status_code == 303

    # planning: the invitation, with the calendar file
    r = post(mark, f"/conversations/{cid}/plan", scheduled_at="2027-02-10T09:30",
             version=version(mark, cid))
    assert r.status_code == 303
    assert deliver(stack).returncode == 0
    (msg, args), = messages(box, 1)
    check_headers(msg, args, "zoe@voorbeeld.example", "Zoë Çelik-Jansen")
    raw_to = [l for l in msg.raw.decode("ascii").splitlines() if l.startswith("To:")][0]
    assert "=?UTF-8?B?" in raw_to and "Zo" not in raw_to, f"RFC 2047 encoded: {raw_to}"
    assert msg["Subject"] == "Uitnodiging: Doelstellingengesprek op 10 februari 2027 om 09:30"
    assert msg["Content-Language"] == "nl"
    body = msg.get_body(("plain",)).get_content()
    assert body.startswith("Beste Zoë Çelik-Jansen,")
    assert "Mark Jansen heeft het Doelstellingengesprek met Zoë Çelik-Jansen gepland" in body
    assert cycle in body and f"{URL}/conversations/{cid}" in body
    (ics,) = list(msg.iter_attachments())
    assert ics.get_content_type() == "text/calendar" and ics.get_filename() == "gesprek.ics"
    cal = ics.get_content()
    assert "DTSTART:20270210T083000Z" in cal and "ATTENDEE" in cal and "mailto:zoe@voorbeeld.example" in cal

    # held, finalized: zoe is asked to sign
    # confirm: held before the planned day asks first (issue 15)
    assert post(mark, f"/conversations/{cid}/held", version=version(mark, cid),
                confirm="1").status_code == 303
    assert deliver(stack).returncode == 0
    assert len(messages(box)) == 1, "held sends nothing"
    assert post(mark, f"/conversations/{cid}/finalize", version=version(mark, cid)).status_code == 303
    assert deliver(stack).returncode == 0
    msg, args = messages(box, 2)[1]
    check_headers(msg, args, "zoe@voorbeeld.example", "Zoë Çelik-Jansen")
    assert msg["Subject"] == "Wacht op je handtekening: Doelstellingengesprek"
    assert not list(msg.iter_attachments()) and msg.get_content_type() == "text/plain"
    assert "definitief opgeslagen" in msg.get_content()

    # the employee signs: the manager's turn (signing as zoe is done in SQL
    # + the page's own handler for mark: zoe has no PAM account here, so
    # eva's dossier shows the employee's signature step instead)
    eva_cid, _ = dossier_for(stack, int(stack.sql("SELECT id FROM employee WHERE login = 'eva'")[0][0]))
    eva = new_session()
    assert login(eva, "eva", "demo").status_code == 303
    for step in ("held", "finalize"):
        extra = {"confirm": "1"} if step == "held" else {}
        assert post(mark, f"/conversations/{eva_cid}/{step}", version=version(mark, eva_cid),
                    **extra).status_code == 303
    assert deliver(stack).returncode == 0
    before = len(messages(box, 3))
    assert post(eva, f"/conversations/{eva_cid}/sign", verdict="agree", remark="").status_code == 303
    assert deliver(stack).returncode == 0
    msg, args = messages(box, before + 1)[-1]
    mark_email = stack.sql("SELECT email FROM employee WHERE login = 'mark'")[0][0]
    check_headers(msg, args, mark_email, "Mark Jansen")
    assert msg["Subject"] == "Wacht op je handtekening: Doelstellingengesprek met Eva de Vries"
    assert "Eva de Vries heeft het verslag" in msg.get_content()
    # the manager's signature closes it: no more mail
    assert post(mark, f"/conversations/{eva_cid}/sign", verdict="agree", remark="").status_code == 303
    assert deliver(stack).returncode == 0
    assert len(messages(box)) == before + 1


def test_a_failing_sendmail_never_fails_the_request(stack, new_session):
    stack.sql("DELETE FROM mail_queue WHERE state <> 'sent'")
    sendmail, box = fake_mta(stack, "mail-failing", status=75)
    stack.reconfigure({"mail": {"sendmail": str(sendmail), "from": FROM}})
    eva_id = int(stack.sql("SELECT id FROM employee WHERE login = 'eva'")[0][0])
    cid, _ = dossier_for(stack, eva_id)
    mark = new_session()
    assert login(mark, "mark", "demo").status_code == 303
    r = post(mark, f"/conversations/{cid}/plan", scheduled_at="2027-02-11T10:00",
             version=version(mark, cid))
    assert r.status_code == 303, "the plan is saved whatever the mail does"
    assert xml(mark.get(f"/conversations/{cid}.xml")).xpath("/page/conversation/@status") == ["preparing"]
    res = deliver(stack)
    assert res.returncode == 1 and "exit status 75" in res.stderr, res.stdout + res.stderr
    assert len(messages(box, 1)) == 1, "sendmail was asked"
    assert stack.sql(f"SELECT state, tries FROM mail_queue WHERE conversation_id = {cid}") == \
        [("queued", "1")], "kept for a later try"


def test_reminders_once_per_due_date(stack):
    sendmail, box = fake_mta(stack, "mail-remind")
    stack.write_config({"mail": {"sendmail": str(sendmail), "from": FROM, "url": URL,
                                 "language": "en"}})
    today = date(2027, 3, 1)
    eva_id = int(stack.sql("SELECT id FROM employee WHERE login = 'eva'")[0][0])
    soon, _ = dossier_for(stack, eva_id, due=str(today + timedelta(days=5)))
    later, _ = dossier_for(stack, eva_id, due=str(today + timedelta(days=30)))
    # earlier tests' conversations may be due too: count only ours
    ours = lambda: [m for m, _ in messages(box) if f"/conversations/{soon}" in m.get_content()  # noqa: E731
                    or f"/conversations/{later}" in m.get_content()]

    stack.sql("DELETE FROM mail_queue WHERE state <> 'sent'")
    out = stack.ctl("remind", "--today", str(today)).stdout
    assert "queued" in out
    assert not ours(), "remind only queues"
    assert deliver(stack).returncode == 0
    got = ours()
    emails = sorted(r[0] for r in stack.sql("SELECT email FROM employee WHERE login IN ('eva', 'mark')"))
    assert sorted(m["To"].addresses[0].addr_spec for m in got) == emails, "employee and manager"
    for m in got:
        assert m["Subject"] == "Reminder: Goal-setting conversation due 6 March 2027"
        assert m["Content-Language"] == "en"
        assert m.get_content().startswith(f"Dear {m['To'].addresses[0].display_name},")
        assert f"{URL}/conversations/{soon}" in m.get_content()

    stack.ctl("remind", "--today", str(today))
    deliver(stack)
    assert len(ours()) == 2, "a second run sends nothing again"
    stack.sql(f"UPDATE conversation SET due_on = '{today + timedelta(days=6)}' WHERE id = {soon}")
    stack.ctl("remind", "--today", str(today))
    assert deliver(stack).returncode == 0
    assert len(ours()) == 4, "a new due date is a new reminder"
    assert int(stack.sql(f"SELECT COUNT(*) FROM mail_reminder WHERE conversation_id = {soon}")[0][0]) == 4
    assert not [m for m in ours() if f"/conversations/{later}" in m.get_content()], "30 days: not yet"


def test_remind_without_mail_sends_nothing(stack):
    res = stack.ctl("remind")
    assert "mail is off" in res.stdout
    assert "mail is off" in stack.ctl("mail-send").stdout
    assert stack.ctl("remind", "--today", "2027-02-30", check=False).returncode == 2
