"""Declared input (DESIGN §3, issue 14): every route declares the fields
it reads next to its row in the route table, and the request is checked
against the declaration before the handler runs.  Driven by the table
itself (`gesprekctl routes`, read by declared.py), a test per kind of
field:

- a body field the route does not declare is refused for every POST route
  in one place: 400, the error page naming the field, nothing written;
- a GET page ignores query parameters it does not declare (links in mail
  may carry them);
- per declared kind (id, int, date, datetime, choice, text, line, e-mail):
  a value of the wrong kind is refused (400), the form comes back with the
  problem next to that field, and nothing is written;
- a missing required field: the same.
"""

import pytest

from conftest import csrf_token
from declared import (UNKNOWN_FIELD, Targets, checksums, field_error, refused_field,
                      routes_declared, send, wrong_values)
from hostile import World

KINDS = ("id", "int", "date", "datetime", "choice", "text", "line", "email")
# A value over the request parser's own limit of one value is refused by
# the parser (413) before any route is looked at: a refusal all the same.
REFUSED = (400, 413)


@pytest.fixture(scope="module")
def world(stack):
    return World(stack)


@pytest.fixture(scope="module")
def targets(world):
    return Targets(world)


@pytest.fixture(scope="module")
def routes(stack):
    return routes_declared(stack)


def test_every_route_is_in_the_table_with_its_fields(routes):
    assert len(routes) >= 40
    declared = [r for r in routes if r.fields]
    assert declared, "gesprekctl routes prints the declared fields"
    for r in routes:
        names = [f.name for f in r.fields]
        assert len(names) == len(set(names)), f"{r.id}: a field declared twice"
        assert "csrf" not in names, f"{r.id}: csrf is implicit, not declared"


def test_an_undeclared_body_field_is_refused_before_the_handler(stack, world, targets, routes):
    posts = [r for r in routes if r.method == "POST" and r.role != "public"]
    assert posts
    before = checksums(stack)
    wrong = []
    for r in posts:
        fields = targets.baseline(r)
        fields[UNKNOWN_FIELD] = "1"
        resp = send(world, targets, r, fields)
        if resp.status_code != 400 or refused_field(resp) != UNKNOWN_FIELD:
            wrong.append((r.id, resp.status_code, refused_field(resp)))
    assert not wrong, f"accepted or not named: {wrong}"
    assert checksums(stack) == before, "nothing written"


def test_the_login_form_refuses_an_undeclared_field_too(stack, new_session):
    s = new_session()
    token = csrf_token(s.get("/login"), "/login")
    r = s.post("/login.xml", data={"username": "eva", "password": "demo", "csrf": token,
                                   UNKNOWN_FIELD: "x"}, allow_redirects=False)
    assert r.status_code == 400
    assert refused_field(r) == UNKNOWN_FIELD
    assert "__Host-gesprek" not in r.headers.get("Set-Cookie", ""), "no session made"


def test_the_error_page_names_the_field_in_dutch(world, targets, routes):
    r = next(r for r in routes if r.pattern == "/conversations/{id}/remarks")
    resp = send(world, targets, r, {"text": "x", UNKNOWN_FIELD: "1"}, xml_view=False)
    assert resp.status_code == 400
    assert "Dit formulier kent het veld niet" in resp.text
    assert UNKNOWN_FIELD in resp.text


def test_a_get_page_ignores_query_parameters_it_does_not_declare(world, targets, routes):
    gets = [r for r in routes if r.method == "GET" and r.role != "public"
            and not r.pattern.endswith((".ics", ".csv")) and r.pattern != "/me/export"]
    wrong = []
    for r in gets:
        fields = targets.baseline(r)
        base = send(world, targets, r, fields).status_code
        fields["utm_source"] = "mail"
        got = send(world, targets, r, fields).status_code
        if got != base:
            wrong.append((r.id, base, got))
    assert not wrong, f"an undeclared query parameter changed the answer: {wrong}"


def _fields_of_kind(routes, kind):
    return [(r, f) for r in routes if r.role != "public" for f in r.fields if f.type == kind]


@pytest.mark.parametrize("kind", KINDS)
def test_a_value_of_the_wrong_kind_is_refused_next_to_its_field(stack, world, targets, routes,
                                                                kind):
    cases = _fields_of_kind(routes, kind)
    if not cases:
        pytest.skip(f"no route declares a field of kind {kind}")
    before = checksums(stack)
    wrong = []
    for r, f in cases:
        for value in wrong_values(f):
            fields = targets.baseline(r)
            fields[f.name] = value
            resp = send(world, targets, r, fields)
            has_form, err = field_error(resp, f.name)
            if resp.status_code not in REFUSED or (resp.status_code == 400 and has_form
                                                   and not err):
                wrong.append((r.id, f.name, value[:20], resp.status_code, err))
    assert not wrong, f"accepted, or refused without naming the field: {wrong}"
    assert checksums(stack) == before, "nothing written"


def test_a_missing_required_field_is_refused_next_to_it(stack, world, targets, routes):
    cases = [(r, f) for r in routes if r.role != "public" for f in r.fields
             if f.required and f.type != "file"]
    assert cases
    before = checksums(stack)
    wrong = []
    for r, f in cases:
        resp = send(world, targets, r, targets.baseline(r, but=f.name))
        has_form, err = field_error(resp, f.name)
        if resp.status_code != 400 or (has_form and err != "form.error.required"):
            wrong.append((r.id, f.name, resp.status_code, err))
    assert not wrong, f"accepted without a required field: {wrong}"
    assert checksums(stack) == before, "nothing written"
