"""Every page of gesprek in every state that matters, made once per test
stack and shared by the page-quality tests (test_a11y.py, test_html_valid.py,
test_i18n.py, test_screenshots.py).

build(stack) makes two fresh cycles for eva (manager mark) with SQL, as
test_conversation.py does, and walks their conversations through the real
HTTP interface into every state:

  cycle A   goal setting   closed (items, remarks, eva "seen" with a remark,
                           mark "agree": snapshot and SHA-256)
            progress       held, with progress notes
            assessment     finalized, rated (weighted score 3.5), overall rating
  cycle B   goal setting   preparing (a date, items of both sides)
            progress       planned (no date)
            assessment     held, nothing rated (finalizing it is refused)

pages(stack) returns the list of Page(name, user, method, path, data,
status) to fetch: login (empty, with an error), dashboards of employee,
manager and HR, dossier, conversation in every state and side, forms with
errors, the 409 conflict, the admin and report pages, error pages 403/404.
fetch(stack, page, lang) fetches one in "nl" or "en" and caches the answer,
so every test module sees the same HTML and the POSTs that show errors run
once per language.
"""

import itertools
import os
import time
from dataclasses import dataclass, field

from lxml import etree, html as lxml_html

from conftest import StackSession, login
from stack import write_conf
from summaries import keep_summaries

PASSWORD = "demo"
LANGS = ("nl", "en")
ACCEPT = {"nl": "nl-NL,nl;q=0.9", "en": "en-GB,en;q=0.9"}
# A page-state session not used this long is logged in again (State.session).
SESSION_REST = 15 * 60

_counter = itertools.count(1)
_built = {}      # id(stack) -> State
_fetched = {}    # (id(stack), page name, lang) -> (status, text)


@dataclass
class Page:
    name: str               # unique, used in file names and reports
    user: str               # login, or None for an anonymous visitor
    path: str
    status: int = 200
    method: str = "GET"
    data: dict = field(default_factory=dict)
    main: bool = True       # one of the main pages (screenshots)
    files: dict = field(default_factory=dict)   # a multipart upload


class State:
    """The ids made by build() and the logged-in sessions."""

    def __init__(self, stack):
        self.stack = stack
        self.sessions = {}
        self.ids = {}

    def session(self, user, lang="nl"):
        """user's session, logged in again when it has not been used for
        SESSION_REST seconds: the states serve several test files, and on a
        loaded machine the next one may come after the stack's idle limit
        (30 minutes), which would show the login page instead."""
        key = (user, lang)
        now = time.monotonic()
        s, used = self.sessions.get(key, (None, 0.0))
        if s is None or now - used > SESSION_REST:
            s = StackSession(self.stack.base_url)
            s.headers["Accept-Language"] = ACCEPT[lang]
            if user:
                r = login(s, user, PASSWORD)
                assert r.status_code == 303, f"{user} cannot log in: {r.status_code}"
        self.sessions[key] = (s, now)
        return s

    def csrf(self, user, lang="nl"):
        r = self.session(user, lang).get("/.xml")
        return etree.fromstring(r.content).get("csrf")

    def post(self, user, path, expect=303, **fields):
        fields.setdefault("csrf", self.csrf(user))
        r = self.session(user).post(path, data=fields, allow_redirects=False)
        assert r.status_code == expect, f"{user} POST {path}: {r.status_code}\n{r.text[:1500]}"
        return r

    def xml(self, user, path):
        r = self.session(user).get(path + ".xml")
        assert r.status_code == 200, f"{user} GET {path}.xml: {r.status_code}"
        return etree.fromstring(r.content)

    def version(self, user, cid):
        return self.xml(user, f"/conversations/{cid}").xpath("/page/conversation/@version")[0]

    def item_ids(self, user, cid):
        return {i.get("title"): i.get("id") for i in
                self.xml(user, f"/conversations/{cid}").xpath("/page/conversation/items/item")}


def _people(stack):
    rows = stack.sql("SELECT login, id FROM employee WHERE login IN ('eva', 'mark', 'hanna', 'daan')")
    return {name: int(i) for name, i in rows}


def _cycle(stack, people, label):
    """A fresh open cycle with one dossier for eva (manager mark)."""
    name = f"{label} {os.getpid()}-{next(_counter)}-{time.time_ns() % 10**6}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
              f"('{name}', '2027-01-01', '2027-12-31', 'open', "
              f"'onvoldoende|matig|voldoende|goed|uitstekend')")
    cycle = int(stack.sql(f"SELECT id FROM cycle WHERE name = '{name}'")[0][0])
    stack.sql(f"INSERT INTO org_goal (cycle_id, title) VALUES ({cycle}, 'Klanttevredenheid 8,5')")
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
              f"({cycle}, {people['eva']}, {people['mark']})")
    dossier = int(stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle}")[0][0])
    for seq, kind, due in ((1, "goal_setting", "2027-02-15"), (2, "progress", "2027-06-30"),
                           (3, "assessment", "2027-12-15")):
        stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on) VALUES "
                  f"({dossier}, '{kind}', {seq}, '{due}')")
    convs = [int(r[0]) for r in stack.sql(
        f"SELECT id FROM conversation WHERE dossier_id = {dossier} ORDER BY seq")]
    goal = int(stack.sql(f"SELECT id FROM org_goal WHERE cycle_id = {cycle}")[0][0])
    keep_summaries(stack, cycle)
    return cycle, dossier, convs, goal


GOALS = (
    dict(kind="result", title="Omzet binnendienst met 10% verhogen",
         measure="Van 1,2 naar 1,32 miljoen euro omzet", deadline="2027-11-30", weight="3"),
    dict(kind="result", title="Klanttevredenheid minimaal 8,5",
         measure="Gemiddeld cijfer in het kwartaalonderzoek", deadline="2027-10-31", weight="1"),
    dict(kind="action", title="Offertesjabloon vernieuwen", measure="Nieuw sjabloon in het CRM",
         deadline="2027-03-31"),
)
DEVELOPMENT = dict(kind="development", title="Cursus onderhandelen volgen",
                   measure="Tweedaagse training", deadline="2027-06-30")
SEEN_REMARK = "Het omzetdoel vind ik hoog; ik teken voor gezien."


def build(stack):
    """Makes the states once per stack; returns the State."""
    st = _built.get(id(stack))
    if st is not None:
        return st
    st = State(stack)
    people = _people(stack)
    st.ids["people"] = people

    # ---- cycle A: closed, held, finalized ----
    cyc, dos, (gs, pr, asm), goal = _cycle(stack, people, "Kwaliteit A")
    st.ids.update(cycle_a=cyc, dossier_a=dos, closed=gs, held=pr, finalized=asm)
    st.post("mark", f"/conversations/{gs}/plan", scheduled_at="2027-02-10T09:30",
            version=st.version("mark", gs))
    for g in GOALS:
        extra = {"org_goal": str(goal)} if g["kind"] == "result" else {}
        st.post("mark", f"/conversations/{gs}/items", **g, **extra)
    st.post("eva", f"/conversations/{gs}/items", **DEVELOPMENT)
    # confirm: "held" before the planned day asks first (issue 15)
    st.post("mark", f"/conversations/{gs}/held", version=st.version("mark", gs), confirm="1")
    st.post("eva", f"/conversations/{gs}/remarks", text="Ik wil graag meer klantcontact.")
    st.post("mark", f"/conversations/{gs}/remarks", text="Afgesproken: twee klantbezoeken per maand.")
    st.post("mark", f"/conversations/{gs}/finalize", version=st.version("mark", gs))
    st.post("eva", f"/conversations/{gs}/sign", verdict="seen", remark=SEEN_REMARK)
    st.post("mark", f"/conversations/{gs}/sign", verdict="agree", remark="")

    st.post("mark", f"/conversations/{pr}/plan", scheduled_at="2027-06-21T14:00",
            version=st.version("mark", pr))
    st.post("mark", f"/conversations/{pr}/held", version=st.version("mark", pr), confirm="1")
    items = st.item_ids("mark", pr)
    st.post("mark", f"/conversations/{pr}/updates", item=items[GOALS[2]["title"]],
            status="achieved", note="Sjabloon staat sinds april in het CRM.")
    st.post("mark", f"/conversations/{pr}/updates", item=items[GOALS[0]["title"]],
            status="at_risk", note="Na het eerste halfjaar op 4%.")
    st.post("eva", f"/conversations/{pr}/updates", item=items[DEVELOPMENT["title"]],
            status="on_track", note="Ingeschreven voor september.")

    st.post("mark", f"/conversations/{asm}/held", version=st.version("mark", asm))
    items = st.item_ids("mark", asm)
    # weights 3 and 1, ratings 4 and 2: weighted score 3.5 ("3,5" in Dutch)
    st.post("mark", f"/conversations/{asm}/updates", item=items[GOALS[0]["title"]], rating="4",
            status="achieved", note="Ruim gehaald.")
    st.post("mark", f"/conversations/{asm}/updates", item=items[GOALS[1]["title"]], rating="2",
            status="not_achieved", note="Net niet gehaald.")
    st.post("mark", f"/conversations/{asm}/overall", rating="4", note="Een sterk jaar.",
            version=st.version("mark", asm))
    st.post("mark", f"/conversations/{asm}/finalize", version=st.version("mark", asm))

    # ---- cycle B: preparing, planned ----
    cyc, dos, (gs, pr, asm), goal = _cycle(stack, people, "Kwaliteit B")
    st.ids.update(cycle_b=cyc, dossier_b=dos, preparing=gs, planned=pr, unrated=asm)
    st.post("mark", f"/conversations/{gs}/plan", scheduled_at="2027-03-04T10:15",
            version=st.version("mark", gs))
    st.post("mark", f"/conversations/{gs}/items", **GOALS[0], org_goal=str(goal))
    st.post("eva", f"/conversations/{gs}/items", **DEVELOPMENT)
    st.post("mark", f"/conversations/{gs}/share")
    # a version conflict: the item moved on after eva loaded it
    item = st.xml("eva", f"/conversations/{gs}").xpath(
        f"/page/conversation/items/item[@title='{GOALS[0]['title']}']")[0]
    st.ids["conflict_item"] = int(item.get("id"))
    st.ids["conflict_version"] = item.get("version")
    st.post("mark", f"/items/{item.get('id')}", conversation=str(gs), version=item.get("version"),
            kind="result", title="Omzet binnendienst met 8% verhogen",
            measure=GOALS[0]["measure"], deadline=GOALS[0]["deadline"])
    # an assessment held without its ratings: finalizing it is refused
    st.post("mark", f"/conversations/{asm}/held", version=st.version("mark", asm))
    _busy_cycle(stack, st)
    _built[id(stack)] = st
    return st


def pages(stack):
    """Every page state to check (build() first)."""
    ids = build(stack).ids
    people = ids["people"]
    c = lambda key: f"/conversations/{ids[key]}"  # noqa: E731
    bad_item = {"kind": "result", "title": "", "measure": "x" * 10, "deadline": "2027-02-30"}
    dept = stack.sql("SELECT id FROM department ORDER BY id LIMIT 1")
    cycle_b = stack.sql(f"SELECT name, version FROM cycle WHERE id = {ids['cycle_b']}")[0]
    out = [
        Page("login", None, "/login"),
        Page("login-error", None, "/login", 403, "POST", {"username": "", "password": ""}),
        Page("dashboard-employee", "eva", "/"),
        Page("dashboard-manager", "mark", "/"),
        Page("dashboard-hr", "hanna", "/"),
        Page("dossier-employee", "eva", f"/dossiers/{ids['dossier_a']}"),
        Page("dossier-manager", "mark", f"/dossiers/{ids['dossier_a']}"),
        Page("dossier-hr", "hanna", f"/dossiers/{ids['dossier_a']}", main=False),
        Page("conversation-planned", "mark", c("planned")),
        Page("conversation-preparing-employee", "eva", c("preparing")),
        Page("conversation-preparing-manager", "mark", c("preparing")),
        Page("conversation-held", "mark", c("held")),
        Page("conversation-held-employee", "eva", c("held"), main=False),
        Page("conversation-finalized-employee", "eva", c("finalized")),
        Page("conversation-finalized-manager", "mark", c("finalized"), main=False),
        Page("conversation-closed", "eva", c("closed")),
        Page("conversation-closed-hr", "hanna", c("closed"), main=False),
        Page("form-item-errors", "mark", c("preparing") + "/items", 400, "POST", bad_item),
        Page("form-plan-error", "mark", c("planned") + "/plan", 400, "POST",
             {"scheduled_at": "2027-02-31T10:00"}, main=False),
        # the guards of issue 15: what is missing, and the confirmation pages
        Page("form-finalize-incomplete", "mark", c("unrated") + "/finalize", 400, "POST", {}),
        Page("confirm-item-date", "mark", c("preparing") + "/items", 200, "POST",
             {"kind": "result", "title": "Net na het jaar", "deadline": "2028-02-15"}, main=False),
        Page("confirm-cycle-close", "hanna", f"/admin/cycles/{ids['cycle_b']}/close", 200, "POST",
             {}),
        Page("confirm-cycle-change", "hanna", f"/admin/cycles/{ids['cycle_b']}", 200, "POST",
             {"name": cycle_b[0], "starts_on": "2027-01-01", "ends_on": "2027-12-31",
              "scale": "onvoldoende / matig / voldoende / goed / uitstekend",
              "version": cycle_b[1]}, main=False),
        Page("confirm-cycle-start", "hanna", f"/admin/cycles/{ids['cycle_b']}/start", 200, "POST",
             {"scope": "list", "logins": "eva daan"}, main=False),
        Page("form-sign-error", "eva", c("finalized") + "/sign", 400, "POST",
             {"verdict": "seen", "remark": ""}),
        Page("conflict-409", "eva", f"/items/{ids['conflict_item']}", 409, "POST",
             {"conversation": str(ids["preparing"]), "version": ids["conflict_version"],
              "kind": "result", "title": "Omzet binnendienst met 12% verhogen",
              "measure": "Van 1,2 naar 1,34 miljoen", "deadline": "2027-11-30"}),
        Page("admin", "hanna", "/admin"),
        Page("admin-employees", "hanna", "/admin/employees"),
        Page("admin-employee", "hanna", f"/admin/employees/{people['eva']}", main=False),
        Page("admin-employee-new", "hanna", "/admin/employees/new", main=False),
        Page("admin-employee-new-errors", "hanna", "/admin/employees", 400, "POST",
             {"login": "", "name": "", "email": "geen-adres"}, main=False),
        Page("admin-departments", "hanna", "/admin/departments", main=False),
        Page("admin-import", "hanna", "/admin/import", main=False),
        # A dry run of a file with hanna alone: everyone else, joost (HR)
        # among them, would be deactivated; the guard's warning and the
        # confirmation (nothing is written by a dry run).
        Page("admin-import-guard", "hanna", "/admin/import", 200, "POST", {"mode": "dry-run"},
             main=False, files={"file": ("org.csv", b"login;name\nhanna;Hanna Visser\n",
                                         "text/csv")}),
        Page("admin-import-gone", "hanna", "/admin/import", 400, "POST",
             {"mode": "apply", "token": "0" * 64}, main=False),
        Page("admin-cycles", "hanna", "/admin/cycles"),
        Page("admin-cycle", "hanna", f"/admin/cycles/{ids['cycle_a']}"),
        Page("admin-cycle-new", "hanna", "/admin/cycles/new", main=False),
        Page("admin-cycle-new-errors", "hanna", "/admin/cycles", 400, "POST",
             {"name": "", "starts_on": "2027-13-01", "ends_on": ""}, main=False),
        Page("admin-audit", "hanna", f"/admin/audit?entity=dossier&id={ids['dossier_a']}", main=False),
        Page("reports", "hanna", "/reports"),
        Page("reports-people", "hanna",
             f"/reports/people?cycle={ids['cycle_a']}&metric=conversations.goal_setting.closed", main=False),
        Page("reports-manager", "mark", "/reports", main=False),
        # nothing typed is lost (issue 15): a form sent after the session
        # ended (user "ended:eva", see fetch), the login form carrying the
        # page asked for, and that page after login with the text back
        Page("login-expired", "ended:eva", c("held") + "/remarks", 403, "POST",
             {"text": "Getypt terwijl de sessie verliep."}),
        Page("login-next", None, f"/login?next=%2Fconversations%2F{ids['held']}", main=False),
        Page("conversation-restored", "restored:eva", c("held"), main=False),
        Page("error-403", "daan", f"/dossiers/{ids['dossier_a']}", 403),
        Page("error-404", "eva", "/no-such-page", 404),
        # charts (xslt/charts.xsl): cycle A has held, rated and achieved
        # numbers, so every chart is drawn; cycle B (above) has none of those
        Page("reports-charts", "hanna", f"/reports?cycle={ids['cycle_a']}"),
        Page("reports-charts-manager", "mark", f"/reports?cycle={ids['cycle_a']}", main=False),
        # a new cycle builds on the last (issue 15, h-cycle): a joiner or
        # leaver HR confirms that is not due (eva has her dossier)
        Page("admin-cycle-people-refused", "hanna", f"/admin/cycles/{ids['cycle_a']}/people", 409,
             "POST", {"employee": str(people["eva"]), "change": "join"}, main=False),
    ]
    if dept:
        out.append(Page("admin-department", "hanna", f"/admin/departments/{dept[0][0]}", main=False))
    # HR pages of issue 15: the audit search, empty and with a field typed wrong
    out += [
        Page("admin-audit-search", "hanna", "/admin/audit", main=False),
        Page("admin-audit-search-error", "hanna", "/admin/audit?from=3-2-2020", 400, main=False),
        Page("error-signed", "eva", c("closed") + "/remarks", 403, "POST",
             {"text": "Na ondertekening"}, main=False),
    ]
    # one item editor at a time, at its own URL (issue 15): edit, add,
    # progress, rating, and an edit refused with the text kept
    goal = ids["conflict_item"]
    development = stack.sql(f"SELECT id FROM item WHERE dossier_id = {ids['dossier_a']} "
                            f"AND title = '{DEVELOPMENT['title']}'")[0][0]
    out += [
        Page("editor-item-edit", "mark", c("preparing") + f"/items/{goal}/edit"),
        Page("editor-item-new", "eva", c("preparing") + "/items/new?kind=development", main=False),
        Page("editor-item-update", "eva", c("held") + f"/items/{development}/update", main=False),
        Page("editor-item-rate", "mark", c("unrated") + f"/items/{goal}/update", main=False),
        Page("editor-item-edit-error", "mark", f"/items/{goal}", 400, "POST",
             {"conversation": str(ids["preparing"]), "version": "1", "kind": "result",
              "title": "", "measure": "Wat getypt was blijft staan."}, main=False),
    ]
    out += _proposal_pages(stack)
    out += _remind_pages(stack)
    # the department filter of a large organisation (issue 21): a chosen
    # department with the tree open down to it, and a search's matches
    sales = stack.sql("SELECT id FROM department WHERE name = 'Verkoop'")
    if sales:
        out += [
            Page("reports-department-tree", "hanna",
                 f"/reports?cycle={ids['cycle_a']}&department={sales[0][0]}&recursive=1",
                 main=False),
            Page("reports-department-search", "hanna",
                 f"/reports?cycle={ids['cycle_a']}&dq=dienst", main=False),
        ]
    out += _competence_pages(stack)
    out += _template_pages(stack)
    out += _outcome_pages(stack)
    out += _form_template_pages(stack)
    out += _template_editor_pages(stack)
    out += _dept_choice_pages(stack, ids)
    out += _cycle_template_pages(stack)
    out += _issue16_more_pages(stack)
    out += _goal_rules_pages(stack)
    out += _people_paged_pages(stack, ids)
    out += _distribution_pages(stack)
    out += _rating_scales_pages(stack)
    out += _profile_area_pages(stack)
    out += _hr_role_pages(stack)
    out += _deputy_pages(stack, ids)
    out += _second_assessor_pages(stack)
    out += _feedback_pages(stack)
    out += _calibration_pages(stack)
    out += _deputy_team_pages(stack, ids)
    out += _sso_pages(stack)
    out += _legal_hold_pages(stack, ids)
    out += _gaps17_pages(stack, ids)
    out += _privacy_pages(stack, ids)
    out += _access_pages(stack, ids)
    out += _i17_pages(stack)
    out += _directory_pages(stack)
    return out


def _ended(stack, user, lang):
    """A session of its own for user whose idle limit has passed (the row
    stays, as until its absolute expiry), and its CSRF token."""
    s = StackSession(stack.base_url)
    s.headers["Accept-Language"] = ACCEPT[lang]
    assert login(s, user, PASSWORD).status_code == 303
    token = etree.fromstring(s.get("/.xml").content).get("csrf")
    cookie = s.cookies.get("__Host-gesprek")
    stack.sql("UPDATE session SET seen_at = UTC_TIMESTAMP() - INTERVAL 1 DAY "
              f"WHERE token_sha256 = UNHEX(SHA2(UNHEX('{cookie}'), 256))")
    return s, token


def _restored(stack, user, path, lang):
    """The page at path after a remark typed there was sent with the
    session ended and the user logged in again: the text is back in the
    form (app_resume.c)."""
    s, token = _ended(stack, user, lang)
    r = s.post(path + "/remarks", data={"text": "Getypt terwijl de sessie verliep.",
                                        "csrf": token}, allow_redirects=False)
    assert r.status_code == 403, r.status_code
    form = lxml_html.fromstring(r.text)
    csrf = form.xpath("//form[@action='/login']//input[@name='csrf']/@value")[0]
    r = s.post("/login", data={"username": user, "password": PASSWORD, "csrf": csrf,
                               "next": path}, allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == path, r.status_code
    return s.get(path, allow_redirects=False)


def _fetch_special(stack, page, lang):
    kind, user = page.user.split(":", 1)
    if kind == "ssoonly":
        return _sso_only(stack, page, lang)
    if kind == "restored":
        return _restored(stack, user, page.path, lang)
    if kind == "mail":
        return _with_mail(stack, page, user, lang)
    s, token = _ended(stack, user, lang)
    return s.post(page.path, data=dict(page.data, csrf=token), allow_redirects=False)


def fetch(stack, page, lang):
    """(status, html) of a page in a language; cached per stack.  A user
    "ended:<login>" or "restored:<login>" has a session of its own, and
    "mail:<login>" asks with [mail] configured (_fetch_special)."""
    key = (id(stack), page.name, lang)
    if key not in _fetched and page.user and ":" in page.user:
        build(stack)
        r = _fetch_special(stack, page, lang)
        _fetched[key] = (r.status_code, r.text)
    if key not in _fetched:
        st = build(stack)
        s = st.session(page.user, lang)
        if page.method == "POST":
            data = dict(page.data)
            if page.user:
                data["csrf"] = st.csrf(page.user, lang)
            else:
                form = s.get("/login")
                data["csrf"] = lxml_html.fromstring(form.text).xpath(
                    "//form[@action='/login']//input[@name='csrf']/@value")[0]
            r = s.post(page.path, data=data, files=page.files or None, allow_redirects=False)
        else:
            r = s.get(page.path, allow_redirects=False)
        _fetched[key] = (r.status_code, r.text)
    return _fetched[key]


def all_fetched(stack):
    """[(page, lang, status, html)] of every page in both languages."""
    out = []
    for page in pages(stack):
        for lang in LANGS:
            status, text = fetch(stack, page, lang)
            out.append((page, lang, status, text))
    return out


# ---- a clear next action (issue 15) ----

# dashboard.xsl shows five cards of a group, the rest behind "nog N meer"
BUSY_DOSSIERS = 7


def _busy_cycle(stack, st):
    """Cycle C: mark holds BUSY_DOSSIERS planned goal settings of other
    people, so his dashboard has a group long enough to fold away (made
    with SQL; the page stamps moved by hand, as gesprekd would)."""
    people = st.ids["people"]
    cyc, _dos, _convs, _goal = _cycle(stack, people, "Kwaliteit C")
    rows = stack.sql(f"SELECT id FROM employee WHERE active = 1 AND id NOT IN "
                     f"({people['eva']}, {people['mark']}) ORDER BY id LIMIT {BUSY_DOSSIERS}")
    for n, (emp,) in enumerate(rows):
        stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
                  f"({cyc}, {emp}, {people['mark']})")
        d = stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cyc} AND employee_id = {emp}")
        stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on) VALUES "
                  f"({d[0][0]}, 'goal_setting', 1, '2027-03-{10 + n:02d}')")
    keep_summaries(stack, cyc)
    stack.sql("INSERT INTO page_stamp (kind, ref, stamp) VALUES ('a', 0, 1)"
              " ON DUPLICATE KEY UPDATE stamp = stamp + 1")
    stack.sql("UPDATE page_stamp SET stamp = stamp + 1 WHERE kind = 'p'")
    st.ids["cycle_c"] = cyc


# ---- proposals from the cycle before (issue 15, h-carry) ----

def _proposal_pages(stack):
    """Cycle P: eva's goal setting being prepared, with proposals from
    cycle A in every state (two open, one taken over as an item, one
    dropped), made with SQL; the page stamps moved by hand."""
    st = build(stack)
    if "proposal_conv" not in st.ids:
        people = st.ids["people"]
        _cyc, _dos, (gs, _pr, _asm), _goal = _cycle(stack, people, "Kwaliteit P")
        stack.sql(f"UPDATE conversation SET status = 'preparing' WHERE id = {gs}")
        st.post("eva", f"/conversations/{gs}/items", **DEVELOPMENT)
        item = st.item_ids("eva", gs)[DEVELOPMENT["title"]]
        rows = (("Omzet binnendienst met 10% verhogen", "result", "at_risk", "proposed", "NULL"),
                ("Klanttevredenheid minimaal 8,5", "result", "open", "proposed", "NULL"),
                (DEVELOPMENT["title"], "development", "on_track", "accepted", item),
                ("Offertesjabloon vernieuwen", "result", "open", "dropped", "NULL"))
        for n, (title, kind, was, status, made) in enumerate(rows, start=1):
            decided = "NULL" if status == "proposed" else str(people["mark"])
            stack.sql(f"INSERT INTO proposal (conversation_id, source_item_id, source_cycle_id,"
                      f" source_status, kind, title, measure, status, item_id, decided_by) VALUES"
                      f" ({gs}, {n}, {st.ids['cycle_a']}, '{was}', '{kind}', '{title}',"
                      f" 'Zoals afgesproken in het vorige jaar', '{status}', {made}, {decided})")
        st.ids["proposal_conv"] = gs
        st.ids["proposal_dropped"] = int(stack.sql(
            f"SELECT id FROM proposal WHERE conversation_id = {gs} AND status = 'dropped'")[0][0])
        stack.sql("UPDATE page_stamp SET stamp = stamp + 1 WHERE kind = 'p'")
    gs, dropped = st.ids["proposal_conv"], st.ids["proposal_dropped"]
    proposed = stack.sql(f"SELECT MIN(id) FROM proposal WHERE conversation_id = {gs}"
                         f" AND status = 'proposed'")[0][0]
    return [
        Page("conversation-proposals", "eva", f"/conversations/{gs}", main=False),
        Page("conversation-proposals-manager", "mark", f"/conversations/{gs}", main=False),
        Page("conversation-proposals-refused", "eva", f"/proposals/{dropped}/accept", 409, "POST",
             {}, main=False),
        # dropping asks first (a confirmation page; nothing is dropped)
        Page("confirm-proposal-drop", "mark", f"/proposals/{proposed}/drop", 200, "POST",
             {}, main=False),
    ]


# ---- reminders from the reports (issue 15) ----
# The people list offers the reminder, and its confirmation page shows,
# only with [mail] configured: a user "mail:<login>" asks with mail on (a
# sendmail that is never run: asking queues nothing, nothing is delivered)
# and the stack's own config is restored right after.

def _with_mail(stack, page, user, lang):
    st = build(stack)
    stack.reconfigure({"mail": {"sendmail": "/bin/true", "from": "gesprek@voorbeeld.example"}})
    try:
        s = st.session(user, lang)
        if page.method == "POST":
            return s.post(page.path, data=dict(page.data, csrf=st.csrf(user, lang)),
                          allow_redirects=False)
        return s.get(page.path, allow_redirects=False)
    finally:
        stack.reset()


def _remind_pages(stack):
    ids = build(stack).ids
    # cycle C: mark's planned goal settings of BUSY_DOSSIERS people
    remind = {"cycle": str(ids["cycle_c"]), "metric": "conversations.goal_setting.planned"}
    return [
        Page("reports-people-remind", "mail:hanna",
             f"/reports/people?cycle={remind['cycle']}&metric={remind['metric']}", main=False),
        Page("confirm-remind", "mail:hanna", "/reports/people/remind", 200, "POST", remind,
             main=False),
    ]
# ---- the competence dictionary and job profiles (issue 16, h-competence) ----

def _competence_pages(stack):
    """A competence with indicators on three levels (one in English too)
    and a profile naming it, made with SQL; the lists, both edit pages and
    a refused form of each."""
    st = build(stack)
    if "competence" not in st.ids:
        stack.sql("INSERT INTO competence (ckey, name_nl, name_en, definition_nl) VALUES"
                  " ('ps-samenwerken', 'Samenwerken', 'Collaboration',"
                  " 'Werkt met anderen aan een gezamenlijk resultaat.')")
        cid = int(stack.sql("SELECT id FROM competence WHERE ckey = 'ps-samenwerken'")[0][0])
        stack.sql(f"INSERT INTO competence_indicator (competence_id, level, text_nl, text_en)"
                  f" VALUES ({cid}, 1, 'Werkt mee als het gevraagd wordt.', NULL),"
                  f" ({cid}, 2, 'Deelt uit zichzelf kennis.', 'Shares knowledge unasked.'),"
                  f" ({cid}, 4, 'Brengt partijen samen.', NULL)")
        stack.sql("INSERT INTO job_profile (pkey, name_nl) VALUES ('ps-adviseur', 'Adviseur')")
        pid = int(stack.sql("SELECT id FROM job_profile WHERE pkey = 'ps-adviseur'")[0][0])
        stack.sql(f"INSERT INTO job_profile_competence (profile_id, competence_id, position)"
                  f" VALUES ({pid}, {cid}, 1)")
        st.ids["competence"], st.ids["job_profile"] = cid, pid
    cid, pid = st.ids["competence"], st.ids["job_profile"]
    return [
        Page("admin-competences", "hanna", "/admin/competences", main=False),
        Page("admin-competences-refused", "hanna", "/admin/competences", 400, "POST",
             {"key": "Geen Sleutel", "name": "", "definition": "x", "level2_en": "Only"},
             main=False),
        Page("admin-competence", "hanna", f"/admin/competences/{cid}", main=False),
        Page("admin-profiles", "hanna", "/admin/profiles", main=False),
        Page("admin-profiles-refused", "hanna", "/admin/profiles", 400, "POST",
             {"key": "ps-nieuw", "name": "Nieuw", "competences": "ps-samenwerken onbekend"},
             main=False),
        Page("admin-profile", "hanna", f"/admin/profiles/{pid}", main=False),
        # the XML import: a dry run's result, and a refused file's problems
        Page("admin-competences-import-dry-run", "hanna", "/admin/competences/import", 200,
             "POST", {"mode": "dry-run"}, main=False,
             files={"file": ("c.xml", _COMPETENCES_XML, "application/xml")}),
        Page("admin-competences-import-refused", "hanna", "/admin/competences/import", 400,
             "POST", {"mode": "apply"}, main=False,
             files={"file": ("c.xml", b"<!DOCTYPE x>\n<competences/>", "application/xml")}),
    ]


_COMPETENCES_XML = (
    b'<competences xmlns="urn:gesprek:competences:1">'
    b'<competence key="ps-samenwerken"><name>Samenwerken</name>'
    b'<definition>Werkt met anderen.</definition></competence>'
    b'<profile key="ps-adviseur"><name>Adviseur</name>'
    b'<competence-ref key="ps-samenwerken"/></profile></competences>')
# ---- form templates (issue 16, h-template) ----

def _template_pages(stack):
    """/admin/templates: the list, the municipality example (imported with
    gesprekctl, scales and every kind of section), a dry run of the
    quarterly example and a refused file (a DOCTYPE)."""
    examples = stack.repo / "conf" / "templates"
    if not stack.sql("SELECT id FROM template WHERE tkey = 'gemeente'"):
        stack.ctl("template", "import", str(examples / "gemeente.xml"))
    tid = stack.sql("SELECT id FROM template WHERE tkey = 'gemeente'")[0][0]
    quarterly = (examples / "kwartaal.xml").read_bytes()
    hostile = quarterly.replace(b"<template xmlns", b"<!DOCTYPE template>\n<template xmlns", 1)
    return [
        Page("admin-templates", "hanna", "/admin/templates", main=False),
        Page("admin-template", "hanna", f"/admin/templates/{tid}", main=False),
        Page("admin-templates-dry-run", "hanna", "/admin/templates/import", 200, "POST",
             {"mode": "dry-run"}, main=False,
             files={"file": ("kwartaal.xml", quarterly, "application/xml")}),
        Page("admin-templates-refused", "hanna", "/admin/templates/import", 400, "POST",
             {"mode": "dry-run"}, main=False,
             files={"file": ("kwaad.xml", hostile, "application/xml")}),
    ]


# ---- the weighted outcome of an assessment (issue 16, h-outcome) ----

def _outcome_pages(stack):
    """An assessment whose proposal (4: ratings 4 and 2, weights 3 and 1)
    the manager overrode with a reason, as the employee sees it; and the
    override refused without a reason (400, nothing written)."""
    st = build(stack)
    if "outcome" not in st.ids:
        people = _people(stack)
        _, _, (_, _, asm), goal = _cycle(stack, people, "Uitkomst")
        st.post("mark", f"/conversations/{asm}/held", version=st.version("mark", asm))
        for g in GOALS[:2]:
            st.post("mark", f"/conversations/{asm}/items", **g, org_goal=str(goal))
        items = st.item_ids("mark", asm)
        for g, rating in zip(GOALS[:2], ("4", "2")):
            st.post("mark", f"/conversations/{asm}/updates", item=items[g["title"]],
                    rating=rating, note="Beoordeeld.")
        st.post("mark", f"/conversations/{asm}/overall", rating="3", note="Een goed jaar.",
                reason="Het tweede halfjaar liep de klanttevredenheid terug.",
                version=st.version("mark", asm))
        st.ids["outcome"] = asm
    path = f"/conversations/{st.ids['outcome']}"
    return [
        Page("conversation-outcome-overridden", "eva", path, main=False),
        Page("form-outcome-reason-missing", "mark", path + "/overall", 400, "POST",
             {"rating": "1", "note": "Zonder reden.",
              "version": st.version("mark", st.ids["outcome"])}, main=False),
    ]


# ---- the conversation form from its template (issue 16, h-form) ----

def _form_template_pages(stack):
    """A cycle of eva on the `gemeente` example (imported by
    _template_pages), eva with the profile of _competence_pages: its
    assessment in preparation with a competence rated by mark, eva's
    self-assessment of it shared, her answer to the open question still
    private; the form as each side and HR see it, its progress form (the
    employee's open question), a refused answer and a version conflict."""
    st = build(stack)
    if "form_assessment" not in st.ids:
        people = st.ids["people"]
        tv = stack.sql("SELECT tv.id FROM template_version tv JOIN template t"
                       " ON t.id = tv.template_id WHERE t.tkey = 'gemeente'"
                       " ORDER BY tv.number DESC LIMIT 1")[0][0]
        stack.sql(f"UPDATE employee SET job_profile_id = {st.ids['job_profile']}"
                  f" WHERE id = {people['eva']} AND job_profile_id IS NULL")
        _, dos, (gs, pr, asm), _ = _cycle(stack, people, "Gemeente")
        stack.sql(f"UPDATE conversation SET template_version_id = {tv} WHERE dossier_id = {dos}")
        # eva's own profile (the demo may have given her one): its first competence
        comp = str(stack.sql("SELECT pc.competence_id FROM job_profile_competence pc"
                             " JOIN employee e ON e.job_profile_id = pc.profile_id"
                             f" WHERE e.id = {people['eva']} ORDER BY pc.position LIMIT 1")[0][0])
        st.ids["form_competence"] = comp
        path = f"/conversations/{asm}/answers"
        st.post("mark", path, section="competenties", competence=comp, rating="4")
        st.post("eva", path, section="competenties", competence=comp, rating="2",
                explanation="Ik vraag nog te weinig hulp.", share="1")
        st.post("eva", path, section="toelichting", body="Een druk jaar met veel wisselingen.")
        st.post("mark", path, section="toelichting", body="Goed samengewerkt.")
        st.ids.update(form_assessment=asm, form_progress=pr)
    asm, pr = st.ids["form_assessment"], st.ids["form_progress"]
    comp = st.ids["form_competence"]
    path = f"/conversations/{asm}/answers"
    return [
        Page("conversation-template-manager", "mark", f"/conversations/{asm}"),
        Page("conversation-template-employee", "eva", f"/conversations/{asm}"),
        Page("conversation-template-reader", "hanna", f"/conversations/{asm}", main=False),
        Page("conversation-template-progress", "eva", f"/conversations/{pr}", main=False),
        # a rating below 'Voldoet' without its explanation
        Page("conversation-template-refused", "mark", path, 400, "POST",
             {"section": "competenties", "competence": comp, "rating": "1", "version": "1"},
             main=False),
        # a form built on an older version of the answer
        Page("conversation-template-conflict", "mark", path, 409, "POST",
             {"section": "toelichting", "body": "Mijn eigen tekst.", "version": "99"},
             main=False),
    ]


# ---- the template editor (issue 16, h-editor) ----

def _template_editor_pages(stack):
    """The editor: a new template, the municipality example opened for
    editing (scales, competences, rating questions), a save refused for a
    field (no Dutch name, a value that is no number) and one refused by a
    rule of the import (weights that do not add up to 100)."""
    _template_pages(stack)  # imports the municipality example once
    tid = stack.sql("SELECT id FROM template WHERE tkey = 'gemeente'")[0][0]
    form = {"op": "save", "key": "ps-editor", "name_nl": "Proef", "w_result_goals": "50",
            "s1_key": "drie", "s1_l1_value": "1", "s1_l1_label_nl": "laag",
            "s1_l2_value": "2", "s1_l2_label_nl": "hoog",
            "f1_x1_kind": "result_goals", "f1_x1_key": "resultaten", "f1_x1_who": "both",
            "f1_x1_title_nl": "Resultaatdoelstellingen",
            "f1_x2_kind": "rating_question", "f1_x2_key": "inzet", "f1_x2_who": "manager",
            "f1_x2_scale": "drie", "f1_x2_title_nl": "Inzet"}
    return [
        Page("admin-template-new", "hanna", "/admin/templates/new", main=False),
        Page("admin-template-edit", "hanna", f"/admin/templates/{tid}/edit", main=False),
        Page("admin-template-edit-field-error", "hanna", "/admin/templates/new", 400, "POST",
             dict(form, name_nl="", s1_l2_value="twee"), main=False),
        Page("admin-template-edit-rule-error", "hanna", "/admin/templates/new", 400, "POST",
             form, main=False),
    ]


# ---- the bounded department choices of the forms (issue 21, h-lists) ----

def _dept_choice_pages(stack, ids):
    """The forms that choose a department, after a search (?dq=): the
    cycle's start, an employee's department, a department's parent."""
    eva = stack.sql("SELECT id FROM employee WHERE login = 'eva'")[0][0]
    dept = stack.sql("SELECT id FROM department WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1")
    out = [
        Page("admin-cycle-department-search", "hanna",
             f"/admin/cycles/{ids['cycle_a']}?dq=e", main=False),
        Page("admin-employee-department-search", "hanna", f"/admin/employees/{eva}?dq=e",
             main=False),
        Page("admin-employee-new-department-search", "hanna",
             "/admin/employees/new?dq=zzz-nergens", main=False),
    ]
    if dept:
        out.append(Page("admin-department-parent-search", "hanna",
                        f"/admin/departments/{dept[0][0]}?dq=e", main=False))
    return out


# ---- the form templates a cycle names (issue 16, h-cycle5) ----

def _cycle_template_pages(stack):
    """The demo cycle's page: its choices (the default and Klantenservice's
    municipality form) and the start form with them chosen; a start refused
    for a template that does not exist (nothing changes)."""
    from helpers import demo_cycle
    cid = demo_cycle(stack).id
    return [
        Page("admin-cycle-templates", "hanna", f"/admin/cycles/{cid}", main=False),
        Page("admin-cycle-start-template-refused", "hanna", f"/admin/cycles/{cid}/start", 400,
             "POST", {"scope": "list", "logins": "eva", "template": "999999999",
                      "dep1": "999999999"}, main=False),
    ]


# ---- issue 16's states the blocks above left out (h-house audit) ----

def _issue16_more_pages(stack):
    """The edit pages of a competence and a job profile refused for a
    field and answered 409 for a stale version (the typed text kept); the
    employee page refusing a job profile that does not exist; and the
    municipality form after the conversation was held, where each party
    sees the employee's self-assessment next to the manager's rating."""
    _competence_pages(stack)    # the competence and profile, made once
    st = build(stack)
    cid, pid = st.ids["competence"], st.ids["job_profile"]
    eva = st.ids["people"]["eva"]
    competence = {"key": "ps-samenwerken", "name": "Samenwerken", "definition": "Werkt samen.",
                  "version": "1"}
    profile = {"key": "ps-adviseur", "name": "Adviseur", "competences": "ps-samenwerken",
               "version": "1"}
    stale = "999999"    # no competence or profile ever gets this far
    held = _held_template_form(stack, st)
    return [
        Page("admin-competence-refused", "hanna", f"/admin/competences/{cid}", 400, "POST",
             dict(competence, name="", level3_en="Only English"), main=False),
        Page("admin-competence-conflict", "hanna", f"/admin/competences/{cid}", 409, "POST",
             dict(competence, name="Mijn versie", version=stale), main=False),
        Page("admin-profile-refused", "hanna", f"/admin/profiles/{pid}", 400, "POST",
             dict(profile, competences="ps-samenwerken bestaat-niet"), main=False),
        Page("admin-profile-conflict", "hanna", f"/admin/profiles/{pid}", 409, "POST",
             dict(profile, name="Mijn versie", version=stale), main=False),
        Page("admin-employee-profile-refused", "hanna", f"/admin/employees/{eva}/profile", 400,
             "POST", {"job_profile": "999999999"}, main=False),
        Page("conversation-template-held-manager", "mark", f"/conversations/{held}",
             main=False),
        Page("conversation-template-held-employee", "eva", f"/conversations/{held}",
             main=False),
    ]


def _held_template_form(stack, st):
    """An assessment on the municipality form with both parties' rating of
    a competence and eva's answer to the open question, then held: the
    private phase is over and both see everything."""
    if "form_held" in st.ids:
        return st.ids["form_held"]
    _form_template_pages(stack)     # eva's profile and its competence
    people, comp = st.ids["people"], st.ids["form_competence"]
    tv = stack.sql("SELECT tv.id FROM template_version tv JOIN template t"
                   " ON t.id = tv.template_id WHERE t.tkey = 'gemeente'"
                   " ORDER BY tv.number DESC LIMIT 1")[0][0]
    _, dos, (_, _, asm), _ = _cycle(stack, people, "Gemeente gehouden")
    stack.sql(f"UPDATE conversation SET template_version_id = {tv} WHERE dossier_id = {dos}")
    path = f"/conversations/{asm}/answers"
    st.post("mark", path, section="competenties", competence=comp, rating="4")
    st.post("eva", path, section="competenties", competence=comp, rating="2",
            explanation="Ik vraag nog te weinig hulp.")
    st.post("eva", path, section="toelichting", body="Een druk jaar met veel wisselingen.")
    st.post("mark", f"/conversations/{asm}/held", version=st.version("mark", asm), confirm="1")
    st.ids["form_held"] = asm
    return asm


# ---- goal rules, key result areas, a competence as development point (issue 16, h-goals) ----

def _goal_rules_pages(stack):
    """A goal setting of eva on the `gemeente` example (every goal rule
    on), eva's profile of _form_template_pages with two key result areas,
    an organisation goal of her department: the goal form (required fields
    marked, her department's goal first, the areas), a goal refused for a
    missing measure, and the conversation showing a goal's area and a
    development point's competence."""
    _form_template_pages(stack)     # gemeente imported, eva has a profile
    st = build(stack)
    if "goal_rules" not in st.ids:
        people = st.ids["people"]
        tv = stack.sql("SELECT tv.id FROM template_version tv JOIN template t"
                       " ON t.id = tv.template_id WHERE t.tkey = 'gemeente'"
                       " ORDER BY tv.number DESC LIMIT 1")[0][0]
        profile, dep = stack.sql(f"SELECT job_profile_id, department_id FROM employee"
                                 f" WHERE id = {people['eva']}")[0]
        # The demo's profiles have areas of their own (conf/competences/demo.xml):
        # they are left as they are, so that loading the demo again changes
        # nothing (test_admin_cycles.py); a profile without any gets two.
        has_areas = stack.sql(f"SELECT COUNT(*) FROM job_profile_area"
                              f" WHERE profile_id = {profile}")[0][0] != "0"
        for pos, (key, nl, en) in enumerate((("klant", "Klanttevredenheid", "Customer satisfaction"),
                                             ("proces", "Procesverbetering", "Process improvement")), 1):
            if has_areas:
                break
            stack.sql(f"INSERT IGNORE INTO job_profile_area (profile_id, akey, name_nl, name_en,"
                      f" position) VALUES ({profile}, '{key}', '{nl}', '{en}', {pos})")
        area = stack.sql(f"SELECT id FROM job_profile_area WHERE profile_id = {profile}"
                         f" ORDER BY position LIMIT 1")[0][0]
        comp = stack.sql(f"SELECT competence_id FROM job_profile_competence WHERE profile_id ="
                         f" {profile} ORDER BY position LIMIT 1")[0][0]
        cyc, dos, (gs, _, _), goal = _cycle(stack, people, "Doelregels")
        stack.sql(f"UPDATE conversation SET template_version_id = {tv} WHERE dossier_id = {dos}")
        stack.sql(f"INSERT INTO org_goal (cycle_id, title, department_id)"
                  f" VALUES ({cyc}, 'Tevreden klanten in de eigen afdeling', {dep})")
        st.post("mark", f"/conversations/{gs}/items", kind="result",
                title="Klanttevredenheid naar een 8", measure="Gemiddeld cijfer van de enquête",
                deadline="2027-11-30", org_goal=str(goal), area=str(area))
        st.post("eva", f"/conversations/{gs}/items", kind="development",
                title="Beter luisteren naar klanten", competence=str(comp))
        st.ids["goal_rules"] = gs
    gs = st.ids["goal_rules"]
    return [
        Page("goal-rules-form", "mark", f"/conversations/{gs}/items/new?kind=result",
             main=False),
        Page("goal-rules-refused", "mark", f"/conversations/{gs}/items", 400, "POST",
             {"kind": "result", "title": "Zonder maat", "deadline": "2027-10-01"}, main=False),
        Page("goal-rules-links", "eva", f"/conversations/{gs}", main=False),
    ]


# ---- a people list a page at a time (issue 21, h-lists) ----

def _people_paged_pages(stack, ids):
    """A people list on a page after the first: it starts at a cursor
    (reports.c: cycle, employee id, base64url of the name) and links back and on;
    the cursor is the one the page before names (the 50th person), or the
    first person when the demo's list is shorter than a page."""
    rows = stack.sql(f"SELECT e.id, e.name FROM dossier d JOIN employee e ON e.id = d.employee_id"
                     f" WHERE d.cycle_id = {ids['cycle_a']} AND d.status <> 'left'"
                     f" ORDER BY e.name, e.id LIMIT 50")
    if not rows:
        return []
    eid, name = rows[-1] if len(rows) == 50 else rows[0]
    import base64
    after = (f"{ids['cycle_a']}.{eid}."
             f"{base64.urlsafe_b64encode(name.encode()).rstrip(b'=').decode()}")
    return [Page("reports-people-paged", "hanna",
                 f"/reports/people?cycle={ids['cycle_a']}&metric=dossiers&page=2&after={after}",
                 main=False)]


# ---- the HR overview's distributions per department (issue 16, h-hrdist) ----

def _distribution_pages(stack):
    """A cycle on the `gemeente` example (imported by _template_pages) with
    eva's assessment held, an overall rating and one competence rated by
    mark: HR's overview under Verkoop (Binnendienst with its distributions),
    mark's team overview, and the people behind the competence's level."""
    st = build(stack)
    _form_template_pages(stack)     # eva's profile and its first competence
    if "dist_cycle" not in st.ids:
        people = st.ids["people"]
        tv = stack.sql("SELECT tv.id FROM template_version tv JOIN template t"
                       " ON t.id = tv.template_id WHERE t.tkey = 'gemeente'"
                       " ORDER BY tv.number DESC LIMIT 1")[0][0]
        cycle, dos, (_, _, asm), _ = _cycle(stack, people, "Verdeling")
        stack.sql(f"INSERT INTO cycle_template (cycle_id, scope, scope_id, template_version_id)"
                  f" VALUES ({cycle}, 'default', 0, {tv})")
        stack.sql(f"UPDATE conversation SET template_version_id = {tv} WHERE dossier_id = {dos}")
        stack.sql(f"UPDATE conversation SET status = 'held', overall_rating = 3 WHERE id = {asm}")
        # the form's write refreshes the dossier's summaries, the SQL above included
        st.post("mark", f"/conversations/{asm}/answers", section="competenties",
                competence=st.ids["form_competence"], rating="3")
        st.ids["dist_cycle"] = cycle
    cycle, comp = st.ids["dist_cycle"], st.ids["form_competence"]
    sales = stack.sql("SELECT id FROM department WHERE name = 'Verkoop'")[0][0]
    inside = stack.sql("SELECT id FROM department WHERE name = 'Binnendienst'")[0][0]
    return [
        Page("reports-distribution", "hanna",
             f"/reports?cycle={cycle}&department={sales}&recursive=1"),
        Page("reports-distribution-manager", "mark", f"/reports?cycle={cycle}", main=False),
        Page("reports-people-competence", "hanna",
             f"/reports/people?cycle={cycle}&department={inside}&metric=competence.{comp}.3",
             main=False),
    ]


# ---- overall ratings on more than one scale in one cycle (issue 16, h-scales) ----

def _rating_scales_pages(stack):
    """A cycle whose default is the seed's form (the cycle's scale 1..5)
    with eva's assessment on a form whose final scale runs 0..3 (rated 0)
    and daan's on the cycle's (rated 4): HR's overview with a block per
    scale and a distribution per department, and the people behind the 0."""
    st = build(stack)
    if "scales_cycle" not in st.ids:
        people = st.ids["people"]
        key = f"schalen{os.getpid()}{next(_counter)}"
        stack.sql(f"INSERT INTO template (tkey) VALUES ('{key}')")
        t = stack.sql(f"SELECT id FROM template WHERE tkey = '{key}'")[0][0]
        stack.sql("INSERT INTO template_version (template_id, number, name_nl, name_en,"
                  " final_scale_key, weight_result_goals, weight_competences,"
                  f" weight_rating_questions) VALUES ({t}, 1, 'Vier niveaus vanaf nul',"
                  " 'Four levels from zero', 'eind', 100, 0, 0)")
        tv = stack.sql(f"SELECT id FROM template_version WHERE template_id = {t}")[0][0]
        stack.sql(f"INSERT INTO template_scale (version_id, seq, skey) VALUES ({tv}, 1, 'eind')")
        sc = stack.sql(f"SELECT id FROM template_scale WHERE version_id = {tv}")[0][0]
        for value, nl, en in ((0, "Niet zichtbaar", "Not visible"), (1, "Zwak", "Weak"),
                              (2, "Op niveau", "On level"), (3, "Sterk", "Strong")):
            stack.sql(f"INSERT INTO template_scale_level (scale_id, value, label_nl, label_en)"
                      f" VALUES ({sc}, {value}, '{nl}', '{en}')")
        cycle, dos, (_, _, asm), _ = _cycle(stack, people, "Schalen")
        standard = stack.sql("SELECT tv.id FROM template t JOIN template_version tv"
                             " ON tv.template_id = t.id WHERE t.is_default = 1"
                             " ORDER BY tv.number DESC LIMIT 1")[0][0]
        stack.sql(f"UPDATE conversation SET template_version_id = {tv} WHERE dossier_id = {dos}")
        stack.sql(f"UPDATE conversation SET status = 'held', overall_rating = 0 WHERE id = {asm}")
        stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES"
                  f" ({cycle}, {people['daan']}, {people['mark']})")
        daan = stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle}"
                         f" AND employee_id = {people['daan']}")[0][0]
        stack.sql(f"INSERT INTO conversation (dossier_id, type, template_version_id, seq, due_on,"
                  f" status, overall_rating) VALUES ({daan}, 'assessment', {standard}, 3,"
                  f" '2027-12-15', 'held', 4)")
        stack.sql(f"INSERT INTO cycle_template (cycle_id, scope, scope_id, template_version_id)"
                  f" VALUES ({cycle}, 'default', 0, {standard})")
        # the rows above were written past the store: count them in
        stack.ctl("rebuild-summaries")
        st.ids["scales_cycle"], st.ids["scales_scale"] = cycle, sc
    cycle, sc = st.ids["scales_cycle"], st.ids["scales_scale"]
    return [
        Page("reports-rating-scales", "hanna", f"/reports?cycle={cycle}"),
        Page("reports-people-rating-scale", "hanna",
             f"/reports/people?cycle={cycle}&metric=rating.{sc}.0", main=False),
    ]


# ---- a job profile's key result areas on its page (issue 16, h-areas) ----

def _profile_area_pages(stack):
    """The profile of _competence_pages with three key result areas, the
    middle one named by a result goal (no remove button, a note), and a
    refused add (a key the profile has, no name)."""
    _competence_pages(stack)
    st = build(stack)
    pid = st.ids["job_profile"]
    if "area_in_use" not in st.ids:
        for pos, (akey, nl, en) in enumerate((("ps-advies", "Advisering", "Advice"),
                                              ("ps-projecten", "Projecten", None),
                                              ("ps-kwaliteit", "Kwaliteit", "Quality"))):
            en_sql = f"'{en}'" if en else "NULL"
            stack.sql(f"INSERT INTO job_profile_area (profile_id, akey, name_nl, name_en,"
                      f" position) VALUES ({pid}, '{akey}', '{nl}', {en_sql}, {pos})")
        used = stack.sql(f"SELECT id FROM job_profile_area WHERE profile_id = {pid}"
                         f" AND akey = 'ps-projecten'")[0][0]
        dossier = stack.sql("SELECT id FROM dossier ORDER BY id LIMIT 1")[0][0]
        stack.sql(f"INSERT INTO item (dossier_id, kind, title, area_id) VALUES"
                  f" ({dossier}, 'result', 'Doel in een gebied', {used})")
        st.ids["area_in_use"] = used
    version = stack.sql(f"SELECT version FROM job_profile WHERE id = {pid}")[0][0]
    return [
        Page("admin-profile-areas", "hanna", f"/admin/profiles/{pid}", main=False),
        Page("admin-profile-area-refused", "hanna", f"/admin/profiles/{pid}/areas", 400, "POST",
             {"op": "add", "area_key": "ps-advies", "area_name": "", "version": version},
             main=False),
    ]


# ---- HR roles and the read audit (issue 17, h-roles) ----

def _hr_role_pages(stack):
    """Verkoop's department page with an HR advisor assigned there (joost)
    and one through Directie above it (stijn), and its advisor form
    refused; eva's dossier with the block of HR's reads of it (a read by
    hanna, hr_group, recorded for the page); the audit search with reads."""
    st = build(stack)
    ids = st.ids
    sales = stack.sql("SELECT id FROM department WHERE name = 'Verkoop'")[0][0]
    top = stack.sql("SELECT id FROM department WHERE name = 'Directie'")[0][0]
    for login_, dep in (("joost", sales), ("stijn", top)):
        stack.sql(f"INSERT IGNORE INTO hr_advisor_department (employee_id, department_id)"
                  f" SELECT id, {dep} FROM employee WHERE login = '{login_}'")
    stack.sql(f"INSERT IGNORE INTO read_audit (reader_id, kind, object_id, day, dossier_id)"
              f" SELECT id, 'dossier', {ids['dossier_a']}, UTC_DATE(), {ids['dossier_a']}"
              f" FROM employee WHERE login = 'hanna'")
    return [
        Page("admin-department-advisors", "hanna", f"/admin/departments/{sales}", main=False),
        Page("admin-department-advisor-error", "hanna", f"/admin/departments/{sales}/advisors",
             400, "POST", {"login": "niemand-bekend"}, main=False),
        Page("dossier-employee-reads", "eva", f"/dossiers/{ids['dossier_a']}", main=False),
        Page("admin-audit-reads", "hanna", "/admin/audit?who=hanna", main=False),
    ]


# ---- deputies (issue 17, h-deputy) ----

DEPUTY_LOGIN = "vervanger"


def _deputy_pages(stack, ids):
    """A deputy of mark for eva, today (site.timezone): mark's deputies page
    (and a refused appointment: mark as his own deputy), HR's page for mark,
    the deputy's dashboard with the borrowed dossier, the dossier and a
    conversation with "namens mark", and where the deputy stands in."""
    import datetime
    from zoneinfo import ZoneInfo
    st = build(stack)
    people = ids["people"]
    today = datetime.datetime.now(ZoneInfo("Europe/Amsterdam")).date().isoformat()
    if "deputy" not in st.ids:
        stack.sql(f"INSERT INTO employee (login, name) VALUES ('{DEPUTY_LOGIN}', 'Vera Vervanger')")
        deputy = int(stack.sql(f"SELECT id FROM employee WHERE login = '{DEPUTY_LOGIN}'")[0][0])
        stack.add_pam_user(DEPUTY_LOGIN, PASSWORD)
        stack.sql(f"INSERT INTO deputy (manager_id, deputy_id, employee_id, starts_on, ends_on,"
                  f" created_by) VALUES ({people['mark']}, {deputy}, {people['eva']},"
                  f" '{today}', '{today}', {people['mark']})")
        st.ids["deputy"] = deputy
    return [
        Page("deputies-manager", "mark", "/deputies"),
        Page("deputies-refused", "mark", "/deputies", 400, "POST",
             {"deputy": "mark", "employee": str(people["eva"]), "from": today, "until": today},
             main=False),
        Page("deputies-hr", "hanna", f"/admin/employees/{people['mark']}/deputies", main=False),
        Page("dashboard-deputy", DEPUTY_LOGIN, "/"),
        Page("deputies-standing-in", DEPUTY_LOGIN, "/deputies", main=False),
        Page("dossier-deputy", DEPUTY_LOGIN, f"/dossiers/{ids['dossier_b']}", main=False),
        Page("conversation-deputy", DEPUTY_LOGIN, f"/conversations/{ids['preparing']}",
             main=False),
    ]


# ---- the second assessor (issue 17, h-second) ----

def _second_assessor_pages(stack):
    """eva's assessment on a form that asks for a second assessor (sanne,
    mark's manager): finalized, returned once with a reason, finalized
    again, one goal's rating changed with a reason, waiting for the
    approval.  sanne's form with the three moves, her dashboard, eva's
    view of the record, a change refused without a reason (400, nothing
    written); HR's department page names a second assessor wrongly (400)."""
    from reviewtools import second_template
    st = build(stack)
    if "review" not in st.ids:
        people = _people(stack)
        _, _, (_, _, asm), goal = _cycle(stack, people, "Tweede")
        stack.sql(f"UPDATE conversation SET template_version_id = {second_template(stack)}"
                  f" WHERE id = {asm}")
        st.post("mark", f"/conversations/{asm}/items", **GOALS[0], org_goal=str(goal))
        st.post("mark", f"/conversations/{asm}/held", version=st.version("mark", asm),
                confirm="1")
        item = st.item_ids("mark", asm)[GOALS[0]["title"]]
        st.post("mark", f"/conversations/{asm}/updates", item=item, rating="3", note="Op koers.")
        st.post("mark", f"/conversations/{asm}/overall", rating="3", note="Een goed jaar.",
                version=st.version("mark", asm))
        st.post("mark", f"/conversations/{asm}/finalize", version=st.version("mark", asm))
        st.post("sanne", f"/conversations/{asm}/review/return", version=st.version("sanne", asm),
                reason="Licht de omzet per kwartaal toe.")
        st.post("mark", f"/conversations/{asm}/finalize", version=st.version("mark", asm))
        st.post("sanne", f"/conversations/{asm}/review/change", version=st.version("sanne", asm),
                target="item", target_id=item, rating="4",
                reason="De omzet groeide harder dan afgesproken.")
        st.ids["review"], st.ids["review_item"] = asm, item
        # a department of its own (version 1: no other test edits it)
        from helpers import insert
        st.ids["review_dept"] = insert(stack, "department",
                                       name=f"Tweede lijn {os.getpid()}-{next(_counter)}")
    path = f"/conversations/{st.ids['review']}"
    out = [
        Page("conversation-review-pending", "sanne", path),
        Page("conversation-review-employee", "eva", path, main=False),
        Page("dashboard-second-assessor", "sanne", "/", main=False),
        Page("form-review-change-reason-missing", "sanne", path + "/review/change", 400, "POST",
             {"target": "item", "target_id": st.ids["review_item"], "rating": "2",
              "version": st.version("sanne", st.ids["review"])}, main=False),
    ]
    out.append(Page("admin-department-assessor-unknown", "hanna",
                    f"/admin/departments/{st.ids['review_dept']}/second-assessor", 400, "POST",
                    {"login": "niemand-hier", "version": "1"}, main=False))
    return out


# ---- 360-degree feedback (issue 17, h-feedback) ----

def _feedback_pages(stack):
    """Two anonymous rounds on eva's assessments (feedbacktools.py): one
    below its threshold (one answer of three) and one whose aggregate is
    shown (three of three); the invitee's form, its errors and the answered
    form; the invitation on the invitee's dashboard; the name search and a
    refused invitation."""
    from feedbacktools import FAR, fb_template, make_round, person_ids
    st = build(stack)
    if "fb_low" not in st.ids:
        ids = _people(stack)
        ids.update(person_ids(stack, ("lotte", "bram", "fleur", "thijs")))
        version = fb_template(stack)
        low = make_round(stack, ids, version)["conv"]
        full = make_round(stack, ids, version, status="held")["conv"]
        for conv, who in ((low, "lotte"), (low, "bram"), (low, "thijs"), (full, "lotte"),
                          (full, "bram"), (full, "fleur")):
            st.post("mark", f"/conversations/{conv}/feedback/invitations",
                    invitee=str(ids[who]), deadline=FAR)

        def inv(conv, who):
            return int(stack.sql(f"SELECT id FROM feedback_invitation WHERE conversation_id ="
                                 f" {conv} AND invitee_id = {ids[who]}")[0][0])
        st.post("bram", f"/feedback/{inv(low, 'bram')}", q1_rating="3", q2_body="Goed bezig")
        for who, level, tip in (("lotte", "4", "Deel je kennis vaker"),
                                ("bram", "3", "Plan ruimer"), ("fleur", "2", "Vraag om hulp")):
            st.post(who, f"/feedback/{inv(full, who)}", q1_rating=level, q2_body=tip)
        st.ids.update(fb_low=low, fb_full=full, fb_open=inv(low, "lotte"),
                      fb_done=inv(low, "bram"), fb_thijs=ids["thijs"])
    low, full = st.ids["fb_low"], st.ids["fb_full"]
    return [
        Page("feedback-round-threshold", "mark", f"/conversations/{low}/feedback"),
        Page("feedback-round-aggregate", "hanna", f"/conversations/{full}/feedback"),
        Page("feedback-round-employee", "eva", f"/conversations/{full}/feedback", main=False),
        Page("feedback-round-search", "mark", f"/conversations/{low}/feedback?q=de",
             main=False),
        Page("feedback-invite-error", "mark", f"/conversations/{low}/feedback/invitations", 400,
             "POST", {"invitee": str(st.ids["fb_thijs"]), "deadline": "2001-01-01"},
             main=False),
        Page("feedback-answer-form", "lotte", f"/feedback/{st.ids['fb_open']}"),
        Page("feedback-answer-errors", "lotte", f"/feedback/{st.ids['fb_open']}", 400, "POST",
             {"q1_rating": "9", "q2_body": ""}, main=False),
        Page("feedback-answer-done", "bram", f"/feedback/{st.ids['fb_done']}", main=False),
        Page("dashboard-feedback", "lotte", "/", main=False),
    ]


# ---- calibration (issue 17, h-calib) ----

def _calibration_pages(stack):
    """A cycle with the proposed final ratings of eva and daan (mark) and
    jesse (iris); a round of Directie opened by hanna, a proposal for eva
    waiting for mark, and one for daan that mark accepted (daan's page
    shows the change with its reason)."""
    st = build(stack)
    if "cal_cycle" not in st.ids:
        ids = _people(stack)
        ids.update({n: int(i) for n, i in stack.sql(
            "SELECT login, id FROM employee WHERE login IN ('jesse', 'iris')")})
        cycle, dossier, convs, _ = _cycle(stack, ids, "Kalibratie")
        eva = convs[2]
        stack.sql(f"UPDATE conversation SET status = 'finalized', overall_rating = 4,"
                  f" held_on = '2027-12-01' WHERE id = {eva}")
        conv = {"eva": eva}
        for who, manager, rating in (("daan", "mark", 3), ("jesse", "iris", 5)):
            stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES"
                      f" ({cycle}, {ids[who]}, {ids[manager]})")
            d = int(stack.sql(f"SELECT id FROM dossier WHERE cycle_id = {cycle}"
                              f" AND employee_id = {ids[who]}")[0][0])
            stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status,"
                      f" overall_rating, held_on) VALUES ({d}, 'assessment', 1, '2027-12-15',"
                      f" 'finalized', {rating}, '2027-12-01')")
            conv[who] = int(stack.sql(f"SELECT id FROM conversation WHERE dossier_id = {d}")[0][0])
        keep_summaries(stack, cycle)
        top = int(stack.sql("SELECT id FROM department WHERE name = 'Directie'")[0][0])
        st.post("hanna", "/calibration/rounds", cycle=str(cycle), department=str(top))
        rnd = int(stack.sql(f"SELECT id FROM calibration_round WHERE cycle_id = {cycle}")[0][0])
        for who, rating, reason in (("daan", "4", "Sterker dan de collega's met een 3"),
                                    ("eva", "3", "In lijn met de afdeling")):
            st.post("hanna", f"/calibration/rounds/{rnd}/proposals", conversation=str(conv[who]),
                    rating=rating, reason=reason)
        pid = int(stack.sql("SELECT id FROM calibration_proposal WHERE conversation_id ="
                            f" {conv['daan']}")[0][0])
        st.post("mark", f"/calibration/proposals/{pid}/accept", version="1")
        st.ids.update(cal_cycle=cycle, cal_top=top, cal_round=rnd, cal_eva=conv["eva"],
                      cal_daan=conv["daan"])
    view = f"/calibration?cycle={st.ids['cal_cycle']}&department={st.ids['cal_top']}"
    return [
        Page("calibration-view", "hanna", view, main=False),
        Page("calibration-choose", "mark", "/calibration", main=False),
        Page("calibration-propose-error", "mark",
             f"/calibration/rounds/{st.ids['cal_round']}/proposals", 400, "POST",
             {"conversation": str(st.ids["cal_daan"]), "rating": "2", "reason": ""}, main=False),
        Page("conversation-calibration-manager", "mark", f"/conversations/{st.ids['cal_eva']}",
             main=False),
        Page("conversation-calibration-employee", "daan", f"/conversations/{st.ids['cal_daan']}",
             main=False),
        Page("dashboard-calibration", "mark", "/", main=False),
    ]


# ---- a deputy's borrowed team (issue 17, h-deputy2) ----

TEAM_DEPUTY_LOGIN = "teamvervanger"


def _deputy_team_pages(stack, ids):
    """A deputy of mark for all his reports, today (site.timezone): mark's
    team report as the deputy reads it (its own scope, team=mark), the
    people behind a number of it, and the deputy's dashboard with the
    manager's cards and the link to the team report."""
    import datetime
    from zoneinfo import ZoneInfo
    st = build(stack)
    people = ids["people"]
    today = datetime.datetime.now(ZoneInfo("Europe/Amsterdam")).date().isoformat()
    if "team_deputy" not in st.ids:
        stack.sql(f"INSERT INTO employee (login, name) VALUES ('{TEAM_DEPUTY_LOGIN}',"
                  f" 'Tom Teamvervanger')")
        deputy = int(stack.sql(f"SELECT id FROM employee WHERE login = '{TEAM_DEPUTY_LOGIN}'")[0][0])
        stack.add_pam_user(TEAM_DEPUTY_LOGIN, PASSWORD)
        stack.sql(f"INSERT INTO deputy (manager_id, deputy_id, starts_on, ends_on, created_by)"
                  f" VALUES ({people['mark']}, {deputy}, '{today}', '{today}', {people['mark']})")
        st.ids["team_deputy"] = deputy
    q = f"cycle={ids['cycle_a']}&team={people['mark']}"
    return [
        Page("reports-deputy-team", TEAM_DEPUTY_LOGIN, f"/reports?{q}"),
        Page("reports-people-deputy-team", TEAM_DEPUTY_LOGIN,
             f"/reports/people?{q}&metric=conversations.goal_setting.total", main=False),
        Page("dashboard-deputy-team", TEAM_DEPUTY_LOGIN, "/", main=False),
    ]


# ---- single sign-on (issue 19, h-sso) ----

def _sso_pages(stack):
    """The page after a logout through single sign-on (the test stack's
    method is pam, so the password form shows below it, as with both)."""
    return [Page("logged-out", None, "/logged-out", main=False)]


HOLD_LOGIN = "t_hold_page"


def _legal_hold_pages(stack, ids):
    """Issue 18: an employee on legal hold (its reason, since when, the
    lift button) and a hold refused for a blank reason."""
    st = build(stack)
    eva = ids["people"]["eva"]
    if "hold_employee" not in st.ids:
        stack.sql(f"INSERT INTO employee (login, name) VALUES ('{HOLD_LOGIN}', 'Hanneke Houden')")
        held = int(stack.sql(f"SELECT id FROM employee WHERE login = '{HOLD_LOGIN}'")[0][0])
        st.post("hanna", f"/admin/employees/{held}/hold", reason="Klacht bij de rechtbank")
        st.ids["hold_employee"] = held
    return [
        Page("admin-employee-hold", "hanna", f"/admin/employees/{st.ids['hold_employee']}", main=False),
        Page("admin-employee-hold-error", "hanna", f"/admin/employees/{eva}/hold", 400, "POST",
             {"reason": "  "}, main=False),
    ]


# ---- issue 17 (h-gaps17): a cycle's second assessor, the advisor's list ----

def _gaps17_pages(stack, ids):
    """The cycle page's second-assessor setting refused as stale (409, the
    form's conflict); the HR advisor's list of dossiers (hanna: every
    department), filtered, and with a refused search."""
    return [
        Page("admin-cycle-assessor-conflict", "hanna",
             f"/admin/cycles/{ids['cycle_b']}/second-assessor", 409, "POST",
             {"version": "999999", "second_assessor": "required"}, main=False),
        Page("advisor-dossiers", "hanna", "/advisor/dossiers"),
        Page("advisor-dossiers-filtered", "hanna",
             f"/advisor/dossiers?cycle={ids['cycle_a']}&q=eva", main=False),
        Page("advisor-dossiers-search-error", "hanna", "/advisor/dossiers?q=" + "x" * 101, 400,
             main=False),
    ]


# ---- issue 18 (h-privacy): the privacy statement ----

def _privacy_pages(stack, ids):
    """The privacy statement for the works council (admin_privacy.xsl):
    hanna's (administrator and auditor), and refused to an employee."""
    return [
        Page("admin-privacy", "hanna", "/admin/privacy", main=False),
        Page("admin-privacy-refused", "eva", "/admin/privacy", 403, main=False),
    ]


# ---- issue 18 (h-access): the right of access ----

def _access_pages(stack, ids):
    """The personal export as a printable page: eva's own, and HR's of eva
    (hanna, on eva's request)."""
    eva = ids["people"]["eva"]
    return [
        Page("access-export-own", "eva", "/me/export"),
        Page("access-export-hr", "hanna", f"/admin/employees/{eva}/export", main=False),
    ]


# ---- issue 17's last gaps (h-i17): the editor's feedback round, a deputy's decision ----

def _i17_pages(stack):
    """The template editor with a feedback round of two questions (a
    question just added by its button) and with the round refused (a
    threshold out of 2..20, at its field); eva's conversation page as the
    deputy of mark for all his reports today (_deputy_team_pages), who
    decides calibration's waiting proposal for mark (_calibration_pages)."""
    st = build(stack)
    form = {"key": "ps-feedback", "name_nl": "Proef met feedback", "w_result_goals": "100",
            "s1_key": "drie", "s1_l1_value": "1", "s1_l1_label_nl": "laag",
            "s1_l2_value": "2", "s1_l2_label_nl": "hoog",
            "f1_x1_kind": "result_goals", "f1_x1_key": "resultaten", "f1_x1_who": "both",
            "f1_x1_title_nl": "Resultaatdoelstellingen",
            "fb_enabled": "1", "fb_conversation": "goal_setting", "fb_invited_by": "both",
            "fb_anonymity": "anonymous", "fb_threshold": "3", "fb_sees": "after_conversation",
            "q1_key": "tip", "q1_kind": "open", "q1_title_nl": "Eén tip",
            "q2_key": "samen", "q2_kind": "rating", "q2_scale": "drie",
            "q2_title_nl": "Samenwerken"}
    return [
        Page("admin-template-edit-feedback", "hanna", "/admin/templates/new", 200, "POST",
             dict(form, op="add_question"), main=False),
        Page("admin-template-edit-feedback-error", "hanna", "/admin/templates/new", 400, "POST",
             dict(form, op="save", fb_threshold="1"), main=False),
        Page("conversation-calibration-deputy", TEAM_DEPUTY_LOGIN,
             f"/conversations/{st.ids['cal_eva']}", main=False),
    ]


# ---- issue 19 (h-ldap): SSO-only login states, the last directory sync ----

class _Answer:
    """What _fetch_special hands back: status_code and text, as requests'."""

    def __init__(self, status, raw):
        self.status_code = status
        self.text = raw.split(b"\r\n\r\n", 1)[-1].decode("utf-8", "replace")


def _sso_only(stack, page, lang):
    """page.path from a gesprekd of its own with [auth] method = remote_user
    (no password form at all), asked over FastCGI on its ordinary socket
    without REMOTE_USER: what a browser sees that the SSO web server has not
    signed in.  Started for the one request and stopped again."""
    import signal
    import socket
    import subprocess
    from helpers import fcgi_request, wait_for

    d = stack.shared_dir("pagestates-sso-only")
    conf = stack.config()
    conf["server"].update({"listen": f"unix:{d}/plain.sock", "runtime_dir": str(d / "run"),
                           "page_cache": "no"})
    conf["auth"].update({"method": "remote_user", "realm": "GESPREK.TEST",
                         "trusted_listener": f"unix:{d}/sso.sock"})
    path = write_conf(d / "gesprek.conf", conf)

    def accepts():
        try:
            with socket.socket(socket.AF_UNIX) as so:
                so.connect(str(d / "plain.sock"))
            return True
        except OSError:
            return False

    p = subprocess.Popen([str(stack.gesprekd_bin), "-c", str(path)], env=stack.env(pam=True),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=open(d / "gesprekd.log", "ab"))
    try:
        assert wait_for(accepts, timeout=60), (d / "gesprekd.log").read_text()[-2000:]
        status, raw = fcgi_request(d / "plain.sock", {
            "REQUEST_METHOD": "GET", "REQUEST_URI": page.path, "QUERY_STRING": "",
            "REMOTE_ADDR": "127.0.0.1", "HTTPS": "on", "SERVER_NAME": "localhost",
            "HTTP_ACCEPT_LANGUAGE": ACCEPT[lang]})
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(60)
    return _Answer(status or 200, raw)


def _directory_pages(stack):
    """The SSO-only login page and the page after logout there (method
    remote_user), and the import page with the last directory sync (a
    failed one: its error shown to HR)."""
    st = build(stack)
    if "directory_sync" not in st.ids:
        stack.sql("INSERT INTO directory_sync (started_at, finished_at, outcome, entries, pages,"
                  " error) VALUES (UTC_TIMESTAMP(), UTC_TIMESTAMP(), 'failed', 0, 0,"
                  " 'cannot reach the directory at ldaps://dc1.voorbeeld.nl (Can''t contact"
                  " LDAP server)')")
        st.ids["directory_sync"] = True
    return [
        Page("login-sso-only", "ssoonly:", "/login", main=False),
        Page("logged-out-sso-only", "ssoonly:", "/logged-out", main=False),
        Page("admin-import-sync-failed", "hanna", "/admin/import", main=False),
    ]
