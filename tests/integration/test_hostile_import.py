"""Hostile files: XML imports with external entities, external DTDs,
parameter entities, XInclude and entity bombs (refused, no file read, no
network, no memory blow-up), through the web form and gesprekctl; and CSV
exports whose cells start like a formula (= + - @, tab, carriage return:
defused with a leading apostrophe in every text column)."""

import csv
import io
import socket
import threading
import time

import pytest

from convtools import unchanged
from hostile import REFUSAL_TABLES, World, sql_str
from helpers import DEPARTMENT_PATHS_FILL, child_pid, csv_keys, xml
from summaries import keep_summaries

ORG_NS = "urn:gesprek:organisation:1"
XML_VIEW = {"Accept": "application/xml"}
SECRET = "/etc/passwd"
SECRET_MARK = "root:x:0:0"
# A refused file is answered at once: no expansion, no waiting on a network.
QUICK = 5.0
# Growth of the worker's resident memory one hostile file may cause.
RSS_GROWTH_MAX_KB = 64 * 1024


@pytest.fixture(scope="module")
def world(stack):
    return World(stack)


@pytest.fixture
def listener():
    """A TCP port on 127.0.0.1 that records every connection made to it:
    a parser that fetched an external resource would show up here."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    hits = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            hits.append(conn.recv(1024))
            conn.close()
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1], hits
    stop.set()
    t.join(2)
    srv.close()


def rss_kb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def hostile_files(port):
    emp = f'<organisation xmlns="{ORG_NS}"><employee login="hanna" name="{{}}"/></organisation>'
    laughs = "".join(f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10))}">'
                     for i in range(1, 10))
    return {
        "external entity": f'<?xml version="1.0"?>\n<!DOCTYPE o [<!ENTITY x SYSTEM '
                           f'"file://{SECRET}">]>\n' + emp.format("&x;"),
        "parameter entity": f'<?xml version="1.0"?>\n<!DOCTYPE o [<!ENTITY % p SYSTEM '
                            f'"file://{SECRET}"> %p;]>\n' + emp.format("x"),
        "external DTD": f'<?xml version="1.0"?>\n<!DOCTYPE organisation SYSTEM '
                        f'"http://127.0.0.1:{port}/org.dtd">\n' + emp.format("x"),
        "network entity": f'<?xml version="1.0"?>\n<!DOCTYPE o [<!ENTITY x SYSTEM '
                          f'"http://127.0.0.1:{port}/x">]>\n' + emp.format("&x;"),
        "xinclude": f'<organisation xmlns="{ORG_NS}" xmlns:xi="http://www.w3.org/2001/XInclude">'
                    f'<xi:include href="file://{SECRET}" parse="text"/>'
                    f'<xi:include href="http://127.0.0.1:{port}/i"/></organisation>',
        "billion laughs": f'<?xml version="1.0"?>\n<!DOCTYPE o [<!ENTITY l0 "ha">{laughs}]>\n'
                          + emp.format("&l9;"),
        "quadratic blowup": f'<?xml version="1.0"?>\n<!DOCTYPE o [<!ENTITY a "{"a" * 50000}">]>\n'
                            + emp.format("&a;" * 20000),
        "deep nesting": f'<organisation xmlns="{ORG_NS}">' + "<e>" * 100000 + "</e>" * 100000
                        + "</organisation>",
        # libxml2 checks each attribute of a tag against all before it:
        # refused before parsing (orgxml.c shape_ok), not minutes later.
        "many attributes": f'<organisation xmlns="{ORG_NS}"><employee login="hanna" name="x" '
                           + " ".join(f'a{i}="{i}"' for i in range(80000)) + "/></organisation>",
        "many elements": f'<organisation xmlns="{ORG_NS}">' + "<e/>" * 150000
                         + "</organisation>",
        "utf-16 entity": ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE o [<!ENTITY x SYSTEM '
                          f'"file://{SECRET}">]>\n' + emp.format("&x;")).encode("utf-16"),
    }


def schema_location(port):
    """A valid file that names a schema on the network: imported against
    our own schema, the other one never fetched."""
    return (f'<organisation xmlns="{ORG_NS}" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{ORG_NS} http://127.0.0.1:{port}/o.xsd">'
            f'<employee login="hanna" name="Hanna Visser"/></organisation>')


def upload(world, content, mode="apply"):
    s = world.session("hanna")
    data = content if isinstance(content, bytes) else content.encode()
    t0 = time.monotonic()
    r = s.post("/admin/import", data={"mode": mode, "csrf": world.csrf["hanna"]},
               files={"file": ("org.xml", data, "application/xml")}, headers=XML_VIEW,
               allow_redirects=False)
    return r, time.monotonic() - t0


def refuse_all(world, port):
    """Every hostile file in both modes: refused quickly, with a reason and
    without its content; the schema named on the network not fetched."""
    for what, content in hostile_files(port).items():
        for mode in ("dry-run", "apply"):
            r, took = upload(world, content, mode)
            assert r.status_code == 400, (what, mode, r.status_code)
            assert SECRET_MARK not in r.text, f"{what}: the file's content came back"
            assert took < QUICK, f"{what}: {took:.1f}s"
            reasons = xml(r).xpath("//import-errors/problem/@reason")
            assert reasons, f"{what}: no reason given"
    r, took = upload(world, schema_location(port), "dry-run")
    assert r.status_code == 200 and took < QUICK


def test_hostile_xml_imports_are_refused(stack, world, listener):
    port, hits = listener
    worker = child_pid(stack, "gesprekd-work")
    world.session("hanna")      # logged in before, not inside, the check
    with unchanged(stack, REFUSAL_TABLES, "hostile XML imports"):
        # The first round leaves malloc's high-water mark wherever the
        # largest refused parse took it (how far depends on what earlier
        # tests left in the heap); a leak shows as growth over a second,
        # identical round.
        refuse_all(world, port)
        rss0 = rss_kb(worker)
        refuse_all(world, port)
    time.sleep(0.5)
    assert not hits, f"the parser fetched over the network: {hits}"
    assert child_pid(stack, "gesprekd-work") == worker, "the worker survived"
    grown = rss_kb(worker) - rss0
    assert grown < RSS_GROWTH_MAX_KB, f"worker RSS grew by {grown} kB"


def test_hostile_xml_through_gesprekctl(stack, world, listener, shared_tmp_path):
    port, hits = listener
    with unchanged(stack, REFUSAL_TABLES, "hostile XML through gesprekctl"):
        for what, content in hostile_files(port).items():
            f = shared_tmp_path / "org.xml"
            f.write_bytes(content if isinstance(content, bytes) else content.encode())
            t0 = time.monotonic()
            res = stack.ctl("import", str(f), "--dry-run", check=False)
            assert res.returncode == 1, (what, res.returncode, res.stderr)
            assert SECRET_MARK not in res.stdout + res.stderr, what
            assert time.monotonic() - t0 < QUICK + 5, what
    assert not hits, f"gesprekctl fetched over the network: {hits}"


# ---------------------------------------------------------------------------
# CSV export: formulas defused
# ---------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = ("=HYPERLINK(\"http://evil.example\",\"klik\")", "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1")


def test_csv_export_defuses_formula_cells(stack, world):
    """Every text column of the export (cycle, employee, department,
    manager, title, measure, responsible, organisation goal, last note)
    with a value that starts like a formula: the cell starts with an
    apostrophe, then the value as typed."""
    s = stack
    n = int(s.sql("SELECT COUNT(*) FROM cycle")[0][0])
    cycle_name = f"=Formulecyclus {n}"
    s.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES "
          f"({sql_str(cycle_name)}, '2031-01-01', '2031-12-31', 'open', 'a|b')")
    cycle = world.one(f"SELECT id FROM cycle WHERE name = {sql_str(cycle_name)}")
    dept = f"@Formuleafdeling {n}"
    s.sql(f"INSERT INTO department (name) VALUES ({sql_str(dept)}); {DEPARTMENT_PATHS_FILL}")
    dept_id = world.one(f"SELECT id FROM department WHERE name = {sql_str(dept)}")
    people = {}
    for role, name in (("manager", f"-Formulebaas {n}"), ("employee", f"+Formulemens {n}")):
        login_ = f"formule{role}{n}"
        s.sql(f"INSERT INTO employee (login, name, department_id) VALUES "
              f"('{login_}', {sql_str(name)}, {dept_id})")
        people[role] = world.one(f"SELECT id FROM employee WHERE login = '{login_}'")
    s.sql(f"INSERT INTO org_goal (cycle_id, title) VALUES ({cycle}, {sql_str('=1+1 doel')})")
    goal = world.one(f"SELECT id FROM org_goal WHERE cycle_id = {cycle}")
    s.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES "
          f"({cycle}, {people['employee']}, {people['manager']})")
    dossier = world.one(f"SELECT id FROM dossier WHERE cycle_id = {cycle}")
    s.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status) VALUES "
          f"({dossier}, 'goal_setting', 1, '2031-02-01', 'held')")
    conv = world.one(f"SELECT id FROM conversation WHERE dossier_id = {dossier}")
    keep_summaries(s, cycle)
    for i, f in enumerate(FORMULAS):
        s.sql(f"INSERT INTO item (dossier_id, kind, title, measure, responsible_id, org_goal_id, "
              f"created_in_conversation_id, author_id) VALUES ({dossier}, 'result', "
              f"{sql_str(f + ' #' + str(i))}, {sql_str(f)}, {people['employee']}, {goal}, "
              f"{conv}, {people['manager']})")
        item = world.one(f"SELECT MAX(id) FROM item WHERE dossier_id = {dossier}")
        s.sql(f"INSERT INTO item_update (item_id, conversation_id, author_id, note) VALUES "
              f"({item}, {conv}, {people['manager']}, {sql_str(f)})")

    r = world.session("hanna").get(f"/reports/cycles/{cycle}.csv")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    from_ctl = stack.ctl("export", "cycle", cycle, "--csv").stdout.encode()
    for content in (r.content, from_ctl):
        text = content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        header, rows = csv_keys(rows[0]), rows[1:]   # in the reader's language
        assert len(rows) == len(FORMULAS)
        checked = 0
        for row in rows:
            for col, cell in zip(header, row):
                if cell[:1] in FORMULA_STARTS:
                    pytest.fail(f"column {col}: cell {cell!r} would run as a formula")
                # (a carriage return comes back as a line feed: XML
                # normalises it on the way)
                if cell.startswith("'") and cell[1:2] in FORMULA_STARTS + ("\n",):
                    checked += 1
        text_columns = {"cycle", "employee", "department", "manager", "title", "measure",
                        "responsible", "org_goal", "last_note"}
        assert text_columns <= set(header)
        assert checked >= len(FORMULAS) * len(text_columns), \
            f"only {checked} defused cells: {rows!r}"
        # (the web export gives a carriage return back as a line feed,
        # gesprekctl as it was)
        titles = {row[header.index("title")].replace("\r", "\n") for row in rows}
        assert {"'" + f.replace("\r", "\n") + " #" + str(i)
                for i, f in enumerate(FORMULAS)} == titles, \
            "the value follows the apostrophe unchanged"
