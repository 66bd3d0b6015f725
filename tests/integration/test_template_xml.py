"""Template and competence XML (issue 16, "Done when" line 2): broken and
hostile files of both kinds are refused with the line they fail on and a
reason, and leave every row of their tables as it was (a checksum per
table, not only a count); the competence dictionary makes the same round
trip through `gesprekctl` as the templates do (test_templates.py): export,
import into an empty database, export again gives the same bytes.

Both importers read through one hardened reader (fcgi/import/xml_safe.c),
so each hostile kind is tried on both: another schema, duplicate keys, a
scale of one level, an internal and an external DTD, an external and a
parameter entity, billion laughs, XInclude.  The files go through
`gesprekctl` (the same reader, checks and store functions as the upload
pages) and, for templates, also through /admin/templates/import.
"""
import uuid
from pathlib import Path

import pytest
from lxml import etree

from conftest import csrf_token, login
from convtools import unchanged
from helpers import page
from test_migrations import Scratch, ctl, sql_files

REPO = Path(__file__).resolve().parents[2]
TPL_NS = "urn:gesprek:template:1"
COMP_NS = "urn:gesprek:competences:1"
TEMPLATE_TABLES = ("template", "template_version", "template_scale", "template_scale_level",
                   "template_section")
COMPETENCE_TABLES = ("competence", "competence_indicator", "job_profile",
                     "job_profile_competence")
# What /etc/passwd starts with: must never reach a message or a row.
PASSWD_MARK = "root:"
# A port nothing listens on: a fetch from it would fail, but must not even
# be tried (NONET and no DTD loading); the refusal names the DOCTYPE.
DEAD_URL = "http://127.0.0.1:9/evil"
LAUGH_LEVELS = 10
XML_VIEW = {"Accept": "application/xml"}


def laughs():
    """The entity declarations of billion laughs: 10^LAUGH_LEVELS "lol"s."""
    decl = ['<!ENTITY l0 "lol">']
    for i in range(1, LAUGH_LEVELS):
        decl.append(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">')
    return "".join(decl)


def line_of(text, marker):
    """The 1-based line of marker's first occurrence in text."""
    at = text.index(marker)
    return text.count("\n", 0, at) + 1


def last_line_of(text, marker):
    at = text.rindex(marker)
    return text.count("\n", 0, at) + 1


# ------------------------------------------------------------ templates --

TPL = (REPO / "conf" / "templates" / "kwartaal.xml").read_text()
TPL_ROOT = '<template xmlns="urn:gesprek:template:1" key="kwartaal">'
assert TPL_ROOT in TPL and 'key="welzijn"' in TPL and 'key="nodig"' in TPL


def tpl_with_doctype(doctype, name="Kwartaalgesprek"):
    """The example with a DOCTYPE on line 2 and its name replaced."""
    head, rest = TPL.split("\n", 1)
    return f"{head}\n{doctype}\n{rest}".replace(">Kwartaalgesprek<", f">{name}<", 1)


ONE_LEVEL_SCALE = ('  <scale key="een"><level value="1"><label lang="nl">a</label>'
                   '</level></scale>\n')
SECOND_SCALE = ('  <scale key="drie"><level value="1"><label lang="nl">a</label></level>'
                '<level value="2"><label lang="nl">b</label></level></scale>\n')
XINCLUDE = ('  <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
            'href="file:///etc/passwd" parse="text"/>\n')


def tpl_insert_before(marker, text):
    return TPL.replace(marker, text + marker, 1)


# case: (file text, the marker whose line the refusal names (None: the
# DOCTYPE's, line 2), words the reason holds).
TEMPLATE_CASES = {
    "wrong schema: another namespace": (
        TPL.replace(TPL_NS, "urn:gesprek:competences:1"), TPL_ROOT.split(" ")[0],
        "no matching global declaration"),
    "wrong schema: unknown element": (
        tpl_insert_before("  <goal-rules", "  <colour>red</colour>\n"), "<colour>",
        "not expected"),
    "duplicate section key": (
        TPL.replace('key="nodig"', 'key="welzijn"'), None, "section-key"),
    "duplicate scale key": (
        tpl_insert_before("  <goal-rules", SECOND_SCALE), None, "scale-key"),
    "scale with one level": (
        tpl_insert_before("  <goal-rules", ONE_LEVEL_SCALE), '<scale key="een">', "level"),
    "internal DTD": (
        tpl_with_doctype("<!DOCTYPE template [<!ELEMENT template ANY>]>"), None, "DOCTYPE"),
    "external DTD": (
        tpl_with_doctype(f'<!DOCTYPE template SYSTEM "{DEAD_URL}.dtd">'), None, "DOCTYPE"),
    "external entity": (
        tpl_with_doctype('<!DOCTYPE template [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                         "&x;"), None, "DOCTYPE"),
    "parameter entity": (
        tpl_with_doctype(f'<!DOCTYPE template [<!ENTITY % p SYSTEM "{DEAD_URL}.ent"> %p;]>'),
        None, "DOCTYPE"),
    "billion laughs": (
        tpl_with_doctype(f"<!DOCTYPE template [{laughs()}]>", f"&l{LAUGH_LEVELS - 1};"),
        None, "DOCTYPE"),
    "XInclude": (
        tpl_insert_before("  <goal-rules", XINCLUDE), "<xi:include", "not expected"),
}
# The lines that are not a marker's first occurrence.
TEMPLATE_LINES = {
    "duplicate section key": last_line_of(TEMPLATE_CASES["duplicate section key"][0],
                                          'key="welzijn"'),
    "duplicate scale key": last_line_of(TEMPLATE_CASES["duplicate scale key"][0],
                                        '<scale key="drie">'),
}


def template_line(case):
    text, marker, _ = TEMPLATE_CASES[case]
    if case in TEMPLATE_LINES:
        return TEMPLATE_LINES[case]
    return 2 if marker is None else line_of(text, marker)


@pytest.mark.parametrize("case", list(TEMPLATE_CASES))
def test_template_file_refused_by_gesprekctl_with_line_and_reason(stack, tmp_path, case):
    text, _, reason = TEMPLATE_CASES[case]
    f = tmp_path / "hostile.xml"
    f.write_text(text)
    with unchanged(stack, TEMPLATE_TABLES, f"template import of a refused file ({case})"):
        r = stack.ctl("template", "import", str(f), check=False)
    assert r.returncode == 1, r.stdout + r.stderr
    first = r.stderr.splitlines()[0]
    assert first.startswith(f"{f}:{template_line(case)}: "), first
    assert first.endswith("; nothing imported"), first
    assert reason.lower() in first.lower(), first
    assert PASSWD_MARK not in r.stdout + r.stderr


@pytest.fixture
def hr(new_session, stack):
    stack.sql("DELETE FROM login_attempt")
    s = new_session()
    assert login(s, "hanna", "demo").status_code == 303
    return s


@pytest.mark.parametrize("case", ["wrong schema: unknown element", "duplicate section key",
                                  "scale with one level", "external entity", "billion laughs",
                                  "XInclude"])
def test_template_upload_refused_with_line_and_reason(stack, hr, case):
    """The upload page uses the same reader: its refusal names the line
    and the reason, on the page and in its XML, and nothing is written
    (a dry run or the real thing)."""
    text, _, reason = TEMPLATE_CASES[case]
    line = template_line(case)
    for mode, headers in (("dry-run", {}), ("apply", XML_VIEW)):
        with unchanged(stack, TEMPLATE_TABLES, f"an uploaded refused template ({case}, {mode})"):
            r = hr.post("/admin/templates/import",
                        data={"csrf": csrf_token(hr.get("/admin/templates"),
                                                 "/admin/templates/import"), "mode": mode},
                        files={"file": ("form.xml", text.encode(), "application/xml")},
                        headers=headers, allow_redirects=False)
        assert r.status_code == 400, r.text[:2000]
        assert PASSWD_MARK not in r.text
        if headers:
            refused = etree.fromstring(r.content).find("template-refused")
            assert refused is not None, r.text[:2000]
            assert refused.get("line") == str(line)
            assert reason.lower() in refused.get("reason").lower()
        else:
            alert = " ".join(page(r).xpath("//div[contains(@class,'alert-error')]//text()"))
            assert f" {line}: " in alert, alert
            assert reason.lower() in alert.lower(), alert


# ---------------------------------------------------------- competences --

COMP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<competences xmlns="urn:gesprek:competences:1">\n'
        '<competence key="{k}"><name>Samenwerken</name><definition>d</definition>\n'
        '<level n="1"><indicator>i</indicator></level></competence>\n'
        '<profile key="{p}"><name>Adviseur</name><competence-ref key="{k}"/></profile>\n'
        '</competences>\n')


def comp_file(**replace):
    """A good file of fresh keys, with the given lines' texts replaced."""
    text = COMP.format(k=f"t-{uuid.uuid4().hex[:10]}", p=f"p-{uuid.uuid4().hex[:10]}")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


def comp_with_doctype(doctype, name="Samenwerken"):
    return comp_file(**{'<?xml version="1.0" encoding="UTF-8"?>\n':
                        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n',
                        ">Samenwerken<": f">{name}<"})


COMP_DUP = '<competence key="dup"><name>B</name><definition>d</definition></competence>\n'
COMPETENCE_CASES = {
    # case: (file text, the line the refusal names, words the reason holds)
    "wrong schema: another namespace": (
        comp_file(**{COMP_NS: TPL_NS}), 2, "not valid against competences.xsd"),
    "wrong schema: unknown element": (
        comp_file(**{"<profile ": "<colour>red</colour>\n<profile "}), 5,
        "not valid against competences.xsd"),
    "duplicate competence key": (
        comp_file(**{"<profile ": COMP_DUP + COMP_DUP + "<profile "}), 6,
        'competence key "dup" is given twice (first on line 5)'),
    "duplicate profile key": (
        comp_file(**{"</competences>": '<profile key="pp"><name>A</name></profile>\n'
                     '<profile key="pp"><name>B</name></profile>\n</competences>'}), 7,
        'profile key "pp" is given twice'),
    "level given twice": (
        comp_file(**{"</competence>": '\n<level n="1"><indicator>j</indicator></level>'
                     "</competence>"}), 5, "level 1 is given twice"),
    "internal DTD": (
        comp_with_doctype("<!DOCTYPE competences [<!ELEMENT competences ANY>]>"), 2, "DOCTYPE"),
    "external DTD": (
        comp_with_doctype(f'<!DOCTYPE competences SYSTEM "{DEAD_URL}.dtd">'), 2, "DOCTYPE"),
    "external entity": (
        comp_with_doctype('<!DOCTYPE competences [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                          "&x;"), 2, "DOCTYPE"),
    "parameter entity": (
        comp_with_doctype(f'<!DOCTYPE competences [<!ENTITY % p SYSTEM "{DEAD_URL}.ent"> %p;]>'),
        2, "DOCTYPE"),
    "billion laughs": (
        comp_with_doctype(f"<!DOCTYPE competences [{laughs()}]>", f"&l{LAUGH_LEVELS - 1};"),
        2, "DOCTYPE"),
    "XInclude": (
        comp_file(**{"<profile ": XINCLUDE.strip() + "\n<profile "}), 5,
        "not valid against competences.xsd"),
}


@pytest.mark.parametrize("case", list(COMPETENCE_CASES))
def test_competence_file_refused_by_gesprekctl_with_line_and_reason(stack, tmp_path, case):
    text, line, reason = COMPETENCE_CASES[case]
    f = tmp_path / "hostile.xml"
    f.write_text(text)
    with unchanged(stack, COMPETENCE_TABLES, f"competence import of a refused file ({case})"):
        r = stack.ctl("import", "competences", str(f), check=False)
    assert r.returncode == 1, r.stdout + r.stderr
    first = r.stderr.splitlines()[0]
    assert first.startswith(f"{f}:{line}: "), first
    assert reason.lower() in first.lower(), first
    assert PASSWD_MARK not in r.stdout + r.stderr


def test_competence_scale_has_no_one_level_case():
    """A competence names its own levels (1..10, any subset): there is no
    scale of one level to refuse, unlike a template's.  Kept as a check
    of that reading of competences.xsd, so the case is not forgotten if
    the schema gains a minimum."""
    xsd = etree.XMLSchema(etree.parse(str(REPO / "xslt" / "schema" / "competences.xsd")))
    assert xsd.validate(etree.fromstring(comp_file().split("\n", 1)[1].encode()))


# ----------------------------------------------------------- round trip --

def test_competence_round_trip_through_gesprekctl_into_an_empty_database(stack, tmp_path):
    """The shipped dictionary imported into an empty database, exported,
    imported into another empty one and exported again: the same bytes."""
    a = Scratch(stack, tmp_path, "gesprek_cxml_a")
    b = Scratch(stack, tmp_path, "gesprek_cxml_b")
    try:
        for s in (a, b):
            assert s.migrate(sql_files(stack)).returncode == 0
            assert s.sql("SELECT COUNT(*) FROM competence") == [("0",)]
        demo = REPO / "conf" / "competences" / "demo.xml"
        r = ctl(stack, a.conf, "import", "competences", str(demo))
        assert r.returncode == 0, r.stderr
        first = ctl(stack, a.conf, "export", "competences")
        assert first.returncode == 0, first.stderr
        doc = etree.fromstring(first.stdout.encode())
        assert len(doc.findall(f"{{{COMP_NS}}}competence")) == \
            len(etree.parse(str(demo)).getroot().findall(f"{{{COMP_NS}}}competence"))
        f = tmp_path / "export.xml"
        f.write_text(first.stdout)
        r = ctl(stack, b.conf, "import", "competences", str(f))
        assert r.returncode == 0, r.stderr
        second = ctl(stack, b.conf, "export", "competences")
        assert second.stdout == first.stdout
    finally:
        a.drop()
        b.drop()


def test_template_round_trip_of_every_example_into_an_empty_database(stack, tmp_path):
    """Every shipped example, the default one too: imported into a fresh
    database, exported, imported into another fresh one, exported again --
    the same bytes, and the same rows in both databases."""
    a = Scratch(stack, tmp_path, "gesprek_txml_a")
    b = Scratch(stack, tmp_path, "gesprek_txml_b")
    try:
        for s in (a, b):
            assert s.migrate(sql_files(stack)).returncode == 0
        for p in sorted((REPO / "conf" / "templates").glob("*.xml")):
            assert ctl(stack, a.conf, "template", "import", str(p)).returncode == 0
            first = ctl(stack, a.conf, "template", "export", p.stem)
            assert first.returncode == 0, first.stderr
            f = tmp_path / f"{p.stem}.xml"
            f.write_text(first.stdout)
            assert ctl(stack, b.conf, "template", "import", str(f)).returncode == 0
            second = ctl(stack, b.conf, "template", "export", p.stem)
            assert second.stdout == first.stdout, p.name
        q = ("SELECT t.tkey, tv.number, COUNT(s.id) FROM template t"
             " JOIN template_version tv ON tv.template_id = t.id"
             " LEFT JOIN template_section s ON s.version_id = tv.id"
             " GROUP BY t.tkey, tv.number ORDER BY t.tkey, tv.number")
        assert a.sql(q) == b.sql(q)
    finally:
        a.drop()
        b.drop()
