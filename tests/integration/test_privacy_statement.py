"""The privacy statement for the works council (issue 18, "The works
council and the DPIA"): GET /admin/privacy and `gesprekctl
privacy-statement` name every route and every column of every table with
a description (privacy_check.py), the active retention rules and the HR
roles as the code decides them; a table or route without a description is
found; only the HR administrator and the auditor may read it."""

import pytest
from lxml import html as lxml_html

import hr_roles
from helpers import text_of
from privacy_check import columns_of, gaps, routes_of, statement_of

SCRATCH = "privacy_scratch"


@pytest.fixture(scope="module")
def logins(stack):
    made = hr_roles.make(stack, assign=False)
    yield made
    hr_roles.remove(stack, made)


def login_as(new_session, login, password="demo"):
    from conftest import login as do_login
    s = new_session()
    assert do_login(s, login, password).status_code == 303
    return s


def test_page_names_every_route_and_column(stack, users):
    r = users("hanna").get("/admin/privacy.xml")
    assert r.status_code == 200, r.text[:500]
    st = statement_of(r.content)
    routes, columns = routes_of(stack), columns_of(stack)
    assert len(routes) > 100 and len(columns) > 400, "the whole route table and schema"
    assert gaps(st, routes, columns) == []
    # Nothing the statement names that the program does not have.
    assert len(st.findall("routes/route")) == len(routes)
    assert len(st.findall("data/table/column")) == len(columns)


def test_html_shows_every_route_and_column_with_its_text(stack, users):
    r = users("hanna").get("/admin/privacy", headers={"Accept-Language": "nl"})
    assert r.status_code == 200
    doc = lxml_html.fromstring(r.text)
    shown = {" ".join(c.text_content().split())
             for c in doc.xpath("//table[contains(@class, 'privacy-routes')]//th[@scope='row']")}
    missing = [f"{m} {p}" for m, p in routes_of(stack) if f"{m} {p}" not in shown]
    assert missing == []
    # Every description found its text: no catalog key shows as itself.
    whats = doc.xpath("//table[contains(@class, 'privacy-routes')]//tr/td[2]")
    assert whats and not [w.text_content() for w in whats if w.text_content().startswith("route.")]
    for table, column in columns_of(stack):
        cells = doc.xpath(f"//div[@id='table-{table}']//th[@scope='row']/code/text()")
        assert column in cells, f"{table}.{column} not on the page"
    assert not doc.xpath("//*[contains(@class, 'privacy-missing')]")
    text = text_of(r)
    assert "Privacyverklaring" in text and "Bewaartermijnen" in text


def test_ctl_statement_xml_and_html(stack):
    st = statement_of(stack.ctl("privacy-statement", "--format", "xml").stdout.encode())
    assert gaps(st, routes_of(stack), columns_of(stack)) == []
    en = stack.ctl("privacy-statement", "--lang", "en").stdout
    doc = lxml_html.fromstring(en)
    assert doc.xpath("//h1")[0].text_content() == "Privacy statement"
    assert doc.get("lang") == "en"
    nl = stack.ctl("privacy-statement").stdout
    assert lxml_html.fromstring(nl).xpath("//h1")[0].text_content() == "Privacyverklaring"
    # The same content in both languages: the same fingerprint.
    assert st.get("fingerprint") and st.get("fingerprint") in en and st.get("fingerprint") in nl


def test_a_new_table_without_description_is_found(stack):
    """A migration that adds a table or a column and no line in
    sql/describe.tsv: the statement marks it and the check fails on it,
    here in a scratch table of the test database; gesprekctl check
    names it too."""
    before = statement_of(stack.ctl("privacy-statement", "--format", "xml").stdout.encode())
    stack.sql(f"CREATE TABLE {SCRATCH} (id BIGINT UNSIGNED PRIMARY KEY, note TEXT)")
    try:
        st = statement_of(stack.ctl("privacy-statement", "--format", "xml").stdout.encode())
        found = gaps(st, routes_of(stack), columns_of(stack))
        assert found == [f"column {SCRATCH}.id: no description",
                         f"column {SCRATCH}.note: no description",
                         f"table {SCRATCH}: no description"]
        assert st.get("fingerprint") != before.get("fingerprint")
        check = stack.ctl("check", check=False)
        assert check.returncode != 0
        assert f"FAIL: {SCRATCH}.id" in check.stdout or f"{SCRATCH}.id" in check.stdout
    finally:
        stack.sql(f"DROP TABLE IF EXISTS {SCRATCH}")
    assert SCRATCH not in stack.ctl("check", check=False).stdout


def test_a_route_without_description_is_found(stack, users):
    """The check fed the route table with one route more than the
    statement names, and one route whose description is gone."""
    st = statement_of(users("hanna").get("/admin/privacy.xml").content)
    routes, columns = routes_of(stack), columns_of(stack)
    assert gaps(st, routes + [("GET", "/admin/new-page")], columns) == \
        ["route GET /admin/new-page: not in the statement"]
    st.find("routes/route").set("about", "")
    first = routes[0]
    assert gaps(st, routes, columns) == [f"route {first[0]} {first[1]}: no description key"]


def test_retention_rules_are_the_configured_ones(stack, users):
    """The rules and periods are those gesprekctl retention applies."""
    st = statement_of(users("hanna").get("/admin/privacy.xml").content)
    dry = stack.ctl("retention", "--dry-run").stdout
    printed = [line for line in dry.splitlines() if line.startswith("# rule ")]
    shown = [f"# rule {r.get('name')}: {r.get('months')} months {r.get('days')} days after"
             f" {r.get('start')}" for r in st.iterfind("retention/rule")]
    assert shown == printed and len(shown) == 5
    preset = st.find("retention").get("preset")
    assert f"preset {preset}," in dry
    # Each table's rule is one of the retention rules or another named way.
    rules = {r.get("name") for r in st.iterfind("retention/rule")}
    assert {t.get("rule") for t in st.iterfind("data/table")} <= rules | {"purge", "derived", "keep"}
    assert st.find("data/table[@name='dossier']").get("rule") == "dossier"


def test_roles_are_the_code_s(users):
    """Who may what comes from rules/roles.h: the administrator no content,
    the auditor the audit trail, the advisor the assigned departments."""
    st = statement_of(users("hanna").get("/admin/privacy.xml").content)
    may = {r.get("key"): {m.get("what") for m in r.iterfind("may")} for r in st.iterfind("roles/role")}
    assert "administers" in may["hr_admin"] and "reads_all" not in may["hr_admin"]
    assert "reads_assigned" not in may["hr_admin"] and "audits" not in may["hr_admin"]
    assert may["auditor"] == {"audits", "oversees"}
    assert "reads_assigned" in may["hr_advisor"] and "administers" not in may["hr_advisor"]
    assert {"administers", "reads_all", "audits"} <= may["hr"]
    route = st.find("routes/route[@pattern='/admin/privacy']")
    assert route.get("role") == "hr_or_auditor"


def checksums(stack):
    return stack.sql("CHECKSUM TABLE audit, read_audit, deletion_log, employee, legal_hold")


def test_only_administrator_and_auditor(stack, users, logins, new_session):
    before = checksums(stack)
    for who in ("mark", "eva"):
        s = users(who)
        assert s.get("/admin/privacy", allow_redirects=False).status_code == 403
        assert s.get("/admin/privacy.xml", allow_redirects=False).status_code == 403
    advisor = login_as(new_session, logins["advisor"])
    assert advisor.get("/admin/privacy", allow_redirects=False).status_code == 403
    assert checksums(stack) == before, "a refusal writes nothing"
    for role in ("admin", "auditor"):
        s = login_as(new_session, logins[role])
        r = s.get("/admin/privacy.xml")
        assert r.status_code == 200, role
        statement_of(r.content)
    anonymous = new_session().get("/admin/privacy", allow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["Location"].startswith("/login")


def test_controller_officer_and_backups_from_the_configuration(stack, users):
    """[privacy] names who answers for the data and where backups go; the
    statement shows what the running configuration says, and the
    database it reads."""
    bare = statement_of(users("hanna").get("/admin/privacy.xml").content)
    assert bare.find("controller") is None and bare.find("location/backup") is None
    stack.reconfigure({"privacy": {"controller": "Voorbeeld BV, Utrecht",
                                   "officer": "fg@voorbeeld.example",
                                   "backups": "nachtelijk naar backup01 ; maandelijks extern;"}})
    st = statement_of(stack.ctl("privacy-statement", "--format", "xml").stdout.encode())
    assert st.findtext("controller") == "Voorbeeld BV, Utrecht"
    assert st.findtext("officer") == "fg@voorbeeld.example"
    assert [b.text for b in st.iterfind("location/backup")] == ["nachtelijk naar backup01",
                                                               "maandelijks extern"]
    assert st.find("location").get("db-name") == stack.sql("SELECT DATABASE()")[0][0]
    assert st.get("fingerprint") != bare.get("fingerprint")
    page = users("hanna").get("/admin/privacy")
    assert "maandelijks extern" in text_of(page) and "Voorbeeld BV, Utrecht" in text_of(page)


def test_times_are_local_and_written_out(stack, users):
    """The statement's date and its change log are in the organisation's
    zone (converted in C) and read "6 december 2026 09:53" on the page,
    not a UTC timestamp as the database holds it."""
    import re
    st = statement_of(users("hanna").get("/admin/privacy.xml").content)
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d$")
    assert stamp.match(st.get("generated")), st.get("generated")
    ats = [c.get("at") for c in st.findall("changes/change")]
    assert ats and all(stamp.match(a) for a in ats), ats[:3]
    page = lxml_html.fromstring(users("hanna").get("/admin/privacy").content)
    text = page.text_content()
    assert not re.search(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d", text), "a raw timestamp on the page"
