#!/usr/bin/python3
"""Render the sample page documents with the real stylesheets and check them.

    /usr/bin/python3 tests/xslt/preview.py [-o OUTDIR] [--screenshots] [SAMPLE.xml ...]

What it does, in order (any failure makes the exit status 1):

 1. Catalogs xslt/i18n/*.xml: well-formed, <catalog lang="..."> matching the
    file name, <msg key="..."> with dotted lowercase keys, no duplicates, plain
    non-empty text; every catalog has exactly the key set of nl.xml.
 2. Stylesheets xslt/*.xsl: XSLT 1.0, the html output with the HTML5 doctype,
    no disable-output-escaping, no literal <script>/<style>/style="" or on*
    handlers, page stylesheets import layout.xsl; every literal key in
    i:t('...') exists in every catalog, and so does every "flash.*" and
    "form.error.*" string literal of the C sources (fcgi/), which reach the
    page as flash/@key and form/field/@error.
 3. Keys computed from page data (status.<state>, role.<role>,
    login.error.<code>, error.<code>.title/.text, date.month.<n>) exist for
    every value that xslt/schema/page.xsd allows; the samples
    tests/xslt/samples/*.xml (or the files named) are valid against it.
 4. Each sample is rendered with xslt/<@route>.xsl (lxml = libxml2/libxslt,
    as in gesprekd); t() of urn:gesprek:i18n is registered here and reads the
    catalog of the page's @lang.  A key that is missing from that catalog
    fails the run (it also catches computed keys such as
    concat('error.', @code, '.title')).
 5. The HTML is checked: doctype, <html lang>, one charset declaration, one
    <main id="main">, one <h1>, a <title>, no script/style/inline handlers,
    no external URLs, unique ids, a <label for> for every visible control,
    every POST form carries the page's csrf token.
 6. OUTDIR/<sample>.html is written (default /tmp/gesprek-preview), with the
    stylesheet link rewritten to a copy in OUTDIR/static/ so that the files
    open from disk; with --screenshots, headless Chromium takes
    OUTDIR/<sample>-360.png and -1280.png.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

from lxml import etree, html as lhtml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
XSLT_DIR = os.path.join(ROOT, "xslt")
I18N_DIR = os.path.join(XSLT_DIR, "i18n")
SCHEMA = os.path.join(XSLT_DIR, "schema", "page.xsd")
CSS = os.path.join(XSLT_DIR, "static", "gesprek.css")
SAMPLES = os.path.join(ROOT, "tests", "xslt", "samples")
C_DIR = os.path.join(ROOT, "fcgi")
# catalog keys that C hands to the page: flash/@key, form/field/@error
C_KEY_RE = re.compile(r'"((?:flash|form\.error)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)"')

XSL_NS = "http://www.w3.org/1999/XSL/Transform"
I18N_NS = "urn:gesprek:i18n"
PRIMARY_LANG = "nl"
KEY_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
LITERAL_KEY_RE = re.compile(r"""\bi:t\(\s*(?:'([^']*)'|"([^"]*)")\s*\)""")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--hide-scrollbars"]
SHOT_SIZES = ((360, 1400), (1280, 900))

# Keys the stylesheets compute from values of the page document: every value
# that page.xsd allows must have its message.  (XPath into page.xsd, keys.)
SCHEMA_KEYS = (
    ("//xs:simpleType[@name='status']//xs:enumeration/@value", ("status.%s",)),
    ("//xs:simpleType[@name='role']//xs:enumeration/@value", ("role.%s",)),
    ("//xs:element[@name='login']//xs:attribute[@name='error']//xs:enumeration/@value",
     ("login.error.%s",)),
    ("//xs:element[@name='error']//xs:attribute[@name='code']//xs:enumeration/@value",
     ("error.%s.title", "error.%s.text")),
)
# ... and keys computed from fixed sets (layout.xsl template "date").
COMPUTED_KEYS = tuple("date.month.%d" % m for m in range(1, 13))
XS_NS = "http://www.w3.org/2001/XMLSchema"

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

failures = []


def fail(where, msg):
    failures.append("%s: %s" % (where, msg))


# --------------------------------------------------------------------- 1 --

def load_catalogs():
    catalogs = {}
    for name in sorted(os.listdir(I18N_DIR)):
        if not name.endswith(".xml"):
            continue
        path = os.path.join(I18N_DIR, name)
        where = os.path.relpath(path, ROOT)
        lang = name[:-4]
        try:
            root = etree.parse(path, PARSER).getroot()
        except etree.XMLSyntaxError as e:
            fail(where, "not well-formed: %s" % e)
            continue
        if root.tag != "catalog" or root.get("lang") != lang:
            fail(where, 'root must be <catalog lang="%s">' % lang)
        msgs = {}
        for el in root:
            if not isinstance(el.tag, str):
                continue  # comments
            if el.tag != "msg":
                fail(where, "unexpected element <%s>" % el.tag)
                continue
            key = el.get("key", "")
            if not KEY_RE.match(key):
                fail(where, "bad key %r (dotted lowercase names)" % key)
            if key in msgs:
                fail(where, "duplicate key %s" % key)
            if len(el):
                fail(where, "%s: messages are plain text, no markup" % key)
            text = el.text or ""
            if not text.strip():
                fail(where, "%s: empty message" % key)
            msgs[key] = text
        catalogs[lang] = msgs
    if PRIMARY_LANG not in catalogs:
        fail("xslt/i18n", "no %s.xml" % PRIMARY_LANG)
        return catalogs
    primary = set(catalogs[PRIMARY_LANG])
    for lang, msgs in sorted(catalogs.items()):
        for key in sorted(primary - set(msgs)):
            fail("xslt/i18n/%s.xml" % lang, "missing key %s" % key)
        for key in sorted(set(msgs) - primary):
            fail("xslt/i18n/%s.xml" % lang, "key %s is not in %s.xml" % (key, PRIMARY_LANG))
    return catalogs


# --------------------------------------------------------------------- 2 --

def check_stylesheets(catalogs):
    for name in sorted(os.listdir(XSLT_DIR)):
        if not name.endswith(".xsl"):
            continue
        path = os.path.join(XSLT_DIR, name)
        where = os.path.relpath(path, ROOT)
        try:
            doc = etree.parse(path, PARSER)
        except etree.XMLSyntaxError as e:
            fail(where, "not well-formed: %s" % e)
            continue
        root = doc.getroot()
        if root.tag != "{%s}stylesheet" % XSL_NS or root.get("version") != "1.0":
            fail(where, 'root must be <xsl:stylesheet version="1.0">')
        if root.nsmap.get("i") not in (None, I18N_NS):
            fail(where, "prefix i must be bound to %s" % I18N_NS)
        outs = root.findall("{%s}output" % XSL_NS)
        # A data stylesheet (text output, e.g. report-csv.xsl) is no page:
        # no layout, no html; the other rules still hold.
        data_sheet = len(outs) == 1 and outs[0].get("method") == "text"
        if not data_sheet and (len(outs) != 1 or outs[0].get("method") != "html"
                               or outs[0].get("doctype-system") != "about:legacy-compat"
                               or outs[0].get("encoding") != "UTF-8"
                               or outs[0].get("indent") != "no"):
            fail(where, 'needs <xsl:output method="html" encoding="UTF-8" '
                        'doctype-system="about:legacy-compat" indent="no"/>')
        imports = [e.get("href") for e in root.findall("{%s}import" % XSL_NS)]
        if name != "layout.xsl" and not data_sheet and imports != ["layout.xsl"]:
            fail(where, 'a page stylesheet imports "layout.xsl" (and only that)')
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            if el.get("disable-output-escaping") is not None:
                fail(where, "line %d: disable-output-escaping" % el.sourceline)
            local = etree.QName(el).localname
            literal = etree.QName(el).namespace is None
            # an empty <script src="/static/..."> (gesprek.js) is allowed: CSP script-src 'self'
            external = local == "script" and (el.get("src") or "").startswith("/static/") \
                and not (el.text or "").strip() and len(el) == 0
            if literal and local in ("script", "style") and not external:
                fail(where, "line %d: literal <%s> (CSP: keep it in static files)" % (el.sourceline, local))
            if literal and any(a == "style" or a.startswith("on") for a in el.attrib):
                fail(where, "line %d: inline style or event handler" % el.sourceline)
            if el.tag == "{%s}attribute" % XSL_NS and (
                    el.get("name") == "style" or el.get("name", "").startswith("on")):
                fail(where, "line %d: generated style/on* attribute" % el.sourceline)
            if el.tag == "{%s}template" % XSL_NS and name != "layout.xsl" and not data_sheet and (
                    el.get("match") == "/" or el.get("mode") == "layout"):
                fail(where, "line %d: page stylesheets leave '/' and mode layout to layout.xsl"
                     % el.sourceline)
            for value in el.attrib.values():
                for m in LITERAL_KEY_RE.finditer(value):
                    key = m.group(1) if m.group(1) is not None else m.group(2)
                    for lang, msgs in sorted(catalogs.items()):
                        if key not in msgs:
                            fail(where, "line %d: key %s missing in %s.xml" % (el.sourceline, key, lang))


def check_c_keys(catalogs):
    for dirpath, _, names in sorted(os.walk(C_DIR)):
        for name in sorted(names):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            for key in sorted(set(C_KEY_RE.findall(text))):
                for lang, msgs in sorted(catalogs.items()):
                    if key not in msgs:
                        fail(os.path.relpath(path, ROOT), "key %s missing in %s.xml" % (key, lang))


# --------------------------------------------------------------------- 3 --

def load_schema(catalogs):
    where = os.path.relpath(SCHEMA, ROOT)
    try:
        doc = etree.parse(SCHEMA, PARSER)
        schema = etree.XMLSchema(doc)
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as e:
        fail(where, "schema does not load: %s" % e)
        return None
    keys = list(COMPUTED_KEYS)
    for path, patterns in SCHEMA_KEYS:
        values = [v for v in doc.xpath(path, namespaces={"xs": XS_NS}) if v]
        if not values:
            fail(where, "no values at %s" % path)
        keys += [p % v for v in values for p in patterns]
    for key in keys:
        for lang, msgs in sorted(catalogs.items()):
            if key not in msgs:
                fail(where, "computed key %s missing in %s.xml" % (key, lang))
    return schema


# --------------------------------------------------------------------- 4 --

class Translator:
    """t(key) of urn:gesprek:i18n, like the C implementation: the message in
    the page's language; a missing key answers the key itself (and is
    recorded here as a failure)."""

    def __init__(self, catalogs):
        self.catalogs = catalogs
        self.lang = PRIMARY_LANG
        self.missing = set()

    def __call__(self, context, key=""):
        if isinstance(key, list):  # a node-set: its first node's string value
            if not key:
                key = ""
            else:
                key = key[0] if isinstance(key[0], str) else key[0].xpath("string()")
        elif isinstance(key, float):
            key = ("%d" % key) if key == int(key) else repr(key)
        key = str(key)
        msgs = self.catalogs.get(self.lang, {})
        if key not in msgs:
            self.missing.add(key)
            return key
        return msgs[key]


    DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")

    def date(self, context, value=""):
        """date(value) of urn:gesprek:i18n (fcgi/xml/i18n.c): "3 maart
        2027" for a value that starts with YYYY-MM-DD, "" otherwise
        (stricter than the C, which takes what XPath's number() takes:
        the samples hold plain dates)."""
        if isinstance(value, list):
            value = "" if not value else (value[0] if isinstance(value[0], str)
                                           else value[0].xpath("string()"))
        m = self.DATE_RE.match(str(value))
        if not m or not (1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31):
            return ""
        month = self(context, "date.month.%d" % int(m.group(2)))
        return "%d %s %s" % (int(m.group(3)), month, m.group(1))


def render(sample, translator, schema, cache):
    where = os.path.relpath(sample, ROOT)
    try:
        doc = etree.parse(sample, PARSER)
    except etree.XMLSyntaxError as e:
        fail(where, "not well-formed: %s" % e)
        return None, None
    page = doc.getroot()
    if schema is not None and not schema.validate(doc):
        for err in schema.error_log:
            fail(where, "line %d: %s" % (err.line, err.message))
    route = page.get("route", "")
    xsl_path = os.path.join(XSLT_DIR, route + ".xsl")
    if not re.match(r"^[a-z][a-z0-9_-]*$", route) or not os.path.exists(xsl_path):
        fail(where, "no stylesheet for route %r" % route)
        return None, page
    if route not in cache:
        try:
            cache[route] = etree.XSLT(
                etree.parse(xsl_path, PARSER),
                extensions={(I18N_NS, "t"): translator,
                            (I18N_NS, "date"): translator.date},
                access_control=etree.XSLTAccessControl.DENY_ALL)
        except etree.XSLTParseError as e:
            fail(os.path.relpath(xsl_path, ROOT), "does not compile: %s" % e)
            cache[route] = None
    transform = cache[route]
    if transform is None:
        return None, page
    translator.lang = page.get("lang", PRIMARY_LANG)
    translator.missing = set()
    try:
        result = transform(doc)
    except etree.XSLTApplyError as e:
        fail(where, "transform failed: %s" % e)
        return None, page
    for entry in transform.error_log:
        fail(where, "xslt: %s" % entry.message)
    for key in sorted(translator.missing):
        fail(where, "key %r missing in %s.xml" % (key, translator.lang))
    return str(result), page


# --------------------------------------------------------------------- 5 --

def check_html(where, text, page):
    if not text.startswith("<!DOCTYPE html"):
        fail(where, "no HTML5 doctype")
    if len(re.findall(r"charset=", text, re.I)) != 1:
        fail(where, "needs exactly one charset declaration")
    doc = lhtml.document_fromstring(text)
    if doc.get("lang") != page.get("lang"):
        fail(where, "<html lang=%r>, page lang %r" % (doc.get("lang"), page.get("lang")))
    title = doc.findtext(".//title") or ""
    if not title.strip():
        fail(where, "empty <title>")
    mains = doc.findall(".//main")
    if len(mains) != 1 or mains[0].get("id") != "main":
        fail(where, 'needs exactly one <main id="main">')
    if len(doc.findall(".//h1")) != 1:
        fail(where, "needs exactly one <h1>")
    if not doc.xpath('//a[@href="#main"]'):
        fail(where, "no skip link to #main")
    inline = [e for e in doc.findall(".//script")
              if not (e.get("src") or "").startswith("/static/") or (e.text or "").strip()]
    if inline or doc.findall(".//style"):
        fail(where, "inline <script> or <style> in the output")
    ids = {}
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name == "style" or name.startswith("on"):
                fail(where, "inline %s= on <%s>" % (name, el.tag))
            if name in ("href", "src", "action") and re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", value, re.I):
                fail(where, "external or scheme URL %s=%r" % (name, value))
        if el.get("id"):
            if el.get("id") in ids:
                fail(where, "duplicate id %r" % el.get("id"))
            ids[el.get("id")] = el
    labels = {l.get("for") for l in doc.iter("label")}
    for el in doc.xpath("//input[not(@type='hidden')] | //select | //textarea"):
        if el.get("type") in ("submit", "button", "reset"):
            continue
        if not el.get("id") or el.get("id") not in labels:
            fail(where, "control %r has no <label for>" % el.get("name"))
    for ref in doc.xpath("//@aria-describedby | //@aria-labelledby"):
        for id_ in ref.split():
            if id_ not in ids:
                fail(where, "aria reference to missing id %r" % id_)
    for form in doc.iter("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        tokens = form.xpath(".//input[@type='hidden'][@name='csrf']/@value")
        if tokens != [page.get("csrf", "")]:
            fail(where, "POST form %r lacks the csrf token" % form.get("action"))
    if page.find("user") is not None:
        if not doc.xpath("//form[@method='post'][@action='/logout']"):
            fail(where, "logged in, but no logout form")
    elif doc.xpath("//form[@action='/logout']"):
        fail(where, "logout form without a user")
    flash = page.find("flash")
    if flash is not None and not doc.xpath("//*[@role='status']"):
        fail(where, "flash message not shown")


# --------------------------------------------------------------------- 6 --

def screenshot(html_path, png_path, width, height):
    cmd = [CHROMIUM] + CHROMIUM_FLAGS + [
        "--screenshot=%s" % png_path, "--window-size=%d,%d" % (width, height),
        "file://" + html_path]
    try:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60, check=True)
    except (OSError, subprocess.SubprocessError) as e:
        fail(html_path, "screenshot failed: %s" % e)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--out", default="/tmp/gesprek-preview")
    ap.add_argument("--screenshots", action="store_true")
    ap.add_argument("samples", nargs="*")
    args = ap.parse_args()

    samples = args.samples or sorted(
        os.path.join(SAMPLES, n) for n in os.listdir(SAMPLES) if n.endswith(".xml"))
    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "static"), exist_ok=True)
    if os.path.exists(CSS):
        shutil.copy(CSS, os.path.join(out, "static", "gesprek.css"))
    else:
        fail("xslt/static", "no gesprek.css")

    catalogs = load_catalogs()
    check_stylesheets(catalogs)
    check_c_keys(catalogs)
    schema = load_schema(catalogs)
    translator = Translator(catalogs)
    cache = {}
    rendered = 0
    for sample in samples:
        sample = os.path.abspath(sample)
        name = os.path.splitext(os.path.basename(sample))[0]
        text, page = render(sample, translator, schema, cache)
        if text is None:
            continue
        check_html(os.path.relpath(sample, ROOT), text, page)
        html_path = os.path.join(out, name + ".html")
        with open(html_path, "w", encoding="utf-8") as f:
            f.write(text.replace('href="/static/', 'href="static/'))
        rendered += 1
        if args.screenshots:
            for width, height in SHOT_SIZES:
                screenshot(html_path, os.path.join(out, "%s-%d.png" % (name, width)), width, height)

    for line in failures:
        print("FAIL " + line)
    print("%d of %d samples rendered to %s; %d keys in %s; %d problems"
          % (rendered, len(samples), out, len(catalogs.get(PRIMARY_LANG, {})),
             "+".join(sorted(catalogs)), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
