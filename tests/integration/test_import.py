"""Importing the organisation (POST /admin/import, gesprekctl import): CSV
and XML through the real HTTP stack (multipart), the dry run against the
applied result, all-or-nothing on a bad row, every reason a row can be
refused, the upload limits, and 5,000 employees against the clock.

An import makes the file the whole organisation: whoever is not in it is
deactivated.  So every file here starts from the employees active when the
test began (the demo organisation and whatever earlier modules made), and
every test imports that baseline again when it ends."""

import os
import time
import uuid
from xml.sax.saxutils import quoteattr

import pytest

from conftest import csrf_token, login
from convtools import ORG_TABLES, unchanged
from helpers import page, text_of, xml
from summaries import assert_recount_equal, rebuild_summaries


# ---- the report summaries (issue 21; tests/integration/summaries.py) ----

@pytest.fixture(scope="module", autouse=True)
def summaries_rebuilt(stack):
    """Summaries recounted before the module: earlier tests wrote rows with
    SQL; the recount at the end judges this module's writes alone."""
    rebuild_summaries(stack)


HR = "hanna"
PASSWORD = "demo"
XML_VIEW = {"Accept": "application/xml"}
HEADER = "login;name;email;department;manager"
BULK = 5000
ORG_NS = "urn:gesprek:organisation:1"


@pytest.fixture(autouse=True)
def clean_attempts(stack):
    stack.sql("DELETE FROM login_attempt")


@pytest.fixture
def hr(new_session):
    s = new_session()
    assert login(s, HR, PASSWORD).status_code == 303
    return s


def snapshot(stack):
    """The active employees as import rows (login, name, email, department,
    manager), in id order; rows whose manager is not active are left out
    (an import could not name that manager)."""
    rows = stack.sql(
        "SELECT e.login, e.name, COALESCE(e.email, ''), COALESCE(d.name, ''), COALESCE(m.login, '')"
        " FROM employee e LEFT JOIN department d ON d.id = e.department_id"
        " LEFT JOIN employee m ON m.id = e.manager_id WHERE e.active = 1 ORDER BY e.id")
    rows = [tuple(v or "" for v in r) for r in rows]
    logins = {r[0] for r in rows}
    return [r for r in rows if r[4] == "" or r[4] in logins]


@pytest.fixture
def baseline(stack, hr):
    """The organisation as the test found it; imported again afterwards."""
    base = snapshot(stack)
    assert any(r[0] == "eva" for r in base)
    yield base
    # Restoring deactivates whatever a test added (5,000 after the bulk
    # test): the deactivation guard's confirmation is part of the request.
    r = upload(hr, csv_of(base), "apply", confirm=True)
    assert r.status_code == 303, f"restoring the organisation failed:\n{r.text[:3000]}"


def csv_of(rows, sep=";"):
    lines = [HEADER.replace(";", sep)]
    for r in rows:
        lines.append(sep.join(quote(v, sep) for v in r))
    return ("\n".join(lines) + "\n").encode("utf-8")


def quote(v, sep):
    if any(c in v for c in (sep, '"', "\n")):
        return '"' + v.replace('"', '""') + '"'
    return v


def xml_of(rows):
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<organisation xmlns="{ORG_NS}">']
    for login_, name, email, dept, manager in rows:
        attrs = f"login={quoteattr(login_)} name={quoteattr(name)}"
        for key, v in (("email", email), ("department", dept), ("manager", manager)):
            if v:
                attrs += f" {key}={quoteattr(v)}"
        out.append(f"  <employee {attrs}/>")
    out.append("</organisation>")
    return ("\n".join(out) + "\n").encode("utf-8")


def upload(s, content, mode, filename="org.csv", headers=None, csrf=None, confirm=False):
    token = csrf or csrf_token(s.get("/admin/import"), "/admin/import")
    data = {"csrf": token, "mode": mode}
    if confirm:
        data["confirm"] = "1"
    return s.post("/admin/import", data=data,
                  files={"file": (filename, content, "application/octet-stream")},
                  headers=headers, allow_redirects=False)


def dry_run(s, content, filename="org.csv"):
    r = upload(s, content, "dry-run", filename, headers=XML_VIEW)
    assert r.status_code == 200, r.text[:3000]
    return xml(r).find("import-result")


def problems(resp):
    doc = xml(resp)
    return [(int(p.get("line", 0)), p.get("reason"), p.get("detail", ""))
            for p in doc.iter("problem")]


def record_figure(text):
    """The measured figures: in the test output and, for tests/run, in
    $GESPREK_LOG_DIR/figures.txt (pytest hides print without -s)."""
    print(text)
    where = os.environ.get("GESPREK_LOG_DIR")
    if where:
        os.makedirs(where, exist_ok=True)
        with open(os.path.join(where, "figures.txt"), "a") as fh:
            fh.write(text + "\n")


def tag():
    return uuid.uuid4().hex[:6]


def db_employee(stack, login_):
    rows = stack.sql_dicts(
        "SELECT e.name, COALESCE(e.email, '') AS email, COALESCE(d.name, '') AS department,"
        " COALESCE(m.login, '') AS manager, e.active FROM employee e"
        " LEFT JOIN department d ON d.id = e.department_id"
        f" LEFT JOIN employee m ON m.id = e.manager_id WHERE e.login = '{login_}'")
    return rows[0] if rows else None


# ------------------------------------------------------------- dry run --

def test_dry_run_matches_the_applied_result(stack, hr, baseline):
    t = tag()
    dept = f"Test import {t}"
    x1, x2, x3, x4 = (f"imp{t}{i}" for i in range(1, 5))
    first = baseline + [
        (x1, "Import Een", f"{x1}@voorbeeld.example", "ICT", x2),    # manager on a later row
        (x2, "Import Twee", "", "ICT", "koen"),
        (x3, "Import Drie", "", dept, ""),
    ]
    with unchanged(stack, ORG_TABLES, "a dry run"):
        res = dry_run(hr, csv_of(first))
    assert (res.get("new"), res.get("changed"), res.get("deactivated"), res.get("departments")) \
        == ("3", "0", "0", "1")
    assert sorted(e.get("login") for e in res.find("new")) == sorted([x1, x2, x3])
    assert [d.get("name") for d in res.find("new-departments")] == [dept]

    r = upload(hr, csv_of(first), "apply")
    assert r.status_code == 303 and r.headers["Location"] == "/admin/import"
    assert "De import is uitgevoerd." in text_of(hr.get("/admin/import"))
    for row in first[-3:]:
        got = db_employee(stack, row[0])
        assert (got["name"], got["email"], got["department"], got["manager"], got["active"]) \
            == (row[1], row[2], row[3], row[4], "1")

    second = baseline + [
        (x1, "Import Een Hernoemd", f"{x1}@voorbeeld.example", "ICT", x2),
        (x2, "Import Twee", f"{x2}@voorbeeld.example", "ICT", "koen"),
        (x4, "Import Vier", "", "Verkoop", x1),
    ]
    res = dry_run(hr, csv_of(second))
    assert (res.get("new"), res.get("changed"), res.get("deactivated")) == ("1", "2", "1")
    planned = {
        "new": {e.get("login") for e in res.find("new")},
        "changed": {e.get("login"): {(c.get("field"), c.get("before"), c.get("after"))
                                     for c in e.findall("change")} for e in res.find("changed")},
        "deactivated": {e.get("login") for e in res.find("deactivated")},
    }
    assert planned["changed"][x1] == {("name", "Import Een", "Import Een Hernoemd")}
    assert planned["changed"][x2] == {("email", "", f"{x2}@voorbeeld.example")}
    assert planned == {"new": {x4}, "changed": planned["changed"], "deactivated": {x3}}

    audit_before = int(stack.sql("SELECT COUNT(*) FROM audit")[0][0])
    r = upload(hr, csv_of(second), "apply")
    assert r.status_code == 303
    # The applied result is what the dry run said, row for row.
    for row in second[-3:]:
        got = db_employee(stack, row[0])
        assert (got["name"], got["email"], got["department"], got["manager"], got["active"]) \
            == (row[1], row[2], row[3], row[4], "1")
    assert db_employee(stack, x3)["active"] == "0"
    logged = stack.sql_dicts(
        "SELECT e.login, a.detail FROM audit a JOIN employee e ON e.id = a.entity_id"
        f" WHERE a.entity = 'employee' AND a.action = 'import' AND a.id > 0"
        f" ORDER BY a.id DESC LIMIT 4")
    changed = {r["login"] for r in logged}
    assert changed == {x1, x2, x3, x4}
    assert any("name: Import Een -> Import Een Hernoemd" in r["detail"] for r in logged)
    assert int(stack.sql("SELECT COUNT(*) FROM audit")[0][0]) == audit_before + 5
    summary = stack.sql("SELECT actor_id, detail FROM audit WHERE entity = 'organisation'"
                        " ORDER BY id DESC LIMIT 1")[0]
    assert summary[1] == "import (csv): 1 new, 2 changed, 1 deactivated, 0 new departments"
    assert summary[0] == stack.sql(f"SELECT id FROM employee WHERE login = '{HR}'")[0][0]
    history = xml(hr.get("/admin/import", headers=XML_VIEW)).find("imports").find("import")
    assert (history.get("new"), history.get("changed"), history.get("deactivated")) == ("1", "2", "1")


def test_importer_is_never_deactivated_and_separators_and_bom(stack, hr, baseline):
    t = tag()
    rows = [r for r in baseline if r[0] != HR] + [(f"imp{t}", "Komma Import", "", "", "")]
    content = b"\xef\xbb\xbf" + csv_of(rows, sep=",").replace(b"\n", b"\r\n")
    res = dry_run(hr, content)
    assert res.get("format") == "csv"
    assert res.get("new") == "1" and res.get("deactivated") == "0"
    assert upload(hr, content, "apply").status_code == 303
    assert db_employee(stack, HR)["active"] == "1"


# ------------------------------------------------- all or nothing, errors --

def test_one_bad_row_in_the_middle_changes_nothing(stack, hr, baseline):
    t = tag()
    extra = [(f"bad{t}{i:03d}", f"Rij {i}", f"r{i}@voorbeeld.example", "ICT", "koen")
             for i in range(100)]
    extra[50] = (extra[50][0], extra[50][1], "geen-adres", "ICT", "koen")
    rows = baseline + extra
    line = 1 + len(baseline) + 50 + 1      # header, baseline, 50 rows before it
    for mode in ("apply", "dry-run"):
        with unchanged(stack, ORG_TABLES, f"a bad row ({mode})"):
            r = upload(hr, csv_of(rows), mode, headers=XML_VIEW)
        assert r.status_code == 400
        assert problems(r) == [(line, "email", "geen-adres")]
    with unchanged(stack, ORG_TABLES, "a bad row (apply, HTML)"):
        r = upload(hr, csv_of(rows), "apply")
    assert r.status_code == 400
    doc = page(r)
    cells = doc.xpath("//section[@aria-labelledby='errors-title']//tr[th[@scope='row']]")
    assert len(cells) == 1 and cells[0].xpath("string(th)").strip() == str(line)
    assert "Dit is geen geldig e-mailadres." in text_of(r)
    assert "Er is niets gewijzigd." in text_of(r)


def test_a_manager_loop_is_refused(stack, hr, baseline):
    t = tag()
    a, b, c = (f"loop{t}{x}" for x in "abc")
    rows = baseline + [(a, "A", "", "", b), (b, "B", "", "", c), (c, "C", "", "", a),
                       (f"loop{t}d", "D", "", "", a)]
    first = 1 + len(baseline) + 1
    with unchanged(stack, ORG_TABLES, "a manager loop (csv)"):
        r = upload(hr, csv_of(rows), "apply", headers=XML_VIEW)
    assert r.status_code == 400
    assert sorted(problems(r)) == [(first, "manager_loop", b), (first + 1, "manager_loop", c),
                                   (first + 2, "manager_loop", a)]
    with unchanged(stack, ORG_TABLES, "a manager loop (xml)"):
        r = upload(hr, xml_of(rows), "apply", filename="org.xml", headers=XML_VIEW)
    assert r.status_code == 400
    assert {p[1] for p in problems(r)} == {"manager_loop"} and len(problems(r)) == 3


BAD_FILES = [
    ("encoding", HEADER + "\njos;Jos\x81;;;\n", None, 2),  # 0x81: not Windows-1252 either
    ("columns", HEADER + "\njos;Jos;;\n", None, 2),
    ("header", "gebruiker;naam\njos;Jos\n", None, 1),
    ("quote", HEADER + "\njos;\"Jos\"x;;;\n", None, 2),
    ("control", HEADER + "\njos;\"Jos\nJansen\";;;\n", None, 2),
    ("login_missing", HEADER + "\n;Jos;;;\n", None, 2),
    ("login", HEADER + "\nj os;Jos;;;\n", None, 2),
    ("name_missing", HEADER + "\njos;;;;\n", None, 2),
    ("email", HEADER + "\njos;Jos;jos@;;\n", None, 2),
    ("too_long", HEADER + "\njos;" + "J" * 201 + ";;;\n", None, 2),
    ("duplicate", HEADER + "\njos;Jos;;;\njos;Jos;;;\n", None, 3),
    ("manager_unknown", HEADER + "\njos;Jos;;;niemand\n", None, 2),
    ("empty", HEADER + "\n", None, 0),
    ("doctype", '<?xml version="1.0"?>\n<!DOCTYPE o [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                f'<organisation xmlns="{ORG_NS}"><employee login="x" name="&b;"/></organisation>\n', "xml", 2),
    ("xml", f'<organisation xmlns="{ORG_NS}">\n<employee login="x" name="y">\n</organisation>\n', "xml", 3),
    ("schema", f'<organisation xmlns="{ORG_NS}">\n<employee login="x"/>\n</organisation>\n', "xml", 2),
]


@pytest.mark.parametrize("reason, text, kind, line", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_every_reason_is_reported_with_its_line(stack, hr, reason, text, kind, line):
    content = text.encode("latin-1") if reason == "encoding" else text.encode("utf-8")
    with unchanged(stack, ORG_TABLES, f"a file refused for {reason}"):
        r = upload(hr, content, "apply", filename="org." + (kind or "csv"), headers=XML_VIEW)
    assert r.status_code == 400
    found = problems(r)
    assert (line, reason) in [(p[0], p[1]) for p in found], found
    with unchanged(stack, ORG_TABLES, f"a dry run refused for {reason}"):
        html = upload(hr, content, "dry-run")
    assert html.status_code == 400 and "Het bestand is niet geïmporteerd" in text_of(html)


# ------------------------------------------------------------ the upload --

def test_upload_form_fields_and_limits(stack, hr):
    r = hr.get("/admin/import")
    form = page(r).xpath("//form[@action='/admin/import']")[0]
    assert form.get("enctype") == "multipart/form-data"
    assert form.xpath(".//input[@type='file' and @name='file']")
    token = csrf_token(r, "/admin/import")
    with unchanged(stack, ORG_TABLES, "refused uploads"):
        refused_uploads(hr, token)


def refused_uploads(hr, token):
    """Every way an upload is refused before it is read (the caller checks
    that none of them changed a row)."""
    r = hr.post("/admin/import", data={"csrf": token, "mode": "dry-run"},
                files={"other": ("x.csv", b"x")})
    assert r.status_code == 400
    assert "other" in text_of(r), "a file part the form does not declare is named"
    r = hr.post("/admin/import", data={"csrf": token, "mode": "dry-run"})
    assert r.status_code == 400
    assert page(r).xpath("//*[@id='f-file-error']")
    r = hr.post("/admin/import", data={"csrf": token},
                files={"file": ("x.csv", HEADER.encode() + b"\neva;Eva;;;\n")})
    assert r.status_code == 400 and "verplicht" in text_of(r)
    r = hr.post("/admin/import", data={"mode": "apply"},
                files={"file": ("x.csv", HEADER.encode() + b"\neva;Eva;;;\n")},
                allow_redirects=False)
    assert r.status_code == 403, "the csrf field of a multipart form is checked"

    body = (b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token.encode()
            + b"\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
            b"no closing boundary")
    r = hr.post("/admin/import", data=body,
                headers={"Content-Type": "multipart/form-data; boundary=XyZ"})
    assert r.status_code == 400
    r = hr.post("/admin/import", data=b"--XyZ--",
                headers={"Content-Type": "multipart/form-data"})
    assert r.status_code == 400
    big = HEADER.encode() + b"\n" + b"x" * (10 * 1024 * 1024 + 1)
    r = hr.post("/admin/import", data={"csrf": token, "mode": "apply"},
                files={"file": ("big.csv", big)})
    assert r.status_code == 413


# ---------------------------------------------------------- gesprekctl --

def test_gesprekctl_import(stack, hr, baseline, shared_tmp_path):
    t = tag()
    new = f"ctl{t}"
    good = shared_tmp_path / "org.csv"
    good.write_bytes(csv_of(baseline + [(new, "Via Gesprekctl", "", "ICT", "koen")]))
    with unchanged(stack, ORG_TABLES, "gesprekctl import --dry-run"):
        res = stack.ctl("import", good, "--dry-run", check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "1 new, 0 changed, 0 deactivated" in res.stdout and "dry run" in res.stdout

    bad = shared_tmp_path / "bad.csv"
    bad.write_bytes(csv_of(baseline + [(new, "Via Gesprekctl", "stuk", "ICT", "koen"),
                                       (f"ctl{t}b", "Tweede", "", "", "niemand")]))
    with unchanged(stack, ORG_TABLES, "gesprekctl import of a bad file"):
        res = stack.ctl("import", bad, check=False)
    assert res.returncode == 1
    n = len(baseline)
    assert f"{bad}:{n + 2}: bad e-mail address (stuk)" in res.stdout
    assert f"{bad}:{n + 3}: unknown manager (niemand)" in res.stdout

    xml_file = shared_tmp_path / "org.xml"
    xml_file.write_bytes(xml_of(baseline + [(new, "Via Gesprekctl", "", "ICT", "koen")]))
    res = stack.ctl("import", xml_file, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "xml" in res.stdout and "applied" in res.stdout
    assert db_employee(stack, new)["active"] == "1"
    actor = stack.sql("SELECT actor_id FROM audit WHERE entity = 'organisation'"
                      " ORDER BY id DESC LIMIT 1")[0][0]
    assert actor is None, "gesprekctl imports as the system"
    big = shared_tmp_path / "big.csv"
    big.write_bytes(HEADER.encode() + b"\n" + b"x" * (10 * 1024 * 1024))
    with unchanged(stack, ORG_TABLES, "gesprekctl import of a missing or too large file"):
        assert stack.ctl("import", shared_tmp_path / "missing.csv", check=False).returncode == 1
        res = stack.ctl("import", big, check=False)
    assert res.returncode == 1 and "file too large" in res.stderr


# ------------------------------------------------------------ 5,000 rows --

def bulk_rows(suffix=""):
    rows = []
    for i in range(BULK):
        dept = f"Bulk afdeling {i % 50:02d}"
        head = f"bulk{i % 50:05d}"
        manager = "sanne" if i < 50 else head
        rows.append((f"bulk{i:05d}", f"Bulk Medewerker {i:05d}{suffix}",
                     f"bulk{i:05d}@voorbeeld.example", dept, manager))
    return rows


def timed(fn):
    t = time.monotonic()
    r = fn()
    return r, time.monotonic() - t


def test_import_of_5000_employees_csv_and_xml(stack, hr, baseline):
    rows = baseline + bulk_rows()
    content = csv_of(rows)
    res, secs = timed(lambda: dry_run(hr, content))
    assert res.get("new") == str(BULK) and res.get("departments") == "50"
    record_figure(f"dry run of {BULK} employees (CSV): {secs:.2f} s")
    r, secs = timed(lambda: upload(hr, content, "apply"))
    assert r.status_code == 303, r.text[:2000]
    record_figure(f"import of {BULK} employees (CSV): {secs:.2f} s")
    assert stack.sql("SELECT COUNT(*) FROM employee WHERE login LIKE 'bulk%' AND active = 1")[0][0] \
        == str(BULK)
    assert stack.sql("SELECT COUNT(*) FROM employee e JOIN employee m ON m.id = e.manager_id"
                     " WHERE e.login LIKE 'bulk%' AND (m.login LIKE 'bulk%' OR m.login = 'sanne')")[0][0] \
        == str(BULK)
    assert stack.sql("SELECT COUNT(*) FROM department WHERE name LIKE 'Bulk afdeling %'")[0][0] == "50"

    rows = baseline + bulk_rows(" (xml)")
    content = xml_of(rows)
    res, secs = timed(lambda: dry_run(hr, content, "org.xml"))
    assert res.get("format") == "xml" and res.get("changed") == str(BULK) and res.get("new") == "0"
    record_figure(f"dry run of {BULK} employees (XML): {secs:.2f} s")
    r, secs = timed(lambda: upload(hr, content, "apply", filename="org.xml"))
    assert r.status_code == 303, r.text[:2000]
    record_figure(f"import of {BULK} employees (XML): {secs:.2f} s")
    assert stack.sql("SELECT COUNT(*) FROM employee WHERE login LIKE 'bulk%'"
                     " AND name LIKE '% (xml)' AND active = 1")[0][0] == str(BULK)
    # the baseline fixture deactivates them all again


def test_summaries_equal_a_recount_after_the_imports(stack):
    """Runs last in this file: every write above kept the report summaries
    in its own transaction, so a recount from the rows finds them equal."""
    assert_recount_equal(stack, "the imports")
