"""A whole cycle on a form HR built in the browser (issue 16, "Done when"
line 1), in Chromium with keys and clicks, as HR, a manager and employees:

  HR       builds a template in the editor: a scale of four levels, a
           competence section with self-assessment, a rating question, an
           open question, outcome weights 60/40 on the four-level scale;
           starts a cycle that gives it to ONE department (the start form's
           per-department choice) and the default template to the rest;
  employee prepares: rates her competences and the rating question herself
           and shares that self-assessment;
  manager  sees it next to his own ratings, answers, rates, holds the
           conversation, reads the weighted outcome, overrides the proposal
           with a reason, finalizes;
  employee sees the override reason and signs; the manager signs: closed.

Someone of another department got the default form.  Then HR edits the
template (version 2): the signed report (its page and its snapshot's
SHA-256) and a form still in progress on version 1 do not change.

The people, departments and cycle are the test's own (made with SQL, as
HR's organisation import would): nobody else's dashboard changes."""

import hashlib
import uuid

import pytest

from helpers import insert, walk_person

HR = "hanna"
PASSWORD = "demo"
SCALE = "onvoldoende|matig|voldoende|goed|uitstekend"
# The four levels of the template's scale (value, Dutch label).
LEVELS = ((1, "Onder de maat"), (2, "Groeiend"), (3, "Op niveau"), (4, "Boven verwachting"))
PROFILE = "klantadviseur"          # a demo job profile (conf/competences/demo.xml)
# The manager rates every competence 3 and the rating question 4: on 1..4
# that is 2/3 and 1, weighed 60/40 a score of 0.8, 3.4 on the final scale:
# proposal 3, which he overrides to 4.
COMPETENCE_RATING, QUESTION_RATING = 3, 4
SELF_RATING = 2
PROPOSED, CONFIRMED = 3, 4
REASON = "Het klantproject in het najaar woog voor ons allebei het zwaarst."
OPEN_ANSWER = "Ik wil volgend jaar meer klanten zelf begeleiden."
TITLE_V1 = "Competenties in de wijk"
TITLE_V2 = "Competenties, nieuwe tekst"


def one(stack, sql):
    rows = stack.sql(sql)
    assert len(rows) == 1, f"{sql}: {rows}"
    return rows[0][0]


def person(stack, label, dep, manager=None, profile=None):
    extra = {"job_profile_id": profile} if profile else {}
    return walk_person(stack, label, dep, "Wandel", manager, PASSWORD, **extra)


@pytest.fixture
def org(stack):
    """Two departments of their own, a manager, two people in the first
    (the walk's and one whose form stays in progress) with the demo's
    klantadviseur profile, one in the second; a planned cycle with one
    step, the assessment."""
    tag = uuid.uuid4().hex[:6]
    o = {"tag": tag}
    o["dep"] = insert(stack, "department", name=f"Wijkteam {tag}")
    o["other_dep"] = insert(stack, "department", name=f"Archief {tag}")
    profile = int(one(stack, f"SELECT id FROM job_profile WHERE pkey = '{PROFILE}'"))
    o["competences"] = [int(r[0]) for r in stack.sql(
        f"SELECT competence_id FROM job_profile_competence WHERE profile_id = {profile}"
        f" ORDER BY position")]
    assert o["competences"], "the demo profile names competences"
    o["mgr"], o["mgr_login"] = person(stack, "manager", o["dep"])
    o["emp"], o["emp_login"] = person(stack, "walk", o["dep"], o["mgr"], profile)
    o["busy"], o["busy_login"] = person(stack, "bezig", o["dep"], o["mgr"], profile)
    o["plain"], o["plain_login"] = person(stack, "ander", o["other_dep"], o["mgr"])
    o["cycle"] = insert(stack, "cycle", name=f"Wandeling {tag}", starts_on="2031-01-01",
                        ends_on="2031-12-31", status="planned", rating_scale=SCALE)
    stack.sql(f"INSERT INTO cycle_step (cycle_id, seq, type, due_on) VALUES"
              f" ({o['cycle']}, 1, 'assessment', '2031-11-01')")
    return o


def assessment_of(stack, cycle, employee):
    return int(one(stack, f"SELECT c.id FROM conversation c JOIN dossier d ON d.id ="
                          f" c.dossier_id WHERE d.cycle_id = {cycle} AND d.employee_id ="
                          f" {employee} AND c.type = 'assessment'"))


def version_of(stack, cid):
    return int(one(stack, f"SELECT COALESCE(template_version_id, 0) FROM conversation"
                          f" WHERE id = {cid}"))


def test_a_cycle_on_a_template_built_in_the_browser(stack, capsys, org):
    bj = pytest.importorskip("test_browser_journey")
    By, Select, WebDriverWait = bj.By, bj.Select, bj.WebDriverWait
    o = org
    key = f"wijk-{o['tag']}"

    def body(shots, browsers):
        hanna = bj.Browser(HR, stack.base_url, shots)
        browsers.append(hanna)

        def press(b, op):
            old = b.d.find_element(By.TAG_NAME, "html")
            b.click(b.css(f"button[name='op'][value='{op}']"))
            WebDriverWait(b.d, bj.WAIT).until(bj.gone(old))
            b.wait_loaded()

        def save(b, button="#e-save"):
            old = b.d.find_element(By.TAG_NAME, "html")
            b.click(b.css(button))
            WebDriverWait(b.d, bj.WAIT).until(bj.gone(old))
            b.wait_loaded()

        # ---- HR builds the template ----
        hanna.login(HR)
        hanna.open("/admin/templates")
        hanna.follow("a[href='/admin/templates/new']")
        hanna.type("e-key", key)
        hanna.type("e-name_nl", f"Wijkteamformulier {o['tag']}")
        press(hanna, "add_scale")
        hanna.type("e-s1_key", "vier")
        press(hanna, "add_level_1")
        press(hanna, "add_level_1")
        for value, label in LEVELS:
            hanna.type(f"e-s1_l{value}_value", str(value))
            hanna.type(f"e-s1_l{value}_label_nl", label)
        for _ in range(3):
            press(hanna, "add_section_3")
        hanna.choose("e-f3_x1_kind", "competences")
        hanna.type("e-f3_x1_key", "wijkcompetenties")
        hanna.type("e-f3_x1_title_nl", TITLE_V1)
        hanna.choose("e-f3_x1_scale", "vier")
        hanna.click(hanna.css("#e-f3_x1_self"))
        hanna.choose("e-f3_x2_kind", "rating_question")
        hanna.type("e-f3_x2_key", "inzet")
        hanna.type("e-f3_x2_title_nl", "Inzet voor de wijk")
        hanna.choose("e-f3_x2_scale", "vier")
        hanna.click(hanna.css("#e-f3_x2_self"))
        hanna.type("e-f3_x3_key", "vooruit")
        hanna.type("e-f3_x3_title_nl", "Wat wil je volgend jaar bereiken?")
        hanna.choose("e-f3_x3_who", "employee")
        hanna.type("e-w_result_goals", "0")
        hanna.type("e-w_competences", "60")
        hanna.type("e-w_rating_questions", "40")
        hanna.choose("e-final_scale", "vier")
        hanna.shot("walk-01-template")
        # She ticked self-assessment but left "answered by" at both: the
        # employee's rating would be an answer of her own, not a
        # self-assessment next to the manager's.  The editor says so at
        # the box, keeps what she typed and writes nothing.
        save(hanna)
        assert hanna.path() == "/admin/templates/new", hanna.main_text()[:2000]
        assert "leidinggevende" in hanna.css("#e-f3_x1_self-error").text
        assert hanna.css("#e-f3_x1_key").get_property("value") == "wijkcompetenties"
        assert stack.sql(f"SELECT id FROM template WHERE tkey = '{key}'") == []
        hanna.choose("e-f3_x1_who", "manager")
        hanna.choose("e-f3_x2_who", "manager")
        save(hanna)
        tid = int(one(stack, f"SELECT id FROM template WHERE tkey = '{key}'"))
        assert hanna.path() == f"/admin/templates/{tid}", hanna.main_text()[:2000]
        v1 = stack.ctl("template", "export", key, "--version", "1").stdout
        assert 'self-assessment="true"' in v1 and 'percent="60"' in v1, v1

        # ---- HR starts the cycle: the template for one department ----
        default_tid = int(one(stack, "SELECT id FROM template WHERE is_default = 1"))
        hanna.open(f"/admin/cycles/{o['cycle']}")
        # Her department among many: the department search of the page
        # puts it in the choices (a GET; the rest is typed after it).
        hanna.type("dept-search-dq", f"Wijkteam {o['tag']}")
        hanna.submit(hanna.css("form#dept-search"))
        hanna.check("start-scope-list")
        hanna.type("start-logins", f"{o['emp_login']} {o['busy_login']} {o['plain_login']}")
        assert Select(hanna.css("#start-template")).first_selected_option \
            .get_dom_attribute("value") == str(default_tid), "the default is chosen"
        hanna.click(hanna.css("#start-template-choices > summary"))
        hanna.choose("start-dep1", o["dep"])
        hanna.choose("start-dep1_template", tid)
        hanna.shot("walk-02-start")
        hanna.submit(hanna.form(f"/admin/cycles/{o['cycle']}/start"))
        # A start asks first (issue 15), naming the three people.
        assert hanna.has("#confirm-form"), hanna.main_text()[:2000]
        assert "3" in hanna.main_text()
        hanna.submit(hanna.css("#confirm-form"))
        assert hanna.path() == f"/admin/cycles/{o['cycle']}", hanna.main_text()[:2000]
        assert not hanna.has("#form-alert"), hanna.css("#form-alert").text
        v1_id = int(one(stack, f"SELECT id FROM template_version WHERE template_id = {tid}"))
        asm = assessment_of(stack, o["cycle"], o["emp"])
        busy = assessment_of(stack, o["cycle"], o["busy"])
        plain = assessment_of(stack, o["cycle"], o["plain"])
        assert version_of(stack, asm) == version_of(stack, busy) == v1_id
        default_v = int(one(stack, f"SELECT id FROM template_version WHERE template_id ="
                                   f" {default_tid} ORDER BY number DESC LIMIT 1"))
        assert version_of(stack, plain) == default_v

        # ---- the employee prepares: her self-assessment, shared ----
        emp = bj.Browser(o["emp_login"], stack.base_url, shots)
        browsers.append(emp)
        emp.login(o["emp_login"])
        emp.open(f"/conversations/{asm}")
        assert TITLE_V1 in emp.main_text()
        for c in o["competences"]:
            form = emp.css(f"form#ans-wijkcompetenties-{c}")
            assert "zelfbeoordeling" in form.text.lower(), form.text
            emp.check(f"ans-wijkcompetenties-{c}-r{SELF_RATING}")
            emp.click(emp.css(f"#ans-wijkcompetenties-{c}-share"))
            emp.submit_ok(form, f"/conversations/{asm}")
        form = emp.css("form#ans-inzet")
        emp.check(f"ans-inzet-r{SELF_RATING}")
        emp.click(emp.css("#ans-inzet-share"))
        emp.submit_ok(form, f"/conversations/{asm}")
        form = emp.css("form#ans-vooruit")
        emp.type("ans-vooruit-body", OPEN_ANSWER)
        emp.submit_ok(form, f"/conversations/{asm}")
        emp.shot("walk-03-self-assessment")

        # ---- the manager: ratings next to the self-assessment ----
        mgr = bj.Browser(o["mgr_login"], stack.base_url, shots)
        browsers.append(mgr)
        mgr.login(o["mgr_login"])
        mgr.open(f"/conversations/{asm}")
        for c in o["competences"]:
            form = mgr.css(f"form#ans-wijkcompetenties-{c}")
            mgr.check(f"ans-wijkcompetenties-{c}-r{COMPETENCE_RATING}")
            mgr.submit_ok(form, f"/conversations/{asm}")
        mgr.check(f"ans-inzet-r{QUESTION_RATING}")
        mgr.submit_ok(mgr.css("form#ans-inzet"), f"/conversations/{asm}")
        shown = mgr.css(f"li#competence-{o['competences'][0]} dl.competence-ratings").text
        assert "Zelfbeoordeling" in shown and f"{SELF_RATING} – {LEVELS[SELF_RATING - 1][1]}" \
            in shown, shown
        assert f"{COMPETENCE_RATING} – {LEVELS[COMPETENCE_RATING - 1][1]}" in shown, shown
        assert OPEN_ANSWER not in mgr.main_text(), "her answer is hers until held"
        bj.hold(mgr, asm)
        assert mgr.status() == "held"
        assert OPEN_ANSWER in mgr.main_text()

        # ---- the weighted outcome, overridden with a reason ----
        assert "3,40" in mgr.css("#outcome-score").text, mgr.css("#outcome-score").text
        assert LEVELS[PROPOSED - 1][1] in mgr.css("#outcome-proposed").text
        assert Select(mgr.css("#overall-rating")).first_selected_option \
            .get_dom_attribute("value") == str(PROPOSED), "the proposal is preselected"
        overall = mgr.css(f"form#overall[action='/conversations/{asm}/overall']")
        mgr.choose("overall-rating", CONFIRMED)
        mgr.type("overall-note", "Een jaar waarin de wijk veel van haar heeft gezien.")
        mgr.type("overall-reason", REASON)
        mgr.submit_ok(overall, f"/conversations/{asm}")
        mgr.shot("walk-04-outcome")
        assert stack.sql(f"SELECT overall_rating, outcome_proposed, override_reason FROM"
                         f" conversation WHERE id = {asm}") == [
            (str(CONFIRMED), str(PROPOSED), REASON)]
        mgr.submit_ok(mgr.form(f"/conversations/{asm}/finalize"), f"/conversations/{asm}")
        assert mgr.status() == "finalized"

        # ---- the employee reads the reason and signs; then the manager ----
        emp.refresh()
        assert "3,40" in emp.css("#outcome-score").text, "both see the weighted score"
        assert REASON in emp.css("#outcome-reason").text
        bj.sign(emp, asm, "agree")
        assert emp.path() == f"/conversations/{asm}", emp.main_text()[:2000]
        mgr.refresh()
        bj.sign(mgr, asm, "agree")
        sealed = bj.assert_closed_page(mgr, asm)
        mgr.shot("walk-05-closed")
        snap, sha = stack.sql(f"SELECT HEX(xml), sha256 FROM snapshot WHERE"
                              f" conversation_id = {asm}")[0]
        assert sha == sealed and hashlib.sha256(bytes.fromhex(snap)).hexdigest() == sha
        emp.refresh()
        signed_text = emp.main_text()
        assert TITLE_V1 in signed_text and REASON in signed_text

        # ---- the other department: the default form ----
        mgr.open(f"/conversations/{plain}")
        assert not mgr.has("#section-q-wijkcompetenties")
        assert mgr.has("#section-result")

        # ---- the running form, before HR edits the template ----
        busy_b = bj.Browser(o["busy_login"], stack.base_url, shots)
        browsers.append(busy_b)
        busy_b.login(o["busy_login"])
        busy_b.open(f"/conversations/{busy}")
        c0 = o["competences"][0]
        busy_b.check(f"ans-wijkcompetenties-{c0}-r{SELF_RATING}")
        busy_b.submit_ok(busy_b.css(f"form#ans-wijkcompetenties-{c0}"), f"/conversations/{busy}")
        running_before = busy_b.css("#section-q-wijkcompetenties").text

        # ---- HR edits the template: version 2 ----
        hanna.open(f"/admin/templates/{tid}")
        hanna.follow(f"a[href='/admin/templates/{tid}/edit']")
        hanna.type("e-f3_x1_title_nl", TITLE_V2)
        save(hanna)
        assert hanna.path() == f"/admin/templates/{tid}", hanna.main_text()[:2000]
        assert int(one(stack, f"SELECT COUNT(*) FROM template_version WHERE template_id ="
                              f" {tid}")) == 2
        assert stack.ctl("template", "export", key, "--version", "1").stdout == v1

        # ---- nothing that ran or was signed changed ----
        assert version_of(stack, asm) == version_of(stack, busy) == v1_id
        busy_b.refresh()
        running = busy_b.css("#section-q-wijkcompetenties").text
        assert running == running_before and TITLE_V1 in running and TITLE_V2 not in running
        emp.refresh()
        assert emp.main_text() == signed_text and TITLE_V2 not in signed_text
        assert stack.sql(f"SELECT HEX(xml), sha256 FROM snapshot WHERE"
                         f" conversation_id = {asm}") == [(snap, sha)]
        assert bj.assert_closed_page(emp, asm) == sealed
        assert "1 verified" in stack.ctl("verify", str(asm)).stdout

    bj.browser_test(stack, capsys, "template cycle walk", body)
