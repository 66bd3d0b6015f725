"""The HTTP surface: error pages in both languages, the XML view, request
limits, security headers."""

import socket
import ssl
from urllib.parse import urlsplit

import pytest

from conftest import csrf_token, login
from convtools import LOGIN_TABLES, unchanged
from helpers import fcgi_request, page, text_of, xml

EN = {"Accept-Language": "en-GB,en;q=0.9"}
NL = {"Accept-Language": "nl-NL,nl;q=0.9"}


def raw_request(base_url, request_bytes):
    """Sends raw bytes over TLS and returns the status code of the answer."""
    u = urlsplit(base_url)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection((u.hostname, u.port), timeout=30) as raw:
        with ctx.wrap_socket(raw, server_hostname=u.hostname) as s:
            s.sendall(request_bytes)
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
    return int(data.split(b" ", 2)[1])


def error_title(resp):
    return page(resp).xpath("//h1")[0].text_content().strip()


def test_404_in_dutch_and_english(session):
    nl = session.get("/bestaat-niet", headers=NL)
    en = session.get("/bestaat-niet", headers=EN)
    assert nl.status_code == en.status_code == 404
    assert page(nl).xpath("/html/@lang") == ["nl"]
    assert page(en).xpath("/html/@lang") == ["en"]
    assert error_title(nl) != error_title(en)
    assert "niet gevonden" in text_of(nl).lower()
    assert "not found" in text_of(en).lower()


@pytest.mark.parametrize("lang", [NL, EN])
def test_405_lists_allowed_methods(session, lang):
    r = session.delete("/login", headers=lang)
    assert r.status_code == 405
    assert r.headers["Allow"] == "GET, HEAD, POST"
    assert page(r).xpath("/html/@lang") == [lang["Accept-Language"][:2]]


@pytest.mark.parametrize("lang", [NL, EN])
def test_400_for_invalid_utf8_in_path(base_url, lang):
    status = raw_request(base_url, b"GET /%FF%FE HTTP/1.1\r\nHost: x\r\nAccept-Language: "
                         + lang["Accept-Language"].encode() + b"\r\nConnection: close\r\n\r\n")
    assert status == 400


@pytest.mark.parametrize("lang", [NL, EN])
def test_400_for_invalid_utf8_in_form(stack, session, lang):
    r = session.get("/login")
    body = b"username=%C3%28&password=x&csrf=" + csrf_token(r, "/login").encode()
    with unchanged(stack, LOGIN_TABLES, "a login with invalid UTF-8"):
        r = session.post("/login", data=body, headers={
            **lang, "Content-Type": "application/x-www-form-urlencoded"}, allow_redirects=False)
    assert r.status_code == 400
    assert page(r).xpath("/html/@lang") == [lang["Accept-Language"][:2]]
    assert error_title(r)


def test_400_for_a_field_given_twice(stack, session):
    r = session.get("/login")
    token = csrf_token(r, "/login")
    # (the password is right for both: taking either name would log in)
    with unchanged(stack, LOGIN_TABLES, "a login with two user names"):
        r = session.post("/login", data=[("username", "eva"), ("username", "mark"),
                                         ("password", "demo"), ("csrf", token)],
                         allow_redirects=False)
    assert r.status_code == 400
    assert session.get("/", allow_redirects=False).status_code == 303, "not logged in"


@pytest.mark.parametrize("lang", [NL, EN])
def test_413_for_a_10_mb_body(stack, session, lang):
    with unchanged(stack, LOGIN_TABLES, "a 10 MB login body"):
        r = session.post("/login", data=b"a=" + b"x" * (10 * 1024 * 1024),
                         headers={**lang, "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    assert page(r).xpath("/html/@lang") == [lang["Accept-Language"][:2]]


def test_413_for_10000_parameters(stack, session):
    body = "&".join(f"p{i}=1" for i in range(10000))
    with unchanged(stack, LOGIN_TABLES, "a login with 10000 parameters"):
        r = session.post("/login", data=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413


def test_413_for_a_long_query(session):
    assert session.get("/login?q=" + "x" * 5000).status_code == 413


def test_400_for_oversized_cookie(session):
    r = session.get("/login", headers={"Cookie": "x=" + "y" * 5000})
    assert r.status_code == 400


def test_400_for_a_truncated_body(stack):
    # nginx buffers whole bodies; speak FastCGI directly to show that
    # gesprekd itself refuses a body shorter than announced.
    params = {"REQUEST_METHOD": "POST", "REQUEST_URI": "/login", "QUERY_STRING": "",
              "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": "100",
              "REMOTE_ADDR": "127.0.0.1"}
    with unchanged(stack, LOGIN_TABLES, "a truncated login body"):
        status, out = fcgi_request(stack.gesprekd_socket, params, b"username=eva")
    assert status == 400
    params["CONTENT_LENGTH"] = "12"
    with unchanged(stack, LOGIN_TABLES, "a login without csrf"):
        status, out = fcgi_request(stack.gesprekd_socket, params, b"username=eva")
    assert status == 403, "the same body, complete, reaches the handler (no csrf: 403)"


def test_400_for_a_non_form_body(stack, session):
    with unchanged(stack, LOGIN_TABLES, "a JSON login body"):
        r = session.post("/login", data=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 400


@pytest.mark.parametrize("lang", [NL, EN])
def test_403_page_in_both_languages(stack, session, lang):
    assert login(session, "eva", "demo").status_code == 303
    # A logout with a made-up token: the session row stays, still logged in.
    with unchanged(stack, LOGIN_TABLES, "a logout with a made-up token"):
        r = session.post("/logout", data={"csrf": "f" * 64}, headers=lang,
                         allow_redirects=False)
    assert r.status_code == 403
    assert session.get("/", allow_redirects=False).status_code == 200, "still logged in"
    assert page(r).xpath("/html/@lang") == [lang["Accept-Language"][:2]]
    assert error_title(r)


@pytest.mark.parametrize("lang", [NL, EN])
def test_500_page_leaks_nothing(stack, new_session, lang):
    s = new_session()
    login(s, "eva", "demo")
    stack.sql("RENAME TABLE employee TO employee_away")
    try:
        r = s.get("/", headers=lang)
    finally:
        stack.sql("RENAME TABLE employee_away TO employee")
    assert r.status_code == 500
    body = r.text.lower()
    for leak in ("employee_away", "sql", "mariadb", "select", "errno", "1146"):
        assert leak not in body
    assert page(r).xpath("/html/@lang") == [lang["Accept-Language"][:2]]
    assert s.get("/").status_code == 200, "works again once the table is back"


def test_english_login_page(session):
    r = session.get("/login", headers=EN)
    assert page(r).xpath("/html/@lang") == ["en"]
    assert page(r).xpath("//form[@action='/login']//button[normalize-space()='Log in']")
    assert "User name" in text_of(r)
    assert "Inloggen" not in text_of(r)


def test_security_headers_on_every_response(session):
    login(session, "eva", "demo")
    for r in (session.get("/login"), session.get("/"), session.get("/nope"),
              session.delete("/login")):
        h = r.headers
        csp = h["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"]
        assert h["Cache-Control"] == "no-store"


def test_xml_view_by_suffix_and_by_accept(session):
    login(session, "eva", "demo")
    by_suffix = session.get("/.xml")
    assert by_suffix.status_code == 200
    assert by_suffix.headers["Content-Type"].startswith("application/xml")
    doc = xml(by_suffix)
    assert doc.tag == "page" and doc.get("route") == "dashboard"
    assert doc.xpath("/page/user/@login") == ["eva"]
    by_accept = session.get("/", headers={"Accept": "application/xml"})
    assert by_accept.headers["Content-Type"].startswith("application/xml")
    assert xml(by_accept).xpath("/page/user/@login") == ["eva"]


def test_xml_view_of_login_and_errors(session):
    r = session.get("/login.xml")
    assert xml(r).get("route") == "login"
    r = session.get("/nope.xml")
    assert r.status_code == 404
    assert xml(r).xpath("/page/error/@code") == ["404"]


def test_head_answers_without_body(session):
    r = session.head("/login")
    assert r.status_code == 200
    assert r.content == b""


def test_static_files_served_by_nginx(session):
    r = session.get("/static/gesprek.css")
    assert r.status_code == 200 and "text/css" in r.headers["Content-Type"]
