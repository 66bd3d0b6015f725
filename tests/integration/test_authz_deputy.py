"""The authorization matrix for deputies (issue 17): every route of
`gesprekctl routes` (through test_authz_matrix.py's table, which fails for
a route without an entry), in every state, asked by

  during   a deputy of mark for all his reports, appointed from today
           until today (site.timezone): answers like mark on mark's
           dossiers (eva's: "own", and her dossier of a closed cycle:
           "closed") and on the team report pages (mark's team report),
           and like daan -- an employee with no part in them --
           everywhere else;
  before   a deputy of mark whose period starts tomorrow: like daan;
  after    a deputy of mark whose period ended yesterday: like daan;
  mark     the manager while his deputy is appointed: like mark.

The appointments are made in the database (the form refuses a period
that is over, and its own rules are test_deputy.py's); they are taken
away at the end, so that test_authz_matrix.py finds mark alone.  Every
refusal is compared with the answer for an id that does not exist."""

import datetime
import uuid
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import pytest

from helpers import insert
from test_authz_matrix import MATRIX, objects, people, plan_requests, run_role  # noqa: F401

ZONE = "Europe/Amsterdam"           # tests/stack.py's site.timezone
# The object kinds that are a dossier or part of one: where a deputy
# during the period is the manager.
DOSSIER_KINDS = {"dossier", "conversation", "conv_item", "item", "proposal"}
# The team report pages (h-deputy2, rules/deputy.h deputy_report_team):
# a deputy for all of a manager's reports reads that manager's team
# report during the period, as the manager does, in every state.
TEAM_REPORT_ROUTES = {("GET", "/reports"), ("GET", "/reports/people")}
# Who answers like whom, for each kind of deputy.
PERIODS = {"during": (0, 0), "before": (1, 5), "after": (-5, -1)}
WORKERS = 4


def day(offset):
    return (datetime.datetime.now(ZoneInfo(ZONE)).date()
            + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture(scope="module")
def deputies(stack, people):
    """{period: login} of three new employees, each appointed deputy of
    mark for all his reports in its period."""
    tag = uuid.uuid4().hex[:6]
    out, made = {}, []
    for period, (start, until) in PERIODS.items():
        login_ = f"vervanger{period}{tag}"
        eid = insert(stack, "employee", login=login_, name=f"Vervanger {period} {tag}")
        stack.add_pam_user(login_, "demo")
        made.append(insert(stack, "deputy", manager_id=people["mark"], deputy_id=eid,
                           starts_on=day(start), ends_on=day(until), created_by=people["mark"]))
        out[period] = login_
    yield out
    ids = ", ".join(str(i) for i in made)
    stack.sql(f"DELETE FROM deputy_use WHERE deputy_id IN ({ids})")
    stack.sql(f"DELETE FROM deputy WHERE id IN ({ids})")


def kind_of(method, pattern):
    return MATRIX[(method, pattern.replace(" [xml]", ""))][0]


def stand_in(who, method, pattern, state):
    """Whose answer in test_authz_matrix.py this one must equal."""
    if who == "mark":
        return "mark"
    if who == "during" and kind_of(method, pattern) in DOSSIER_KINDS and state in ("own", "closed"):
        return "mark"
    if who == "during" and (method, pattern.replace(" [xml]", "")) in TEAM_REPORT_ROUTES:
        return "mark"
    return "daan"


@pytest.fixture(scope="module")
def answers(stack, objects, people, deputies):
    """{who: [(method, pattern, state, url, rule, status, location, body,
    twin), ...]}: test_authz_matrix.py's cells asked by each, with the
    cell's rule (its role argument is whose answer to expect)."""
    stack.sql("DELETE FROM login_attempt")
    cells = plan_requests(objects, people)
    rules = {c[:4]: c[5] for c in cells}
    roles = dict(deputies, mark="mark")
    with ThreadPoolExecutor(WORKERS) as pool:
        got = dict(pool.map(lambda item: (item[0], run_role(stack, item[1], cells)[1]),
                            roles.items()))
    stack.sql("DELETE FROM login_attempt")
    return {who: [(m, p, s, u, rules[(m, p, s, u)], *rest) for m, p, s, u, _, *rest in rows]
            for who, rows in got.items()}


def test_deputy_matrix(answers):
    wrong, cells = [], 0
    for who, got in answers.items():
        for method, pattern, state, url, rule, status, *_ in got:
            as_whom = stand_in(who, method, pattern, state)
            want = rule(as_whom, state)
            cells += 1
            if status != want:
                wrong.append(f"{who:7} {state:7} {method:4} {url}: {status}, expected {want}"
                             f" (as {as_whom})")
    assert cells > 500, f"only {cells} cells"
    assert not wrong, f"{len(wrong)} of {cells} answers differ:\n" + "\n".join(wrong)


def test_during_the_period_the_deputy_reads_and_writes_eva_dossier(answers, objects):
    """The matrix above in words, for the cells that matter most."""
    during = {(m, p, s): st for m, p, s, _, _, st, *_ in answers["during"]}
    before = {(m, p, s): st for m, p, s, _, _, st, *_ in answers["before"]}
    for cell, want_during in ((("GET", "/dossiers/{id}", "own"), 200),
                              (("GET", "/conversations/{id}", "own"), 200),
                              (("POST", "/conversations/{id}/items", "own"), 400),
                              (("POST", "/conversations/{id}/held", "own"), 409),
                              (("GET", "/dossiers/{id}", "other"), 403)):
        assert during[cell] == want_during, cell
        assert before[cell] == 403, cell


def test_refusals_do_not_tell_whether_the_object_exists(answers):
    differ, compared = [], 0
    for who, got in answers.items():
        readable = {url for method, _, _, url, _, status, *_ in got
                    if method == "GET" and status == 200}
        for method, pattern, state, url, _, status, _, body, twin in got:
            if twin is None or state == "missing" or status != 403:
                continue
            conv = "/".join(url.split("/")[:3])
            signed = b"error-signed" in body or b'<error code="403" reason="signed"' in body
            if state == "closed" and conv in readable and signed:
                continue
            compared += 1
            t_status, t_body, t_url = twin
            if (status, body) != (t_status, t_body):
                differ.append(f"{who} {method} {url} ({state}): {status} vs {t_status} for {t_url}")
    assert compared > 200, f"only {compared} refusals compared"
    assert not differ, "\n".join(differ)


def test_the_deputy_on_duty_left_one_use_record(stack, deputies, answers, people):
    """The matrix's writes that reached the store as the deputy (share,
    the 400s after the access check) are audited once for the day."""
    uses = stack.sql(f"SELECT COUNT(*) FROM audit a JOIN employee e ON e.id = a.actor_id"
                     f" WHERE e.login = '{deputies['during']}' AND a.action = 'deputy_use'")
    assert int(uses[0][0]) == 1
    for period in ("before", "after"):
        none = stack.sql(f"SELECT COUNT(*) FROM audit a JOIN employee e ON e.id = a.actor_id"
                         f" WHERE e.login = '{deputies[period]}' AND a.action = 'deputy_use'")
        assert int(none[0][0]) == 0, period
