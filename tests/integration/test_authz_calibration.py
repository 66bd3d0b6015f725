"""The authorization matrix for calibration (issue 17): every calibration
route (test_authz_matrix.py's MATRIX, which fails for a route without an
entry, asks them with empty forms) x every role x every state of its
object, asked here with real rounds and proposals, over real HTTP, with
the matrix's machinery (Asker, run_role).

Objects, made in the database for an open cycle and a closed one:
  own      Binnendienst (eva's department, manager mark): its open round,
           a decided proposal of eva's assessment;
  other    Klantenservice (jesse's, manager iris): the same;
  closed   Binnendienst in the closed cycle; a closed round; an expired
           proposal;
  missing  an id that does not exist.

The rule (rules/calibration.h), role by role:
  - the view and a round's writes are for those who calibrate the
    department: a manager of a dossier of the cycle in it (mark own and
    closed, iris other), an HR advisor assigned to it or above it (advisor
    of Verkoop: own and closed; advisor2 of Klantenservice: other), hanna
    (HR before the split: advisor of every department).  They get the
    page (200), or their write's own refusal after the access check: a
    round already open (409), a closed cycle or round (409), the same
    rating (400); a missing department is hanna's 404.
  - a decision is the dossier's manager's: a decided or expired proposal
    answers them 409; a deputy of mark for all his reports decides mark's
    proposals as mark does during the period (deputy_during: 409 on own
    and closed), and before and after it (deputy_before, deputy_after) is
    refused every calibration route as a stranger;
  - everyone else -- eva and daan, sanne (manager of managers, of no
    dossier here), the HR administrator and the auditor -- is refused as a
    stranger (403), and the refusal is the same, byte for byte, as for an
    id that does not exist.
Nothing changes in any cell."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest

import hr_roles
from convtools import checksums
from helpers import insert
from summaries import keep_summaries
from test_authz_matrix import STALE_VERSION, Asker, run_role  # noqa: F401

MISSING = 999999999
STATES = ("own", "other", "closed", "missing")
MATRIX_USERS = ("anonymous", "eva", "daan", "mark", "iris", "sanne", "hanna")
SPLIT_ROLES = ("admin", "advisor", "advisor2", "auditor")
# (Not the audit table: every login writes to it; the calibration rows in
# it are counted instead.)
TABLES = ("calibration_round", "calibration_proposal", "conversation", "review_event",
          "signature")
AUDITED = "SELECT COUNT(*) FROM audit WHERE action LIKE 'calibration_%'"
# Who calibrates which department: (role, state) pairs.
CALIBRATES = {
    "hanna": set(STATES),
    "mark": {"own", "closed"}, "advisor": {"own", "closed"},
    "iris": {"other"}, "advisor2": {"other"},
}
# Who decides the proposals of each state: the dossier's manager.
DECIDES = {"own": "mark", "closed": "mark", "other": "iris"}
# Deputies of mark for all his reports (issue 17), by their period in days
# from today (site.timezone): during it the deputy decides as mark does.
ZONE = "Europe/Amsterdam"
DEPUTY_PERIODS = {"deputy_before": (1, 5), "deputy_during": (0, 0), "deputy_after": (-5, -1)}
STANDS_IN = {"deputy_during": "mark"}


def _one(stack, q):
    return int(stack.sql(q)[0][0])


@pytest.fixture(scope="module")
def world(stack):
    ids = {n: int(i) for n, i in stack.sql(
        "SELECT login, id FROM employee WHERE login IN ('eva','jesse','mark','iris','hanna')")}
    dept = {n: _one(stack, f"SELECT id FROM department WHERE name = '{n}'")
            for n in ("Binnendienst", "Klantenservice")}
    w = {"dept": dept}
    for key, status in (("cycle", "open"), ("cycle_closed", "closed")):
        name = f"Kalibratie matrix {key} {stack.sql('SELECT UUID()')[0][0][:8]}"
        stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES"
                  f" ('{name}', '2028-01-01', '2028-12-31', '{status}', 'slecht|matig|goed')")
        w[key] = _one(stack, f"SELECT id FROM cycle WHERE name = '{name}'")
    conv = {}
    for cycle_key, who, manager in (("cycle", "eva", "mark"), ("cycle", "jesse", "iris"),
                                    ("cycle_closed", "eva", "mark")):
        cycle = w[cycle_key]
        stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES"
                  f" ({cycle}, {ids[who]}, {ids[manager]})")
        d = _one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle} AND employee_id = {ids[who]}")
        stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status,"
                  f" overall_rating, held_on) VALUES ({d}, 'assessment', 1, '2028-12-15',"
                  f" 'finalized', 2, '2028-12-01')")
        conv[(cycle_key, who)] = _one(stack, f"SELECT id FROM conversation WHERE dossier_id = {d}")

    def round_(cycle, department, status):
        stack.sql(f"INSERT INTO calibration_round (cycle_id, department_id, status, opened_by)"
                  f" VALUES ({cycle}, {department}, '{status}', {ids['hanna']})")
        return _one(stack, f"SELECT MAX(id) FROM calibration_round WHERE cycle_id = {cycle}"
                           f" AND department_id = {department}")

    def proposal(rnd, cid, status):
        stack.sql(f"INSERT INTO calibration_proposal (round_id, conversation_id, author_id,"
                  f" old_rating, new_rating, reason, status) VALUES ({rnd}, {cid},"
                  f" {ids['hanna']}, 2, 3, 'Matrix', '{status}')")
        stack.sql(f"UPDATE conversation SET calibration = 'done' WHERE id = {cid}")
        return _one(stack, f"SELECT MAX(id) FROM calibration_proposal WHERE round_id = {rnd}")

    w["round"] = {"own": round_(w["cycle"], dept["Binnendienst"], "open"),
                  "other": round_(w["cycle"], dept["Klantenservice"], "open"),
                  "closed": round_(w["cycle"], dept["Binnendienst"], "closed"),
                  "missing": MISSING}
    w["conv"] = {"own": conv[("cycle", "eva")], "other": conv[("cycle", "jesse")],
                 "closed": conv[("cycle", "eva")], "missing": conv[("cycle", "eva")]}
    w["proposal"] = {"own": proposal(w["round"]["own"], w["conv"]["own"], "rejected"),
                     "other": proposal(w["round"]["other"], w["conv"]["other"], "rejected"),
                     "closed": proposal(w["round"]["closed"], w["conv"]["own"], "expired"),
                     "missing": MISSING}
    w["view"] = {"own": (w["cycle"], dept["Binnendienst"]),
                 "other": (w["cycle"], dept["Klantenservice"]),
                 "closed": (w["cycle_closed"], dept["Binnendienst"]),
                 "missing": (w["cycle"], MISSING)}
    for c in (w["cycle"], w["cycle_closed"]):
        keep_summaries(stack, c)
    return w


def anon(method, xml_=False):
    return 303 if method == "GET" and not xml_ else 403


def view_want(role, state):
    if role not in CALIBRATES:
        return 403
    if state == "missing":
        return 404 if state in CALIBRATES[role] else 403
    return 200 if state in CALIBRATES[role] else 403


def open_want(role, state):
    """A round already open (own, other), a closed cycle: 409; no such
    department: 404."""
    if role not in CALIBRATES or state not in CALIBRATES[role]:
        return 403
    return 404 if state == "missing" else 409


def close_want(role, state):
    """A stale version (own, other), a closed round: 409; no round: 403."""
    if state == "missing" or role not in CALIBRATES or state not in CALIBRATES[role]:
        return 403
    return 409


def propose_want(role, state):
    """The same rating (own, other): 400; a closed round: 409."""
    if state == "missing" or role not in CALIBRATES or state not in CALIBRATES[role]:
        return 403
    return 409 if state == "closed" else 400


def decide_want(role, state):
    return 409 if DECIDES.get(state) == STANDS_IN.get(role, role) else 403


def cells(w):
    """[(method, pattern, state, url, fields, rule, twin)] as run_role
    takes them; rule(role, state) -> the expected status."""
    out = []
    for state in STATES:
        cycle, dept = w["view"][state]
        mc, md = w["view"]["missing"]
        for suffix, xml_ in (("", False), (".xml", True)):
            url = f"/calibration{suffix}?cycle={cycle}&department={dept}"
            twin = (f"/calibration{suffix}?cycle={mc}&department={md}", None)
            out.append(("GET", "/calibration" + (" [xml]" if xml_ else ""), state, url, None,
                        (lambda r, s, x=xml_: anon("GET", x) if r == "anonymous"
                         else view_want(r, s)), twin))
        out.append(("POST", "/calibration/rounds", state, "/calibration/rounds",
                    {"cycle": str(cycle), "department": str(dept)},
                    lambda r, s: 403 if r == "anonymous" else open_want(r, s),
                    ("/calibration/rounds", {"cycle": str(mc), "department": str(md)})))
        rnd, mr = w["round"][state], w["round"]["missing"]
        out.append(("POST", "/calibration/rounds/{id}/close", state,
                    f"/calibration/rounds/{rnd}/close", {"version": STALE_VERSION},
                    lambda r, s: 403 if r == "anonymous" else close_want(r, s),
                    (f"/calibration/rounds/{mr}/close", {"version": STALE_VERSION})))
        fields = {"conversation": str(w["conv"][state]), "rating": "2", "reason": "Matrix"}
        out.append(("POST", "/calibration/rounds/{id}/proposals", state,
                    f"/calibration/rounds/{rnd}/proposals", fields,
                    lambda r, s: 403 if r == "anonymous" else propose_want(r, s),
                    (f"/calibration/rounds/{mr}/proposals", fields)))
        pid, mp = w["proposal"][state], w["proposal"]["missing"]
        for move in ("accept", "reject"):
            out.append(("POST", "/calibration/proposals/{id}/" + move, state,
                        f"/calibration/proposals/{pid}/{move}", {"version": "1"},
                        lambda r, s: 403 if r == "anonymous" else decide_want(r, s),
                        (f"/calibration/proposals/{mp}/{move}", {"version": "1"})))
    return out


@pytest.fixture(scope="module")
def split_logins(stack):
    if not hr_roles.ROOT:
        yield {}
        return
    made = hr_roles.make(stack)
    yield made
    hr_roles.remove(stack, made)


@pytest.fixture(scope="module")
def deputies(stack):
    """{role: login}: three new employees, each deputy of mark for all his
    reports in its DEPUTY_PERIODS period; taken away at the end."""
    mark = _one(stack, "SELECT id FROM employee WHERE login = 'mark'")
    today = datetime.datetime.now(ZoneInfo(ZONE)).date()
    tag, out, made = uuid.uuid4().hex[:6], {}, []
    for role, (start, until) in DEPUTY_PERIODS.items():
        login_ = f"kal{role.replace('_', '')}{tag}"
        eid = insert(stack, "employee", login=login_, name=f"Kalibratie {role} {tag}")
        stack.add_pam_user(login_, "demo")
        made.append(insert(stack, "deputy", manager_id=mark, deputy_id=eid,
                           starts_on=(today + datetime.timedelta(days=start)).isoformat(),
                           ends_on=(today + datetime.timedelta(days=until)).isoformat(),
                           created_by=mark))
        out[role] = login_
    yield out
    ids = ", ".join(str(i) for i in made)
    stack.sql(f"DELETE FROM deputy_use WHERE deputy_id IN ({ids})")
    stack.sql(f"DELETE FROM deputy WHERE id IN ({ids})")


def check(results, role_name):
    wrong, differ, compared = [], [], 0
    for method, pattern, state, url, want, status, _, body, twin in results:
        if status != want:
            wrong.append(f"{role_name:9} {state:7} {method:4} {url}: {status}, expected {want}")
        if twin and status == 403 and state != "missing":
            compared += 1
            if (status, body) != twin[:2]:
                differ.append(f"{role_name} {method} {url} ({state}): {status} vs {twin[0]}")
    return wrong, differ, compared


def test_calibration_routes_are_in_the_matrix():
    from test_authz_matrix import MATRIX
    pats = {p for _, p in MATRIX if p.startswith("/calibration")}
    asked = {p.replace(" [xml]", "") for _, p, *_ in cells({
        "view": {s: (1, 1) for s in STATES}, "round": {s: 1 for s in STATES},
        "conv": {s: 1 for s in STATES}, "proposal": {s: 1 for s in STATES}})}
    assert pats == asked


def test_calibration_matrix(stack, world, split_logins, deputies):
    stack.sql("DELETE FROM login_attempt")
    plan = cells(world)
    before, audited = checksums(stack, TABLES), stack.sql(AUDITED)
    wrong, differ, compared, count = [], [], 0, 0
    who = [(r, r) for r in MATRIX_USERS] + [(split_logins[r], r) for r in split_logins]
    who += [(deputies[r], r) for r in deputies]
    for login_name, role in who:
        # The rule is asked for the role's name, not its login.
        _, got = run_role(stack, login_name, [
            (m, p, s, u, f, (lambda _l, st, rule=rule, role=role: rule(role, st)), t)
            for m, p, s, u, f, rule, t in plan])
        count += len(got)
        w_, d_, c_ = check(got, role)
        wrong += w_
        differ += d_
        compared += c_
    stack.sql("DELETE FROM login_attempt")
    assert count >= len(plan) * len(MATRIX_USERS)
    assert not wrong, f"{len(wrong)} of {count} answers differ:\n" + "\n".join(wrong)
    assert compared > 50 and not differ, "\n".join(differ)
    # Nothing changed: every write was refused after (or before) its check.
    assert checksums(stack, TABLES) == before
    assert stack.sql(AUDITED) == audited


def test_administrator_refusal_is_a_strangers(stack, world, split_logins):
    """An HR administrator without advisor rights gets, for the view of a
    department's ratings, the very refusal daan (a stranger) gets."""
    if not split_logins:
        pytest.skip("NSS groups need real accounts (root)")
    cycle, dept = world["view"]["own"]
    url = f"/calibration?cycle={cycle}&department={dept}"
    admin = Asker(stack, split_logins["admin"]).ask("GET", url)
    daan = Asker(stack, "daan").ask("GET", url)
    assert admin.status_code == daan.status_code == 403
    from test_authz_roles import _refusal
    assert _refusal(admin.content) == _refusal(daan.content)
