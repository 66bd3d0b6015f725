"""The authorization matrix of a feedback round (issue 17): every route of
the router table (`gesprekctl routes`), for every state of its object,
asked by the roles a round adds -- the inviter (mark, eva's manager), an
invitee (lotte), a stranger (lars: a plain employee who is neither party,
reader nor invitee) and HR (hanna) -- over real HTTP, each page again as
its XML view.  Reuses test_authz_matrix.py's objects and machinery.

Outside the feedback routes a round changes nobody's rights, so the
answers are "the same as an existing role of the matrix": the inviter as
mark, HR as hanna, and the invitee as well as the stranger as daan, the
matrix's employee without any part in its dossiers.  Being invited opens
nothing but one's own invitation.

The feedback routes are asked on objects of their own: "own" is eva's
assessment with an anonymous round (mark her manager, lotte invited),
"other" jesse's (manager iris; bram invited, lotte not), "closed" eva's
round in a closed conversation (lotte invited, the deadline passed),
"missing" an id that does not exist.  Writes send an incomplete form, so
an allowed one answers 400 (or 409 where the round is closed) and
changes nothing.  Every refusal (403) equals the answer for a missing id."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from convtools import people as demo_people, unchanged
from feedbacktools import FAR, FB_TABLES, fb_template, person_ids
from test_authz_matrix import (MATRIX, MISSING_ID, WORKERS, anon, as_xml, objects,  # noqa: F401
                               people, plan_requests, routes_of_gesprekd, run_role, user_rule)

ROLES = ("anonymous", "mark", "lotte", "lars", "hanna")
# Outside the feedback routes each role answers as this role of the matrix.
AS_MATRIX = {"anonymous": "anonymous", "mark": "mark", "hanna": "hanna", "lotte": "daan",
             "lars": "daan"}
FEEDBACK_ROUTES = {("GET", "/conversations/{id}/feedback"),
                   ("POST", "/conversations/{id}/feedback/invitations"),
                   ("GET", "/feedback/{id}"), ("POST", "/feedback/{id}")}
STATES = ("own", "other", "missing", "closed")


def _one(stack, query):
    return int(stack.sql(query)[0][0])


@pytest.fixture(scope="module")
def rounds(stack):
    """The rounds the feedback routes are asked on (the module docstring)."""
    ids = demo_people(stack)
    ids.update(person_ids(stack, ("lotte", "bram", "jesse", "iris")))
    version = fb_template(stack)
    name = f"Feedbackmatrix {_one(stack, 'SELECT COUNT(*) FROM cycle')}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('{name}', '2028-01-01', '2028-12-31', 'open', 'slecht|matig|goed')")
    cycle = _one(stack, f"SELECT id FROM cycle WHERE name = '{name}'")

    def conversation(who, manager, status, seq):
        stack.sql(f"INSERT IGNORE INTO dossier (cycle_id, employee_id, manager_id) VALUES "
                  f"({cycle}, {ids[who]}, {ids[manager]})")
        d = _one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle}"
                        f" AND employee_id = {ids[who]}")
        stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status,"
                  f" template_version_id) VALUES ({d}, 'assessment', {seq}, '2028-12-01',"
                  f" '{status}', {version})")
        return _one(stack, f"SELECT id FROM conversation WHERE dossier_id = {d} AND seq = {seq}")

    def invitation(conv, who, by, deadline=FAR):
        stack.sql(f"INSERT INTO feedback_invitation (conversation_id, invitee_id, invited_by,"
                  f" deadline) VALUES ({conv}, {ids[who]}, {ids[by]}, '{deadline}')")
        return _one(stack, f"SELECT id FROM feedback_invitation WHERE conversation_id = {conv}"
                           f" AND invitee_id = {ids[who]}")

    conv = {"own": conversation("eva", "mark", "preparing", 1),
            "other": conversation("jesse", "iris", "preparing", 1),
            "closed": conversation("eva", "mark", "closed", 2),
            "missing": MISSING_ID}
    inv = {"own": invitation(conv["own"], "lotte", "mark"),
           "other": invitation(conv["other"], "bram", "iris"),
           "closed": invitation(conv["closed"], "lotte", "mark", "2001-01-01"),
           "missing": MISSING_ID}
    return {"conv": conv, "inv": inv}


def feedback_rule(pattern, method):
    """Expected status of (role, state) on a feedback route."""
    def round_page(role, state):
        if state == "missing":
            return 403
        if role == "hanna":
            return 200
        return 200 if role == "mark" and state != "other" else 403

    def invite(role, state):
        if role != "mark" or state in ("other", "missing"):
            return 403
        return 409 if state == "closed" else 400

    def sheet(role, state):
        return 200 if role == "lotte" and state in ("own", "closed") else 403

    def answer(role, state):
        if role != "lotte" or state not in ("own", "closed"):
            return 403
        return 409 if state == "closed" else 400

    fn = {"/conversations/{id}/feedback": round_page,
          "/conversations/{id}/feedback/invitations": invite,
          "/feedback/{id}": sheet if method == "GET" else answer}[pattern]
    return user_rule(method, fn)


def feedback_cells(rounds):
    cells = []
    for method, pattern in sorted(FEEDBACK_ROUTES):
        kind = "inv" if pattern.startswith("/feedback/") else "conv"
        rule = feedback_rule(pattern, method)
        twin_url = pattern.replace("{id}", str(MISSING_ID))
        for state in STATES:
            url = pattern.replace("{id}", str(rounds[kind][state]))
            cells.append((method, pattern, state, url, {}, rule, (twin_url, {})))
            if method == "GET":
                def xml_rule(role, st, rule=rule):
                    want = rule(role, st)
                    return 403 if role == "anonymous" and want == 303 else want
                cells.append((method, pattern + " [xml]", state, as_xml(url), {}, xml_rule,
                              (as_xml(twin_url), {})))
    return cells


def matrix_cells(objects, people):
    """The matrix's own cells but for the feedback routes, each rule asked
    for the matrix role this role answers as."""
    out = []
    for method, pattern, state, url, fields, rule, twin in plan_requests(objects, people):
        if (method, pattern.replace(" [xml]", "")) in FEEDBACK_ROUTES:
            continue
        out.append((method, pattern, state, url, fields,
                    lambda role, st, rule=rule: rule(AS_MATRIX[role], st), twin))
    return out


@pytest.fixture(scope="module")
def answers(stack, objects, people, rounds):
    stack.sql("DELETE FROM login_attempt")
    cells = matrix_cells(objects, people) + feedback_cells(rounds)
    with unchanged(stack, ("feedback_invitation", "feedback_answer"),
                   "the feedback matrix"):
        with ThreadPoolExecutor(WORKERS) as pool:
            results = dict(pool.map(lambda role: run_role(stack, role, cells), ROLES))
    stack.sql("DELETE FROM login_attempt")
    return results


def test_every_route_is_asked(stack):
    table = {(m, p) for m, p, _ in routes_of_gesprekd(stack)}
    assert FEEDBACK_ROUTES <= table, "the feedback routes are in the router table"
    assert table <= set(MATRIX), "every route has a rule (test_authz_matrix.py)"


def test_feedback_matrix(answers):
    wrong = []
    cells = 0
    for role, got in answers.items():
        for method, pattern, state, url, want, status, *_ in got:
            cells += 1
            if status != want:
                wrong.append(f"{role:9} {state:7} {method:4} {url}: {status}, expected {want}")
    assert cells > 500, f"only {cells} cells"
    assert not wrong, f"{len(wrong)} of {cells} answers differ:\n" + "\n".join(wrong)


def test_refusals_do_not_tell_whether_the_object_exists(answers):
    differ = []
    compared = 0
    for role, got in answers.items():
        readable = {url for method, _, _, url, _, status, *_ in got
                    if method == "GET" and status == 200}
        for method, pattern, state, url, want, status, location, body, twin in got:
            if twin is None or state == "missing" or status != 403:
                continue
            conv = "/".join(url.split("/")[:3])
            signed = b"error-signed" in body or b'<error code="403" reason="signed"' in body
            if state == "closed" and conv in readable and signed:
                continue
            compared += 1
            t_status, t_body, t_url = twin
            if (status, body) != (t_status, t_body):
                differ.append(f"{role} {method} {url} ({state}): {status} vs {t_status}")
    assert compared > 100, f"only {compared} refusals compared"
    assert not differ, "\n".join(differ)
