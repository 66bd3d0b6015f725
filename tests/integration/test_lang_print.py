"""Language, print, export and the small things (issue 15).

* The language switch in the user menu: POST /me/language keeps the choice
  with the person (employee.lang, sql/062); it beats the browser's
  Accept-Language on every page, survives logging out and in again, and
  returns to the page it was pressed on (a path of one of our pages only).
  A language we do not speak is refused and changes nothing.
* E-mail in each recipient's language: an invitation to a person who chose
  English is English (Content-Language en) while [mail] language is nl;
  `gesprekctl remind` writes each recipient in their own language.
* The CSV export's header row in the reader's language (the XML keeps its
  keys).
"""

import csv
import io
import os

import pytest

from conftest import csrf_token, login
from helpers import DEPARTMENT_PATHS_FILL, demo_cycle, page, xml
import test_mail as tm

EN_ONLY = {"Accept-Language": "en-GB,en;q=0.9"}
NL_ONLY = {"Accept-Language": "nl-NL,nl;q=0.9"}


def html_lang(resp):
    return page(resp).get("lang")


def lang_of(stack, login_name):
    rows = stack.sql(f"SELECT COALESCE(lang, '-') FROM employee WHERE login = '{login_name}'")
    return rows[0][0]


def switch(s, lang, back=None):
    """Presses the menu's switch of the page at back (default "/")."""
    r = s.get(back or "/")
    data = {"csrf": csrf_token(r, "/me/language"), "lang": lang}
    form = page(r).xpath("//form[@action='/me/language']")[0]
    # the form carries the page it was pressed on
    assert form.xpath(".//input[@name='back']/@value") == [back or "/"]
    data["back"] = back or "/"
    return s.post("/me/language", data=data, allow_redirects=False)


@pytest.fixture
def eva_lang(stack):
    """eva's choice, reset to none after the test: other tests expect the
    browser to decide."""
    stack.sql("UPDATE employee SET lang = NULL WHERE login = 'eva'")
    yield
    stack.sql("UPDATE employee SET lang = NULL WHERE login = 'eva'")


def test_language_choice_persists_and_beats_accept_language(stack, new_session, eva_lang):
    s = new_session()
    s.headers.update(EN_ONLY)
    assert login(s, "eva", "demo").status_code == 303
    assert html_lang(s.get("/")) == "en", "without a choice the browser decides"
    # the switch names the other language in that language
    button = page(s.get("/")).xpath("//form[@action='/me/language']//button")[0]
    assert button.get("lang") == "nl" and button.text_content().strip() == "Nederlands"

    r = switch(s, "nl")
    assert r.status_code == 303 and r.headers["Location"] == "/"
    assert lang_of(stack, "eva") == "nl"
    assert html_lang(s.get("/")) == "nl", "the choice beats Accept-Language: en"

    # a new login, another browser asking for English: still Dutch
    s.post("/logout", data={"csrf": csrf_token(s.get("/"), "/logout")})
    t = new_session()
    t.headers.update(EN_ONLY)
    assert login(t, "eva", "demo").status_code == 303
    assert html_lang(t.get("/")) == "nl"
    assert page(t.get("/")).xpath("//form[@action='/me/language']//button/@lang") == ["en"]

    # and back to English from a browser that asks for Dutch
    t.headers.update(NL_ONLY)
    assert switch(t, "en").status_code == 303
    assert lang_of(stack, "eva") == "en"
    assert html_lang(t.get("/")) == "en"


def test_language_switch_returns_to_our_pages_only(stack, new_session, eva_lang):
    s = new_session()
    assert login(s, "eva", "demo").status_code == 303
    dossier = stack.sql("SELECT d.id FROM dossier d JOIN employee e ON e.id = d.employee_id "
                        "WHERE e.login = 'eva' ORDER BY d.id LIMIT 1")[0][0]
    back = f"/dossiers/{dossier}"
    r = switch(s, "en", back)
    assert r.status_code == 303 and r.headers["Location"] == back
    token = csrf_token(s.get("/"), "/me/language")
    # not one of our pages (another site, a scheme, an export, a POST-only
    # route): the dashboard instead; the choice is kept all the same
    for bad in ("//evil.example/x", "https://evil.example/", "/reports/cycles/1.csv",
                "/logout", "/\\evil.example", "/../etc/passwd", "/nowhere"):
        r = s.post("/me/language", data={"csrf": token, "lang": "nl", "back": bad},
                   allow_redirects=False)
        assert r.status_code == 303, bad
        assert r.headers["Location"] == "/", (bad, r.headers["Location"])
    assert lang_of(stack, "eva") == "nl"


def test_a_language_we_do_not_speak_is_refused_and_changes_nothing(stack, new_session, eva_lang):
    s = new_session()
    assert login(s, "eva", "demo").status_code == 303
    assert switch(s, "en").status_code == 303
    token = csrf_token(s.get("/"), "/me/language")
    for bad in ("de", "", "EN", "en'; --", "nl,en"):
        r = s.post("/me/language", data={"csrf": token, "lang": bad, "back": "/"},
                   allow_redirects=False)
        assert r.status_code == 400, (bad, r.status_code)
        assert lang_of(stack, "eva") == "en", bad
    # without the synchronizer token: refused, nothing changed
    r = s.post("/me/language", data={"lang": "nl", "back": "/"}, allow_redirects=False)
    assert r.status_code == 403 and lang_of(stack, "eva") == "en"
    # logged out: refused
    anon = new_session()
    r = anon.post("/me/language", data={"lang": "nl"}, allow_redirects=False)
    assert r.status_code == 403 and lang_of(stack, "eva") == "en"


def test_mail_to_an_english_preferring_person_is_english(stack, new_session):
    stack.sql("DELETE FROM mail_queue WHERE state <> 'sent'")  # earlier tests' mail
    sendmail, box = tm.fake_mta(stack, "mail-lang")
    stack.reconfigure({"mail": {"sendmail": str(sendmail), "from": tm.FROM, "url": tm.URL}})
    n = f"{os.getpid()}{next(tm._n)}"
    ann = tm.person(stack, f"ann{n}", "Ann Smith", f"ann{n}@voorbeeld.example")
    piet = tm.person(stack, f"piet{n}", "Piet Jansen", f"piet{n}@voorbeeld.example")
    stack.sql(f"UPDATE employee SET lang = 'en' WHERE id = {ann}")
    ann_cid, _ = tm.dossier_for(stack, ann)
    piet_cid, _ = tm.dossier_for(stack, piet)
    mark = new_session()
    mark.headers.update(NL_ONLY)   # the sender's language does not matter
    assert login(mark, "mark", "demo").status_code == 303
    for cid in (ann_cid, piet_cid):
        r = tm.post(mark, f"/conversations/{cid}/plan", scheduled_at="2027-02-10T09:30",
                    version=tm.version(mark, cid))
        assert r.status_code == 303
    assert tm.deliver(stack).returncode == 0
    got = {m["To"].addresses[0].display_name: m for m, _ in tm.messages(box, 2)}
    en, nl = got["Ann Smith"], got["Piet Jansen"]
    assert en["Content-Language"] == "en" and nl["Content-Language"] == "nl"
    assert en["Subject"].startswith("Invitation: Goal-setting conversation on 10 February 2027")
    assert nl["Subject"] == "Uitnodiging: Doelstellingengesprek op 10 februari 2027 om 09:30"
    assert en.get_body(("plain",)).get_content().startswith("Dear Ann Smith,")


def test_reminders_in_each_recipients_language(stack):
    from datetime import date, timedelta
    sendmail, box = tm.fake_mta(stack, "mail-remind-lang")
    stack.write_config({"mail": {"sendmail": str(sendmail), "from": tm.FROM, "url": tm.URL}})
    n = f"{os.getpid()}{next(tm._n)}"
    ann = tm.person(stack, f"ann{n}", "Ann Remind", f"ann{n}@voorbeeld.example")
    stack.sql(f"UPDATE employee SET lang = 'en' WHERE id = {ann}")
    today = date(2027, 4, 1)
    cid, _ = tm.dossier_for(stack, ann, due=str(today + timedelta(days=3)))
    stack.sql("DELETE FROM mail_queue WHERE state <> 'sent'")
    stack.ctl("remind", "--today", str(today))
    assert tm.deliver(stack).returncode == 0
    ours = [m for m, _ in tm.messages(box) if f"/conversations/{cid}" in m.get_content()]
    by_to = {m["To"].addresses[0].display_name: m for m in ours}
    assert set(by_to) == {"Ann Remind", "Mark Jansen"}
    assert by_to["Ann Remind"]["Content-Language"] == "en"
    assert by_to["Ann Remind"]["Subject"].startswith("Reminder: ")
    assert by_to["Mark Jansen"]["Content-Language"] == "nl", "[mail] language for the rest"
    assert not by_to["Mark Jansen"]["Subject"].startswith("Reminder")


def csv_header(resp):
    assert resp.status_code == 200 and resp.content.startswith(b"\xef\xbb\xbf")
    text = resp.content[3:].decode("utf-8")
    return next(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_header_in_the_readers_language(stack, new_session):
    cycle = demo_cycle(stack).id
    stack.sql("UPDATE employee SET lang = NULL WHERE login = 'hanna'")   # the browser decides
    heads = {}
    for lang, headers in (("nl", NL_ONLY), ("en", EN_ONLY)):
        s = new_session()
        s.headers.update(headers)
        assert login(s, "hanna", "demo").status_code == 303
        heads[lang] = csv_header(s.get(f"/reports/cycles/{cycle}.csv"))
        # the XML keeps its names, whatever the language
        doc = xml(s.get(f"/reports/cycles/{cycle}.xml"))
        assert doc.xpath("local-name(/*)") == "report"
    assert heads["nl"][:3] == ["Cyclus-id", "Cyclus", "Dossier-id"]
    assert heads["en"][:3] == ["Cycle ID", "Cycle", "Dossier ID"]
    assert heads["nl"][19] == "Resultaatgebied" and heads["en"][19] == "Key result area"
    assert heads["nl"][23] == "Laatste notitie" and heads["en"][23] == "Latest note"
    # the form's columns (issue 16) follow the item's
    assert heads["nl"][24] == "Formulier" and heads["en"][24] == "Form"
    assert heads["nl"][31] == "Competenties" and heads["en"][31] == "Competences"
    # the second assessor's columns (issue 17) close the row
    assert heads["nl"][-2:] == ["Tweede beoordelaar", "Tweede beoordeling"]
    assert heads["en"][-2:] == ["Second assessor", "Second assessment"]
    assert len(heads["nl"]) == len(heads["en"]) == 34
    assert not set(heads["nl"]) & {"cycle_id", "last_note", "template", "answers"}, \
        "no raw keys"



# ---- the small things -----------------------------------------------------

def test_favicon_is_linked_and_served(stack, new_session):
    s = new_session()
    for path in ("/login",):
        links = page(s.get(path)).xpath("//head/link[@rel='icon']/@href")
        assert links == ["/static/favicon.svg"], (path, links)
    assert login(s, "eva", "demo").status_code == 303
    assert page(s.get("/")).xpath("//head/link[@rel='icon']/@href") == ["/static/favicon.svg"]
    r = s.get("/static/favicon.svg")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("image/svg+xml")
    assert r.content.lstrip().startswith(b"<svg")


def test_one_active_employee_is_singular(stack, new_session):
    q = f"Eenmans{os.getpid()}{next(tm._n)}"
    stack.sql(f"INSERT INTO department (name) VALUES ('{q}'), ('{q}-twee'); {DEPARTMENT_PATHS_FILL}")
    one = stack.sql(f"SELECT id FROM department WHERE name = '{q}'")[0][0]
    two = stack.sql(f"SELECT id FROM department WHERE name = '{q}-twee'")[0][0]
    n = next(tm._n)
    stack.sql(f"INSERT INTO employee (login, name, department_id, active) VALUES "
              f"('solo{n}', 'Solo {n}', {one}, 1), ('duo{n}a', 'Duo A', {two}, 1), "
              f"('duo{n}b', 'Duo B', {two}, 1)")
    for lang, headers, singular, plural in (
            ("nl", NL_ONLY, "1 actieve medewerker)", "2 actieve medewerkers)"),
            ("en", EN_ONLY, "1 active employee)", "2 active employees)")):
        s = new_session()
        s.headers.update(headers)
        stack.sql("UPDATE employee SET lang = NULL WHERE login = 'hanna'")
        assert login(s, "hanna", "demo").status_code == 303
        doc = page(s.get("/admin/departments"))
        text = {a.text_content(): " ".join(a.getparent().text_content().split())
                for a in doc.xpath("//a[starts-with(@href, '/admin/departments/')]")}
        assert text[q].endswith(singular), (lang, text[q])
        assert text[f"{q}-twee"].endswith(plural), (lang, text[f"{q}-twee"])


# ---- print ----------------------------------------------------------------

# A4 pages the goal-setting conversation in preparation (the editing form,
# the manager's view of pagestates.py: goals and development points of both
# sides, six items) may print on: 3 before issue 15 (half-empty pages
# before each card that did not fit), 2 with the tighter print layout.
GOAL_SETTING_PAGES_MAX = 2


def print_pages(stack, user, path, lang="nl"):
    """The page at path, printed to A4 by Chromium as `user` would print
    it: (number of pages, the PDF's path, break-inside of the first card
    in print media)."""
    import test_print as tp
    d = tp.browser_as(stack, user, lang)
    try:
        d.get(stack.base_url + path)
        out = tp.webtools.shots_dir(stack) / f"print{path.replace('/', '-')}-{user}-{lang}.pdf"
        tp.print_pdf(d, out)
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        card = d.execute_script(
            "var c = document.querySelector('.item');"
            "return c ? getComputedStyle(c).breakInside : null;")
        shown = d.execute_script(
            "var b = document.querySelector('.print-button');"
            "return b ? [b.hidden, getComputedStyle(b).display] : null;")
    finally:
        d.quit()
    return len(tp.pdf_pages(out)), out, card, shown


GOALS = [
    ("result", "Omzet binnendienst met 12% verhogen", "Van 1,2 naar 1,34 miljoen euro omzet "
     "over het jaar, gemeten in het kwartaaloverzicht van Financiën."),
    ("result", "Klanttevredenheid naar een 8,5", "Gemiddeld cijfer in de klantenenquête van "
     "het vierde kwartaal, minstens 200 reacties."),
    ("result", "Doorlooptijd offertes onder drie werkdagen", "Gemiddelde over alle offertes "
     "vanaf april, uit het CRM."),
    ("development", "Cursus onderhandelen volgen", "Tweedaagse cursus bij een erkend "
     "opleidingsinstituut, daarna twee gesprekken samen voorbereiden."),
    ("development", "Presenteren voor grotere groepen", "Twee keer de kwartaalcijfers "
     "presenteren in het afdelingsoverleg, met feedback van de leidinggevende."),
    ("action", "Maandelijks voortgangsgesprek plannen", "Een half uur per maand, vast in de "
     "agenda."),
]


def test_goal_setting_form_prints_tight(stack, new_session):
    """The goal-setting conversation being written (six goals, development
    points and an action, the manager's editing view) on paper."""
    import convtools as ct
    people = {login_: int(stack.sql(f"SELECT id FROM employee WHERE login = '{login_}'")[0][0])
              for login_ in ("eva", "mark")}
    d = ct.make_dossier(stack, people, prefix="Afdruk")
    cid = d["conversations"][0]
    import pagestates
    mark = pagestates.build(stack).session("mark", "nl")
    for kind, title, measure in GOALS:
        r = ct.add_item(mark, cid, title, kind=kind, measure=measure)
        assert r.status_code == 303, r.text[:500]
    n, out, card, _ = print_pages(stack, "mark", f"/conversations/{cid}")
    print(f"goal-setting form (6 items, manager): {n} A4 pages ({out})")
    assert card == "avoid", "a card is never cut across two pages"
    assert n <= GOAL_SETTING_PAGES_MAX, f"{n} pages, at most {GOAL_SETTING_PAGES_MAX}"


@pytest.mark.parametrize("who,path", [("mark", "conversation"), ("hanna", "/reports")])
def test_print_button_on_reports_needs_javascript(stack, new_session, who, path):
    """The print button calls window.print(): in the HTML it is hidden
    (nothing to press without JavaScript); gesprek.js shows it; print
    media hides it again."""
    import pagestates
    st = pagestates.build(stack)
    if path == "conversation":
        path = f"/conversations/{st.ids['closed']}"
    s = new_session()
    assert login(s, who, "demo").status_code == 303
    buttons = page(s.get(path)).xpath("//button[contains(@class, 'print-button')]")
    assert len(buttons) == 1 and buttons[0].get("hidden") is not None
    assert buttons[0].get("type") == "button", "never submits a form"
    import test_print as tp
    d = tp.browser_as(stack, who, "nl")
    try:
        d.get(stack.base_url + path)
        b = d.find_element("css selector", ".print-button")
        assert b.is_displayed(), "shown where JavaScript runs"
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not b.is_displayed(), "not on paper"
    finally:
        d.quit()


def test_too_long_names_its_limit(stack, new_session):
    """"Too long" says how long it may be, in both languages, for an item
    (conversation form, 200 characters) and a cycle's name (HR form, 100);
    nothing is written."""
    import convtools as ct
    people = {login_: int(stack.sql(f"SELECT id FROM employee WHERE login = '{login_}'")[0][0])
              for login_ in ("eva", "mark")}
    d = ct.make_dossier(stack, people, prefix="Te lang")
    cid = d["conversations"][0]
    cycles = stack.sql("SELECT COUNT(*) FROM cycle")[0][0]
    for lang, headers, item_text, cycle_text in (
            ("nl", NL_ONLY, "ten hoogste 200 tekens", "ten hoogste 100 tekens"),
            ("en", EN_ONLY, "at most 200 characters", "at most 100 characters")):
        for who in ("mark", "hanna"):
            stack.sql(f"UPDATE employee SET lang = NULL WHERE login = '{who}'")
        mark = new_session()
        mark.headers.update(headers)
        assert login(mark, "mark", "demo").status_code == 303
        r = ct.add_item(mark, cid, "x" * 201)
        assert r.status_code == 400
        err = page(r).xpath("//*[@id and contains(@class, 'field-error')]")
        texts = [" ".join(e.text_content().split()) for e in err]
        assert any(item_text in t for t in texts), (lang, texts)
        hanna = new_session()
        hanna.headers.update(headers)
        assert login(hanna, "hanna", "demo").status_code == 303
        r = hanna.post("/admin/cycles", data={
            "csrf": csrf_token(hanna.get("/admin/cycles/new"), "/admin/cycles"),
            "name": "c" * 101, "starts_on": "2027-01-01", "ends_on": "2027-12-31"},
            allow_redirects=False)
        assert r.status_code == 400
        texts = [" ".join(e.text_content().split())
                 for e in page(r).xpath("//*[contains(@class, 'field-error')]")]
        assert any(cycle_text in t for t in texts), (lang, texts)
    assert stack.sql(f"SELECT COUNT(*) FROM item WHERE dossier_id = {d['id']}")[0][0] == "0"
    assert stack.sql("SELECT COUNT(*) FROM cycle")[0][0] == cycles
