"""Smoke tests of the test stack itself: MariaDB, nginx and gesprekd are up
and wired together. They need no feature of gesprek beyond its login page."""

from pathlib import Path

from lxml import html as lxml_html

REPO = Path(__file__).resolve().parents[2]


def test_mariadb_answers_and_schema_is_migrated(stack):
    assert stack.sql("SELECT 1") == [("1",)]
    charset = stack.sql("SELECT default_character_set_name FROM information_schema.schemata "
                        "WHERE schema_name = 'gesprek'")
    assert charset == [("utf8mb4",)]
    tables = stack.sql("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = 'gesprek' AND table_name = 'schema_migrations'")
    assert tables == [("schema_migrations",)], "gesprekctl migrate made no schema_migrations table"
    if any((REPO / "sql").glob("*.sql")):
        (count,), = stack.sql("SELECT COUNT(*) FROM schema_migrations")
        assert int(count) > 0, "migrations exist but schema_migrations is empty"


def test_static_file_is_served_by_nginx(stack, session):
    static = Path(stack.xslt_dir) / "static"
    files = sorted(p for p in static.rglob("*") if p.is_file())
    assert files, f"no file in {static} to fetch"
    f = files[0]
    r = session.get("/static/" + f.relative_to(static).as_posix())
    assert r.status_code == 200
    assert r.content == f.read_bytes()
    assert r.headers.get("Server", "").startswith("nginx")
    assert session.get("/static/no-such-file.css").status_code == 404


def test_login_page_is_dutch_with_a_login_form(stack, session):
    r = session.get("/login")
    assert r.status_code == 200, r.text[:2000]
    assert r.url.startswith("https://127.0.0.1:")
    assert 'lang="nl"' in r.text
    doc = lxml_html.fromstring(r.text)
    form = doc.xpath("//form[@method='post'][@action='/login']")
    assert form, "no <form method=post action=/login>"
    names = set(form[0].xpath(".//input/@name"))
    assert {"csrf", "username", "password"} <= names
    assert form[0].xpath(".//input[@name='csrf']/@type") == ["hidden"]
    assert stack.gesprekd_running
