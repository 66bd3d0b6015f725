"""Small helpers shared by the integration tests."""

import os
import signal
import time
from datetime import date, timedelta

from lxml import etree, html as lxml_html

from stack import proc_parents


def children(pid):
    """{comm: [pid, ...]} of the direct children of pid."""
    out = {}
    for child, (comm, ppid) in proc_parents().items():
        if ppid == pid:
            out.setdefault(comm, []).append(child)
    return out


def child_pid(stack, comm, timeout=10):
    """The pid of gesprekd's child named comm (gesprekd-auth, gesprekd-work)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        pids = children(stack.gesprekd_pid).get(comm)
        if pids:
            return pids[0]
        time.sleep(0.1)
    raise AssertionError(f"no child process {comm} of gesprekd")


def wait_for(predicate, timeout=20, interval=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def page(resp):
    """The HTML of a response as an lxml document."""
    return lxml_html.fromstring(resp.text)


def employee_edit_form(hr, eid):
    """The employee edit form's fields as a dict, as a browser would send
    them (an unchecked box not at all)."""
    form = page(hr.get(f"/admin/employees/{eid}")).xpath(
        f"//form[@action='/admin/employees/{eid}']")[0]
    data = {}
    for el in form.xpath(".//input | .//select"):
        name = el.get("name")
        if el.tag == "select":
            sel = el.xpath("./option[@selected]/@value")
            data[name] = sel[0] if sel else ""
        elif el.get("type") == "checkbox":
            if el.get("checked"):
                data[name] = el.get("value")
        else:
            data[name] = el.get("value") or ""
    return data


def xml(resp):
    return etree.fromstring(resp.content)


def text_of(resp):
    """The visible text of a page, whitespace collapsed."""
    return " ".join(page(resp).text_content().split())


def kill(pid, sig=signal.SIGKILL):
    os.kill(pid, sig)


def _fcgi_record(rtype, content, request_id=1):
    import struct
    pad = (8 - len(content) % 8) % 8
    return struct.pack(">BBHHBx", 1, rtype, request_id, len(content), pad) + content + b"\0" * pad


def _fcgi_pair(name, value):
    import struct
    out = b""
    for part in (name, value):
        out += bytes([len(part)]) if len(part) < 128 else struct.pack(">I", len(part) | 0x80000000)
    return out + name + value


def fcgi_request(sock_path, params, stdin=b"", timeout=30, tcp=None):
    """Speaks FastCGI to gesprekd directly (no web server in between) and
    returns (status, headers-and-body bytes).  stdin is sent as given, even
    when it is shorter than CONTENT_LENGTH says."""
    import socket
    import struct
    body = b"".join(_fcgi_pair(k.encode(), v.encode()) for k, v in params.items())
    msg = _fcgi_record(1, struct.pack(">HB5x", 1, 0))
    msg += _fcgi_record(4, body) + _fcgi_record(4, b"")
    if stdin:
        msg += _fcgi_record(5, stdin)
    msg += _fcgi_record(5, b"")
    out = b""
    family = socket.AF_INET if tcp else socket.AF_UNIX
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(tcp if tcp else str(sock_path))
        s.sendall(msg)
        buf = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
            done = False
            while len(buf) >= 8:
                _, rtype, _, clen, plen = struct.unpack(">BBHHBx", buf[:8])
                if len(buf) < 8 + clen + plen:
                    break
                if rtype == 6:
                    out += buf[8:8 + clen]
                if rtype == 3:
                    done = True
                buf = buf[8 + clen + plen:]
            if done:
                break
    status = int(out.split(b"Status: ", 1)[1][:3]) if b"Status: " in out else 0
    return status, out


def csv_keys(header):
    """The column keys (the XML's names: cycle_id, title, ...) of a CSV
    export's header row, which is in the reader's language (the catalogs'
    csv.column.KEY, issue 15); a key stays itself."""
    from pathlib import Path
    names = {}
    for lang in ("nl", "en"):
        root = etree.parse(str(Path(__file__).resolve().parents[2] / "xslt" / "i18n"
                               / f"{lang}.xml")).getroot()
        for m in root.iter("msg"):
            key = m.get("key")
            if key.startswith("csv.column."):
                names[m.text] = key[len("csv.column."):]
    return [names.get(h, h) for h in header]


# ---- the demo's cycle (issue 15) ----
#
# The demo's cycle starts on the first of the month it is loaded in and runs
# twelve months (fcgi/store/demo.c), so its name and dates follow the clock.
# Tests read them here from the database instead of writing a year.

# The demo's first organisation goal marks its cycle (demo.c does the same).
DEMO_GOAL_TITLE = "Klanttevredenheid naar 8,5"


class DemoCycle:
    """The demo cycle as stored: id, name, starts_on, ends_on (date),
    steps {type: due date}."""

    def __init__(self, cid, name, starts_on, ends_on, steps):
        self.id, self.name = cid, name
        self.starts_on, self.ends_on, self.steps = starts_on, ends_on, steps

    def day(self, n):
        """The date n days after the cycle's first day, YYYY-MM-DD (n < 0:
        before it)."""
        return (self.starts_on + timedelta(days=n)).isoformat()

    def at(self, n, hhmm):
        """A datetime-local value on day(n): YYYY-MM-DDTHH:MM."""
        return f"{self.day(n)}T{hhmm}"

    def due(self, kind):
        """The due date of one step (goal_setting, progress, assessment)."""
        return self.steps[kind].isoformat()

    @property
    def year(self):
        """The year of the cycle's first day, as text."""
        return str(self.starts_on.year)


def demo_cycle(stack):
    """The demo's cycle, read from the database."""
    rows = stack.sql("SELECT c.id, c.name, c.starts_on, c.ends_on FROM cycle c"
                     " JOIN org_goal g ON g.cycle_id = c.id"
                     f" WHERE g.title = '{DEMO_GOAL_TITLE}' ORDER BY c.id LIMIT 1")
    assert rows, "the demo has its cycle"
    cid, name, starts, ends = rows[0]
    steps = {kind: date.fromisoformat(due) for kind, due in stack.sql(
        f"SELECT type, due_on FROM cycle_step WHERE cycle_id = {cid} ORDER BY seq")}
    return DemoCycle(int(cid), name, date.fromisoformat(starts), date.fromisoformat(ends),
                     steps)


# The stored ancestors of departments (sql/064) as a fresh walk of
# parent_id would give them: (up, dep, depth), each department itself at 0.
DEPARTMENT_WALK = (
    "WITH RECURSIVE walk (up, dep, depth) AS (SELECT id, id, 0 FROM department"
    " UNION ALL SELECT p.parent_id, w.dep, w.depth + 1 FROM walk w"
    " JOIN department p ON p.id = w.up WHERE p.parent_id IS NOT NULL AND w.depth < 1000)")

# A test that inserts departments with SQL (not through gesprek) stores
# their ancestors as gesprek's own writes would.
DEPARTMENT_PATHS_FILL = (
    "INSERT IGNORE INTO department_ancestor (up, dep, depth) " + DEPARTMENT_WALK +
    " SELECT up, dep, depth FROM walk")


def insert(stack, table, **cols):
    """Inserts one row with SQL, past gesprek, and returns its id; a
    department also gets its stored ancestors, as gesprek's writes give
    them (the report summaries are not kept: a test that reads reports
    after such rows rebuilds them, tests/integration/summaries.py)."""
    from stack import sql_quote
    names = ", ".join(cols)
    values = ", ".join(sql_quote(v) for v in cols.values())
    fill = f"; {DEPARTMENT_PATHS_FILL}" if table == "department" else ""
    return int(stack.sql(f"INSERT INTO {table} ({names}) VALUES ({values}); "
                         f"SELECT LAST_INSERT_ID() INTO @id{fill}; SELECT @id")[0][0])


def department_paths_differ(stack):
    """Rows of department_ancestor missing or wrong against a fresh walk:
    [(kind, up, dep, depth), ...], [] when they agree."""
    return stack.sql(
        DEPARTMENT_WALK +
        " SELECT 'missing', w.up, w.dep, w.depth FROM walk w WHERE NOT EXISTS"
        " (SELECT 1 FROM department_ancestor a WHERE a.up = w.up AND a.dep = w.dep"
        " AND a.depth = w.depth)"
        " UNION ALL SELECT 'extra', a.up, a.dep, a.depth FROM department_ancestor a"
        " WHERE NOT EXISTS (SELECT 1 FROM walk w WHERE a.up = w.up AND a.dep = w.dep"
        " AND a.depth = w.depth)")


def walk_person(stack, label, dep, surname, manager=None, password="demo", **cols):
    """A person of a browser walk's own, active in department dep, with a
    login of its own (label and a random tail) that PAM knows with
    `password`; name "Label Surname"; cols add columns (job_profile_id).
    Returns (id, login)."""
    import uuid
    login_ = f"{label}{uuid.uuid4().hex[:6]}"
    row = {"login": login_, "name": f"{label.capitalize()} {surname}", "department_id": dep,
           "active": 1, **cols}
    if manager:
        row["manager_id"] = manager
    eid = insert(stack, "employee", **row)
    stack.add_pam_user(login_, password)
    return eid, login_


def deputy_walk_people(stack, title, labels, password="demo"):
    """The people of a deputy walk (test_deputy*_walk.py): a department
    named `title` and a random tag, a manager "chef", and per label of
    `labels` a person reporting to chef, but "invaller" (the deputy), who
    reports to no one.  Names "Label tag", logins "labeltag", PAM knows
    each with `password`.  Returns {"tag", "dep", label: id,
    label + "_login": login}."""
    import uuid
    tag = uuid.uuid4().hex[:6]
    o = {"tag": tag}
    o["dep"] = insert(stack, "department", name=f"{title} {tag}")
    for label in ("chef",) + tuple(labels):
        login_ = f"{label}{tag}"
        cols = {"login": login_, "name": f"{label.capitalize()} {tag}", "department_id": o["dep"]}
        if label not in ("chef", "invaller"):
            cols["manager_id"] = o["chef"]
        o[label] = insert(stack, "employee", **cols)
        o[label + "_login"] = login_
        stack.add_pam_user(login_, password)
    return o


def drop_deputies(stack, manager):
    """Ends a deputy walk: the manager's appointments and their uses go."""
    stack.sql(f"DELETE u FROM deputy_use u JOIN deputy p ON p.id = u.deputy_id"
              f" WHERE p.manager_id = {manager}")
    stack.sql(f"DELETE FROM deputy WHERE manager_id = {manager}")
