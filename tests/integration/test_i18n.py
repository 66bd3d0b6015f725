"""Dutch and English, complete and never mixed.

* The catalogs xslt/i18n/nl.xml and en.xml hold exactly the same keys, each
  with a non-empty text; every literal i:t('key') of the stylesheets exists
  in both (a missing key would show itself on the page).
* Every page in every state (pagestates.py) in both languages: <html lang>
  is the language asked for, no catalog key is visible (a key looks like
  word.word..., and its first word is one of the catalogs' namespaces),
  no text of the other language's catalog shows up, and gesprekd never
  logged "i18n: no message".
* Dates in the user's language: every <time datetime="YYYY-MM-DD..."> reads
  "27 november 2026" in Dutch and "27 November 2026" in English (with
  "om"/"at" and the time for a date-time); the weighted score has a
  decimal comma in Dutch ("3,5") and a point in English ("3.5").
"""

import re
from pathlib import Path

from lxml import etree, html as lxml_html

import pagestates

REPO = Path(__file__).resolve().parents[2]
I18N = REPO / "xslt" / "i18n"
KEY_RE = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b")
LITERAL_KEY_RE = re.compile(r"""\bi:t\(\s*'([^']*)'\s*\)""")
MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
AT = {"nl": "om", "en": "at"}
# A text of the other language counts only when it is unmistakable: a few
# words, not a name or a number shared by both catalogs.
MIXED_MIN_CHARS = 14


def catalog(lang):
    root = etree.parse(str(I18N / f"{lang}.xml")).getroot()
    assert root.get("lang") == lang
    return {m.get("key"): (m.text or "") for m in root.iter("msg")}


def visible_text(html):
    """The text a reader sees or hears: element text, and the attributes
    that are shown or announced (title, alt, aria-label, placeholder,
    button values); not the values of form fields (typed data)."""
    doc = lxml_html.fromstring(html)
    for el in doc.xpath("//script | //style | //textarea | //input[not(@type='submit')]"):
        el.drop_tree()
    parts = [t for t in doc.body.itertext()]
    parts += doc.xpath("//@title | //@alt | //@aria-label | //@placeholder | //input[@type='submit']/@value")
    parts.append(doc.findtext(".//title") or "")
    return " ".join(" ".join(parts).split()), doc


def test_catalogs_have_the_same_keys_and_every_key_used_exists():
    nl, en = catalog("nl"), catalog("en")
    only_nl, only_en = sorted(set(nl) - set(en)), sorted(set(en) - set(nl))
    assert not only_nl and not only_en, f"only in nl.xml: {only_nl}\nonly in en.xml: {only_en}"
    empty = [f"{lang}:{k}" for lang, cat in (("nl", nl), ("en", en)) for k, v in cat.items()
             if not v.strip()]
    assert not empty, f"empty messages: {empty}"
    used = set()
    for xsl in (REPO / "xslt").glob("*.xsl"):
        used |= set(LITERAL_KEY_RE.findall(xsl.read_text(encoding="utf-8")))
    # (a word without a dot is the layout's comment "i:t('key')", no key)
    missing = sorted(k for k in used if "." in k and k not in nl)
    assert not missing, f"keys used in the stylesheets but in no catalog: {missing}"


# The actions the store writes into audit rows: the literal action of
# audit_add(db, actor, "entity", id, "action", ...) and of the conversation
# writes' audit_conv(db, w, "action", ...) and move_tx { ..., "action", ... }.
AUDIT_ADD_RE = re.compile(r'audit_add\([^;]*?,\s*"[a-z_]+"\s*,[^;,]*,\s*"([a-z_]+)"', re.S)
AUDIT_CONV_RE = re.compile(r'audit_conv\([^;,]*,[^;,]*,\s*"([a-z_]+)"')
MOVE_TX_RE = re.compile(r'struct move_tx \w+ = \{[^}]*?"[a-z_]+", "([a-z_]+)"')
KNOWN_ACTIONS_RE = re.compile(r"prefix\" select=\"'audit\.action\.'\"/>\s*"
                              r"<xsl:with-param name=\"known\" select=\"'([^']*)'\"")
# A #define'd action (store/remind.c's REMIND_ACTION) by its definition.
DEFINED_ACTION_RE = re.compile(r'#define \w+_ACTION "([a-z_]+)"')


def test_every_audit_action_is_shown_in_both_languages():
    """A new action written by a store write but not in the audit page's
    word list (admin_parts.xsl) or a catalog would show its raw English
    key on the Dutch page."""
    actions = set()
    for c in (REPO / "fcgi").rglob("*.c"):
        text = c.read_text(encoding="utf-8")
        for rx in (AUDIT_ADD_RE, AUDIT_CONV_RE, MOVE_TX_RE, DEFINED_ACTION_RE):
            actions |= set(rx.findall(text))
    assert {"create", "sign", "held", "remind"} <= actions, f"the scan found too little: {actions}"
    known = KNOWN_ACTIONS_RE.search((REPO / "xslt" / "admin_parts.xsl").read_text(encoding="utf-8"))
    assert known, "the audit page's list of known actions"
    listed = set(known.group(1).split())
    nl, en = catalog("nl"), catalog("en")
    unlisted = sorted(actions - listed)
    assert not unlisted, f"actions the audit page shows untranslated: {unlisted}"
    missing = sorted(a for a in actions if f"audit.action.{a}" not in nl or f"audit.action.{a}" not in en)
    assert not missing, f"actions without a text: {missing}"


def test_no_key_and_no_other_language_on_any_page(stack):
    cats = {"nl": catalog("nl"), "en": catalog("en")}
    namespaces = {k.split(".", 1)[0] for k in cats["nl"]}
    texts = {lang: set(cat.values()) for lang, cat in cats.items()}
    foreign = {
        lang: sorted(t for t in texts[other] if len(t) >= MIXED_MIN_CHARS and " " in t
                     and t not in texts[lang])
        for lang, other in (("nl", "en"), ("en", "nl"))
    }
    problems = []
    for page, lang, status, html in pagestates.all_fetched(stack):
        assert status == page.status, f"{page.name} ({lang}): {status}"
        text, doc = visible_text(html)
        where = f"{page.name} ({lang})"
        if doc.get("lang") != lang:
            problems.append(f"{where}: <html lang={doc.get('lang')!r}>")
        keys = sorted({k for k in KEY_RE.findall(text) if k.split(".", 1)[0] in namespaces})
        if keys:
            problems.append(f"{where}: catalog keys on the page: {keys}")
        mixed = [t for t in foreign[lang] if t in text]
        if mixed:
            problems.append(f"{where}: text of the other language: {mixed[:5]}")
    log = Path(stack.gesprekd_log).read_text(errors="replace")
    missing = sorted(set(re.findall(r"i18n: no message (\S+)", log)))
    assert not missing, f"gesprekd looked up keys that no catalog has: {missing}"
    assert not problems, "\n".join(problems)


def expected_date(iso, lang):
    y, m, d = iso[:10].split("-")
    out = f"{int(d)} {MONTHS[lang][int(m) - 1]} {y}"
    if len(iso) >= 16 and iso[10] == "T":
        out += f" {AT[lang]} {iso[11:16]}"
    return out


def test_dates_in_the_users_language(stack):
    checked = {"nl": 0, "en": 0}
    problems = []
    for page, lang, _status, html in pagestates.all_fetched(stack):
        doc = lxml_html.fromstring(html)
        for t in doc.xpath("//time[@datetime]"):
            iso = t.get("datetime")
            if not re.match(r"^\d{4}-\d{2}-\d{2}", iso):
                problems.append(f"{page.name} ({lang}): <time datetime={iso!r}>")
                continue
            shown = " ".join(t.text_content().split())
            if shown != expected_date(iso, lang):
                problems.append(f"{page.name} ({lang}): {iso} shown as {shown!r}, "
                                f"expected {expected_date(iso, lang)!r}")
            checked[lang] += 1
    assert not problems, "\n".join(problems[:40])
    assert checked["nl"] > 50 and checked["en"] > 50, checked
    # the planned date of the closed goal-setting conversation, both ways
    page = next(p for p in pagestates.pages(stack) if p.name == "conversation-closed")
    for lang, want in (("nl", "10 februari 2027 om 09:30"), ("en", "10 February 2027 at 09:30")):
        doc = lxml_html.fromstring(pagestates.fetch(stack, page, lang)[1])
        shown = [" ".join(t.text_content().split())
                 for t in doc.xpath("//time[@datetime='2027-02-10T09:30']")]
        assert want in shown, f"{lang}: {shown}"


def test_weighted_score_has_a_decimal_comma_in_dutch(stack):
    page = next(p for p in pagestates.pages(stack) if p.name == "conversation-finalized-employee")
    for lang, score in (("nl", "3,5"), ("en", "3.5")):
        scale = catalog(lang)["conversation.overall.scale"]
        doc = lxml_html.fromstring(pagestates.fetch(stack, page, lang)[1])
        dds = [" ".join(dd.text_content().split()) for dd in doc.xpath("//dd")]
        assert any(d.startswith(score + " ") and scale in d for d in dds), f"{lang}: {dds}"
