"""Hostile input over real HTTP: SQL injection and markup in every text
field (stored and shown verbatim, nothing else happens; then the same pages
in headless Chromium: shown as text, never executed), injection in ids
(paths, query strings, form fields), hostile values in every field every
route declares and a hostile undeclared field (read from the route table,
so a new field is covered without a new test), HTTP parameter pollution, oversized and
truncated bodies, broken multipart boundaries, overlong cookies, invalid
UTF-8.  Imports and exports: test_hostile_import.py."""

import os
import socket
import ssl
import time
from urllib.parse import quote, urlsplit

import pytest
from lxml import etree, html as lxml_html

from convtools import unchanged
from declared import (Targets, checksums, field_error, refused_field, routes_declared,
                      send)
from hostile import (FORMS, MARKUP_PAYLOADS, PAYLOADS, REFUSAL_TABLES, SLOW, SQL_PAYLOADS, World,
                     counts, fits,
                     unique)
from helpers import fcgi_request

MISSING = 999999999


@pytest.fixture(scope="module")
def world(stack):
    w = World(stack)
    w.log_offset = stack.gesprekd_log.stat().st_size
    w.shown = {}          # page -> hostile values it shows (for Chromium)
    return w


# ---------------------------------------------------------------------------
# how a value must come back
# ---------------------------------------------------------------------------

def xml_values(content):
    """Every attribute value and every text node of an XML document."""
    doc = etree.fromstring(content)
    out = set()
    for el in doc.iter():
        out.update(el.attrib.values())
        if el.text:
            out.add(el.text)
    return out


def norm(s):
    return " ".join(s.split())


INJECTED = ("//script[not(@src)]", "//*[@onerror or @onload or @onclick]", "//img[@src='x']",
            "//a[starts-with(normalize-space(@href), 'javascript:')]", "//svg", "//textarea//script")


def injected_nodes(text):
    doc = lxml_html.fromstring(text)
    return [x for q in INJECTED for x in doc.xpath(q)]


def shown_as_text(text, value):
    """value is on the HTML page as text (or as an attribute value, e.g.
    of an input), and nothing of it became markup."""
    doc = lxml_html.fromstring(text)
    attrs = {v for el in doc.iter() if isinstance(el.tag, str) for v in el.attrib.values()}
    return norm(value) in norm(doc.text_content()) or value in attrs


def check_page(world, page, value):
    """The page shows value verbatim, in its XML view and as HTML text
    (page "...#xml-only": in the XML view only)."""
    hr = world.session("hanna")
    page, _, only = page.partition("#")
    x = hr.get(page.replace("?", ".xml?", 1) if "?" in page else page + ".xml")
    assert x.status_code == 200, (page, x.status_code)
    assert value in xml_values(x.content), f"{value!r} not verbatim in {page}.xml"
    if only == "xml-only":
        return
    h = hr.get(page)
    assert h.status_code == 200
    assert shown_as_text(h.text, value), f"{value!r} not shown as text on {page}"
    assert not injected_nodes(h.text), f"markup from input on {page}"


# ---------------------------------------------------------------------------
# text fields
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("form", list(FORMS))
def test_text_field_stores_and_shows_hostile_text_verbatim(stack, world, form):
    writer, fields, want = FORMS[form]
    problems = []
    for field in fields:
        for payload in PAYLOADS:
            value = unique(payload)
            if not fits(form, value):
                value = value[-100:]
            before = counts(stack)
            r, query, page, grown = writer(world, field, value)
            where = f"{form}.{field} = {value!r}"
            if r.status_code != want:
                problems.append(f"{where}: {r.status_code}")
                continue
            if r.elapsed_s > SLOW:
                problems.append(f"{where}: took {r.elapsed_s:.1f}s")
            after = counts(stack)
            expect = dict(before)
            for table, n in grown.items():
                expect[table] += n
            if after != expect:
                changed = {t: (before[t], after[t]) for t in after if after[t] != before[t]}
                problems.append(f"{where}: rows changed {changed}")
            if query:
                stored = stack.sql(query)
                if not stored or stored[0][0] != value:
                    problems.append(f"{where}: stored as {stored!r}")
            if page:
                try:
                    check_page(world, page, value)
                except AssertionError as exc:
                    problems.append(f"{where}: {exc}")
                if "#" not in page:
                    world.shown.setdefault(page, []).append(value)
            elif form == "import":
                # The dry run's preview lists the row with its name.
                if not shown_as_text(r.text, value) or injected_nodes(r.text):
                    problems.append(f"{where}: not shown as text in the preview")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# ids
# ---------------------------------------------------------------------------

ID_INJECTIONS = ("1' OR '1'='1", "1 OR 1=1", "1;DROP TABLE item", "-1", "0", "0x10", "1e3",
                 " 1", "1 ", "+1", "01", "18446744073709551617", "9223372036854775808",
                 "1/**/UNION/**/SELECT/**/1", "%00", "1%00", "１")


def test_injection_in_path_ids(stack, world):
    hr = world.session("hanna")
    world.session("mark")
    with unchanged(stack, REFUSAL_TABLES, "ids injected into paths"):
        injected_path_ids(world, hr)


def injected_path_ids(world, hr):
    for bad in ID_INJECTIONS:
        for pattern in ("/dossiers/{}", "/conversations/{}", "/conversations/{}.ics",
                        "/admin/cycles/{}", "/admin/employees/{}", "/reports/cycles/{}.csv"):
            url = pattern.format(quote(bad, safe=""))
            r = hr.get(url, allow_redirects=False)
            # Not a number the router accepts: no such page.  A number
            # that exists nowhere: 403 or 404, never anything else.
            assert r.status_code in (400, 403, 404), (url, r.status_code)
        r = world.post("mark", f"/conversations/{quote(bad, safe='')}/remarks", {"text": "x"})
        assert r.status_code in (400, 403, 404), (bad, r.status_code)


def test_injection_in_query_ids(stack, world):
    hr = world.session("hanna")
    for bad in ID_INJECTIONS:
        q = quote(bad, safe="")
        for url in (f"/reports?cycle={q}", f"/reports/people?cycle={q}&metric=dossiers",
                    f"/admin/audit?entity=dossier&id={q}", f"/admin/employees?department={q}",
                    f"/reports/cycles/{world.cycle}.csv?department={q}"):
            r = hr.get(url, allow_redirects=False)
            assert r.status_code == 400, (url, r.status_code)
        r = hr.get(f"/admin/audit?entity={q}&id=1", allow_redirects=False)
        assert r.status_code == 400


def test_injection_in_form_ids(stack, world):
    for who in ("mark", "hanna"):
        world.session(who)
    with unchanged(stack, REFUSAL_TABLES, "ids injected into forms"):
        injected_form_ids(world)


def injected_form_ids(world):
    for bad in ID_INJECTIONS:
        for who, path, fields in (
                ("mark", f"/conversations/{world.prep}/updates", {"item": bad, "note": "x"}),
                ("mark", f"/conversations/{world.prep}/items",
                 {"kind": "result", "title": "x", "org_goal": bad}),
                ("mark", f"/conversations/{world.prep}/items",
                 {"kind": "result", "title": "x", "responsible": bad}),
                ("mark", f"/items/{world.item}", {"conversation": bad, "title": "x",
                                                  "version": "1"}),
                ("hanna", f"/admin/dossiers/{world.dossier}/manager", {"manager": bad}),
                ("hanna", "/admin/departments", {"name": unique("Afd"), "parent": bad}),
                ("hanna", f"/admin/employees/{world.employee}/deactivate", {"version": bad})):
            r = world.post(who, path, fields)
            # A version (not an id) may read " 1" as 1: then it is stale.
            ok = (400, 409) if "version" in fields and "conversation" not in fields else (400,)
            assert r.status_code in ok, (path, fields, r.status_code)


# ---------------------------------------------------------------------------
# every declared field of every route (declared.py reads the route table)
# ---------------------------------------------------------------------------

# Hostile values per declared kind; none of them is a value of that kind.
HOSTILE_BY_KIND = {
    "id": ID_INJECTIONS,
    "int": SQL_PAYLOADS + ("1;DROP TABLE item", "1/**/UNION/**/SELECT/**/1", "%00", "１"),
    "date": PAYLOADS + ("2029-05-01' OR '1'='1", "2029-05-01<script>"),
    "datetime": PAYLOADS + ("2029-05-01T10:00' --",),
    "choice": PAYLOADS,
    "email": PAYLOADS,
}
# An undeclared field, with a hostile value.  (A name with anything but
# letters, digits, "_", "-" and "." is refused by the parser already.)
HOSTILE_NAME = "DROP.TABLE-item_"


@pytest.fixture(scope="module")
def targets(world):
    return Targets(world)


@pytest.fixture(scope="module")
def declared_routes(stack):
    return [r for r in routes_declared(stack) if r.role != "public"]


def test_every_declared_field_refuses_hostile_values(stack, world, targets, declared_routes):
    before = checksums(stack)
    wrong = []
    for r in declared_routes:
        for f in r.fields:
            for value in HOSTILE_BY_KIND.get(f.type, ()):
                fields = targets.baseline(r)
                fields[f.name] = value
                t0 = time.monotonic()
                resp = send(world, targets, r, fields)
                assert time.monotonic() - t0 < SLOW, (r.id, f.name, value)
                has_form, err = field_error(resp, f.name)
                if resp.status_code != 400 or (has_form and not err):
                    wrong.append((r.id, f.name, value, resp.status_code))
    assert not wrong, f"accepted, or refused without naming the field: {wrong}"
    assert checksums(stack) == before, "nothing written"


def test_every_route_refuses_an_undeclared_field_and_missing_required_ones(
        stack, world, targets, declared_routes):
    before = checksums(stack)
    wrong = []
    for r in declared_routes:
        if r.method == "POST":
            fields = dict(targets.baseline(r), **{HOSTILE_NAME: PAYLOADS[0]})
            resp = send(world, targets, r, fields)
            if resp.status_code != 400 or refused_field(resp) != HOSTILE_NAME:
                wrong.append((r.id, "undeclared", resp.status_code))
        for f in r.fields:
            if f.required and f.type != "file":
                resp = send(world, targets, r, targets.baseline(r, but=f.name))
                if resp.status_code != 400:
                    wrong.append((r.id, f.name, resp.status_code))
    assert not wrong, f"not refused: {wrong}"
    assert checksums(stack) == before, "nothing written"


# ---------------------------------------------------------------------------
# parameter pollution, sizes, truncation
# ---------------------------------------------------------------------------

def _remarks(stack, world):
    return int(stack.sql(f"SELECT COUNT(*) FROM remark WHERE conversation_id = {world.prep}")[0][0])


def test_a_field_given_twice_is_refused(stack, world):
    s = world.session("eva")
    token = world.csrf["eva"]
    path = f"/conversations/{world.prep}/remarks"
    with unchanged(stack, REFUSAL_TABLES, "a field given twice"):
        for data, url in (
                ([("text", "een"), ("text", "twee"), ("csrf", token)], path),
                ([("text", "een"), ("csrf", token), ("csrf", token)], path),
                ([("text", "uit de body"), ("csrf", token)], path + "?text=uit+de+query"),
                ([("text", "een"), ("csrf", token)], path + "?csrf=" + token)):
            r = s.post(url, data=data, allow_redirects=False)
            assert r.status_code == 400, (url, data, r.status_code)
        files = [("text", (None, "een")), ("text", (None, "twee")), ("csrf", (None, token))]
        assert s.post(path, files=files, allow_redirects=False).status_code == 400


def test_too_long_text_is_refused_next_to_its_field_with_the_value_kept(stack, world):
    typed = "é" * 4001      # TEXT_MAX_CHARS + 1 characters, 8002 bytes
    world.session("eva")
    with unchanged(stack, REFUSAL_TABLES, "a too long remark"):
        r = world.post("eva", f"/conversations/{world.prep}/remarks.xml", {"text": typed})
    assert r.status_code == 400
    field = etree.fromstring(r.content).xpath("//form/field[@name='text']")[0]
    assert field.get("error") == "form.error.too_long"
    assert field.get("value") == typed, "the typed value is kept"


@pytest.mark.parametrize("body", [
    pytest.param(lambda t: {"text": "x" * (16 * 1024 + 1), "csrf": t}, id="value-over-16k"),
    pytest.param(lambda t: {"text": "x" * 60000, "pad": "y" * 6000, "csrf": t}, id="body-over-64k"),
    pytest.param(lambda t: dict({f"p{i}": "1" for i in range(250)}, text="x", csrf=t),
                 id="over-200-params"),
])
def test_oversized_bodies_are_refused_and_change_nothing(stack, world, body):
    s = world.session("eva")
    with unchanged(stack, REFUSAL_TABLES, "an oversized body"):
        r = s.post(f"/conversations/{world.prep}/remarks", data=body(world.csrf["eva"]),
                   allow_redirects=False)
    assert r.status_code == 413


def test_oversized_upload_is_refused(stack, world):
    world.session("hanna")
    with unchanged(stack, REFUSAL_TABLES, "an oversized upload"):
        r = world.post("hanna", "/admin/import", {"mode": "apply"},
                       files={"file": ("org.csv", b"login;name\n" + b"x;y\n" * (3 * 1024 * 1024),
                                       "text/csv")})
    assert r.status_code == 413


def _session_cookie(world, who):
    s = world.session(who)
    return "; ".join(f"{c.name}={c.value}" for c in s.cookies)


def test_truncated_body_writes_nothing(stack, world):
    """Speaking FastCGI to gesprekd (nginx would wait for the rest): a
    body shorter than CONTENT_LENGTH is refused, the same body complete is
    saved."""
    text = unique("afgekapt")
    body = f"text={quote(text)}&csrf={world.csrf['eva']}".encode()
    params = {"REQUEST_METHOD": "POST", "REQUEST_URI": f"/conversations/{world.prep}/remarks",
              "QUERY_STRING": "", "CONTENT_TYPE": "application/x-www-form-urlencoded",
              "CONTENT_LENGTH": str(len(body) + 40), "REMOTE_ADDR": "127.0.0.1",
              "HTTPS": "on", "HTTP_COOKIE": _session_cookie(world, "eva")}
    before = _remarks(stack, world)
    with unchanged(stack, REFUSAL_TABLES, "a truncated body"):
        status, _ = fcgi_request(stack.gesprekd_socket, params, body)
    assert status == 400
    params["CONTENT_LENGTH"] = str(len(body))
    status, _ = fcgi_request(stack.gesprekd_socket, params, body)
    assert status == 303, "the complete body is saved"
    assert _remarks(stack, world) == before + 1


def test_client_that_stops_sending_writes_nothing(stack, world):
    """Through nginx: announce 400 bytes, send 60, close the sending side."""
    u = urlsplit(stack.base_url)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    cookie = _session_cookie(world, "eva")
    head = (f"POST /conversations/{world.prep}/remarks HTTP/1.1\r\nHost: {u.netloc}\r\n"
            f"Cookie: {cookie}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 400\r\n\r\n")
    with unchanged(stack, REFUSAL_TABLES, "a body that never arrived"):
        with socket.create_connection((u.hostname, u.port), timeout=30) as raw:
            with ctx.wrap_socket(raw, server_hostname=u.hostname) as s:
                s.sendall(head.encode() + f"csrf={world.csrf['eva']}&text=half".encode()[:60])
                s.settimeout(2)
                try:
                    s.recv(100)
                except (socket.timeout, ssl.SSLError, OSError):
                    pass
        time.sleep(0.5)


# ---------------------------------------------------------------------------
# multipart, cookies, UTF-8
# ---------------------------------------------------------------------------

def _multipart(world, ctype, body):
    s = world.session("hanna")
    return s.post("/admin/import", data=body, headers={"Content-Type": ctype},
                  allow_redirects=False)


def _part(boundary, name, value, filename=None, extra=b""):
    disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    return (f"--{boundary}\r\nContent-Disposition: {disp}\r\n".encode() + extra + b"\r\n"
            + value + b"\r\n")


def test_broken_multipart_is_refused(stack, world):
    token = world.csrf["hanna"].encode()
    csv_ = b"login;name\nhanna;Hanna Visser\n"
    good = (_part("B", "csrf", token) + _part("B", "mode", b"dry-run")
            + _part("B", "file", csv_, "org.csv") + b"--B--\r\n")
    assert _multipart(world, "multipart/form-data; boundary=B", good).status_code == 200, \
        "the well-formed body is accepted"
    cases = {
        "no boundary": ("multipart/form-data", good),
        "empty boundary": ("multipart/form-data; boundary=", good),
        "other boundary": ("multipart/form-data; boundary=C", good),
        "boundary over 70": ("multipart/form-data; boundary=" + "B" * 71,
                             good.replace(b"--B", b"--" + b"B" * 71)),
        "no closing boundary": ("multipart/form-data; boundary=B", good[:-len(b"--B--\r\n")]),
        "cut in a part": ("multipart/form-data; boundary=B", good[:len(good) // 2]),
        "no disposition": ("multipart/form-data; boundary=B",
                           b"--B\r\nContent-Type: text/plain\r\n\r\nx\r\n" + good),
        "header block over 1k": ("multipart/form-data; boundary=B",
                                 _part("B", "x", b"1", extra=b"X-Pad: " + b"p" * 1100 + b"\r\n")
                                 + good),
        "17 parts": ("multipart/form-data; boundary=B",
                     b"".join(_part("B", f"f{i}", b"1") for i in range(17)) + good),
        "file twice": ("multipart/form-data; boundary=B",
                       _part("B", "file", csv_, "a.csv") + good),
        "name with a quote": ("multipart/form-data; boundary=B",
                              b'--B\r\nContent-Disposition: form-data; name="a"b"\r\n\r\n1\r\n'
                              + good),
        "bare LF": ("multipart/form-data; boundary=B", good.replace(b"\r\n", b"\n")),
    }
    with unchanged(stack, REFUSAL_TABLES, "broken multipart bodies"):
        for what, (ctype, body) in cases.items():
            r = _multipart(world, ctype, body)
            assert r.status_code in (400, 413), (what, r.status_code)


def test_overlong_and_odd_cookies(world, new_session):
    anon = new_session()
    # The limit is 4k (limits.cookie): the header at the limit is read,
    # one byte over is refused.
    at_limit = "x=" + "y" * (4096 - 2)
    assert anon.get("/login", headers={"Cookie": at_limit}).status_code == 200
    assert anon.get("/login", headers={"Cookie": at_limit + "y"}).status_code == 400
    odd = ("__Host-gesprek=" + "g" * 64, "__Host-gesprek=" + "0" * 63,
           "__Host-gesprek=" + "a" * 65, "__Host-gesprek=\"" + "a" * 64,
           "__Host-gesprek=" + ";" * 500, "__Host-gesprek=%00%00", "=; ; ;=;==",
           "; ".join(f"__Host-gesprek={i:064x}" for i in range(40)))
    for c in odd:
        r = anon.get("/", headers={"Cookie": c}, allow_redirects=False)
        assert r.status_code == 303 and r.headers["Location"] == "/login", (c[:40], r.status_code)
    # A real session next to junk and a forged twin after it still works.
    real = _session_cookie(world, "eva")
    r = anon.get("/", headers={"Cookie": f"a=b; {real}; __Host-gesprek={'f' * 64}"},
                 allow_redirects=False)
    assert r.status_code == 200


BAD_UTF8 = ("%C3%28", "%C0%AF", "%ED%A0%80", "%F8%88%80%80%80", "%80", "%F4%90%80%80", "%FF%FE",
            "abc%E2%82")


def test_invalid_utf8_in_text_fields_is_refused(stack, world):
    s = world.session("eva")
    world.session("hanna")
    with unchanged(stack, REFUSAL_TABLES, "invalid UTF-8"):
        invalid_utf8_posts(world, s)


def invalid_utf8_posts(world, s):
    for bad in BAD_UTF8:
        body = f"text=goed{bad}dag&csrf={world.csrf['eva']}"
        r = s.post(f"/conversations/{world.prep}/remarks", data=body,
                   headers={"Content-Type": "application/x-www-form-urlencoded"},
                   allow_redirects=False)
        assert r.status_code == 400, (bad, r.status_code)
        r = s.get(f"/reports?cycle=1{bad}", allow_redirects=False)
        assert r.status_code == 400, (bad, r.status_code)
    raw = bytes.fromhex("c328")
    r = world.session("hanna").post(
        "/admin/departments", allow_redirects=False,
        files=[("csrf", (None, world.csrf["hanna"])), ("name", (None, b"Afd " + raw))])
    assert r.status_code == 400


def test_invalid_utf8_in_headers_is_dropped_not_fatal(world):
    u = urlsplit(world.stack.base_url)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    req = (b"GET /login HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla \xc3\x28 \xff\r\n"
           b"Accept-Language: \xff\xfe;q=0.5, en;q=\xc0\r\nConnection: close\r\n\r\n")
    with socket.create_connection((u.hostname, u.port), timeout=30) as raw:
        with ctx.wrap_socket(raw, server_hostname=u.hostname) as s:
            s.sendall(req)
            data = s.recv(4096)
    assert data.split(b" ", 2)[1] == b"200"


# ---------------------------------------------------------------------------
# in a real browser: shown as text, never executed
# ---------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--ignore-certificate-errors",
               "--window-size=1280,900")
BROWSER_WAIT = 30          # seconds for a page load
PAGES_MAX = 24             # pages looked at (each shows many values)

# Evaluated on every page: what would exist if input had become markup or
# had run.
PROBE = """
return {
  pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned),
  inline: document.querySelectorAll('script:not([src])').length,
  handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,
  imgx: document.querySelectorAll('img[src="x"]').length,
  jslinks: document.querySelectorAll('a[href^="javascript:"]').length,
  svg: document.querySelectorAll('main svg').length,
  text: document.body.textContent + ' ' + Array.from(
    document.querySelectorAll('input, textarea')).map(e => e.value).join(' ')
};
"""


@pytest.fixture(scope="module")
def chromium():
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        pytest.skip(f"needs Debian's chromium and chromium-driver ({', '.join(missing)} "
                    f"missing; tests/deps.sh installs them)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as exc:
        pytest.skip(f"needs Debian's python3-selenium ({exc})")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in CHROME_ARGS:
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    d.set_page_load_timeout(BROWSER_WAIT)
    yield d
    d.quit()


def _browser_login(d, base_url, who):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    d.delete_all_cookies()
    d.get(base_url + "/login")
    d.find_element(By.NAME, "username").send_keys(who)
    d.find_element(By.NAME, "password").send_keys("demo")
    d.find_element(By.CSS_SELECTOR, "form[action='/login'] button, "
                                    "form[action='/login'] [type=submit]").click()
    WebDriverWait(d, BROWSER_WAIT).until(lambda x: urlsplit(x.current_url).path == "/")


def _alert_text(d):
    from selenium.common.exceptions import NoAlertPresentException
    try:
        a = d.switch_to.alert
        text = a.text
        a.dismiss()
        return text
    except NoAlertPresentException:
        return None


def test_hostile_text_never_runs_in_chromium(stack, world, chromium):
    """Every page that showed hostile text above, opened in headless
    Chromium by HR (everything) and by mark (his edit forms put the values
    into input attributes): no alert, no injected element, no script run,
    no CSP violation (which would mean something tried), and the text is
    on the page as typed."""
    if not world.shown:
        for payload in MARKUP_PAYLOADS:
            for form in ("item-new", "remark", "department-new", "goal-new"):
                writer, fields, _ = FORMS[form]
                value = unique(payload)
                _, _, page, _ = writer(world, fields[0], value)
                world.shown.setdefault(page, []).append(value)
    # Edits replace what an earlier write showed: only what the page's XML
    # still holds is looked for.
    hr = world.session("hanna")
    pages = []
    for page, values in sorted(world.shown.items(), key=lambda kv: -len(kv[1]))[:PAGES_MAX]:
        held = xml_values(hr.get(page.replace("?", ".xml?", 1) if "?" in page
                                 else page + ".xml").content)
        pages.append((page, [v for v in values if v in held]))
    mark_pages = {p for p, _ in pages if p.startswith("/conversations/")}
    problems = []
    looked = 0
    for who in ("hanna", "mark"):
        _browser_login(chromium, stack.base_url, who)
        for page, values in pages:
            if who == "mark" and page not in mark_pages:
                continue
            chromium.get(stack.base_url + page)
            looked += 1
            alert = _alert_text(chromium)
            p = chromium.execute_script(PROBE)
            if alert is not None:
                problems.append(f"{who} {page}: alert {alert!r}")
            for k in ("inline", "handlers", "imgx", "jslinks", "svg"):
                if p[k]:
                    problems.append(f"{who} {page}: {p[k]} {k}")
            if p["pwned"] is not None:
                problems.append(f"{who} {page}: script ran ({p['pwned']})")
            text = norm(p["text"])
            for v in values:
                if norm(v) not in text and who == "hanna":
                    problems.append(f"{who} {page}: {v!r} not visible as text")
            for entry in chromium.get_log("browser"):
                msg = entry.get("message", "")
                if "Content Security Policy" in msg or "Refused to" in msg:
                    problems.append(f"{who} {page}: {msg[:200]}")
    assert looked >= 5, f"only {looked} pages looked at"
    assert not problems, "\n".join(problems)


def test_no_request_of_this_module_failed_with_500(stack, world):
    """Every refusal above was a 4xx: gesprekd's request log has no 5xx
    since this module began."""
    with open(stack.gesprekd_log, "rb") as fh:
        fh.seek(world.log_offset)
        lines = fh.read().decode("utf-8", "replace").splitlines()
    fivexx = [l for l in lines if any(f" {code} " in l for code in ("500", "502", "503"))]
    assert len(lines) > 100 and not fivexx, fivexx[:10]
