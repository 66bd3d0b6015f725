"""The outgoing mail queue (sql/054_mail_queue.sql): requests only queue
their mail, `gesprekctl mail-send` sends it outside any request, with
retries, and HR sees and restarts what failed.

  * a conversation move that causes a mail answers without running
    sendmail (a stand-in that would sleep 10 s leaves a mark when it
    starts: there is none after the POST), and the mail waits in the queue
    until mail-send delivers it;
  * two mail-send processes at once over 40 queued mails deliver each
    exactly once (FOR UPDATE SKIP LOCKED and the claim token);
  * a sendmail that fails: the try is counted, the next one is scheduled
    later (a second run right away sends nothing), and after the last try
    the mail is failed, shown on /admin/mail with its error and without its
    text; HR's retry queues it again (audited), and it goes out;
  * a retry of a mail that is not failed, of one that does not exist, or
    without the CSRF token changes nothing; non-HR users get 403;
  * a sender that stopped mid-batch leaves rows that are claimed again
    once their lease has passed;
  * `gesprekctl purge` deletes expired sessions, old login attempts and
    old sent mail, and nothing that is still current.
"""

import os
import subprocess
import time

import stack as stack_mod
from conftest import login
from helpers import xml
from test_mail import FROM, URL, dossier_for, fake_mta, messages, person, post, version

# Tries before a mail is failed: MAIL_TRIES_MAX of fcgi/ctl/ctl_mail.c.
TRIES_MAX = 6
SLEEPING_SENDMAIL = """#!/bin/sh
# a stand-in for a slow MTA: leaves a mark as it starts, then takes 10 s
touch "{mark}"
sleep 10
cat > "{box}/$(date +%s%N)-$$.eml"
printf '%s\\n' "$*" > "{box}/$(date +%s%N)-$$.args"
"""
_n = iter(range(1, 10**6))


def clear_queue(stack):
    """Earlier tests' unsent mail would reach this test's stand-in MTA."""
    stack.sql("DELETE FROM mail_queue WHERE state <> 'sent'")


def queue_rows(stack, where):
    return stack.sql_dicts(f"SELECT id, kind, state, tries, recipient, subject, claim, last_error,"
                           f" message IS NULL AS no_message, sent_at,"
                           f" next_try_at > UTC_TIMESTAMP() AS later, version"
                           f" FROM mail_queue WHERE {where} ORDER BY id")


def mail_send(stack):
    return stack.ctl("mail-send", check=False)


def eva_id(stack):
    return int(stack.sql("SELECT id FROM employee WHERE login = 'eva'")[0][0])


def plan(stack, new_session, cid):
    mark = new_session()
    assert login(mark, "mark", "demo").status_code == 303
    r = post(mark, f"/conversations/{cid}/plan", scheduled_at="2027-02-10T09:30",
             version=version(mark, cid))
    assert r.status_code == 303
    return mark


def test_a_move_queues_its_mail_and_never_runs_sendmail(stack, new_session):
    clear_queue(stack)
    d = stack.shared_dir("mailq-slow")
    box = d / "box"
    box.mkdir()
    os.chmod(box, 0o1777)
    mark_file = box / "sendmail-started"
    slow = d / "sendmail"
    slow.write_text(SLEEPING_SENDMAIL.format(mark=mark_file, box=box))
    os.chmod(slow, 0o755)
    stack.reconfigure({"mail": {"sendmail": str(slow), "from": FROM, "url": URL}})
    zoe = person(stack, f"zq{next(_n)}{os.getpid()}", "Zoë Queue", "zoe.q@voorbeeld.example")
    cid, _ = dossier_for(stack, zoe)

    plan(stack, new_session, cid)
    assert not mark_file.exists(), "the request ran sendmail itself"
    (row,) = queue_rows(stack, f"conversation_id = {cid}")
    assert (row["kind"], row["state"], row["tries"], row["recipient"]) == \
        ("invite", "queued", "0", "zoe.q@voorbeeld.example")
    assert row["subject"] == "Uitnodiging: Doelstellingengesprek op 10 februari 2027 om 09:30"
    assert row["no_message"] == "0" and row["sent_at"] is None

    # mail-send delivers it (with a quick stand-in: the point is who sends)
    sendmail, fast_box = fake_mta(stack, "mailq-fast")
    stack.write_config({"mail": {"sendmail": str(sendmail)}})
    res = mail_send(stack)
    assert res.returncode == 0, res.stdout + res.stderr
    (msg, args), = messages(fast_box, 1)
    assert args == ["-t", "-i"]
    assert msg["To"].addresses[0].addr_spec == "zoe.q@voorbeeld.example"
    assert msg["Subject"] == row["subject"]
    assert f"{URL}/conversations/{cid}" in msg.get_body(("plain",)).get_content()
    (row,) = queue_rows(stack, f"conversation_id = {cid}")
    assert (row["state"], row["tries"], row["no_message"]) == ("sent", "1", "1"), \
        "sent, and the text (private content) dropped"
    assert row["sent_at"] and row["claim"] is None
    assert mail_send(stack).returncode == 0
    assert len(messages(fast_box)) == 1, "a sent mail is never sent again"
    assert not mark_file.exists()


def insert_mails(stack, n, tag):
    rcpt = eva_id(stack)
    values = ", ".join(
        f"('remind', {rcpt}, 'eva@voorbeeld.example', 'Wachtrij {tag} {i}', "
        f"{stack_mod.sql_quote(f'To: eva@voorbeeld.example{chr(13)}{chr(10)}Subject: q{chr(13)}{chr(10)}X-Queue-Test: {tag}-{i}{chr(13)}{chr(10)}{chr(13)}{chr(10)}tekst{chr(13)}{chr(10)}')})"
        for i in range(n))
    stack.sql(f"INSERT INTO mail_queue (kind, recipient_id, recipient, subject, message) VALUES {values}")
    return [int(r[0]) for r in stack.sql(f"SELECT id FROM mail_queue WHERE subject LIKE 'Wachtrij {tag} %'")]


def test_two_senders_at_once_deliver_each_mail_exactly_once(stack):
    clear_queue(stack)
    sendmail, box = fake_mta(stack, "mailq-parallel")
    stack.write_config({"mail": {"sendmail": str(sendmail), "from": FROM}})
    tag = f"p{os.getpid()}{next(_n)}"
    ids = insert_mails(stack, 40, tag)
    assert len(ids) == 40
    cmd = [str(stack.gesprekctl_bin), "-c", str(stack.config_path), "mail-send"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=stack.env(), stdin=subprocess.DEVNULL) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, out + err
    got = [m["X-Queue-Test"] for m, _ in messages(box, 40)]
    assert sorted(got) == sorted(f"{tag}-{i}" for i in range(40)), \
        f"each mail exactly once; twice: {sorted({g for g in got if got.count(g) > 1})}"
    rows = queue_rows(stack, f"subject LIKE 'Wachtrij {tag} %'")
    assert {(r["state"], r["tries"]) for r in rows} == {("sent", "1")}
    sent = sum(int(out.split(" sent")[0].split()[-1]) for out, _ in outs)
    assert sent == 40, outs


def test_failing_sendmail_retries_then_fails_and_hr_sends_it_again(stack, new_session):
    clear_queue(stack)
    broken, broken_box = fake_mta(stack, "mailq-broken", status=75)
    stack.reconfigure({"mail": {"sendmail": str(broken), "from": FROM, "url": URL}})
    cid, _ = dossier_for(stack, eva_id(stack))
    plan(stack, new_session, cid)
    (row,) = queue_rows(stack, f"conversation_id = {cid}")
    mid = row["id"]

    res = mail_send(stack)
    assert res.returncode == 1 and "exit status 75" in res.stderr
    (row,) = queue_rows(stack, f"id = {mid}")
    assert (row["state"], row["tries"], row["later"]) == ("queued", "1", "1")
    assert "exit status 75" in row["last_error"]
    assert mail_send(stack).returncode == 0, "not due yet: nothing to do"
    assert queue_rows(stack, f"id = {mid}")[0]["tries"] == "1", "the backoff is kept"

    for tries in range(2, TRIES_MAX + 1):
        stack.sql(f"UPDATE mail_queue SET next_try_at = UTC_TIMESTAMP() WHERE id = {mid}")
        assert mail_send(stack).returncode == 1
        (row,) = queue_rows(stack, f"id = {mid}")
        assert row["tries"] == str(tries)
        assert row["state"] == ("failed" if tries == TRIES_MAX else "queued")
    assert len(messages(broken_box, TRIES_MAX)) == TRIES_MAX, "sendmail was asked each time"
    stack.sql(f"UPDATE mail_queue SET next_try_at = UTC_TIMESTAMP() WHERE id = {mid}")
    assert mail_send(stack).returncode == 0
    assert queue_rows(stack, f"id = {mid}")[0]["tries"] == str(TRIES_MAX), "failed is final"

    # HR sees it, without the text of the message
    hanna = new_session()
    assert login(hanna, "hanna", "demo").status_code == 303
    r = hanna.get("/admin/mail.xml")
    assert r.status_code == 200
    doc = xml(r)
    (m,) = doc.xpath(f"/page/mail-queue/mail[@id = '{mid}']")
    assert (m.get("state"), m.get("kind"), m.get("tries")) == ("failed", "invite", str(TRIES_MAX))
    assert m.get("recipient") == stack.sql("SELECT email FROM employee WHERE login = 'eva'")[0][0]
    assert m.get("subject").startswith("Uitnodiging: Doelstellingengesprek")
    assert "exit status 75" in m.findtext("last-error")
    assert int(doc.xpath("/page/mail-queue/@failed")[0]) >= 1
    assert "heeft het Doelstellingengesprek" not in r.text and "base64" not in r.text, \
        "never the message itself"
    page = hanna.get("/admin/mail")
    assert page.status_code == 200 and "Mislukt" in page.text and "exit status 75" in page.text
    assert f'action="/admin/mail/{mid}/retry"' in page.text
    assert 'href="/admin/mail"' in hanna.get("/admin").text, "linked from the admin index"

    # no CSRF token: refused, nothing changed
    before = queue_rows(stack, f"id = {mid}")[0]
    r = hanna.post(f"/admin/mail/{mid}/retry", data={}, allow_redirects=False)
    assert r.status_code == 403
    assert queue_rows(stack, f"id = {mid}")[0] == before

    # HR's retry: queued again, due now, tries from 0, audited
    r = post(hanna, f"/admin/mail/{mid}/retry")
    assert r.status_code == 303 and r.headers["Location"] == "/admin/mail"
    (row,) = queue_rows(stack, f"id = {mid}")
    assert (row["state"], row["tries"], row["later"]) == ("queued", "0", "0")
    hr_id = stack.sql("SELECT id FROM employee WHERE login = 'hanna'")[0][0]
    assert stack.sql(f"SELECT COUNT(*) FROM audit WHERE entity = 'mail' AND entity_id = {mid} "
                     f"AND action = 'retry' AND actor_id = {hr_id}") == [("1",)]
    # a second retry finds it queued, not failed: 409, nothing changed
    before = queue_rows(stack, f"id = {mid}")[0]
    r = post(hanna, f"/admin/mail/{mid}/retry")
    assert r.status_code == 409
    assert queue_rows(stack, f"id = {mid}")[0] == before
    assert post(hanna, "/admin/mail/999999999/retry").status_code == 404

    # the MTA works again: it goes out
    sendmail, box = fake_mta(stack, "mailq-repaired")
    stack.write_config({"mail": {"sendmail": str(sendmail)}})
    assert mail_send(stack).returncode == 0
    assert len(messages(box, 1)) == 1
    assert queue_rows(stack, f"id = {mid}")[0]["state"] == "sent"


def test_only_hr_sees_the_queue_or_retries(stack, new_session):
    tag = f"h{os.getpid()}{next(_n)}"
    (mid,) = insert_mails(stack, 1, tag)
    stack.sql(f"UPDATE mail_queue SET state = 'failed', tries = {TRIES_MAX} WHERE id = {mid}")
    before = queue_rows(stack, f"id = {mid}")[0]
    for who in ("eva", "mark"):
        s = new_session()
        assert login(s, who, "demo").status_code == 303
        assert s.get("/admin/mail").status_code == 403
        assert s.get("/admin/mail.xml").status_code == 403
        assert post(s, f"/admin/mail/{mid}/retry").status_code == 403
        assert queue_rows(stack, f"id = {mid}")[0] == before, f"{who} changed the mail"
    anonymous = new_session()
    r = anonymous.get("/admin/mail", allow_redirects=False)
    assert r.status_code in (302, 303, 401, 403)
    stack.sql(f"DELETE FROM mail_queue WHERE id = {mid}")


def test_a_stopped_senders_mail_is_claimed_again_after_its_lease(stack):
    clear_queue(stack)
    sendmail, box = fake_mta(stack, "mailq-lease")
    stack.write_config({"mail": {"sendmail": str(sendmail), "from": FROM}})
    tag = f"l{os.getpid()}{next(_n)}"
    stale, current = insert_mails(stack, 2, tag)
    # stale: its sender stopped, the lease is over; current: a live claim
    stack.sql(f"UPDATE mail_queue SET state = 'sending', tries = 1, claim = REPEAT('a', 32), "
              f"next_try_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE id = {stale}")
    stack.sql(f"UPDATE mail_queue SET state = 'sending', tries = 1, claim = REPEAT('b', 32), "
              f"next_try_at = UTC_TIMESTAMP() + INTERVAL 10 MINUTE WHERE id = {current}")
    assert mail_send(stack).returncode == 0
    assert [m["X-Queue-Test"] for m, _ in messages(box, 1)] == [f"{tag}-0"]
    assert (queue_rows(stack, f"id = {stale}")[0]["state"],
            queue_rows(stack, f"id = {stale}")[0]["tries"]) == ("sent", "2")
    row = queue_rows(stack, f"id = {current}")[0]
    assert (row["state"], row["claim"]) == ("sending", "b" * 32), "another sender's claim is kept"
    stack.sql(f"DELETE FROM mail_queue WHERE id = {current}")


def test_purge_removes_only_what_has_expired(stack):
    eva = eva_id(stack)
    tag = f"x{os.getpid()}{next(_n)}"
    old_sent, new_sent, unsent = insert_mails(stack, 3, tag)
    stack.sql(f"UPDATE mail_queue SET state = 'sent', message = NULL, "
              f"sent_at = UTC_TIMESTAMP() - INTERVAL 40 DAY WHERE id = {old_sent}")
    stack.sql(f"UPDATE mail_queue SET state = 'sent', message = NULL, "
              f"sent_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = {new_sent}")
    stack.sql(f"UPDATE mail_queue SET next_try_at = UTC_TIMESTAMP() + INTERVAL 1 DAY, "
              f"created_at = UTC_TIMESTAMP() - INTERVAL 60 DAY WHERE id = {unsent}")
    expired, live = os.urandom(32), os.urandom(32)
    for token, expiry in ((expired, "- INTERVAL 1 HOUR"), (live, "+ INTERVAL 1 HOUR")):
        stack.sql(f"INSERT INTO session (token_sha256, employee_id, csrf, expires_at) VALUES "
                  f"({stack_mod.sql_quote(token)}, {eva}, 'purge-test', UTC_TIMESTAMP() {expiry})")
    stack.sql(f"INSERT INTO login_attempt (login, ip, ok, at) VALUES "
              f"('{tag}-old', '192.0.2.1', 0, UTC_TIMESTAMP() - INTERVAL 8 DAY), "
              f"('{tag}-new', '192.0.2.1', 0, UTC_TIMESTAMP() - INTERVAL 1 DAY)")

    res = stack.ctl("purge")
    assert "purge:" in res.stdout

    left = {r[0] for r in stack.sql(f"SELECT id FROM mail_queue WHERE subject LIKE 'Wachtrij {tag} %'")}
    assert left == {str(new_sent), str(unsent)}, "old sent mail goes; recent and unsent stay"
    sessions = {bytes.fromhex(r[0]) for r in stack.sql(
        "SELECT HEX(token_sha256) FROM session WHERE csrf = 'purge-test'")}
    assert sessions == {live}
    assert stack.sql(f"SELECT login FROM login_attempt WHERE login LIKE '{tag}-%'") == [(f"{tag}-new",)]
    stack.sql(f"DELETE FROM session WHERE csrf = 'purge-test'; "
              f"DELETE FROM login_attempt WHERE login LIKE '{tag}-%'; "
              f"DELETE FROM mail_queue WHERE subject LIKE 'Wachtrij {tag} %'")
