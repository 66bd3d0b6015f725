"""The "too long" message names the limit on every form field (issue 15).

Each route's fields are declared with a length (fcgi/pages/routes.c) and
the request is checked before the handler runs; a field over its length is
answered 400 with "Deze tekst is te lang: ten hoogste N tekens." next to
the field and in the page's error summary.  Before, only the shared field
templates named the limit: the department, employee, search, import
mapping and cycle pages said a bare "Deze tekst is te lang.".  Each case
also checks that nothing was written.
"""

import pytest

from conftest import csrf_token, login
from helpers import demo_cycle, page

# Field lengths of fcgi/pages/routes.c (rules/person.h, store/*.h).
NAME_MAX_LEN = 200
LOGIN_MAX = 64
SEARCH_MAX_CHARS = 100
MAP_HEADER_CHARS = 100
GOAL_TITLE_MAX = 200
CYCLE_NAME_MAX = 100

BARE = {"nl": "Deze tekst is te lang.", "en": "This text is too long."}
NAMED = {"nl": "ten hoogste {} tekens", "en": "at most {} characters"}
LANG = {"nl": "nl-NL,nl;q=0.9", "en": "en-GB,en;q=0.9"}


@pytest.fixture
def hr(stack, new_session):
    stack.sql("UPDATE employee SET lang = NULL WHERE login = 'hanna'")

    def make(lang):
        s = new_session()
        s.headers["Accept-Language"] = LANG[lang]
        assert login(s, "hanna", "demo").status_code == 303
        return s
    return make


def post_form(s, form_page, action, fields):
    data = dict(fields, csrf=csrf_token(s.get(form_page), action))
    return s.post(action, data=data, allow_redirects=False)


def text(resp):
    return " ".join(page(resp).text_content().split())


def assert_names_limit(resp, lang, limit, where):
    assert resp.status_code == 400, (where, resp.status_code)
    body = text(resp)
    assert BARE[lang] not in body, f"{where}: a bare 'too long' without its limit"
    assert NAMED[lang].format(limit) in body, f"{where}: the limit {limit} is not named"


def version_of(stack, table, where):
    return stack.sql(f"SELECT version FROM {table} WHERE {where}")[0][0]


def counts(stack):
    return stack.sql("SELECT (SELECT COUNT(*) FROM department), (SELECT COUNT(*) FROM employee),"
                     " (SELECT COUNT(*) FROM org_goal), (SELECT COUNT(*) FROM cycle),"
                     " (SELECT COUNT(*) FROM import_mapping)")[0]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_form_names_the_limit(stack, hr, lang):
    s = hr(lang)
    before = counts(stack)
    eva = stack.sql("SELECT id, version, name FROM employee WHERE login = 'eva'")[0]
    dep = stack.sql("SELECT id, version, name FROM department WHERE name = 'ICT'")[0]
    cycle = demo_cycle(stack)

    r = post_form(s, "/admin/departments", "/admin/departments", {"name": "d" * (NAME_MAX_LEN + 1)})
    assert_names_limit(r, lang, NAME_MAX_LEN, "new department")
    r = post_form(s, f"/admin/departments/{dep[0]}", f"/admin/departments/{dep[0]}",
                  {"name": "d" * (NAME_MAX_LEN + 1), "version": dep[1]})
    assert_names_limit(r, lang, NAME_MAX_LEN, "department edit")
    r = post_form(s, "/admin/employees/new", "/admin/employees",
                  {"login": "l" * (LOGIN_MAX + 1), "name": "Nieuw"})
    assert_names_limit(r, lang, LOGIN_MAX, "new employee's login")
    r = post_form(s, f"/admin/employees/{eva[0]}", f"/admin/employees/{eva[0]}",
                  {"login": "eva", "name": "n" * (NAME_MAX_LEN + 1), "version": eva[1]})
    assert_names_limit(r, lang, NAME_MAX_LEN, "employee edit")
    r = s.get("/admin/employees", params={"q": "q" * (SEARCH_MAX_CHARS + 1)})
    assert_names_limit(r, lang, SEARCH_MAX_CHARS, "employee search")
    r = post_form(s, "/admin/import", "/admin/import/mapping",
                  {"login": "h" * (MAP_HEADER_CHARS + 1)})
    assert_names_limit(r, lang, MAP_HEADER_CHARS, "import mapping")
    r = post_form(s, f"/admin/cycles/{cycle.id}", f"/admin/cycles/{cycle.id}/goals",
                  {"title": "t" * (GOAL_TITLE_MAX + 1)})
    assert_names_limit(r, lang, GOAL_TITLE_MAX, "organisation goal")
    r = post_form(s, "/admin/cycles/new", "/admin/cycles",
                  {"name": "c" * (CYCLE_NAME_MAX + 1), "starts_on": cycle.day(0),
                   "ends_on": cycle.ends_on.isoformat()})
    assert_names_limit(r, lang, CYCLE_NAME_MAX, "new cycle")

    assert counts(stack) == before, "a refused form wrote nothing"
    assert tuple(stack.sql(f"SELECT version, name FROM employee WHERE id = {eva[0]}")[0]) == \
        (eva[1], eva[2])
    assert tuple(stack.sql(f"SELECT version, name FROM department WHERE id = {dep[0]}")[0]) == \
        (dep[1], dep[2])
