"""The authorization matrix: every route of the router table (read from
`gesprekctl routes`, so a route added without an entry here fails), asked
by every role, for every state of the object its path names, over real
HTTP; then the ids that travel in form fields.

Roles (demo data): anonymous; eva (employee, manager mark); daan (another
employee of mark); mark (manager); iris (another manager); sanne (mark's
and iris's manager); hanna (HR).

Object states: "own" is eva's side of the organisation (her dossier, with
mark as manager and sanne above him), "other" someone else's (jesse's,
manager iris), "missing" an id that does not exist, "closed" a closed
conversation, a dossier of a closed cycle, a closed cycle, an inactive
employee.  For the HR-only routes "own" and "other" are two objects HR
manages alike.

Writes carry a valid CSRF token and a form that is deliberately incomplete
(or a stale version), so an allowed POST answers 400 or 409 after the
access check and changes nothing; the few moves without fields (share,
close) act on objects made for them.  Expected answers follow DESIGN §6 and
the handlers; where they disagree the difference is written next to the
entry.

Every page is asked again as its XML view (DESIGN §7: same rules).  Every
refusal (403) is compared with the answer for a nonexistent id: same
status, same body, so that nothing tells whether the object exists.
"""

import itertools
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest

from conftest import StackSession, login
from convtools import checksums
from helpers import DEPARTMENT_PATHS_FILL, xml
from summaries import keep_summaries

ROLES = ("anonymous", "eva", "daan", "mark", "iris", "sanne", "hanna")
USERS = ROLES[1:]
MANAGERS = {"mark", "iris", "sanne", "hanna"}   # hanna manages joost and stijn
STATES = ("own", "other", "missing", "closed")
MISSING_ID = 999999999
STALE_VERSION = "999999"      # any write with it conflicts: 409
WORKERS = 4                   # roles asked in parallel

_names = itertools.count(1)


# ---------------------------------------------------------------------------
# the objects
# ---------------------------------------------------------------------------

def _one(stack, query):
    return int(stack.sql(query)[0][0])


def _cycle(stack, name, status):
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('{name}', '2028-01-01', '2028-12-31', '{status}', 'slecht|matig|goed')")
    return _one(stack, f"SELECT id FROM cycle WHERE name = '{name}'")


def _conversations(stack, dossier, states):
    """One conversation per (key, type, status, shared) of `states`."""
    out = {}
    for seq, (key, ctype, status) in enumerate(states, start=1):
        stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status, "
                  f"employee_shared, manager_shared) VALUES ({dossier}, '{ctype}', {seq}, "
                  f"'2028-06-30', '{status}', 1, 1)")
        out[key] = _one(stack, f"SELECT id FROM conversation WHERE dossier_id = {dossier} "
                               f"AND seq = {seq}")
    return out


CONVERSATION_STATES = (("prep", "goal_setting", "preparing"), ("held", "progress", "held"),
                       ("assess", "assessment", "preparing"),
                       ("final", "goal_setting", "finalized"), ("closed", "progress", "closed"))


def _item(stack, dossier, conversation, author):
    title = f"Matrixdoel {next(_names)}"
    stack.sql(f"INSERT INTO item (dossier_id, kind, title, created_in_conversation_id, "
              f"author_id, responsible_id) VALUES ({dossier}, 'result', '{title}', "
              f"{conversation}, {author}, {author})")
    return _one(stack, f"SELECT id FROM item WHERE title = '{title}'")


@pytest.fixture(scope="module")
def people(stack):
    rows = stack.sql("SELECT login, id FROM employee WHERE login IN "
                     "('eva','daan','mark','iris','sanne','hanna','jesse')")
    return {name: int(i) for name, i in rows}


@pytest.fixture(scope="module")
def objects(stack, people):
    """Everything the matrix points at, made in the database."""
    n = next(_names)
    o = {}
    o["cycle"] = _cycle(stack, f"Matrix open {n}", "open")
    o["cycle_other"] = _cycle(stack, f"Matrix ander {n}", "open")
    o["cycle_closed"] = _cycle(stack, f"Matrix dicht {n}", "closed")
    # Two cycles for POST /admin/cycles/{id}/close, which has no field to
    # leave out: HR closes them for real.
    o["close_own"] = _cycle(stack, f"Matrix sluit {n}", "open")
    o["close_other"] = _cycle(stack, f"Matrix sluit ook {n}", "open")

    def dossier(cycle, who, manager, status="open"):
        stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id, status) VALUES "
                  f"({cycle}, {people[who]}, {people[manager]}, '{status}')")
        return _one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle} "
                           f"AND employee_id = {people[who]}")

    o["dossier"] = dossier(o["cycle"], "eva", "mark")
    o["dossier_other"] = dossier(o["cycle"], "jesse", "iris")
    o["dossier_closed"] = dossier(o["cycle_closed"], "eva", "mark", "closed")
    o["conv"] = _conversations(stack, o["dossier"], CONVERSATION_STATES)
    o["conv_other"] = _conversations(stack, o["dossier_other"], CONVERSATION_STATES)
    o["conv_closed_cycle"] = _conversations(stack, o["dossier_closed"],
                                            (("closed", "goal_setting", "closed"),))
    o["item"] = _item(stack, o["dossier"], o["conv"]["prep"], people["eva"])
    o["item_other"] = _item(stack, o["dossier_other"], o["conv_other"]["prep"], people["jesse"])
    o["item_closed"] = _item(stack, o["dossier_closed"], o["conv_closed_cycle"]["closed"],
                             people["eva"])
    for cycle in (o["cycle"], o["cycle_closed"]):
        keep_summaries(stack, cycle)

    for key, cycle in (("goal", o["cycle"]), ("goal_other", o["cycle"]),
                       ("goal_closed", o["cycle_closed"])):
        title = f"Matrix organisatiedoel {next(_names)}"
        stack.sql(f"INSERT INTO org_goal (cycle_id, title) VALUES ({cycle}, '{title}')")
        o[key] = _one(stack, f"SELECT id FROM org_goal WHERE title = '{title}'")
    for key, cycle in (("collective", o["cycle"]), ("collective_other", o["cycle"]),
                       ("collective_closed", o["cycle_closed"])):
        title = f"Matrix collectief {next(_names)}"
        stack.sql(f"INSERT INTO collective_goal (cycle_id, title) VALUES ({cycle}, '{title}')")
        o[key] = _one(stack, f"SELECT id FROM collective_goal WHERE title = '{title}'")
    for key in ("department", "department_other"):
        name = f"Matrixafdeling {next(_names)}"
        stack.sql(f"INSERT INTO department (name) VALUES ('{name}'); {DEPARTMENT_PATHS_FILL}")
        o[key] = _one(stack, f"SELECT id FROM department WHERE name = '{name}' "
                             f"AND parent_id IS NULL")
    # The competence dictionary and job profiles (issue 16).
    for key in ("competence", "competence_other"):
        ckey = f"matrix-{n}-{next(_names)}".lower().replace(" ", "-")
        stack.sql(f"INSERT INTO competence (ckey, name_nl, definition_nl) VALUES "
                  f"('{ckey}', 'Matrixcompetentie', 'x')")
        o[key] = _one(stack, f"SELECT id FROM competence WHERE ckey = '{ckey}'")
    for key in ("job_profile", "job_profile_other"):
        pkey = f"matrix-{n}-{next(_names)}".lower().replace(" ", "-")
        stack.sql(f"INSERT INTO job_profile (pkey, name_nl) VALUES ('{pkey}', 'Matrixprofiel')")
        o[key] = _one(stack, f"SELECT id FROM job_profile WHERE pkey = '{pkey}'")
    # Mail in the queue: two queued ones that no sender takes (due in
    # 2099), one sent.
    for key, state in (("mail", "queued"), ("mail_other", "queued"), ("mail_sent", "sent")):
        subject = f"Matrixmail {next(_names)}"
        stack.sql(f"INSERT INTO mail_queue (kind, recipient_id, recipient, subject, message, "
                  f"state, next_try_at) VALUES ('remind', {people['eva']}, 'eva@example.org', "
                  f"'{subject}', 'x', '{state}', '2099-01-01')")
        o[key] = _one(stack, f"SELECT id FROM mail_queue WHERE subject = '{subject}'")
    gone = f"matrixweg{n}"
    stack.sql(f"INSERT INTO employee (login, name, active) VALUES ('{gone}', 'Weg {n}', 0)")
    o["employee_inactive"] = _one(stack, f"SELECT id FROM employee WHERE login = '{gone}'")
    # Form templates (issue 16): two made by import; a template has no
    # closed state.
    for key, tkey in (("template", "standaard"), ("template_other", "matrix-vorm")):
        if tkey != "standaard" and not stack.sql(f"SELECT id FROM template WHERE tkey = '{tkey}'"):
            src = (stack.repo / "conf" / "templates" / "kwartaal.xml").read_text()
            with tempfile.NamedTemporaryFile("w", suffix=".xml") as f:
                f.write(src.replace('key="kwartaal"', f'key="{tkey}"', 1))
                f.flush()
                stack.ctl("template", "import", f.name)
        o[key] = _one(stack, f"SELECT id FROM template WHERE tkey = '{tkey}'")
    # Proposals from the cycle before (issue 15), on the goal settings
    # above: already dropped, so that a party's accept or drop answers 409
    # and changes nothing; the closed one is of the closed cycle.
    for key, conv in (("proposal", o["conv"]["prep"]), ("proposal_other", o["conv_other"]["prep"]),
                      ("proposal_closed", o["conv_closed_cycle"]["closed"])):
        title = f"Matrixvoorstel {next(_names)}"
        stack.sql(f"INSERT INTO proposal (conversation_id, source_item_id, source_cycle_id,"
                  f" source_status, kind, title, status) VALUES ({conv}, {o['item']},"
                  f" {o['cycle_closed']}, 'open', 'result', '{title}', 'dropped')")
        o[key] = _one(stack, f"SELECT id FROM proposal WHERE title = '{title}'")
    return o


# ---------------------------------------------------------------------------
# who is who towards an object
# ---------------------------------------------------------------------------

def side(role, state):
    """The role's part in the dossier of an object in this state
    (conv_view.c decide_side): employee, manager, reader or None."""
    if state == "missing" or role == "anonymous":
        return None
    if role == "hanna":
        return "reader"
    if state == "other":   # jesse's dossier: iris manages, sanne above her
        return {"iris": "manager", "sanne": "reader"}.get(role)
    return {"eva": "employee", "mark": "manager", "sanne": "reader"}.get(role)


def party(role, state):
    return side(role, state) in ("employee", "manager")


# Each rule maps (role, state) to the expected status.  Anonymous users are
# sent to the login page on a GET for a page and refused on anything else.

def anon(method, xml_=False):
    return 303 if method == "GET" and not xml_ else 403


def user_rule(method, fn, xml_=False):
    """A ROLE_USER route: fn(role, state) decides for logged-in users."""
    def rule(role, state):
        return anon(method, xml_) if role == "anonymous" else fn(role, state)
    return rule


def hr_rule(method, ok, missing=404, closed=None, other=None):
    """A ROLE_HR route: the role check (403) comes before any lookup, so
    no id, existing or not, tells a non-HR user anything."""
    def rule(role, state):
        if role == "anonymous":
            return anon(method)
        if role != "hanna":
            return 403
        if state == "missing":
            return missing
        if state == "closed" and closed is not None:
            return closed
        if state == "other" and other is not None:
            return other
        return ok
    return rule


def read(role, state):
    return 200 if side(role, state) else 403


def edit(role, state):
    """Items, updates, remarks: a party while the conversation is open for
    changes (never in a closed one)."""
    return 400 if party(role, state) and state != "closed" else 403


def open_editor(role, state):
    """An item editor (issue 15): what its POST allows -- a party, while
    the conversation is open for changes; a signed report answers its
    explanation (403)."""
    return 200 if party(role, state) and state != "closed" else 403


def decided(role, state):
    """A proposal already decided: a party of an open dossier learns that
    (409), anyone else is refused."""
    return 409 if party(role, state) and state != "closed" else 403


def manager_move(ok):
    def fn(role, state):
        return ok if side(role, state) == "manager" and state != "closed" else 403
    return fn


def share(role, state):
    return 303 if party(role, state) and state != "closed" else 403


def sign(role, state):
    # A finalized report: the employee signs first (no verdict sent: 400);
    # the manager's turn comes after that (403 until then).
    return 400 if side(role, state) == "employee" and state != "closed" else 403


def reopen(role, state):
    # HR reopens a finalized or closed conversation (no reason sent: 400).
    return 400 if role == "hanna" and state != "missing" else 403


def reports(role, state):
    if role not in MANAGERS:
        return 403
    return 400 if state == "missing" else 200


def export(role, state):
    if role not in MANAGERS:
        return 403
    return 404 if state == "missing" else 200


def everyone(status):
    return lambda role, state: status


# (method, pattern) -> (object kind or None, rule, conversation key or None).
# The conversation key picks, for "own" and "other", the conversation in
# the state the move starts from; "closed" is always a closed one.
G, P = "GET", "POST"
MATRIX = {
    (G, "/"): (None, user_rule(G, everyone(200)), None),
    # A logged-in user is sent home from the login form.
    (G, "/login"): (None, lambda r, s: 200 if r == "anonymous" else 303, None),
    # No credentials: refused like a wrong password, for anyone.
    (P, "/login"): (None, lambda r, s: 403, None),
    (P, "/logout"): (None, user_rule(P, everyone(303)), None),
    # The user menu's language switch: no language sent, 400 for anyone.
    (P, "/me/language"): (None, user_rule(P, everyone(400)), None),
    # For load balancers: public, no session, the same answer for anyone.
    (G, "/health"): (None, everyone(200), None),
    # After a logout through single sign-on (issue 19): public; a logged-in
    # user is sent home, as from the login form.
    (G, "/logged-out"): (None, lambda r, s: 200 if r == "anonymous" else 303, None),
    # The idle warning's "stay logged in" (gesprek.js): a session's touch.
    (G, "/session/alive"): (None, user_rule(G, everyone(204)), None),

    (G, "/dossiers/{id}"): ("dossier", user_rule(G, read), None),
    (G, "/conversations/{id}"): ("conversation", user_rule(G, read), "prep"),
    # No date planned in any of them: nothing for a calendar (404) once
    # access is granted.
    (G, "/conversations/{id}.ics"): ("conversation",
                                    user_rule(G, lambda r, s: 404 if side(r, s) else 403), "prep"),
    # The signed report as hashed (signed.c): the report page's readers;
    # none of these conversations has a snapshot (made in SQL, or open),
    # so a reader gets 404 once access is granted.
    (G, "/conversations/{id}/signed"): ("conversation", user_rule(
        G, lambda r, s: 404 if side(r, s) else 403, xml_=True), "prep"),
    # One item editor at a time, at its own URL (issue 15): the
    # conversation and an item of it ("conv_item"; the item of a progress
    # note is carried into the held progress conversation).
    (G, "/conversations/{id}/items/new"): ("conversation", user_rule(G, open_editor), "prep"),
    (G, "/conversations/{id}/items/{id}/edit"): ("conv_item", user_rule(G, open_editor), "prep"),
    (G, "/conversations/{id}/items/{id}/update"): ("conv_item", user_rule(G, open_editor),
                                                   "held"),
    (P, "/conversations/{id}/items"): ("conversation", user_rule(P, edit), "prep"),
    (P, "/items/{id}"): ("item", user_rule(P, edit), None),
    # Named with a finalized conversation of the item's dossier (form_for):
    # refused for everyone, the author too, and nothing is ever deleted
    # here; the author's delete while open is in test_guards.py.
    (P, "/items/{id}/delete"): ("item", user_rule(P, lambda r, s: 403), None),
    (P, "/conversations/{id}/updates"): ("conversation", user_rule(P, edit), "prep"),
    (P, "/conversations/{id}/remarks"): ("conversation", user_rule(P, edit), "prep"),
    (P, "/conversations/{id}/overall"): ("conversation", user_rule(P, manager_move(400)), "assess"),
    # An answer of the form (issue 16): a party while open, like a remark.
    (P, "/conversations/{id}/answers"): ("conversation", user_rule(P, edit), "prep"),
    (P, "/conversations/{id}/plan"): ("conversation", user_rule(P, manager_move(400)), "prep"),
    (P, "/conversations/{id}/share"): ("conversation", user_rule(P, share), "prep"),
    (P, "/conversations/{id}/held"): ("conversation", user_rule(P, manager_move(409)), "prep"),
    (P, "/conversations/{id}/finalize"): ("conversation", user_rule(P, manager_move(409)), "held"),
    (P, "/conversations/{id}/sign"): ("conversation", user_rule(P, sign), "final"),
    (P, "/conversations/{id}/reopen"): ("conversation", user_rule(P, reopen), "final"),
    # A goal setting's proposals (issue 15): each made already decided.
    (P, "/proposals/{id}/accept"): ("proposal", user_rule(P, decided), None),
    (P, "/proposals/{id}/drop"): ("proposal", user_rule(P, decided), None),

    (G, "/admin/cycles"): (None, hr_rule(G, 200), None),
    (G, "/admin/cycles/new"): (None, hr_rule(G, 200), None),
    (P, "/admin/cycles"): (None, hr_rule(P, 400), None),
    (G, "/admin/cycles/{id}"): ("cycle", hr_rule(G, 200), None),
    (P, "/admin/cycles/{id}"): ("cycle", hr_rule(P, 400, closed=409), None),
    # The form is checked before the cycle is looked up: HR learns nothing
    # it could not see on /admin/cycles anyway.
    (P, "/admin/cycles/{id}/start"): ("cycle", hr_rule(P, 400), None),
    # Joiners and leavers: an empty form is refused before anything is looked up.
    (P, "/admin/cycles/{id}/people"): ("cycle", hr_rule(P, 400), None),
    # Without confirm it only asks (200, nothing written: test_guards.py);
    # the matrix confirms.
    (P, "/admin/cycles/{id}/close"): ("cycle_close", hr_rule(P, 303, closed=409), None),
    # An empty form is refused before the closed cycle would be.
    (P, "/admin/cycles/{id}/goals"): ("cycle", hr_rule(P, 400), None),
    (P, "/admin/goals/{id}"): ("goal", hr_rule(P, 400), None),
    (P, "/admin/cycles/{id}/collective"): ("cycle", hr_rule(P, 400), None),
    (P, "/admin/collective/{id}"): ("collective", hr_rule(P, 400), None),
    (P, "/admin/collective/{id}/status"): ("collective", hr_rule(P, 400), None),
    # The id in the query string (QUERY below).
    (G, "/admin/audit"): ("dossier", hr_rule(G, 200), None),

    (G, "/admin"): (None, hr_rule(G, 200), None),
    (G, "/admin/employees"): (None, hr_rule(G, 200), None),
    (G, "/admin/employees/new"): (None, hr_rule(G, 200), None),
    (P, "/admin/employees"): (None, hr_rule(P, 400), None),
    (G, "/admin/employees/{id}"): ("employee", hr_rule(G, 200), None),
    (P, "/admin/employees/{id}"): ("employee", hr_rule(P, 400), None),
    (P, "/admin/employees/{id}/deactivate"): ("employee", hr_rule(P, 400), None),
    (P, "/admin/employees/{id}/activate"): ("employee", hr_rule(P, 400), None),
    # No reason: a 400 on the employee's page (404 without one); a lift of
    # no hold: 409.  Neither changes anything.
    (P, "/admin/employees/{id}/hold"): ("employee", hr_rule(P, 400), None),
    # The right of access (issue 18, access.c): hanna's export of a person.
    (G, "/admin/employees/{id}/export"): ("employee", hr_rule(G, 200), None),
    (P, "/admin/employees/{id}/release"): ("employee", hr_rule(P, 409), None),
    # No profile named is "none": HR's empty form takes the profile away
    # (the matrix's employees have none: nothing changes).
    (P, "/admin/employees/{id}/profile"): ("employee", hr_rule(P, 303), None),
    # No manager named: a bare 400 before any lookup.
    (P, "/admin/dossiers/{id}/manager"): ("dossier", hr_rule(P, 400, missing=400), None),
    (G, "/admin/departments"): (None, hr_rule(G, 200), None),
    (P, "/admin/departments"): (None, hr_rule(P, 400), None),
    (G, "/admin/departments/{id}"): ("department", hr_rule(G, 200), None),
    (P, "/admin/departments/{id}"): ("department", hr_rule(P, 400), None),
    # An HR advisor on a department (issue 17): no login named, 400 on the
    # department's page; a missing department has no page (404).
    (P, "/admin/departments/{id}/advisors"): ("department", hr_rule(P, 400), None),
    (G, "/admin/competences"): (None, hr_rule(G, 200), None),
    (P, "/admin/competences"): (None, hr_rule(P, 400), None),
    (G, "/admin/competences/export"): (None, hr_rule(G, 200), None),
    # No file and no mode: refused before anything is read.
    (P, "/admin/competences/import"): (None, hr_rule(P, 400), None),
    (G, "/admin/competences/{id}"): ("competence", hr_rule(G, 200), None),
    (P, "/admin/competences/{id}"): ("competence", hr_rule(P, 400), None),
    (G, "/admin/profiles"): (None, hr_rule(G, 200), None),
    (P, "/admin/profiles"): (None, hr_rule(P, 400), None),
    (G, "/admin/profiles/{id}"): ("job_profile", hr_rule(G, 200), None),
    (P, "/admin/profiles/{id}"): ("job_profile", hr_rule(P, 400), None),
    # A job profile's key result areas (issue 16): no op is a bare 400;
    # a missing profile is looked up for the page that names it: 404.
    (P, "/admin/profiles/{id}/areas"): ("job_profile", hr_rule(P, 400), None),
    (G, "/admin/import"): (None, hr_rule(G, 200), None),
    (P, "/admin/import"): (None, hr_rule(P, 400), None),
    # Every field is optional: an empty form saves the empty mapping.
    (P, "/admin/import/mapping"): (None, hr_rule(P, 303), None),
    (G, "/admin/mail"): (None, hr_rule(G, 200), None),
    # The privacy statement (issue 18): hanna, in hr_group, is both the
    # administrator and the auditor it is for (test_privacy_statement.py).
    (G, "/admin/privacy"): (None, hr_rule(G, 200), None),
    # Only a failed mail can be queued again: the queued ("own", "other")
    # and the sent one ("closed") are refused after the lookup, unchanged.
    (P, "/admin/mail/{id}/retry"): ("mail", hr_rule(P, 409), None),

    # Form templates (issue 16, admin_templates.c).  An import without a
    # file is refused before anything is read.
    (G, "/admin/templates"): (None, hr_rule(G, 200), None),
    (P, "/admin/templates/import"): (None, hr_rule(P, 400), None),
    (G, "/admin/templates/{id}"): ("template", hr_rule(G, 200), None),
    (G, "/admin/templates/{id}/export"): ("template", hr_rule(G, 200), None),
    # The editor (admin_template_edit.c): an empty POST presses no button
    # and answers the form again (200), writing nothing.
    (G, "/admin/templates/new"): (None, hr_rule(G, 200), None),
    (P, "/admin/templates/new"): (None, hr_rule(P, 200), None),
    (G, "/admin/templates/{id}/edit"): ("template", hr_rule(G, 200), None),
    (P, "/admin/templates/{id}/edit"): ("template", hr_rule(P, 200), None),

    # The cycle in the query string (QUERY below): a missing one is a
    # field error (400) for those who may see reports at all.
    (G, "/reports"): ("report_cycle", user_rule(G, reports), None),
    (G, "/reports/people"): ("report_cycle", user_rule(G, reports), None),
    # A reminder to the people of a list (reports_remind.c): the empty form
    # names no list, refused after the role check; the team check is in
    # test_report_remind.py.
    (P, "/reports/people/remind"): (None, user_rule(
        P, lambda r, s: 400 if r in MANAGERS else 403), None),
    (G, "/reports/cycles/{id}"): ("report_cycle", user_rule(G, export, xml_=True), None),
    (G, "/reports/cycles/{id}.csv"): ("report_cycle", user_rule(G, export), None),
    (G, "/me/export"): (None, user_rule(G, everyone(200), xml_=True), None),

    # 360-degree feedback (issue 17, feedback.c).  The matrix's
    # conversations are on the default template, which has no feedback
    # round: whoever may read the conversation learns that (404), anyone
    # else is refused.  An invitation is its invitee's alone and no role of
    # this matrix is ever invited (the feedback tests invite others), so
    # every id is refused alike.  test_authz_feedback.py asks the roles of
    # a real round.
    (G, "/conversations/{id}/feedback"): ("conversation", user_rule(
        G, lambda r, s: 404 if side(r, s) else 403), "prep"),
    (P, "/conversations/{id}/feedback/invitations"): ("conversation", user_rule(
        P, lambda r, s: 404 if side(r, s) else 403), "prep"),
    (G, "/feedback/{id}"): ("conversation", user_rule(G, lambda r, s: 403), "prep"),
    (P, "/feedback/{id}"): ("conversation", user_rule(P, lambda r, s: 403), "prep"),
}
# The second assessor (issue 17): none of these conversations names one,
# so everyone is refused; the second assessor's own answers, route by
# route and state by state, are test_authz_second.py's.
MATRIX.update({
    (P, "/conversations/{id}/review/approve"): ("conversation", user_rule(P, everyone(403)), "final"),
    (P, "/conversations/{id}/review/return"): ("conversation", user_rule(P, everyone(403)), "final"),
    (P, "/conversations/{id}/review/change"): ("conversation", user_rule(P, everyone(403)), "final"),
    # HR names a department's second assessor: no version sent, 400.
    (P, "/admin/departments/{id}/second-assessor"): ("department", hr_rule(P, 400), None),
})

# Deputies (issue 17, pages/deputy.c).  Everyone has the page (where they
# stand in; a manager's own appointments); an empty appointment is a form
# error for anyone (400, nothing written).  An end names an appointment:
# without its version it is refused before any lookup (400), so the ids
# here (dossiers', none an appointment) tell nothing.  The deputy's
# access to dossiers: test_authz_deputy.py.
MATRIX.update({
    (G, "/deputies"): (None, user_rule(G, everyone(200)), None),
    (P, "/deputies"): (None, user_rule(P, everyone(400)), None),
    (P, "/deputies/{id}/end"): ("dossier", user_rule(P, everyone(400)), None),
    (G, "/admin/employees/{id}/deputies"): ("employee", hr_rule(G, 200), None),
})

# Calibration (issue 17, pages/calibration.c): the view is a manager's
# and an HR advisor's (hanna is both), anyone else is refused as a
# stranger; an empty form is refused before any lookup (400 for those who
# may calibrate somewhere; a decision without the proposal's version:
# 400 for anyone), so the ids here (cycles', no round or proposal) tell
# nothing.  Each role's answers for real rounds and proposals, state by
# state: test_authz_calibration.py.
MATRIX.update({
    (G, "/calibration"): (None, user_rule(G, lambda r, s: 200 if r in MANAGERS else 403), None),
    (P, "/calibration/rounds"): (None, user_rule(
        P, lambda r, s: 400 if r in MANAGERS else 403), None),
    (P, "/calibration/rounds/{id}/close"): ("cycle", user_rule(
        P, lambda r, s: 400 if r in MANAGERS else 403), None),
    (P, "/calibration/rounds/{id}/proposals"): ("cycle", user_rule(
        P, lambda r, s: 400 if r in MANAGERS else 403), None),
    (P, "/calibration/proposals/{id}/accept"): ("cycle", user_rule(P, everyone(400)), None),
    (P, "/calibration/proposals/{id}/reject"): ("cycle", user_rule(P, everyone(400)), None),
})

# A cycle's demand for a second assessor (issue 17, admin_cycle.c): HR
# only; without a version the form is refused (400; 404 for no such cycle).
MATRIX.update({
    (P, "/admin/cycles/{id}/second-assessor"): ("cycle", hr_rule(P, 400), None),
    # The HR advisor's list of dossiers (advisor.c): hanna, advisor of
    # every department, reads it; everyone else is refused (403).
    (G, "/advisor/dossiers"): (None, user_rule(G, lambda r, s: 200 if r == "hanna" else 403),
                               None),
})

# Routes answered only as XML (the parser strips ".xml"): asked with it.
XML_ONLY = {"/reports/cycles/{id}", "/me/export", "/conversations/{id}/signed"}
# Routes whose object id travels in the query string.
QUERY = {
    "/admin/audit": "?entity=dossier&id={id}",
    "/reports": "?cycle={id}",
    "/reports/people": "?cycle={id}&metric=dossiers",
    "/conversations/{id}/items/new": "?kind=result",
}
# Kinds of object without a "closed" state.
NO_CLOSED = {"department", "competence", "job_profile", "template"}


def routes_of_gesprekd(stack):
    res = subprocess.run([str(stack.gesprekctl_bin), "routes"], capture_output=True, text=True,
                         env=stack.env(), timeout=30, check=True)
    out = []
    for line in res.stdout.splitlines():
        # The columns after the role are the declared fields (declared.py).
        method, pattern, role = line.split("\t")[:3]
        out.append((method, pattern, role))
    return out


def object_id(o, kind, conv_key, state):
    if state == "missing":
        return (MISSING_ID, MISSING_ID) if kind == "conv_item" else MISSING_ID
    if kind == "conv_item":
        # (conversation, item): the item of that conversation's dossier;
        # "closed": eva's item in her dossier's closed conversation.
        conv = object_id(o, "conversation", conv_key, state)
        return (conv, o["item_other"] if state == "other" else o["item"])
    if kind == "conversation":
        if state == "closed":
            return o["conv"]["closed"]
        return (o["conv"] if state == "own" else o["conv_other"])[conv_key]
    table = {
        "dossier": ("dossier", "dossier_other", "dossier_closed"),
        "item": ("item", "item_other", "item_closed"),
        "cycle": ("cycle", "cycle_other", "cycle_closed"),
        "cycle_close": ("close_own", "close_other", "cycle_closed"),
        "report_cycle": ("cycle", "cycle_other", "cycle_closed"),
        "goal": ("goal", "goal_other", "goal_closed"),
        "collective": ("collective", "collective_other", "collective_closed"),
        "employee": (None, None, "employee_inactive"),
        "department": ("department", "department_other", None),
        "competence": ("competence", "competence_other", None),
        "job_profile": ("job_profile", "job_profile_other", None),
        "mail": ("mail", "mail_other", "mail_sent"),
        "proposal": ("proposal", "proposal_other", "proposal_closed"),
        "template": ("template", "template_other", None),
    }[kind]
    key = table[("own", "other", "closed").index(state)]
    if kind == "employee" and key is None:
        return None   # filled in by the caller: eva, jesse
    return o[key]


# ---------------------------------------------------------------------------
# asking
# ---------------------------------------------------------------------------

class Asker:
    """One role's browser: a logged-in session (or none) and its token."""

    def __init__(self, stack, role):
        self.role = role
        self.base = stack.base_url
        self.s = StackSession(stack.base_url)
        self.csrf = ""
        if role != "anonymous":
            assert login(self.s, role, "demo").status_code == 303, f"login {role}"
            self.csrf = xml(self.s.get("/.xml")).get("csrf")

    def ask(self, method, url, fields=None):
        if method == "GET":
            return self.s.get(url, allow_redirects=False)
        data = dict(fields or {})
        if self.csrf:
            data["csrf"] = self.csrf
        return self.s.post(url, data=data, allow_redirects=False)


def form_for(pattern, o, state):
    """The deliberately incomplete form of a POST: what the handler needs to
    reach its access check, never enough to change anything."""
    if pattern == "/items/{id}":
        # The conversation the item is edited in: the item's own.
        conv = {"own": o["conv"]["prep"], "other": o["conv_other"]["prep"],
                "closed": o["conv_closed_cycle"]["closed"], "missing": o["conv"]["prep"]}[state]
        return {"conversation": str(conv)}
    if pattern == "/items/{id}/delete":
        conv = {"own": o["conv"]["final"], "other": o["conv_other"]["final"],
                "closed": o["conv_closed_cycle"]["closed"], "missing": o["conv"]["final"]}[state]
        return {"conversation": str(conv)}
    if pattern.endswith(("/held", "/finalize")):
        return {"version": STALE_VERSION}
    if pattern in ("/admin/cycles/{id}/close", "/proposals/{id}/drop"):
        return {"confirm": "1"}
    return {}


def url_of(pattern, oid):
    url = pattern
    # two ids (a conversation and its item): in their order
    for one in (oid if isinstance(oid, tuple) else (oid,)):
        url = url.replace("{id}", str(one), 1 if isinstance(oid, tuple) else -1)
    if pattern in XML_ONLY:
        url += ".xml"
    return url + QUERY.get(pattern, "").replace("{id}", str(oid))


def plan_requests(o, people):
    """[(method, pattern, state, url, fields, rule, twin)] for every cell;
    twin is the same request for a nonexistent id (None without ids)."""
    cells = []
    for (method, pattern), (kind, rule, conv_key) in MATRIX.items():
        if kind is None:
            cells.append((method, pattern, "-", url_of(pattern, None), form_for(pattern, o, "own"),
                          rule, None))
            continue
        twin = (url_of(pattern, object_id(o, kind, conv_key, "missing")),
                form_for(pattern, o, "missing"))
        for state in STATES:
            if state == "closed" and kind in NO_CLOSED:
                continue
            oid = object_id(o, kind, conv_key, state)
            if oid is None:
                oid = people["eva"] if state == "own" else people["jesse"]
            cells.append((method, pattern, state, url_of(pattern, oid),
                          form_for(pattern, o, state), rule, twin))
    return cells + xml_views(cells)


def as_xml(url):
    path, q, query = url.partition("?")
    return path + ".xml" + q + query


def xml_views(cells):
    """Every page again as its XML view (DESIGN §7: the same access rules);
    an anonymous user gets 403 there instead of the way to the login form."""
    def xml_rule(rule):
        def r(role, state):
            want = rule(role, state)
            return 403 if role == "anonymous" and want == 303 else want
        return r
    out = []
    for method, pattern, state, url, fields, rule, twin in cells:
        if method != "GET" or pattern in XML_ONLY or pattern.endswith((".ics", ".csv")):
            continue
        out.append((method, pattern + " [xml]", state, as_xml(url), fields, xml_rule(rule),
                    (as_xml(twin[0]), twin[1]) if twin else None))
    return out


def _path(url):
    """The path as the page XML echoes it (without query and ".xml")."""
    path = url.split("?", 1)[0]
    return (path[:-4] if path.endswith(".xml") else path).encode()


def run_role(stack, role, cells):
    """Every cell for one role (/logout on a session of its own: it ends
    the session).  A refusal (403) is followed at once by the same request
    for a nonexistent id, so that both are asked in the same session state
    (a flash message left by an earlier write shows on both); the path
    itself, which the XML view echoes, is blanked in both bodies."""
    a = Asker(stack, role)
    got = []
    for method, pattern, state, url, fields, rule, twin in cells:
        asker = Asker(stack, role) if pattern == "/logout" else a
        r = asker.ask(method, url, fields)
        seen = None
        if twin and r.status_code == 403:
            t = asker.ask(method, twin[0], twin[1])
            seen = (t.status_code, t.content.replace(_path(twin[0]), b"{path}"), twin[0])
        got.append((method, pattern, state, url, rule(role, state), r.status_code,
                    r.headers.get("Location", ""), r.content.replace(_path(url), b"{path}"),
                    seen))
    return role, got


@pytest.fixture(scope="module")
def answers(stack, objects, people):
    stack.sql("DELETE FROM login_attempt")
    cells = plan_requests(objects, people)
    with ThreadPoolExecutor(WORKERS) as pool:
        results = dict(pool.map(lambda role: run_role(stack, role, cells), ROLES))
    stack.sql("DELETE FROM login_attempt")
    return results


# ---------------------------------------------------------------------------
# the tests
# ---------------------------------------------------------------------------

def test_every_route_has_an_entry(stack):
    table = routes_of_gesprekd(stack)
    assert len(table) >= 40, "gesprekctl routes printed the route table"
    routes = {(m, p) for m, p, _ in table}
    missing = sorted(routes - set(MATRIX))
    stale = sorted(set(MATRIX) - routes)
    assert not missing, f"routes without an entry in the authorization matrix: {missing}"
    assert not stale, f"matrix entries for routes that do not exist: {stale}"


def test_role_column_agrees_with_the_table(stack):
    """The matrix says HR-only where the table does (hr_rule), and the
    table says HR-only for every /admin route."""
    for method, pattern, role in routes_of_gesprekd(stack):
        if pattern.startswith("/admin"):
            # The audit trail is the auditor's (issue 17; hanna, in
            # hr_group, is auditor too): test_authz_roles.py.
            want = {"/admin/audit": "auditor",
                    "/admin/privacy": "hr_or_auditor"}.get(pattern, "hr")
            assert role == want, f"{method} {pattern} is not {want}-only in the route table"
        if role == "public":
            assert pattern in ("/login", "/health", "/logged-out"), \
                f"{method} {pattern} is public"


def test_matrix(answers):
    wrong = []
    cells = 0
    for role, got in answers.items():
        for method, pattern, state, url, want, status, location, _, _ in got:
            cells += 1
            if status != want:
                wrong.append(f"{role:9} {state:7} {method:4} {url}: {status}, expected {want}")
            elif status == 303 and want == 303 and role == "anonymous" and method == "GET":
                # the login form carries the page asked for (issue 15)
                if location != "/login" and location != "/login?next=" + quote(url, safe=""):
                    wrong.append(f"{role} {method} {url}: redirect to {location}, not /login")
    assert cells > 1000, f"only {cells} cells"
    assert not wrong, f"{len(wrong)} of {cells} answers differ:\n" + "\n".join(wrong)


def test_refusals_do_not_tell_whether_the_object_exists(answers):
    """For each route and role: where an existing object (own, other,
    closed) is refused with 403, the answer is the very one for an id
    that does not exist."""
    differ = []
    compared = 0
    for role, got in answers.items():
        # A write to a signed report the role may read, or its editor, says
        # so (issue 15, error_signed_page; its XML view too): the role knows
        # that conversation exists.
        readable = {url for method, _, _, url, _, status, *_ in got
                    if method == "GET" and status == 200}
        for method, pattern, state, url, want, status, location, body, twin in got:
            if twin is None or state == "missing":
                continue
            conv = "/".join(url.split("/")[:3])
            signed = b"error-signed" in body or b'<error code="403" reason="signed"' in body
            if state == "closed" and status == 403 and conv in readable and signed:
                continue
            compared += 1
            t_status, t_body, t_url = twin
            if (status, body) != (t_status, t_body):
                differ.append(f"{role} {method} {url} ({state}): {status} vs {t_status} "
                              f"for {t_url}, bodies {'equal' if body == t_body else 'differ'}")
    assert compared > 300, f"only {compared} refusals compared"
    assert not differ, "\n".join(differ)


# ---------------------------------------------------------------------------
# ids in form fields
# ---------------------------------------------------------------------------

@pytest.fixture
def asker(stack):
    made = {}

    def get(role):
        if role not in made:
            made[role] = Asker(stack, role)
        return made[role]
    return get


def _count(stack, table, where):
    return int(stack.sql(f"SELECT COUNT(*) FROM {table} WHERE {where}")[0][0])


def test_item_edit_names_a_conversation_of_another_dossier(stack, objects, asker):
    """POST /items/{own item} with conversation = someone else's: the
    conversation decides whose dossier is checked, and the item must be in
    it -- refused either way, nothing changed."""
    before = stack.sql(f"SELECT title, version FROM item WHERE id = {objects['item']}")
    for role, conv, item in (("eva", objects["conv_other"]["prep"], objects["item"]),
                             ("iris", objects["conv_other"]["prep"], objects["item"]),
                             ("eva", objects["conv"]["prep"], objects["item_other"]),
                             ("mark", objects["conv"]["prep"], objects["item_other"]),
                             ("eva", MISSING_ID, objects["item"])):
        r = asker(role).ask("POST", f"/items/{item}", {
            "conversation": str(conv), "version": "1", "title": "overgenomen",
            "kind": "result", "deadline": "2028-05-01"})
        assert r.status_code == 403, (role, conv, item, r.status_code)
    assert stack.sql(f"SELECT title, version FROM item WHERE id = {objects['item']}") == before


def test_update_names_an_item_of_another_dossier(stack, objects, asker):
    own_conv = objects["conv"]["prep"]
    for role, item in (("eva", objects["item_other"]), ("mark", objects["item_other"]),
                       ("eva", MISSING_ID), ("eva", objects["item_closed"])):
        before = _count(stack, "item_update", f"conversation_id = {own_conv}")
        r = asker(role).ask("POST", f"/conversations/{own_conv}/updates",
                            {"item": str(item), "note": "stiekem", "status": "achieved"})
        assert r.status_code == 403, (role, item, r.status_code)
        assert _count(stack, "item_update", f"conversation_id = {own_conv}") == before


def test_item_add_with_ids_of_another_cycle_or_nobody(stack, objects, people, asker):
    """org_goal of another cycle, a responsible who does not exist or is
    inactive: the field is refused (400), nothing is added."""
    conv = objects["conv"]["prep"]
    for field, value in (("org_goal", objects["goal_closed"]), ("org_goal", MISSING_ID),
                         ("responsible", MISSING_ID),
                         ("responsible", objects["employee_inactive"])):
        before = _count(stack, "item", f"dossier_id = {objects['dossier']}")
        r = asker("mark").ask("POST", f"/conversations/{conv}/items", {
            "kind": "result", "title": "Met vreemd id", "deadline": "2028-05-01",
            field: str(value)})
        assert r.status_code == 400, (field, value, r.status_code)
        doc = xml(asker("mark").s.post(f"/conversations/{conv}/items.xml", data={
            "kind": "result", "title": "Met vreemd id", "deadline": "2028-05-01",
            field: str(value), "csrf": asker("mark").csrf}))
        assert doc.xpath(f"//form/field[@name='{field}']/@error"), (field, value)
        assert _count(stack, "item", f"dossier_id = {objects['dossier']}") == before


def test_dossier_manager_move_to_nobody(stack, objects, asker):
    before = stack.sql(f"SELECT manager_id FROM dossier WHERE id = {objects['dossier']}")
    for manager in (MISSING_ID, objects["employee_inactive"]):
        r = asker("hanna").ask("POST", f"/admin/dossiers/{objects['dossier']}/manager",
                               {"manager": str(manager)})
        assert r.status_code in (400, 404, 409), (manager, r.status_code)
    assert stack.sql(f"SELECT manager_id FROM dossier WHERE id = {objects['dossier']}") == before


# Every id that travels in a declared field (gesprekctl routes), and where
# its "someone else's or nobody's" case is shown.  A field declared as an id
# without an entry here fails the test below, so a new one is thought about.
# The conversation writes of issue 16 (the form's answers, the weighted
# outcome's confirmation) in every state a conversation passes through, not
# only the one the matrix names: CONVERSATION_STATES' keys, and the types
# they have (prep: goal setting, held: progress, assess: assessment).
FORM_WRITE_TABLES = ("conversation_answer", "competence_rating", "conversation")
OPEN_STATUSES = {"prep", "held", "assess"}     # conversation_editable: not yet finalized


def form_write_want(pattern, role, state, conv_key):
    """An empty form: a party of a conversation still open gets to the
    field check (400); everyone else is refused (403), a party of a
    finalized or closed one too (the signed report's explanation)."""
    who = side(role, state)
    if conv_key not in OPEN_STATUSES or who not in ("employee", "manager"):
        return 403
    if pattern.endswith("/overall"):
        # the final rating: the manager's, and only of an assessment
        return 400 if who == "manager" and conv_key == "assess" else 403
    return 400


def test_form_writes_in_every_conversation_state(stack, objects, people, asker):
    cases = []
    for pattern in ("/conversations/{id}/answers", "/conversations/{id}/overall"):
        for state, convs in (("own", objects["conv"]), ("other", objects["conv_other"])):
            for conv_key, conv in convs.items():
                cases.append((pattern, state, conv_key, conv))
        cases.append((pattern, "own", "closed", objects["conv_closed_cycle"]["closed"]))
    sessions = {role: asker(role) for role in ROLES}
    before = checksums(stack, FORM_WRITE_TABLES)
    wrong = []
    for pattern, state, conv_key, conv in cases:
        url = pattern.replace("{id}", str(conv))
        for role, a in sessions.items():
            got = a.ask("POST", url, {}).status_code
            want = 403 if role == "anonymous" else form_write_want(pattern, role, state, conv_key)
            if got != want:
                wrong.append(f"{role:9} {state:5} {conv_key:6} POST {url}: {got}, expected {want}")
    assert not wrong, "\n".join(wrong)
    assert checksums(stack, FORM_WRITE_TABLES) == before


ID_FIELD_CASES = {
    ("POST /conversations/{id}/items", "responsible"): "test_item_add_with_ids_of_another_cycle_or_nobody",
    ("POST /conversations/{id}/items", "org_goal"): "test_item_add_with_ids_of_another_cycle_or_nobody",
    ("POST /items/{id}", "conversation"): "test_item_edit_names_a_conversation_of_another_dossier",
    ("POST /items/{id}/delete", "conversation"):
        "test_guards.py::test_author_deletes_an_item_while_open (another conversation: 403)",
    ("POST /items/{id}", "responsible"): "test_write_access.py::test_responsible_outside_the_form_is_refused",
    ("POST /items/{id}", "org_goal"): "test_item_add_with_ids_of_another_cycle_or_nobody (same check)",
    ("POST /conversations/{id}/updates", "item"): "test_update_names_an_item_of_another_dossier",
    ("POST /admin/dossiers/{id}/manager", "manager"): "test_dossier_manager_move_to_nobody",
    ("GET /admin/audit", "id"): "HR only; HR reads every trail (DESIGN §6)",
    ("GET /admin/audit", "dossier"):
        "test_hr_pages.py::test_audit_search_is_hr_only (HR only; HR reads every trail)",
    ("GET /reports", "cycle"): "test_reports.py::test_overview_bad_filter",
    ("GET /reports", "department"): "test_reports.py::test_overview_numbers (a manager's scope is his dossiers)",
    ("GET /reports/people", "cycle"): "test_reports.py::test_people_collective_of_another_cycle",
    ("GET /reports/people", "department"): "test_reports.py::test_overview_numbers (same scope)",
    ("POST /reports/people/remind", "cycle"):
        "test_report_remind.py::test_manager_reminds_their_own_team_only (a scope without their team: 403)",
    ("POST /reports/people/remind", "department"):
        "test_report_remind.py::test_manager_reminds_their_own_team_only (a scope without their team: 403)",
    ("GET /reports/cycles/{id}", "department"): "test_reports.py::test_manager_exports_own_team_only",
    ("GET /reports/cycles/{id}.csv", "department"): "test_reports.py::test_manager_exports_own_team_only",
    ("POST /admin/cycles/{id}/people", "employee"):
        "test_cycle_flow.py::test_a_hire_gets_a_dossier_after_hr_confirms (not due: 409)",
}
# The HR advisor's list (issue 17): the cycle only filters the advisor's
# own dossiers; a page's cursor outside their reach gives an empty page.
ID_FIELD_CASES.update({
    ("GET /advisor/dossiers", "cycle"): "test_advisor_list.py::test_search_by_name_and_cycle",
    ("GET /advisor/dossiers", "after"):
        "test_advisor_list.py::test_a_cursor_outside_the_reach_tells_nothing",
})
# HR gives any job profile to anyone (issue 16); a missing one is a form
# error that changes nothing.
ID_FIELD_CASES[("POST /admin/employees/{id}/profile", "job_profile")] = (
    "test_competences.py::test_employee_page_shows_and_sets_the_job_profile (HR only;"
    " an unknown profile: 400, nothing changed)")
# A competence rated on a conversation form (issue 16): one of the
# employee's job profile, checked in the write.
ID_FIELD_CASES[("POST /conversations/{id}/answers", "competence")] = (
    "test_form_template.py::test_refused_answers_change_nothing (a competence outside the"
    " employee's job profile: 400, nothing changed)")
# The organisation goals a start copies (copy1 ... copyN): each must be of
# the cycle before, or the start is refused.
ID_FIELD_CASES.update({
    ("POST /admin/cycles/{id}/start", f"copy{n}"):
        "test_cycle_flow.py::test_a_goal_of_another_cycle_refuses_the_whole_start"
    for n in range(1, 21)})
# The form templates a start names (issue 16): HR chooses among every
# template, department and job profile; an unknown one, or a version of
# another template, refuses the start and changes nothing.
ID_FIELD_CASES.update({
    ("POST /admin/cycles/{id}/start", f): "test_cycle_template.py::test_refused_choices_change_nothing"
    for f in ["template", "template_version"] + [
        f"{kind}{n}{suffix}" for kind in ("dep", "profile") for n in range(1, 6)
        for suffix in ("", "_template")]})
# A key result area changed on its profile's page (issue 16): HR manages
# every profile alike; an area of another profile, or none, is refused
# (404) and neither profile changes.
ID_FIELD_CASES[("POST /admin/profiles/{id}/areas", "area")] = (
    "test_profile_areas.py::test_an_area_of_another_profile_is_not_changed")
# HR-only routes whose ids name departments: HR manages every department
# alike, so there is no one else's; a missing one is a form error.
HR_DEPARTMENT_FIELDS = ("department", "parent")
# A result goal's key result area and a development point's competence
# (issue 16): one of the employee's job profile, on the kind that takes it,
# checked in the write; another profile's, a wrong kind or a missing id is
# refused on the field and nothing is written.
ID_FIELD_CASES.update({
    (route, f): "test_goal_rules.py::test_a_link_outside_the_profile_is_refused"
    for route in ("POST /conversations/{id}/items", "POST /items/{id}")
    for f in ("area", "competence")})

# The colleague a feedback round invites (issue 17): any active employee
# but the dossier's own, checked in the write.
ID_FIELD_CASES[("POST /conversations/{id}/feedback/invitations", "invitee")] = (
    "test_feedback.py::test_invitation_refusals (the employee herself, an inactive colleague,"
    " nobody: 400, nothing written)")


# Deputies (issue 17): the manager named (HR only; anyone else naming
# another: 403) and the report (one of the manager's, checked in the write).
ID_FIELD_CASES.update({
    ("POST /deputies", "manager"):
        "test_deputy.py::test_refused_appointments_change_nothing (a manager naming another"
        " manager: 403, nothing changed; HR: test_hr_appoints_for_a_manager_on_the_employee_page)",
    ("POST /deputies", "employee"):
        "test_deputy.py::test_refused_appointments_change_nothing (not a report of the"
        " manager: 400, nothing changed)",
})
# The goal whose rating a second assessor changes (issue 17): a result goal
# of the conversation's own dossier, checked in the write.
ID_FIELD_CASES[("POST /conversations/{id}/review/change", "target_id")] = (
    "test_second_assessor.py::test_change_a_rating_needs_a_reason_and_a_level (another"
    " dossier's goal: 400, nothing changed)")
# h-deputy2 (issue 17): a borrowed team's manager on the report pages
ID_FIELD_CASES[("GET /reports", "team")] = (
    "test_deputy_reports.py::test_a_deputy_for_all_reports_reads_the_managers_team_report"
    " (a team not borrowed: 403, as for a stranger)")
ID_FIELD_CASES[("GET /reports/people", "team")] = (
    "test_deputy_reports.py::test_no_team_report_outside_an_all_reports_period (before,"
    " after, ended, one report: 403)")


# Calibration (issue 17): the cycle and department of the view and of a
# round (the viewer's right to that department, checked in the handler
# and again in the write), the conversation of a proposal (of the round's
# cycle and department, finalized and unsigned, checked in the write).
ID_FIELD_CASES.update({
    ("GET /calibration", "cycle"):
        "test_authz_calibration.py::test_calibration_matrix (every role, every state)",
    ("GET /calibration", "department"):
        "test_authz_calibration.py::test_calibration_matrix (every role, every state)",
    ("POST /calibration/rounds", "cycle"):
        "test_authz_calibration.py::test_calibration_matrix (every role, every state)",
    ("POST /calibration/rounds", "department"):
        "test_authz_calibration.py::test_calibration_matrix (every role, every state)",
    ("POST /calibration/rounds/{id}/proposals", "conversation"):
        "test_calibration.py::test_proposal_refusals_change_nothing (another department's"
        " conversation, a signed one: 400/409, nothing written)",
})


def test_every_declared_id_field_has_its_case(stack):
    import declared
    missing = []
    for route in declared.routes_declared(stack):
        for f in route.fields:
            if f.type != "id":
                continue
            if route.role == "hr" and f.name in HR_DEPARTMENT_FIELDS:
                continue
            if (route.id, f.name) not in ID_FIELD_CASES:
                missing.append(f"{route.id} {f.name}")
    assert not missing, "ids in form fields without an access case: " + ", ".join(missing)
    here = globals()
    for case in ID_FIELD_CASES.values():
        name = case.split(" ")[0]
        if name.startswith("test_") and "::" not in name:
            assert name in here, f"{case}: no such test in this file"
