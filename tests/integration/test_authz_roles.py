"""The authorization matrix for the split HR roles (issue 17): every route
of the router table (`gesprekctl routes`, through test_authz_matrix's
MATRIX, which fails on a route without an entry) x every state of its
object, asked by an HR administrator, an HR advisor of the department of
the "own" objects (eva's, assigned a department above hers: sub-departments
count), an HR advisor of another department (jesse's, the "other"
objects) and an auditor.  Each answers as an existing role of the matrix
does:

  administrator   hanna (HR) on the administrator's routes (/admin except
                  the audit trail and a person's export, which is content)
                  and on the reports' counts; daan (an
                  employee who is nobody's manager: a stranger) on all
                  content -- dossiers, conversations, their XML, calendar
                  and signed report, reopen, exports -- and on the audit
                  trail.  Its refusals of content are a stranger's: the
                  same status and the same page as daan gets.
  advisor         hanna on the dossier routes of the assigned department's
                  objects; daan everywhere else (no /admin, no reports).
  auditor         hanna on /admin/audit, daan everywhere else.

Every refusal (403) is also the answer for an id that does not exist,
byte for byte (the matrix's rule)."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

import hr_roles
from test_authz_matrix import (MATRIX, WORKERS, objects, people, plan_requests,  # noqa: F401
                               routes_of_gesprekd, run_role)

pytestmark = pytest.mark.skipif(not hr_roles.ROOT, reason="NSS groups need real accounts (root)")

STRANGER, HR = "daan", "hanna"
ROLES = ("admin", "advisor", "advisor2", "auditor")
# The objects of a dossier: what an advisor reads and an administrator not.
DOSSIER_KINDS = {"dossier", "conversation", "conv_item", "item", "proposal"}
# The counts and states of the reports: the administrator's as HR's.
REPORT_COUNTS = {"/reports", "/reports/people", "/reports/people/remind"}
# The advisor's list of the dossiers they read (issue 17, pages/advisor.c):
# every advisor has it, as hanna (advisor of every department) does; the
# administrator and the auditor are refused it as daan is.  Which dossiers
# it holds: test_advisor_list.py.
ADVISOR_LISTS = {"/advisor/dossiers"}
# The right of access (issue 18, pages/access.c): an administrator's route
# whose answer is a person's content -- the administrator alone is refused
# it as daan is (rules/roles.h roles_access_export).
ADMIN_CONTENT = {"/admin/employees/{id}/export"}
# Which states are of whose department: own and closed are eva's.
DEPARTMENT_STATES = {"advisor": ("own", "closed"), "advisor2": ("other",)}


def like(role, method, pattern, state):
    """The existing role whose answer `role` gives for this cell."""
    base = pattern.replace(" [xml]", "")
    kind = MATRIX[(method, base)][0]
    # Calibration (issue 17): an advisor calibrates as HR does, the
    # administrator and the auditor are refused as a stranger (the
    # departments: test_authz_calibration.py).
    if base.startswith("/calibration"):
        return HR if role.startswith("advisor") else STRANGER
    if role == "auditor":
        # The audit trail, and the privacy statement (issue 18) it checks.
        return HR if base in ("/admin/audit", "/admin/privacy") else STRANGER
    if role == "admin":
        if base in ADMIN_CONTENT:
            return STRANGER
        if base.startswith("/admin") and base != "/admin/audit":
            return HR
        return HR if base in REPORT_COUNTS else STRANGER
    if base in ADVISOR_LISTS:
        return HR
    content = kind in DOSSIER_KINDS and not base.startswith("/admin")
    return HR if content and state in DEPARTMENT_STATES[role] else STRANGER


def cells_for(role, cells):
    """The matrix's cells with each rule asked for the role `role` answers
    like (run_role calls rule(login, state))."""
    out = []
    for method, pattern, state, url, fields, rule, twin in cells:
        who = like(role, method, pattern, state)
        out.append((method, pattern, state, url, fields,
                    lambda _login, s, rule=rule, who=who: rule(who, s), twin))
    return out


@pytest.fixture(scope="module")
def logins(stack):
    made = hr_roles.make(stack)
    yield made
    hr_roles.remove(stack, made)


@pytest.fixture(scope="module")
def answers(stack, objects, people, logins):  # noqa: F811
    stack.sql("DELETE FROM login_attempt")
    cells = plan_requests(objects, people)
    jobs = [(logins[r], cells_for(r, cells)) for r in ROLES] + [(STRANGER, cells_for_stranger(cells))]
    with ThreadPoolExecutor(WORKERS) as pool:
        results = dict(pool.map(lambda job: run_role(stack, *job), jobs))
    stack.sql("DELETE FROM login_attempt")
    by_role = {r: results[logins[r]] for r in ROLES}
    by_role[STRANGER] = results[STRANGER]
    return by_role


def cells_for_stranger(cells):
    return [(m, p, s, u, f, (lambda _l, st, rule=rule: rule(STRANGER, st)), t)
            for m, p, s, u, f, rule, t in cells]


def test_every_route_is_asked(stack):
    routes = {(m, p) for m, p, _ in routes_of_gesprekd(stack)}
    assert routes == set(MATRIX), "test_authz_matrix.py's MATRIX covers the route table"


def test_roles_matrix(answers):
    wrong, cells = [], 0
    for role in ROLES:
        for method, pattern, state, url, want, status, *_ in answers[role]:
            cells += 1
            if status != want:
                like_ = like(role, method, pattern, state)
                wrong.append(f"{role:8} {state:7} {method:4} {url}: {status}, expected {want}"
                             f" (as {like_})")
    assert cells > 1000, f"only {cells} cells"
    assert not wrong, f"{len(wrong)} of {cells} answers differ:\n" + "\n".join(wrong)


def test_refusals_do_not_tell_whether_the_object_exists(answers):
    differ, compared = [], 0
    for role in ROLES:
        got = answers[role]
        readable = {url for method, _, _, url, _, status, *_ in got
                    if method == "GET" and status == 200}
        for method, pattern, state, url, want, status, location, body, twin in got:
            if twin is None or state == "missing" or status != 403:
                continue
            conv = "/".join(url.split("/")[:3])
            signed = b"error-signed" in body or b'<error code="403" reason="signed"' in body
            if state == "closed" and conv in readable and signed:
                continue   # a signed report its reader may read says so (the matrix's rule)
            compared += 1
            if (status, body) != twin[:2]:
                differ.append(f"{role} {method} {url} ({state}): {status} vs {twin[0]} for {twin[2]}")
    assert compared > 300, f"only {compared} refusals compared"
    assert not differ, "\n".join(differ)


# What a refusal page shows of its viewer: the user's own element and
# menu, the session's token, a flash message left by the viewer's own
# write before it (the administrator's HR writes).  The rest must be the
# stranger's.
_USER_XML = re.compile(rb"<user [^>]*/>")
_FLASH = re.compile(rb'<div class="flash flash-[a-z]+" role="status">.*?</div>|<flash [^>]*/>', re.S)
_TOKEN = re.compile(rb'(csrf|value)="[0-9a-f]{32,}"')
_MAIN = re.compile(rb"<main\b.*?</main>", re.S)


def _refusal(body):
    if body.lstrip().startswith(b"<?xml") or body.lstrip().startswith(b"<page"):
        return _FLASH.sub(b"", _TOKEN.sub(b"", _USER_XML.sub(b"", body)))
    m = _MAIN.search(body)
    return _FLASH.sub(b"", m.group(0) if m else body)


def test_administrator_content_refusal_is_a_strangers(answers):
    """Where the administrator is refused content (as daan is), the status
    and the page -- but for the viewer's own name, menu and token -- are
    the very ones daan gets."""
    stranger = {(m, p, s): (st, b) for m, p, s, _u, _w, st, _l, b, _t in answers[STRANGER]}
    differ, compared = [], 0
    for method, pattern, state, url, want, status, _l, body, _t in answers["admin"]:
        if like("admin", method, pattern, state) != STRANGER or state == "-":
            continue
        compared += 1
        s_status, s_body = stranger[(method, pattern, state)]
        if status != s_status or _refusal(body) != _refusal(s_body):
            differ.append(f"{method} {url} ({state}): {status} vs daan's {s_status}")
    assert compared > 100, f"only {compared} compared"
    assert not differ, "\n".join(differ)


def test_people_behind_a_rating_are_content(stack, objects, logins):  # noqa: F811
    """The matrix asks the people list of a count (metric=dossiers); the
    list behind a rating has a rating column with names: an administrator
    is refused it as daan is, hanna (advisor of every department) reads it."""
    from test_authz_matrix import Asker
    url = f"/reports/people?cycle={objects['cycle']}&metric=rating.3"
    got = {who: Asker(stack, who).ask("GET", url) for who in (logins["admin"], STRANGER, HR)}
    assert got[HR].status_code == 200
    assert got[logins["admin"]].status_code == got[STRANGER].status_code == 403
    assert _refusal(got[logins["admin"]].content) == _refusal(got[STRANGER].content)
    # The list of a count stays the administrator's, without dossier links.
    page = Asker(stack, logins["admin"]).ask(
        "GET", f"/reports/people.xml?cycle={objects['cycle']}&metric=dossiers")
    assert page.status_code == 200
    assert b'readable="0"' in page.content


def test_check_reports_the_role_groups(stack):
    """gesprekctl check names each role group: known to NSS (the stack made
    them), or not, with what to do."""
    r = stack.ctl("check", "--pam-dir", stack.pam_dir, check=False)
    for setting, group in hr_roles.ROLE_GROUPS.items():
        assert f"ok: {setting} {group} exists" in r.stdout, r.stdout
    missing = f"gesprek-geen-{hr_roles.uuid.uuid4().hex[:6]}"
    stack.write_config({"auth": {"auditor_group": missing}})   # _stack_reset restores it
    r = stack.ctl("check", "--pam-dir", stack.pam_dir, check=False)
    assert r.returncode != 0
    assert f"FAIL: auditor_group {missing} is not known to NSS" in r.stdout, r.stdout
