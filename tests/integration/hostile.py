"""Hostile text and the forms it is typed into: shared by
test_hostile_input.py (stored and shown verbatim, over HTTP) and
test_hostile_browser.py (never executed, in headless Chromium).

FORMS lists every form with free text: conversation items, updates,
remarks, the overall assessment, signing and reopening, and HR's
employees, departments, cycles, organisation and collective goals and the
organisation import.  Each entry writes one value into one field and says
where it must end up (a SQL query that reads it back) and which page shows
it.
"""

import csv
import io
import itertools
import time

from conftest import StackSession, login
from helpers import DEPARTMENT_PATHS_FILL, xml
from summaries import keep_summaries

# Strings that break out of SQL, HTML, attributes, script and templates.
SQL_PAYLOADS = (
    "O'Brien'); DROP TABLE item; --",
    "x' OR '1'='1' -- ",
    "%' UNION SELECT login, name FROM employee #",
    "1' AND SLEEP(5)='",
    "\\'; SELECT 1; -- \\",
    "\"; DELETE FROM remark WHERE \"1\"=\"1",
)
MARKUP_PAYLOADS = (
    "<script>window.__pwned='script';alert(1)</script>",
    "<img src=x onerror=\"window.__pwned='img';alert(2)\">",
    "\"><svg onload=\"window.__pwned='svg'\"></svg>",
    "<a href=\"javascript:window.__pwned='js'\">klik</a>",
    "&lt;b&gt; &amp;amp; &#x3C;i&#x3E; ]]> <!-- --> <![CDATA[x]]>",
    "</textarea></title><script>window.__pwned='close'</script>",
    "{{7*7}} ${7*7} <%= 7*7 %> {$x} <xsl:value-of select=\"/\"/>",
)
PAYLOADS = SQL_PAYLOADS + MARKUP_PAYLOADS

# Tables whose row counts a write may change (the audit and session
# tables change with every write and are left out).
TABLES = ("employee", "department", "cycle", "cycle_step", "dossier", "conversation", "item",
          "item_update", "remark", "org_goal", "collective_goal", "signature", "snapshot",
          "competence", "competence_indicator", "job_profile", "job_profile_competence",
          "conversation_answer", "competence_rating")
# What a refused request must leave exactly as it was: every row of those
# tables and of the audit and session tables (convtools.unchanged).
REFUSAL_TABLES = TABLES + ("audit", "session")

# A write that takes this long ran something it should not have (SLEEP).
SLOW = 3.0

_n = itertools.count(1)


def unique(value):
    """value with a marker that makes it unique (names must be)."""
    return f"{value} #{next(_n)}"


def counts(stack):
    q = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM `{t}`" for t in TABLES)
    return {t: int(c) for t, c in stack.sql(q)}


def sql_str(value):
    """A MariaDB string literal (test data only)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


class World:
    """The people and objects the forms write into: a fresh cycle with a
    dossier of eva (manager mark), sessions for eva, mark and hanna."""

    def __init__(self, stack):
        self.stack = stack
        self.ids = {l: int(i) for l, i in stack.sql(
            "SELECT login, id FROM employee WHERE login IN ('eva','mark','hanna')")}
        self.sessions = {}
        self.csrf = {}
        n = next(_n)
        stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
                  f"('Vijandig {n}', '2029-01-01', '2029-12-31', 'open', 'laag|midden|hoog')")
        self.cycle = self.one(f"SELECT id FROM cycle WHERE name = 'Vijandig {n}'")
        stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
                  f"({self.cycle}, {self.ids['eva']}, {self.ids['mark']})")
        self.dossier = self.one(f"SELECT id FROM dossier WHERE cycle_id = {self.cycle}")
        self.seq = itertools.count(1)
        self.prep = self.conversation("goal_setting", "preparing")
        self.assess = self.conversation("assessment", "preparing")
        self.item = self.one(self.add_item_sql("Vijandig doel"))
        keep_summaries(stack, self.cycle)
        self.goal = self.insert("org_goal", f"(cycle_id, title) VALUES ({self.cycle}, '{{}}')")
        self.collective = self.insert("collective_goal",
                                      f"(cycle_id, title) VALUES ({self.cycle}, '{{}}')")
        self.department = self.insert("department", "(name) VALUES ('{}')")
        stack.sql(DEPARTMENT_PATHS_FILL)  # its stored ancestors, as gesprek gives them
        # issue 16: a competence and a job profile (keys: a-z, 0-9, -)
        self.competence = self.insert(
            "competence", f"(ckey, name_nl, definition_nl) VALUES ('vijandig-{n}', '{{}}', 'x')")
        self.job_profile = self.insert(
            "job_profile", f"(pkey, name_nl) VALUES ('vijandig-{n}', '{{}}')")
        login_ = f"vijand{n}"
        stack.sql(f"INSERT INTO employee (login, name) VALUES ('{login_}', 'Vijand {n}')")
        self.employee = self.one(f"SELECT id FROM employee WHERE login = '{login_}'")

    def one(self, query):
        return int(self.stack.sql(query)[0][0])

    def insert(self, table, values):
        marker = f"Vijandig {table} {next(_n)}"
        self.stack.sql(f"INSERT INTO {table} {values.format(marker)}")
        return self.one(f"SELECT MAX(id) FROM {table}")

    def conversation(self, ctype, status):
        seq = next(self.seq)
        self.stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status, "
                       f"employee_shared, manager_shared) VALUES ({self.dossier}, '{ctype}', "
                       f"{seq}, '2029-06-30', '{status}', 1, 1)")
        return self.one(f"SELECT id FROM conversation WHERE dossier_id = {self.dossier} "
                        f"AND seq = {seq}")

    def fresh_conversation(self, status):
        n = next(_n)
        self.stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) "
                       f"VALUES ('Vijandig los {n}', '2029-01-01', '2029-12-31', 'open', 'a|b')")
        cycle = self.one(f"SELECT id FROM cycle WHERE name = 'Vijandig los {n}'")
        self.stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
                       f"({cycle}, {self.ids['eva']}, {self.ids['mark']})")
        dossier = self.one(f"SELECT id FROM dossier WHERE cycle_id = {cycle}")
        self.stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status) "
                       f"VALUES ({dossier}, 'progress', 1, '2029-06-30', '{status}')")
        keep_summaries(self.stack, cycle)
        return self.one(f"SELECT id FROM conversation WHERE dossier_id = {dossier}")

    def add_item_sql(self, title):
        t = unique(title)
        self.stack.sql(f"INSERT INTO item (dossier_id, kind, title, created_in_conversation_id, "
                       f"author_id) VALUES ({self.dossier}, 'result', '{t}', {self.prep}, "
                       f"{self.ids['mark']})")
        return f"SELECT id FROM item WHERE title = '{t}'"

    def version(self, table, oid):
        return self.stack.sql(f"SELECT version FROM {table} WHERE id = {oid}")[0][0]

    def session(self, who):
        if who not in self.sessions:
            s = StackSession(self.stack.base_url)
            assert login(s, who, "demo").status_code == 303
            self.sessions[who] = s
            self.csrf[who] = xml(s.get("/.xml")).get("csrf")
        return self.sessions[who]

    def post(self, who, path, fields=None, files=None):
        s = self.session(who)
        data = dict(fields or {})
        data["csrf"] = self.csrf[who]
        t0 = time.monotonic()
        r = s.post(path, data=data, files=files, allow_redirects=False)
        r.elapsed_s = time.monotonic() - t0
        return r


# ---------------------------------------------------------------------------
# the forms: each writes `value` into `field` and returns
# (response, SQL reading the stored value back, page showing it, table grown)
# ---------------------------------------------------------------------------

def item_add(w, field, value):
    fields = {"kind": "result", "title": unique("Doel"), "deadline": "2029-05-01"}
    fields[field] = value
    r = w.post("mark", f"/conversations/{w.prep}/items", fields)
    key = fields["title"]
    return (r, f"SELECT {field} FROM item WHERE dossier_id = {w.dossier} AND title = "
               f"{sql_str(key)}", f"/conversations/{w.prep}", {"item": 1})


def item_edit(w, field, value):
    fields = {"conversation": str(w.prep), "title": unique("Doel bewerkt"),
              "version": w.version("item", w.item)}
    fields[field] = value
    r = w.post("mark", f"/items/{w.item}", fields)
    return r, f"SELECT {field} FROM item WHERE id = {w.item}", f"/conversations/{w.prep}", {}


def update_note(w, field, value):
    # One note per author, item and conversation: the first adds it, the
    # next ones replace it.
    first = not w.stack.sql(f"SELECT id FROM item_update WHERE item_id = {w.item} "
                            f"AND conversation_id = {w.prep}")
    r = w.post("mark", f"/conversations/{w.prep}/updates",
               {"item": str(w.item), "status": "on_track", field: value})
    return (r, f"SELECT note FROM item_update WHERE item_id = {w.item} ORDER BY id DESC LIMIT 1",
            f"/conversations/{w.prep}", {"item_update": 1} if first else {})


def remark(w, field, value):
    r = w.post("eva", f"/conversations/{w.prep}/remarks", {field: value})
    return (r, f"SELECT text FROM remark WHERE conversation_id = {w.prep} ORDER BY id DESC LIMIT 1",
            f"/conversations/{w.prep}", {"remark": 1})


def overall(w, field, value):
    r = w.post("mark", f"/conversations/{w.assess}/overall",
               {"rating": "2", field: value, "version": w.version("conversation", w.assess)})
    return (r, f"SELECT overall_note FROM conversation WHERE id = {w.assess}",
            f"/conversations/{w.assess}", {})


# A finalized conversation in a dossier of its own (a dossier shows at most
# CONVERSATIONS_MAX conversations): cycle, dossier and conversation.
FRESH = {"cycle": 1, "dossier": 1, "conversation": 1}


def sign_remark(w, field, value):
    conv = w.fresh_conversation("finalized")
    r = w.post("eva", f"/conversations/{conv}/sign", {"verdict": "seen", field: value})
    return (r, f"SELECT remark FROM signature WHERE conversation_id = {conv}",
            f"/conversations/{conv}", dict(FRESH, signature=1))


def reopen_reason(w, field, value):
    conv = w.fresh_conversation("finalized")
    r = w.post("hanna", f"/conversations/{conv}/reopen", {field: value})
    # The reason is in the page's XML view only: conversation.xsl does not
    # show it (yet).
    return (r, f"SELECT reopen_reason FROM conversation WHERE id = {conv}",
            f"/conversations/{conv}#xml-only", dict(FRESH))


def employee_new(w, field, value):
    login_ = f"vijandig{next(_n)}"
    r = w.post("hanna", "/admin/employees", {"login": login_, field: value})
    made = w.stack.sql(f"SELECT id FROM employee WHERE login = '{login_}'")
    page = f"/admin/employees/{made[0][0]}" if made else "/admin/employees"
    return r, f"SELECT name FROM employee WHERE login = '{login_}'", page, {"employee": 1}


def employee_edit(w, field, value):
    login_ = w.stack.sql(f"SELECT login FROM employee WHERE id = {w.employee}")[0][0]
    r = w.post("hanna", f"/admin/employees/{w.employee}",
               {"login": login_, field: value, "version": w.version("employee", w.employee)})
    return (r, f"SELECT name FROM employee WHERE id = {w.employee}",
            f"/admin/employees/{w.employee}", {})


def department_new(w, field, value):
    r = w.post("hanna", "/admin/departments", {field: value})
    return (r, f"SELECT name FROM department WHERE name = {sql_str(value)}",
            "/admin/departments", {"department": 1})


def department_edit(w, field, value):
    r = w.post("hanna", f"/admin/departments/{w.department}",
               {field: value, "version": w.version("department", w.department)})
    return (r, f"SELECT name FROM department WHERE id = {w.department}",
            f"/admin/departments/{w.department}", {})


def cycle_new(w, field, value):
    r = w.post("hanna", "/admin/cycles", {
        field: value, "starts_on": "2030-01-01", "ends_on": "2030-12-31",
        "scale": "laag/hoog", "step1_type": "goal_setting", "step1_due": "2030-02-01"})
    return (r, f"SELECT name FROM cycle WHERE name = {sql_str(value)}", "/admin/cycles",
            {"cycle": 1, "cycle_step": 1})


def cycle_edit(w, field, value):
    r = w.post("hanna", f"/admin/cycles/{w.cycle}", {
        field: value, "starts_on": "2029-01-01", "ends_on": "2029-12-31",
        "scale": "laag/midden/hoog", "version": w.version("cycle", w.cycle),
        "confirm": "1"})  # a cycle with dossiers asks first (issue 15)
    return (r, f"SELECT name FROM cycle WHERE id = {w.cycle}", f"/admin/cycles/{w.cycle}", {})


def goal_new(w, field, value):
    fields = {"title": unique("Organisatiedoel"), "description": "omschrijving"}
    fields[field] = value
    r = w.post("hanna", f"/admin/cycles/{w.cycle}/goals", fields)
    return (r, f"SELECT {field} FROM org_goal WHERE cycle_id = {w.cycle} ORDER BY id DESC LIMIT 1",
            f"/admin/cycles/{w.cycle}", {"org_goal": 1})


def goal_edit(w, field, value):
    fields = {"title": unique("Organisatiedoel"), "description": "omschrijving",
              "version": w.version("org_goal", w.goal)}
    fields[field] = value
    r = w.post("hanna", f"/admin/goals/{w.goal}", fields)
    return (r, f"SELECT {field} FROM org_goal WHERE id = {w.goal}", f"/admin/cycles/{w.cycle}",
            {})


def collective_new(w, field, value):
    fields = {"title": unique("Collectief"), "measure": "maatstaf"}
    fields[field] = value
    r = w.post("hanna", f"/admin/cycles/{w.cycle}/collective", fields)
    return (r, f"SELECT {field} FROM collective_goal WHERE cycle_id = {w.cycle} "
               f"ORDER BY id DESC LIMIT 1", f"/admin/cycles/{w.cycle}", {"collective_goal": 1})


def collective_edit(w, field, value):
    fields = {"title": unique("Collectief"), "measure": "maatstaf",
              "version": w.version("collective_goal", w.collective)}
    fields[field] = value
    r = w.post("hanna", f"/admin/collective/{w.collective}", fields)
    return (r, f"SELECT {field} FROM collective_goal WHERE id = {w.collective}",
            f"/admin/cycles/{w.cycle}", {})


def collective_status(w, field, value):
    r = w.post("hanna", f"/admin/collective/{w.collective}/status", {
        "status": "open", field: value, "version": w.version("collective_goal", w.collective)})
    return (r, f"SELECT status_note FROM collective_goal WHERE id = {w.collective}",
            f"/admin/cycles/{w.cycle}", {})


def import_name(w, field, value):
    """The organisation import, dry run: the name is checked and shown in
    the preview, never stored (an applied import would deactivate everyone
    not in the file)."""
    out = io.StringIO()
    wr = csv.writer(out, delimiter=";", lineterminator="\n")
    wr.writerow(["login", "name", "email", "department", "manager"])
    wr.writerow(["hanna", "Hanna Visser", "", "", ""])
    wr.writerow([f"vijandimport{next(_n)}", value, "", "", ""])
    r = w.post("hanna", "/admin/import", {"mode": "dry-run"},
               files={"file": ("org.csv", out.getvalue().encode(), "text/csv")})
    return r, None, None, {}


# name -> (writer, fields, status of a good write).  A writer returns the
# response, the SQL that reads the value back, the page that shows it and
# the rows it may add ({table: n}, including what it made to write into).
FORMS = {
    "item-new": (item_add, ("title", "measure"), 303),
    "item-edit": (item_edit, ("title", "measure"), 303),
    "update": (update_note, ("note",), 303),
    "remark": (remark, ("text",), 303),
    "overall": (overall, ("note",), 303),
    "sign": (sign_remark, ("remark",), 303),
    "reopen": (reopen_reason, ("reason",), 303),
    "employee-new": (employee_new, ("name",), 303),
    "employee-edit": (employee_edit, ("name",), 303),
    "department-new": (department_new, ("name",), 303),
    "department-edit": (department_edit, ("name",), 303),
    "cycle-new": (cycle_new, ("name",), 303),
    "cycle-edit": (cycle_edit, ("name",), 303),
    "goal-new": (goal_new, ("title", "description"), 303),
    "goal-edit": (goal_edit, ("title", "description"), 303),
    "collective-new": (collective_new, ("title", "measure"), 303),
    "collective-edit": (collective_edit, ("title", "measure"), 303),
    "collective-status": (collective_status, ("status_note",), 303),
    "import": (import_name, ("name",), 200),
}


def fits(form, value):
    """Cycle names are at most 100 characters; the rest take the payloads
    with their markers."""
    return not form.startswith("cycle") or len(value) <= 100
