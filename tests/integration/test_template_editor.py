"""The template editor (issue 16): /admin/templates/new and
/admin/templates/{id}/edit.  One form without JavaScript: add, remove, up
and down redisplay it with every typed value kept; save holds the template
to the XML import's rules and writes a new version, never changing one.

The HTTP tests read the form as a browser would (every input, textarea,
checked box and selected option) and press its buttons by sending `op`;
refusals are checked for what they leave behind (the template tables hold
exactly what they held).  The browser test drives Chromium with keys and
clicks."""

import uuid

import pytest
from lxml import etree
from lxml import html as lhtml

from conftest import csrf_token, login
from convtools import unchanged

HR, MANAGER, EMPLOYEE = "hanna", "mark", "eva"
PASSWORD = "demo"
XML = {"Accept": "application/xml"}
TABLES = ("template", "template_version", "template_scale", "template_scale_level",
          "template_section", "audit")


@pytest.fixture(autouse=True)
def clean_attempts(stack):
    stack.sql("DELETE FROM login_attempt")


def as_user(new_session, user):
    s = new_session()
    r = login(s, user, PASSWORD)
    assert r.status_code == 303, f"login {user}: {r.status_code}"
    return s


@pytest.fixture
def hr(new_session):
    return as_user(new_session, HR)


def tkey():
    return f"t-{uuid.uuid4().hex[:10]}"


def form_of(resp, action):
    """The fields of the editor form as a browser would send them, and the
    values of its buttons."""
    doc = lhtml.fromstring(resp.text)
    forms = doc.xpath(f"//form[@action='{action}']")
    assert forms, f"no form {action}:\n{resp.text[:3000]}"
    f = forms[0]
    data = {}
    for i in f.xpath(".//input[@name]"):
        if i.get("type") == "checkbox":
            if i.get("checked") is not None:
                data[i.get("name")] = i.get("value") or "on"
        else:
            data[i.get("name")] = i.get("value") or ""
    for t in f.xpath(".//textarea[@name]"):
        data[t.get("name")] = t.text or ""
    for s in f.xpath(".//select[@name]"):
        chosen = s.xpath("./option[@selected]") or s.xpath("./option")
        data[s.get("name")] = chosen[0].get("value") if chosen else ""
    buttons = [b.get("value") for b in f.xpath(".//button[@name='op']")]
    return data, buttons


def press(session, action, data, op, status=200):
    body = dict(data)
    body["op"] = op
    r = session.post(action, data=body, allow_redirects=False)
    assert r.status_code == status, f"{op}: {r.status_code}\n{r.text[:3000]}"
    return r


def new_form(hr):
    return form_of(hr.get("/admin/templates/new"), "/admin/templates/new")


def errors(session, action, data):
    """The problems the editor names for a save of data, by field."""
    body = dict(data)
    body["op"] = "save"
    r = session.post(action, data=body, headers=XML, allow_redirects=False)
    page = etree.fromstring(r.content)
    return r.status_code, {e.get("field"): e.get("key") for e in page.xpath("//editor/error")}


def template_id(stack, key):
    rows = stack.sql(f"SELECT id FROM template WHERE tkey = '{key}'")
    return int(rows[0][0]) if rows else None


def versions(stack, key):
    return int(stack.sql(
        f"SELECT COUNT(*) FROM template_version tv JOIN template t ON t.id = tv.template_id"
        f" WHERE t.tkey = '{key}'")[0][0])


def built(hr, key):
    """A complete valid new template's form: a scale of three levels, a
    rating question on it, an open question, weights 60/40."""
    A = "/admin/templates/new"
    data, _ = new_form(hr)
    data.update({"key": key, "name_nl": "Proefformulier", "name_en": "Trial form"})
    data, _ = form_of(press(hr, A, data, "add_scale"), A)
    data, _ = form_of(press(hr, A, data, "add_level_1"), A)
    data.update({"s1_key": "vijf", "s1_l1_value": "1", "s1_l1_label_nl": "laag",
                 "s1_l2_value": "2", "s1_l2_label_nl": "midden",
                 "s1_l3_value": "3", "s1_l3_label_nl": "hoog"})
    data, _ = form_of(press(hr, A, data, "add_section_1"), A)
    data, _ = form_of(press(hr, A, data, "add_section_1"), A)
    data.update({"f1_x2_key": "welzijn", "f1_x2_kind": "open_question",
                 "f1_x2_title_nl": "Hoe gaat het?",
                 "f1_x3_key": "inzet", "f1_x3_kind": "rating_question",
                 "f1_x3_title_nl": "Inzet", "f1_x3_scale": "vijf",
                 "w_result_goals": "60", "w_competences": "0", "w_rating_questions": "40"})
    return data


# ---------------------------------------------------------------- access --

@pytest.mark.parametrize("user", [EMPLOYEE, MANAGER])
def test_editor_refused_for_everyone_but_hr(stack, new_session, hr, user):
    key = tkey()
    data = built(hr, key)
    s = as_user(new_session, user)
    csrf = csrf_token(s.get("/"))
    tid = int(stack.sql("SELECT MIN(id) FROM template")[0][0])
    with unchanged(stack, TABLES, f"editor as {user}"):
        for url in ("/admin/templates/new", f"/admin/templates/{tid}/edit"):
            assert s.get(url, allow_redirects=False).status_code == 403
            body = dict(data, csrf=csrf, op="save")
            r = s.post(url, data=body, allow_redirects=False)
            assert r.status_code == 403, f"POST {url} as {user}: {r.status_code}"
    assert template_id(stack, key) is None


def test_save_without_csrf_is_refused_and_writes_nothing(stack, hr):
    key = tkey()
    data = built(hr, key)
    data.pop("csrf")
    with unchanged(stack, TABLES, "editor without csrf"):
        r = hr.post("/admin/templates/new", data=dict(data, op="save"), allow_redirects=False)
        assert r.status_code in (400, 403), r.status_code
        r = hr.post("/admin/templates/new", data=dict(data, op="save", csrf="0" * 64),
                    allow_redirects=False)
        assert r.status_code in (400, 403), r.status_code
    assert template_id(stack, key) is None


# -------------------------------------------------------- buttons redisplay --

def test_buttons_keep_every_typed_value_and_move_rows(hr):
    A = "/admin/templates/new"
    data = built(hr, tkey())
    data["f1_x2_guid_nl"] = "Vertel het eerlijk & open <b>"
    # down: the open question moves below the rating question, with its texts
    after, buttons = form_of(press(hr, A, data, "down_1_2"), A)
    assert after["f1_x3_key"] == "welzijn" and after["f1_x2_key"] == "inzet"
    assert after["f1_x3_guid_nl"] == "Vertel het eerlijk & open <b>"
    assert after["f1_x2_scale"] == "vijf"
    assert after["s1_l3_label_nl"] == "hoog" and after["key"] == data["key"]
    # the goal setting's result goals have no remove button
    assert "del_section_1_1" not in buttons and "del_section_1_2" in buttons
    # up again, then remove the rating question and a level
    back, _ = form_of(press(hr, A, after, "up_1_3"), A)
    assert back["f1_x2_key"] == "welzijn"
    fewer, _ = form_of(press(hr, A, back, "del_section_1_3"), A)
    assert "f1_x3_key" not in fewer and fewer["f1_x2_key"] == "welzijn"
    lv, _ = form_of(press(hr, A, fewer, "del_level_1_2"), A)
    assert lv["s1_l2_label_nl"] == "hoog" and "s1_l3_value" not in lv


# ------------------------------------------------------- save and versions --

def test_save_writes_version_1_then_edit_writes_version_2(stack, hr):
    key = tkey()
    data = built(hr, key)
    r = press(hr, "/admin/templates/new", data, "save", status=303)
    tid = template_id(stack, key)
    assert r.headers["Location"].endswith(f"/admin/templates/{tid}")
    assert versions(stack, key) == 1
    v1 = stack.ctl("template", "export", key, "--version", "1").stdout
    assert 'key="inzet"' in v1 and 'percent="40"' in v1
    audit = stack.sql(f"SELECT action FROM audit WHERE entity = 'template' AND entity_id = {tid}")
    assert [a[0] for a in audit] == ["create"]

    E = f"/admin/templates/{tid}/edit"
    data, _ = form_of(hr.get(E), E)
    assert data["based_on"] == "1" and data["f1_x3_scale"] == "vijf"
    data["name_nl"] = "Proefformulier, tweede versie"
    press(hr, E, data, "save", status=303)
    assert versions(stack, key) == 2
    assert stack.ctl("template", "export", key, "--version", "1").stdout == v1
    v2 = stack.ctl("template", "export", key).stdout
    assert "tweede versie" in v2 and "tweede versie" not in v1
    # a save from the editor of version 1, after version 2: a conflict
    with unchanged(stack, TABLES, "stale edit"):
        r = press(hr, E, dict(data, name_nl="Oud"), "save", status=409)
    assert versions(stack, key) == 2


def test_a_new_template_may_not_take_an_existing_key(stack, hr):
    key = tkey()
    press(hr, "/admin/templates/new", built(hr, key), "save", status=303)
    with unchanged(stack, TABLES, "key taken"):
        status, errs = errors(hr, "/admin/templates/new", built(hr, key))
    assert status == 409 and errs.get("key") == "templates.edit.error.key_taken"
    assert versions(stack, key) == 1


# ---------------------------------------------------------------- refusals --

REFUSALS = {
    "bad weights": (lambda d: d.update(w_result_goals="50"), "weights",
                    "templates.edit.error.weights"),
    "one level": (lambda d: [d.pop(k) for k in list(d) if k.startswith(("s1_l2_", "s1_l3_"))],
                  "s1_key", "templates.edit.error.levels"),
    "duplicate section keys": (lambda d: d.update(f1_x3_key="welzijn"), "f1_x3_key",
                               "templates.edit.error.duplicate_key"),
    "result goals switched off": (
        lambda d: [d.pop(k) for k in list(d) if k.startswith("f1_x1_")], "f1",
        "templates.edit.error.result_goals"),
    "result goals as another kind": (lambda d: d.update(f1_x1_kind="remarks"), "f1",
                                     "templates.edit.error.result_goals"),
    "rating question without scale": (lambda d: d.update(f1_x3_scale=""), "f1_x3_scale",
                                      "templates.edit.error.rating_scale"),
    "value not a number": (lambda d: d.update(s1_l2_value="twee"), "s1_l2_value",
                           "form.error.number"),
    "no Dutch title": (lambda d: d.update(f1_x2_title_nl=" "), "f1_x2_title_nl",
                       "form.error.required"),
    "bad key": (lambda d: d.update(key="Hoofdletters"), "key", "templates.edit.error.key"),
    "self-assessment on a question both answer": (
        lambda d: d.update(f1_x3_self="1"), "f1_x3_self", "templates.edit.error.self_manager"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refused_saves_name_the_field_and_write_nothing(stack, hr, case):
    change, field, message = REFUSALS[case]
    key = tkey()
    data = built(hr, key)
    change(data)
    with unchanged(stack, TABLES, case):
        status, errs = errors(hr, "/admin/templates/new", data)
    assert status == 400, (case, status, errs)
    assert errs.get(field) == message, (case, errs)
    assert template_id(stack, key) is None


def test_an_edit_is_refused_alike_and_leaves_the_versions(stack, hr):
    key = tkey()
    press(hr, "/admin/templates/new", built(hr, key), "save", status=303)
    tid = template_id(stack, key)
    E = f"/admin/templates/{tid}/edit"
    data, _ = form_of(hr.get(E), E)
    data["w_competences"] = "10"
    with unchanged(stack, TABLES, "edit with bad weights"):
        status, errs = errors(hr, E, data)
    assert status == 400 and errs.get("weights") == "templates.edit.error.weights"
    assert versions(stack, key) == 1


def test_undeclared_and_out_of_range_fields_are_refused(stack, hr):
    data = built(hr, tkey())
    with unchanged(stack, TABLES, "undeclared"):
        r = hr.post("/admin/templates/new", data=dict(data, op="save", s1_l1_colour="red"),
                    allow_redirects=False)
        assert r.status_code == 400
        r = hr.post("/admin/templates/new", data=dict(data, op="save", s100_key="x"),
                    allow_redirects=False)
        assert r.status_code == 400


# ---------------------------------------------------------------- browser --

def test_hr_builds_a_template_in_chromium_and_edits_it_to_version_2(stack, capsys):
    """Hanna makes a template with keys and clicks (Chromium, no script of
    ours): a rating scale of three levels, an open question and a rating
    question in the goal setting, a competence section in the assessment,
    weights 50/30/20; saves; finds it in the list; edits it again, which
    makes version 2 and leaves version 1 exactly as it was."""
    bj = pytest.importorskip("test_browser_journey")
    By, Select, WebDriverWait = bj.By, bj.Select, bj.WebDriverWait
    key = tkey()

    def body(shots, browsers):
        hanna = bj.Browser("hanna", stack.base_url, shots)
        browsers.append(hanna)

        def press(op):
            button = hanna.css(f"button[name='op'][value='{op}']")
            old = hanna.d.find_element(By.TAG_NAME, "html")
            hanna.click(button)
            WebDriverWait(hanna.d, bj.WAIT).until(bj.gone(old))
            hanna.wait_loaded()

        def choose(field, value):
            Select(hanna.css(f"#e-{field}")).select_by_value(value)

        hanna.login("hanna")
        hanna.open("/admin/templates")
        hanna.follow("a[href='/admin/templates/new']")
        hanna.type("e-key", key)
        hanna.type("e-name_nl", "Formulier uit de browser")
        hanna.type("e-name_en", "Form from the browser")
        press("add_scale")
        assert hanna.css("#e-key").get_property("value") == key, "typed values are kept"
        hanna.type("e-s1_key", "vijf")
        press("add_level_1")
        for i, label in enumerate(("onvoldoende", "voldoende", "goed"), 1):
            hanna.type(f"e-s1_l{i}_value", str(i))
            hanna.type(f"e-s1_l{i}_label_nl", label)
        press("add_section_1")
        hanna.type("e-f1_x2_key", "welzijn")
        hanna.type("e-f1_x2_title_nl", "Hoe gaat het met je?")
        choose("f1_x2_who", "employee")
        hanna.click(hanna.css("#e-f1_x2_required"))
        press("add_section_1")
        choose("f1_x3_kind", "rating_question")
        hanna.type("e-f1_x3_key", "inzet")
        hanna.type("e-f1_x3_title_nl", "Inzet")
        choose("f1_x3_scale", "vijf")
        press("add_section_3")
        choose("f3_x1_kind", "competences")
        hanna.type("e-f3_x1_key", "competenties")
        hanna.type("e-f3_x1_title_nl", "Competenties")
        hanna.type("e-w_result_goals", "50")
        hanna.type("e-w_competences", "30")
        hanna.type("e-w_rating_questions", "20")
        hanna.shot("template-editor-new")
        old = hanna.d.find_element(By.TAG_NAME, "html")
        hanna.click(hanna.css("#e-save"))
        WebDriverWait(hanna.d, bj.WAIT).until(bj.gone(old))
        hanna.wait_loaded()
        tid = template_id(stack, key)
        assert tid and hanna.path() == f"/admin/templates/{tid}", hanna.main_text()[:2000]
        assert "opgeslagen als nieuwe versie" in hanna.main_text()
        v1 = stack.ctl("template", "export", key, "--version", "1").stdout
        assert 'kind="rating_question"' in v1 and 'scale="vijf"' in v1
        assert 'kind="competences"' in v1 and 'percent="30"' in v1
        assert 'answered-by="employee" required="true"' in v1

        hanna.open("/admin/templates")
        assert "Formulier uit de browser" in hanna.main_text()
        hanna.open(f"/admin/templates/{tid}")
        hanna.follow(f"a[href='/admin/templates/{tid}/edit']")
        assert hanna.css("#e-f1_x3_key").get_property("value") == "inzet"
        press("up_1_3")
        assert hanna.css("#e-f1_x2_key").get_property("value") == "inzet"
        hanna.type("e-name_nl", "Formulier uit de browser, versie 2")
        old = hanna.d.find_element(By.TAG_NAME, "html")
        hanna.click(hanna.css("#e-save"))
        WebDriverWait(hanna.d, bj.WAIT).until(bj.gone(old))
        hanna.wait_loaded()
        assert hanna.path() == f"/admin/templates/{tid}"
        assert versions(stack, key) == 2
        assert stack.ctl("template", "export", key, "--version", "1").stdout == v1
        v2 = stack.ctl("template", "export", key).stdout
        assert "versie 2" in v2
        assert v2.index('key="inzet"') < v2.index('key="welzijn"') and \
            v1.index('key="welzijn"') < v1.index('key="inzet"')

    bj.browser_test(stack, capsys, "template editor", body)


# ------------------------------------------------- a large template --

def large(hr, key, scales=10, questions=30):
    """built()'s template grown to the sizes the XML import accepts: ten
    scales of ten levels, labels and descriptions in both languages, and
    the goal setting's 30 sections (the two of built() and open questions),
    each with its title and guidance in both: well over [limits] params."""
    data = built(hr, key)
    for s in range(2, scales + 1):
        data[f"s{s}_key"] = f"schaal{s}"
        for lv in range(1, 11):
            data.update({f"s{s}_l{lv}_value": str(lv), f"s{s}_l{lv}_label_nl": f"niveau {lv}",
                         f"s{s}_l{lv}_label_en": f"level {lv}",
                         f"s{s}_l{lv}_desc_nl": f"Wat niveau {lv} van schaal {s} inhoudt.",
                         f"s{s}_l{lv}_desc_en": f"What level {lv} of scale {s} means."})
    for x in range(4, questions + 1):
        data.update({f"f1_x{x}_key": f"vraag{x}", f"f1_x{x}_kind": "open_question",
                     f"f1_x{x}_who": "both", f"f1_x{x}_title_nl": f"Vraag {x}",
                     f"f1_x{x}_title_en": f"Question {x}",
                     f"f1_x{x}_guid_nl": f"Toelichting bij vraag {x}.",
                     f"f1_x{x}_guid_en": f"Guidance for question {x}."})
    return data


def test_a_template_as_large_as_the_import_allows_is_saved_from_the_editor(stack, hr):
    key = tkey()
    data = large(hr, key)
    assert len(data) > 3 * 200, len(data)
    r = press(hr, "/admin/templates/new", data, "save", status=303)
    assert versions(stack, key) == 1
    xml = stack.ctl("template", "export", key).stdout
    assert xml.count("<level ") == 3 + 9 * 10, "every level saved"
    assert 'key="vraag30"' in xml and "Guidance for question 30." in xml
    tid = template_id(stack, key)
    assert r.headers["Location"].endswith(f"/admin/templates/{tid}")
    # ... and edited again from the editor, which shows it whole.
    E = f"/admin/templates/{tid}/edit"
    again, _ = form_of(hr.get(E), E)
    assert again["s10_l10_desc_en"] == "What level 10 of scale 10 means."
    again["name_nl"] = "Groot formulier, versie 2"
    press(hr, E, again, "save", status=303)
    assert versions(stack, key) == 2


def test_the_editors_bound_still_holds_and_others_keep_limits_params(stack, hr):
    key = tkey()
    data = large(hr, key)
    # Undeclared filler past the editor's own bound: 413, nothing written.
    flood = dict(data, **{f"z{n}": "1" for n in range(3000)})
    with unchanged(stack, TABLES, "a save past the editor's bound"):
        r = hr.post("/admin/templates/new", data=dict(flood, op="save"), allow_redirects=False)
    assert r.status_code == 413, r.status_code
    assert template_id(stack, key) is None
    # Another form of HR's keeps [limits] params (200).
    csrf = data["csrf"]
    r = hr.post("/admin/templates/import", data={"csrf": csrf, **{f"z{n}": "1" for n in range(250)}},
                allow_redirects=False)
    assert r.status_code == 413, r.status_code


# ------------------------------------------- the typed form survives a session end --

COOKIE = "__Host-gesprek"


def end_session(stack, s):
    """Past the idle limit, as the clock would (test_resume.py)."""
    token = s.cookies.get(COOKIE)
    stack.sql("UPDATE session SET seen_at = UTC_TIMESTAMP() - INTERVAL 1 DAY "
              f"WHERE token_sha256 = UNHEX(SHA2(UNHEX('{token}'), 256))")
    assert s.get("/", allow_redirects=False).status_code == 303, "the session still lives"


def login_to(s, next_path):
    form = s.get("/login")
    r = s.post("/login", data={"username": HR, "password": PASSWORD,
                               "csrf": csrf_token(form, "/login"), "next": next_path},
               allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == next_path, r.status_code


@pytest.mark.parametrize("existing", [False, True], ids=["new", "edit"])
def test_the_typed_template_is_kept_across_a_session_end(stack, hr, existing):
    """HR types a template, the session ends, save is pressed: nothing is
    saved, the form is kept; after login the editor shows what was typed,
    and one save writes one version."""
    key = tkey()
    if existing:
        press(hr, "/admin/templates/new", built(hr, key), "save", status=303)
        A = f"/admin/templates/{template_id(stack, key)}/edit"
        data, _ = form_of(hr.get(A), A)
    else:
        A = "/admin/templates/new"
        data = built(hr, key)
    data.update({"name_nl": "Na een lange middag typen", "f1_x2_guid_nl": "Eerlijk & open <b>",
                 "s1_l2_label_en": "middle"})
    before = versions(stack, key)
    end_session(stack, hr)
    with unchanged(stack, TABLES, "a save after the session ended"):
        r = hr.post(A, data=dict(data, op="save"), allow_redirects=False)
    assert r.status_code == 403
    assert "Wat je had ingevuld is bewaard" in r.text
    assert lhtml.fromstring(r.text).xpath("//input[@name='next']/@value") == [A]
    assert stack.sql("SELECT page, form FROM draft") == [(A, "template-edit")]

    login_to(hr, A)
    shown = hr.get(A)
    assert "staat weer in het formulier" in shown.text, "the page says the form is back, unsaved"
    back, _ = form_of(shown, A)
    for name in ("key", "name_nl", "f1_x2_guid_nl", "s1_l2_label_en", "f1_x3_scale",
                 "w_rating_questions", "based_on"):
        assert back.get(name) == data.get(name), name
    assert stack.sql("SELECT COUNT(*) FROM draft") == [("0",)], "taken once"
    assert versions(stack, key) == before, "nothing saved by the login"
    press(hr, A, back, "save", status=303)
    assert versions(stack, key) == before + 1
    again, _ = form_of(hr.get(A), A)
    assert again.get("name_nl") != data["name_nl"] or existing, "a new form is fresh again"


# ---------------------------- a template above 64 KB survives a session end --

# The guidance of each open question of large(): long enough that the
# whole form is well past 64 KB (the old bound of a kept form) in bytes,
# three bytes per character ("€" is three in UTF-8).
LONG_GUIDANCE_CHARS = 1500


@pytest.mark.parametrize("long_texts", [False, True], ids=["many-fields", "over-64k"])
def test_a_large_typed_template_is_kept_whole_across_a_session_end(stack, hr, long_texts):
    """A template past [limits] params (200 fields) -- and, with long
    texts, far past 64 KB -- typed in the editor when the session ends:
    kept whole, not dropped, and after login the editor shows every field
    of it; one save writes it."""
    key = tkey()
    data = large(hr, key)
    if long_texts:
        for x in range(4, 31):
            data[f"f1_x{x}_guid_nl"] = f"Vraag {x}: " + "€" * LONG_GUIDANCE_CHARS
    typed = sum(len(k.encode()) + len(v.encode()) + 2 for k, v in data.items())
    assert len(data) > 3 * 200, len(data)
    assert typed > 2 * 65536 if long_texts else typed < 65535, typed
    A = "/admin/templates/new"
    end_session(stack, hr)
    with unchanged(stack, TABLES, "a save after the session ended"):
        r = hr.post(A, data=dict(data, op="save"), allow_redirects=False)
    assert r.status_code == 403
    assert "Wat je had ingevuld is bewaard" in r.text, r.text[:3000]
    assert stack.sql("SELECT page, form FROM draft") == [(A, "template-edit")]

    login_to(hr, A)
    shown = hr.get(A)
    assert shown.status_code == 200, shown.status_code
    assert "staat weer in het formulier" in shown.text
    back, _ = form_of(shown, A)
    for name, value in data.items():
        if name != "csrf":
            assert back.get(name) == value, name
    assert stack.sql("SELECT COUNT(*) FROM draft") == [("0",)], "taken once"
    press(hr, A, back, "save", status=303)
    assert versions(stack, key) == 1
    exported = stack.ctl("template", "export", key).stdout
    assert "Guidance for question 30." in exported
    assert not long_texts or "€" * LONG_GUIDANCE_CHARS in exported


# ------------------------------------- the feedback round (issue 17) --

FB_TABLES = TABLES + ("template_feedback", "template_feedback_question")


def with_feedback(hr, key):
    """built()'s template with a feedback round on its goal setting: two
    questions (an open one, one rated on the scale "vijf"), added with the
    editor's own button, every setting chosen away from its default."""
    A = "/admin/templates/new"
    data = built(hr, key)
    data, buttons = form_of(press(hr, A, data, "add_question"), A)
    assert "add_question" in buttons
    data, _ = form_of(press(hr, A, data, "add_question"), A)
    data.update({"fb_enabled": "1", "fb_conversation": "goal_setting", "fb_invited_by": "manager",
                 "fb_anonymity": "anonymous", "fb_threshold": "4", "fb_sees": "never",
                 "q1_key": "tip", "q1_kind": "open", "q1_title_nl": "Eén tip voor haar",
                 "q1_title_en": "One tip for her",
                 "q2_key": "samenwerken", "q2_kind": "rating", "q2_scale": "vijf",
                 "q2_title_nl": "Hoe werkt ze samen?"})
    return data


def test_the_feedback_round_is_edited_in_the_editor(stack, hr):
    """Every setting of the round and its questions, made in the editor's
    form (no script: buttons answer the form again), saved as the import
    would read them; an edit changes them in a new version and leaves the
    old one as it was; unticking the round saves a version without one."""
    key = tkey()
    press(hr, "/admin/templates/new", with_feedback(hr, key), "save", status=303)
    v1 = stack.ctl("template", "export", key, "--version", "1").stdout
    assert ('<feedback conversation="goal_setting" invited-by="manager" anonymity="anonymous"'
            ' threshold="4" employee-sees="never">') in v1, v1[-1500:]
    assert '<question key="tip" kind="open">' in v1 and "One tip for her" in v1
    assert '<question key="samenwerken" kind="rating" scale="vijf">' in v1
    tid = template_id(stack, key)
    E = f"/admin/templates/{tid}/edit"
    data, buttons = form_of(hr.get(E), E)
    assert (data["fb_enabled"], data["fb_threshold"], data["fb_sees"], data["q2_scale"],
            data["q1_title_nl"]) == ("1", "4", "never", "vijf", "Eén tip voor haar")
    assert {"del_question_1", "del_question_2", "down_question_1", "up_question_2"} <= set(buttons)
    # move the rating question up, drop the open one, go named with 5
    data, _ = form_of(press(hr, E, data, "up_question_2"), E)
    assert (data["q1_key"], data["q2_key"]) == ("samenwerken", "tip")
    data, _ = form_of(press(hr, E, data, "del_question_2"), E)
    assert "q2_key" not in data and data["q1_scale"] == "vijf"
    data.update(fb_anonymity="named", fb_threshold="5", fb_invited_by="both", fb_sees="always")
    press(hr, E, data, "save", status=303)
    v2 = stack.ctl("template", "export", key).stdout
    assert ('<feedback conversation="goal_setting" invited-by="both" anonymity="named"'
            ' threshold="5" employee-sees="always">') in v2, v2[-1500:]
    assert 'key="tip"' not in v2[v2.index("<feedback"):]
    assert stack.ctl("template", "export", key, "--version", "1").stdout == v1
    # unticked: version 3 has no round
    data, _ = form_of(hr.get(E), E)
    data.pop("fb_enabled")
    press(hr, E, data, "save", status=303)
    assert versions(stack, key) == 3
    assert "<feedback" not in stack.ctl("template", "export", key).stdout


def drop_questions(d):
    for k in [k for k in d if k.startswith("q")]:
        d.pop(k)


FB_REFUSALS = {
    "threshold 1": (lambda d: d.update(fb_threshold="1"), "fb_threshold",
                    "templates.edit.error.threshold"),
    "threshold 21": (lambda d: d.update(fb_threshold="21"), "fb_threshold",
                     "templates.edit.error.threshold"),
    "no questions": (drop_questions, "fb_questions", "templates.edit.error.feedback_questions"),
    "a conversation without a form": (lambda d: d.update(fb_conversation="assessment"),
                                      "fb_conversation", "templates.edit.error.feedback_form"),
    "a rated question without a scale": (lambda d: d.update(q2_scale=""), "q2_scale",
                                         "templates.edit.error.rating_scale"),
    "a rated question on no scale of the template": (
        lambda d: d.update(q2_scale="zeven"), "q2_scale", "templates.edit.error.rating_scale"),
    "an open question with a scale": (lambda d: d.update(q1_scale="vijf"), "q1_scale",
                                      "templates.edit.error.scale_kind"),
    "two questions with one key": (lambda d: d.update(q2_key="tip"), "q2_key",
                                   "templates.edit.error.duplicate_key"),
    "a bad question key": (lambda d: d.update(q1_key="Tip!"), "q1_key",
                           "templates.edit.error.key"),
    "a question without a Dutch title": (lambda d: d.update(q1_title_nl=" "), "q1_title_nl",
                                         "form.error.required"),
    "a threshold that is no number": (lambda d: d.update(fb_threshold="drie"), "fb_threshold",
                                      "form.error.number"),
}


@pytest.mark.parametrize("case", sorted(FB_REFUSALS))
def test_a_refused_feedback_round_names_its_field_and_writes_nothing(stack, hr, case):
    change, field, message = FB_REFUSALS[case]
    key = tkey()
    data = with_feedback(hr, key)
    change(data)
    with unchanged(stack, FB_TABLES, case):
        status, errs = errors(hr, "/admin/templates/new", data)
    assert status == 400, (case, status, errs)
    assert errs.get(field) == message, (case, errs)
    assert template_id(stack, key) is None


def test_the_editor_and_the_import_refuse_the_same_round(stack, hr, tmp_path):
    """One rule set: a round the editor refuses, written as the template's
    XML, is refused by `gesprekctl template import` for the same rule."""
    key = tkey()
    press(hr, "/admin/templates/new", with_feedback(hr, key), "save", status=303)
    xml_ = stack.ctl("template", "export", key).stdout
    for good, bad, field, message in (
            ('threshold="4"', 'threshold="1"', "fb_threshold", "threshold"),
            ('<question key="tip" kind="open">', '<question key="tip" kind="open" scale="vijf">',
             "q1_scale", "scale_kind")):
        f = tmp_path / "t.xml"
        f.write_text(xml_.replace(good, bad))
        with unchanged(stack, FB_TABLES, f"import of {bad}"):
            r = stack.ctl("template", "import", str(f), check=False)
        assert r.returncode != 0, bad
        E = f"/admin/templates/{template_id(stack, key)}/edit"
        data, _ = form_of(hr.get(E), E)
        data.update({"fb_threshold": "1"} if field == "fb_threshold" else {"q1_scale": "vijf"})
        with unchanged(stack, FB_TABLES, f"editor's {bad}"):
            status, errs = errors(hr, E, data)
        assert status == 400 and errs.get(field) == f"templates.edit.error.{message}", errs
