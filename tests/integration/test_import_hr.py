"""Imports of what HR systems export (issue 23): an AFAS Profit / Nmbrs
style file -- Windows-1252, CRLF, Dutch headers, no login column, the name
in parts, columns we do not store -- loads through `gesprekctl import
--mapping` and through the web page with a saved mapping; leaving dates
deactivate on the day (the import for a date past, `gesprekctl purge` for
a date that comes later); a bad mapping is a clear error and writes
nothing.  Every assertion reads the database, not only the exit code.

An import makes the file the whole organisation, so each file holds the
employees active when the test began (test_import's baseline, imported
again when the test ends), each given an employee number here."""

import datetime

import pytest

from conftest import csrf_token
from convtools import ORG_TABLES, unchanged
from helpers import xml
from test_import import XML_VIEW, baseline, hr, problems, quote, tag, upload  # noqa: F401 (fixtures)
from summaries import assert_recount_equal, rebuild_summaries


# ---- the report summaries (issue 21; tests/integration/summaries.py) ----

@pytest.fixture(scope="module", autouse=True)
def summaries_rebuilt(stack):
    """Summaries recounted before the module: earlier tests wrote rows with
    SQL; the recount at the end judges this module's writes alone."""
    rebuild_summaries(stack)


AFAS_HEADER = ("Medewerker;Naam;Roepnaam;Achternaam;{email};Afdeling;Leidinggevende;"
               "Functie;Datum in dienst;Datum uit dienst")
MAP_FIELDS = ("login", "employee_number", "name", "given_name", "infix", "surname", "email",
              "department", "parent_department", "manager", "left_on")


@pytest.fixture
def numbered(stack, baseline):  # noqa: F811
    """The baseline as AFAS rows: each active employee gets employee number
    N<id>, their manager is named by number.  Afterwards the people a test
    added are set inactive (so restoring the baseline deactivates nobody)
    and numbers, leaving dates and the saved mapping are cleared."""
    logins = {r[0] for r in baseline}
    stack.sql("UPDATE employee SET employee_number = CONCAT('N', id) WHERE active = 1")
    rows = stack.sql(
        "SELECT e.login, e.employee_number, e.name, COALESCE(e.email, ''),"
        " COALESCE(d.name, ''), COALESCE(m.login, ''), COALESCE(m.employee_number, '')"
        " FROM employee e LEFT JOIN department d ON d.id = e.department_id"
        " LEFT JOIN employee m ON m.id = e.manager_id WHERE e.active = 1 ORDER BY e.id")
    base = [(num, name, "", "", email or "", dept or "", mnum or "", "Medewerker", "01-01-2020", "")
            for login_, num, name, email, dept, mlogin, mnum in rows
            if login_ in logins and (not mlogin or mlogin in logins)]
    before = {r[0] for r in stack.sql("SELECT login FROM employee")}
    yield base
    added = [r[0] for r in stack.sql("SELECT login FROM employee") if r[0] not in before]
    for a in added:
        stack.sql(f"UPDATE employee SET active = 0 WHERE login = '{a}'")
    stack.sql("UPDATE employee SET employee_number = NULL, left_on = NULL;"
              " DELETE FROM import_mapping")


def afas(rows, email_header="E-mail werk", extra=""):
    """The file as AFAS Profit writes it through Excel: cp1252 and CRLF,
    a field with ';' or '"' quoted."""
    lines = [AFAS_HEADER.format(email=email_header) + extra]
    lines += [";".join(quote(v, ";") for v in r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def person(stack, login_):
    rows = stack.sql_dicts(
        "SELECT e.name, COALESCE(e.email, '') AS email, COALESCE(d.name, '') AS department,"
        " COALESCE(m.login, '') AS manager, e.active, COALESCE(e.employee_number, '') AS number,"
        " COALESCE(DATE_FORMAT(e.left_on, '%Y-%m-%d'), '') AS left_on"
        " FROM employee e LEFT JOIN department d ON d.id = e.department_id"
        f" LEFT JOIN employee m ON m.id = e.manager_id WHERE e.login = '{login_}'")
    return rows[0] if rows else None


def some_manager(stack, base):
    """A baseline employee's number and login, to report to."""
    num = base[0][0]
    return num, stack.sql(f"SELECT login FROM employee WHERE employee_number = '{num}'")[0][0]


def stack_date(n, fmt="%d-%m-%Y"):
    """Today (UTC, as the import counts) plus n days, as HR writes it."""
    return (datetime.datetime.now(datetime.timezone.utc).date()
            + datetime.timedelta(days=n)).strftime(fmt)


# ------------------------------------------------------ gesprekctl --

def test_afas_file_with_a_mapping_file_through_gesprekctl(stack, numbered, tmp_path):
    t = tag()
    mnum, mlogin = some_manager(stack, numbered)
    new = [(f"A{t}1", "", "José", "Müller", f"jose.{t}@example.nl", f"Financiën {t}", mnum,
            "Controller", "01-03-2021", ""),
           (f"A{t}2", "", "Zoë", "Çelik", f"zoe.{t}@example.nl",
            f"Financiën {t}", f"A{t}1", "Assistent", "01-03-2022", "")]
    data = tmp_path / "afas.csv"
    data.write_bytes(afas(numbered + new, email_header="Werkmail"))
    mapping = tmp_path / "afas.map"
    mapping.write_text("# AFAS Profit export\nemployee_number = Medewerker\nemail = Werkmail\n")

    with unchanged(stack, ORG_TABLES, "a dry run"):
        r = stack.ctl("import", data, "--dry-run", "--mapping", mapping, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"{data}: ignored columns: Functie, Datum in dienst" in r.stdout
    assert "2 new" in r.stdout and "0 deactivated" in r.stdout, r.stdout

    r = stack.ctl("import", data, "--mapping", mapping, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    jose = person(stack, f"A{t}1")
    assert jose == {"name": "José Müller", "email": f"jose.{t}@example.nl",
                    "department": f"Financiën {t}", "manager": mlogin, "active": "1",
                    "number": f"A{t}1", "left_on": ""}, jose
    assert person(stack, f"A{t}2")["manager"] == f"A{t}1"   # a manager by number, in the file
    assert person(stack, f"A{t}2")["name"] == "Zoë Çelik"
    # Everyone of the baseline kept their login: found by number, not made anew.
    assert person(stack, mlogin)["number"] == mnum and person(stack, mlogin)["active"] == "1"
    assert stack.sql("SELECT COUNT(*) FROM employee WHERE login REGEXP '^N[0-9]+$'")[0][0] == "0"


@pytest.mark.parametrize("text, says", [
    ("login = Medewerker\nfunctie = Functie\n", "line 2: unknown field \"functie\""),
    ("login Medewerker\n", "line 1: expected field = Header"),
    ("email = A\nemail = B\n", "line 2: field email given twice"),
    ("# only a comment\n", "no field = Header line"),
])
def test_a_bad_mapping_file_is_a_clear_error_and_writes_nothing(stack, numbered, tmp_path,
                                                                   text, says):
    data = tmp_path / "afas.csv"
    data.write_bytes(afas(numbered + [(f"B{tag()}", "", "Jan", "Bad", "", "", "", "", "", "")]))
    mapping = tmp_path / "bad.map"
    mapping.write_text(text)
    with unchanged(stack, ORG_TABLES + ("import_mapping",), "a bad mapping"):
        r = stack.ctl("import", data, "--mapping", mapping, check=False)
    assert r.returncode == 1
    assert says in r.stderr and str(mapping) in r.stderr and "nothing imported" in r.stderr, r.stderr


def test_leaving_dates_past_and_future(stack, numbered, tmp_path):
    t = tag()
    mnum, _ = some_manager(stack, numbered)
    stay, go, later, gone = f"L{t}1", f"L{t}2", f"L{t}3", f"L{t}4"
    people = [(stay, "", "Sam", "Blijft", "", "", mnum, "", "", ""),
              (go, "", "Gea", "Gaat", "", "", mnum, "", "", ""),
              (later, "", "Lot", "Later", "", "", mnum, "", "", "")]
    data = tmp_path / "first.csv"
    data.write_bytes(afas(numbered + people))
    stack.ctl("import", data)
    assert [person(stack, p)["active"] for p in (stay, go, later)] == ["1", "1", "1"]

    # HR enters the leaving dates: Gea left yesterday, Lot leaves in a week,
    # and Guus, never imported before, left last month.
    people[1] = (go, "", "Gea", "Gaat", "", "", mnum, "", "", stack_date(-1))
    people[2] = (later, "", "Lot", "Later", "", "", mnum, "", "", stack_date(7, "%Y-%m-%d"))
    people.append((gone, "", "Guus", "Weg", "", "", mnum, "", "", stack_date(-30)))
    data = tmp_path / "second.csv"
    data.write_bytes(afas(numbered + people))
    r = stack.ctl("import", data, "--dry-run")
    assert "1 deactivated" in r.stdout, r.stdout
    stack.sql(f"INSERT INTO session (token_sha256, employee_id, csrf, created_at, seen_at, expires_at)"
              f" SELECT UNHEX(SHA2('{t}', 256)), id, 'x', UTC_TIMESTAMP(), UTC_TIMESTAMP(),"
              f" UTC_TIMESTAMP() + INTERVAL 1 HOUR FROM employee WHERE login = '{go}'")
    stack.ctl("import", data)
    assert person(stack, stay)["active"] == "1" and person(stack, stay)["left_on"] == ""
    assert person(stack, go)["active"] == "0"
    assert person(stack, go)["left_on"] == stack_date(-1, "%Y-%m-%d")
    assert stack.sql(f"SELECT COUNT(*) FROM session s JOIN employee e ON e.id = s.employee_id"
                     f" WHERE e.login = '{go}'")[0][0] == "0"
    assert person(stack, later)["active"] == "1"
    assert person(stack, later)["left_on"] == stack_date(7, "%Y-%m-%d")
    assert person(stack, gone)["active"] == "0" and person(stack, gone)["left_on"] == stack_date(-30, "%Y-%m-%d")

    # The daily step: nothing before the day, the leaver on it.
    r = stack.ctl("purge")
    assert person(stack, later)["active"] == "1", r.stdout
    stack.sql(f"UPDATE employee SET left_on = UTC_DATE() WHERE login = '{later}'")
    r = stack.ctl("purge")
    assert "1 leaver(s) deactivated" in r.stdout, r.stdout
    assert person(stack, later)["active"] == "0"
    assert stack.sql(f"SELECT COUNT(*) FROM audit a JOIN employee e ON e.id = a.entity_id"
                     f" WHERE a.entity = 'employee' AND a.action = 'leave'"
                     f" AND e.login = '{later}'")[0][0] == "1"


# ------------------------------------------------------- web page --

def save_mapping(hr, fields):
    token = csrf_token(hr.get("/admin/import"), "/admin/import/mapping")
    data = {f: fields.get(f, "") for f in MAP_FIELDS}
    data["csrf"] = token
    return hr.post("/admin/import/mapping", data=data, allow_redirects=False)


def saved(stack):
    return dict(stack.sql("SELECT field, header FROM import_mapping ORDER BY field"))


def test_afas_file_with_a_mapping_saved_on_the_page(stack, numbered, hr):
    t = tag()
    mnum, mlogin = some_manager(stack, numbered)
    r = save_mapping(hr, {"email": "Mail zakelijk", "left_on": "Einde contract"})
    assert r.status_code == 303, r.text[:2000]
    assert saved(stack) == {"email": "Mail zakelijk", "left_on": "Einde contract"}
    form = hr.get("/admin/import")
    assert 'value="Mail zakelijk"' in form.text and "Kolommen van je HR-systeem" in form.text

    rows = numbered + [(f"W{t}1", "", "Renée", "d'Ancona", f"renee.{t}@example.nl",
                        f"Zorg & Welzijn {t}", mnum, "Verpleegkundige", "01-01-2024", "")]
    content = afas(rows, email_header="Mail zakelijk").replace(b"Datum uit dienst", b"Einde contract")
    with unchanged(stack, ORG_TABLES, "a dry run on the page"):
        r = upload(hr, content, "dry-run", headers=XML_VIEW)
    assert r.status_code == 200, r.text[:3000]
    result = xml(r).find("import-result")
    assert [c.get("name") for c in result.find("ignored-columns")] == ["Functie", "Datum in dienst"]
    assert result.get("new") == "1" and result.get("deactivated") == "0"

    r = upload(hr, content, "apply")
    assert r.status_code == 303, r.text[:3000]
    assert person(stack, f"W{t}1") == {
        "name": "Renée d'Ancona", "email": f"renee.{t}@example.nl",
        "department": f"Zorg & Welzijn {t}", "manager": mlogin, "active": "1",
        "number": f"W{t}1", "left_on": ""}

    # The saved mapping holds for every upload: a file without its column
    # is refused, naming the column, and changes nothing.
    plain = afas(rows)
    hr.get("/admin/import")     # shows (and so clears) the flash of the import
    with unchanged(stack, ORG_TABLES, "a file without a mapped column"):
        r = upload(hr, plain, "apply", headers=XML_VIEW)
    assert r.status_code == 400
    assert (1, "mapping_header", "Mail zakelijk") in problems(r)

    # Emptying every field clears the mapping.
    assert save_mapping(hr, {}).status_code == 303
    assert saved(stack) == {}


def test_a_bad_mapping_on_the_page_is_refused_and_saves_nothing(stack, numbered, hr):
    assert save_mapping(hr, {"email": "Werkmail"}).status_code == 303
    with unchanged(stack, ("import_mapping", "audit"), "a column mapped twice"):
        r = save_mapping(hr, {"email": "Kolom", "name": "kolom"})
    assert r.status_code == 400
    assert "Deze kolom is al aan een ander gegeven gekoppeld." in r.text
    with unchanged(stack, ("import_mapping", "audit"), "an overlong header"):
        r = save_mapping(hr, {"email": "x" * 101})
    assert r.status_code == 400
    token = csrf_token(hr.get("/admin/import"), "/admin/import/mapping")
    with unchanged(stack, ("import_mapping", "audit"), "an undeclared field"):
        r = hr.post("/admin/import/mapping", data={"csrf": token, "functie": "Functie"},
                    allow_redirects=False)
    assert r.status_code == 400
    with unchanged(stack, ("import_mapping", "audit"), "no CSRF token"):
        r = hr.post("/admin/import/mapping", data={"email": "Mail"}, allow_redirects=False)
    assert r.status_code == 403
    assert saved(stack) == {"email": "Werkmail"}


def test_a_bad_leaving_date_is_refused_with_its_line(stack, numbered, hr):
    rows = numbered + [(f"D{tag()}", "", "Dirk", "Datum", "", "", "", "", "", "31-02-2026")]
    with unchanged(stack, ORG_TABLES, "a file with a date that is none"):
        r = upload(hr, afas(rows), "apply", headers=XML_VIEW)
    assert r.status_code == 400
    assert (len(rows) + 1, "date", "31-02-2026") in problems(r)


def test_a_parent_department_column_builds_the_tree(stack, numbered, tmp_path):
    t = tag()
    team, division = f"Team {t}", f"Divisie {t}"
    rows = [r + ("",) for r in numbered]
    rows.append((f"P{t}1", "", "Pim", "Boom", "", team, "", "", "", "", division))
    data = tmp_path / "tree.csv"
    data.write_bytes(afas(rows, extra=";Bovenliggende afdeling"))
    r = stack.ctl("import", data, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert stack.sql(f"SELECT p.name FROM department d JOIN department p ON p.id = d.parent_id"
                     f" WHERE d.name = '{team}'") == [(division,)]
    assert person(stack, f"P{t}1")["department"] == team

    # The division under its own team: a loop, refused with its line.
    rows.append((f"P{t}2", "", "Pia", "Kring", "", division, "", "", "", "", team))
    data.write_bytes(afas(rows, extra=";Bovenliggende afdeling"))
    with unchanged(stack, ORG_TABLES, "a loop of departments"):
        r = stack.ctl("import", data, check=False)
    assert r.returncode == 1
    assert f"{data}:{len(rows) + 1}: department given another parent, or a loop of parents" in r.stdout, \
        r.stdout


def test_summaries_equal_a_recount_after_the_hr_imports(stack):
    """Runs last in this file: every write above kept the report summaries
    in its own transaction, so a recount from the rows finds them equal."""
    assert_recount_equal(stack, "the HR-system imports")
