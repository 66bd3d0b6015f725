"""The second assessor's mail (issue 17), read from the test mail sink
test_mail.py uses (a sendmail stand-in that keeps each message):

  * the manager finalizes an assessment that needs a second assessor: the
    second assessor (sanne, the manager's manager) is asked to approve it,
    and the employee is not asked to sign yet;
  * the second assessor returns it: the manager gets a mail with the
    reason, in the manager's own language (English here: their choice in
    the user menu), the Dutch text being the default;
  * the manager finalizes again: the second assessor is asked again; the
    approval asks the employee to sign.
The queue rows name each kind (review, review_return, sign) and recipient."""

import pytest

from convtools import make_dossier, people, post, version
from reviewtools import finalize, held_assessment, review_row
from summaries import rebuild_summaries
from test_mail import FROM, URL, deliver, fake_mta, messages

REASON = "Onderbouw doel 1 beter; het eindoordeel past niet bij de doelen."


@pytest.fixture(scope="module", autouse=True)
def fresh_summaries(stack):
    rebuild_summaries(stack)


@pytest.fixture
def ids(stack):
    return people(stack)


def queued(stack, cid):
    """(kind, recipient) of each mail queued about the conversation."""
    return [(k, r) for k, r in stack.sql("SELECT kind, recipient FROM mail_queue WHERE"
                                         f" conversation_id = {cid} ORDER BY id")]


def email_of(stack, who):
    return stack.sql(f"SELECT email FROM employee WHERE login = '{who}'")[0][0]


def test_the_review_mails(stack, ids, users):
    sendmail, box = fake_mta(stack, "review-mail")
    stack.reconfigure({"mail": {"sendmail": str(sendmail), "from": FROM, "url": URL}})
    stack.sql("DELETE FROM mail_queue WHERE state <> 'sent'")
    for who in ("eva", "mark", "sanne"):
        stack.sql(f"UPDATE employee SET email = '{who}@voorbeeld.example' WHERE id = {ids[who]}")
    stack.sql(f"UPDATE employee SET lang = 'en' WHERE id = {ids['mark']}")
    try:
        mark, sanne, eva = users("mark"), users("sanne"), users("eva")
        d = make_dossier(stack, ids, prefix="Tweedemail")
        cid, _ = held_assessment(stack, d, mark)
        stack.sql(f"DELETE FROM mail_queue WHERE conversation_id = {cid}")

        # Finalized: the second assessor is asked, not the employee.
        finalize(mark, cid)
        assert queued(stack, cid) == [("review", "sanne@voorbeeld.example")]
        assert deliver(stack).returncode == 0
        (msg, _), = [m for m in messages(box, 1) if f"/conversations/{cid}" in m[0].get_content()]
        assert msg["To"].addresses[0].addr_spec == "sanne@voorbeeld.example"
        assert msg["Content-Language"] == "nl"
        assert msg["Subject"] == ("Wacht op je goedkeuring als tweede beoordelaar:"
                                  " Beoordelingsgesprek van Eva de Vries")
        body = msg.get_content()
        assert body.startswith("Beste Sanne Bakker,")
        assert "Mark Jansen heeft de beoordeling van Eva de Vries definitief opgeslagen" in body
        assert d["cycle_name"] in body and f"{URL}/conversations/{cid}" in body

        # Returned: the manager gets the reason, in English (his choice).
        r = post(sanne, f"/conversations/{cid}/review/return", version=version(sanne, cid),
                 reason=REASON)
        assert r.status_code == 303
        assert queued(stack, cid)[1:] == [("review_return", "mark@voorbeeld.example")]
        assert deliver(stack).returncode == 0
        got = [m for m, _ in messages(box, 2) if m["To"].addresses[0].addr_spec ==
               "mark@voorbeeld.example"]
        assert len(got) == 1
        msg = got[0]
        assert msg["Content-Language"] == "en"
        assert msg["Subject"] == "Returned by the second assessor: Assessment conversation of Eva de Vries"
        body = msg.get_content()
        assert body.startswith("Dear Mark Jansen,")
        assert f"The reason: {REASON}" in body and f"{URL}/conversations/{cid}" in body

        # Finalized again: asked again; approved: now the employee signs.
        finalize(mark, cid)
        assert queued(stack, cid)[2:] == [("review", "sanne@voorbeeld.example")]
        assert post(sanne, f"/conversations/{cid}/review/approve",
                    version=version(sanne, cid)).status_code == 303
        assert review_row(stack, cid) == ("finalized", "approved", ids["sanne"])
        assert queued(stack, cid)[3:] == [("sign", "eva@voorbeeld.example")]
        assert deliver(stack).returncode == 0
        got = [m for m, _ in messages(box, 4) if m["To"].addresses[0].addr_spec ==
               "eva@voorbeeld.example"]
        assert [m["Subject"] for m in got] == ["Wacht op je handtekening: Beoordelingsgesprek"]
        assert post(eva, f"/conversations/{cid}/sign", verdict="agree").status_code == 303
    finally:
        stack.sql(f"UPDATE employee SET lang = NULL WHERE id = {ids['mark']}")


def test_without_a_second_assessor_the_employee_is_asked(stack, ids, users):
    sendmail, box = fake_mta(stack, "review-mail-none")
    stack.reconfigure({"mail": {"sendmail": str(sendmail), "from": FROM, "url": URL}})
    stack.sql(f"UPDATE employee SET email = 'eva@voorbeeld.example' WHERE id = {ids['eva']}")
    mark = users("mark")
    d = make_dossier(stack, ids, prefix="Tweedemailgeen")
    cid, _ = held_assessment(stack, d, mark, required=False)
    stack.sql(f"DELETE FROM mail_queue WHERE conversation_id = {cid}")
    finalize(mark, cid)
    assert queued(stack, cid) == [("sign", "eva@voorbeeld.example")]
