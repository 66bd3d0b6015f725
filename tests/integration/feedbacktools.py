"""Helpers for the feedback tests (issue 17): a template with a feedback
round of the wanted settings (the `gemeente` example with its <feedback>
changed), a fresh dossier of eva (manager mark) whose assessment is on it,
and the round's forms over HTTP.

Invitees are demo people that no role of test_authz_matrix.py plays
(lotte, bram, fleur, thijs, noor, ruben, sophie, lars): that matrix asks
every invitation id of its roles and expects a refusal."""

import itertools
import re
import tempfile

from convtools import csrf, make_dossier
from helpers import xml

INVITEES = ("lotte", "bram", "fleur", "thijs", "noor", "ruben", "sophie", "lars")
STRANGER = "koen"           # neither party, reader nor invitee
FAR = "2099-12-31"          # a deadline no test reaches
# What the writes of a round may touch.
FB_TABLES = ("feedback_invitation", "feedback_answer", "audit", "conversation")

_n = itertools.count(1)


def fb_template(stack, anonymity="anonymous", threshold=3, sees="after_conversation",
                invited_by="both"):
    """The id of a template version with this feedback round (made once)."""
    key = f"fb-{anonymity[:4]}-{threshold}-{sees[:5]}-{invited_by[:4]}"
    query = ("SELECT tv.id FROM template_version tv JOIN template t ON t.id = tv.template_id"
             f" WHERE t.tkey = '{key}' ORDER BY tv.number DESC LIMIT 1")
    rows = stack.sql(query)
    if not rows:
        src = (stack.repo / "conf" / "templates" / "gemeente.xml").read_text()
        src = src.replace('key="gemeente"', f'key="{key}"', 1)
        src, n = re.subn(r"<feedback [^>]*>",
                         f'<feedback conversation="assessment" invited-by="{invited_by}"'
                         f' anonymity="{anonymity}" threshold="{threshold}"'
                         f' employee-sees="{sees}">', src)
        assert n == 1, "gemeente.xml has its feedback round"
        with tempfile.NamedTemporaryFile("w", suffix=".xml") as f:
            f.write(src)
            f.flush()
            stack.ctl("template", "import", f.name)
        rows = stack.sql(query)
    return int(rows[0][0])


def make_round(stack, ids, version, status="preparing"):
    """eva's fresh dossier; its assessment on `version` in `status`."""
    d = make_dossier(stack, ids, prefix=f"Feedback {next(_n)}")
    conv = d["conversations"][2]
    stack.sql(f"UPDATE conversation SET template_version_id = {version}, status = '{status}'"
              f" WHERE id = {conv}")
    d["conv"] = conv
    return d


def person_ids(stack, logins):
    names = ", ".join(f"'{p}'" for p in logins)
    return {login: int(i) for login, i in
            stack.sql(f"SELECT login, id FROM employee WHERE login IN ({names})")}


def invite(s, conv, invitee_id, deadline=FAR, path_suffix=""):
    return s.post(f"/conversations/{conv}/feedback/invitations{path_suffix}",
                  data={"invitee": str(invitee_id), "deadline": deadline, "csrf": csrf(s)},
                  allow_redirects=False)


def invitation_id(stack, conv, invitee_id):
    rows = stack.sql(f"SELECT id FROM feedback_invitation WHERE conversation_id = {conv}"
                     f" AND invitee_id = {invitee_id}")
    assert rows, f"an invitation of {invitee_id} in {conv}"
    return int(rows[0][0])


def answer(s, inv, **fields):
    """POST /feedback/{inv}: fields q1_rating=..., q2_body=..."""
    data = dict(fields)
    data["csrf"] = csrf(s)
    return s.post(f"/feedback/{inv}", data=data, allow_redirects=False)


def round_xml(s, conv):
    r = s.get(f"/conversations/{conv}/feedback.xml")
    assert r.status_code == 200, r.status_code
    return xml(r).xpath("/page/feedback")[0]
