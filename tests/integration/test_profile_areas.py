"""A job profile's key result areas (resultaatgebieden, issue 16) on its
page: HR adds, renames, moves and removes them (POST
/admin/profiles/{id}/areas).  Every change moves the profile's version on
and is audited on the profile; a refused one -- a missing or bad field, a
key the profile has, one area too many, a stale page, an area of another
profile, an area a result goal names -- changes nothing at all.

An area a result goal names is never removed: the goal keeps a readable
link (the XML import keeps such an area too).  The browser test of the
whole path (HR adds an area, the employee's goal names it, the export
carries it) is in test_profile_areas_walk.py."""

import uuid

import pytest

from conftest import csrf_token, login
from convtools import people, make_dossier, unchanged
from helpers import page, xml

HR, MANAGER, EMPLOYEE = "hanna", "mark", "eva"
PASSWORD = "demo"
TABLES = ("job_profile", "job_profile_area", "item", "audit")


@pytest.fixture(autouse=True)
def clean_attempts(stack):
    stack.sql("DELETE FROM login_attempt")


def as_user(new_session, user):
    s = new_session()
    assert login(s, user, PASSWORD).status_code == 303, user
    return s


@pytest.fixture
def hr(new_session):
    return as_user(new_session, HR)


def one(stack, query):
    rows = stack.sql(query)
    return rows[0][0] if rows else None


def new_profile(stack, hr):
    pkey = f"p-{uuid.uuid4().hex[:10]}"
    r = hr.post("/admin/profiles", data={"key": pkey, "name": "Gebiedsprofiel", "name_en": "",
                                         "competences": "",
                                         "csrf": csrf_token(hr.get("/admin/profiles"))},
                allow_redirects=False)
    assert r.status_code == 303, r.text[:2000]
    return int(one(stack, f"SELECT id FROM job_profile WHERE pkey = '{pkey}'"))


def version(stack, pid):
    return one(stack, f"SELECT version FROM job_profile WHERE id = {pid}")


def areas(stack, pid):
    """(key, name_nl, name_en) in the profile's order."""
    return [tuple(r) for r in stack.sql(
        "SELECT akey, name_nl, COALESCE(name_en, '') FROM job_profile_area "
        f"WHERE profile_id = {pid} ORDER BY position, id")]


def area_id(stack, pid, akey):
    return int(one(stack, f"SELECT id FROM job_profile_area WHERE profile_id = {pid} "
                          f"AND akey = '{akey}'"))


def change(stack, hr, pid, status=303, **fields):
    data = {"version": version(stack, pid), "csrf": csrf_token(hr.get(f"/admin/profiles/{pid}"))}
    data.update({k: str(v) for k, v in fields.items()})
    r = hr.post(f"/admin/profiles/{pid}/areas", data=data, allow_redirects=False)
    assert r.status_code == status, f"{fields}: {r.status_code}\n{r.text[:2000]}"
    return r


def add(stack, hr, pid, akey, name, name_en="", status=303):
    return change(stack, hr, pid, status, op="add", area_key=akey, area_name=name,
                  area_name_en=name_en)


def test_hr_adds_renames_moves_and_removes_areas(stack, hr):
    pid = new_profile(stack, hr)
    assert areas(stack, pid) == []
    v0 = int(version(stack, pid))
    r = add(stack, hr, pid, "advies", "Advisering", "Advice")
    assert r.headers["Location"].startswith(f"/admin/profiles/{pid}")
    add(stack, hr, pid, "projecten", "Projecten")
    add(stack, hr, pid, "kwaliteit", "Kwaliteit")
    assert areas(stack, pid) == [("advies", "Advisering", "Advice"),
                                 ("projecten", "Projecten", ""), ("kwaliteit", "Kwaliteit", "")]
    assert int(version(stack, pid)) == v0 + 3, "each change moves the profile's version on"

    # The page shows them in order, each with its own form.
    doc = page(hr.get(f"/admin/profiles/{pid}"))
    assert doc.xpath("//ol[@class='area-list']/li//legend/code/text()") == \
        ["advies", "projecten", "kwaliteit"]

    change(stack, hr, pid, op="save", area=area_id(stack, pid, "projecten"),
           area_name="Projectwerk", area_name_en="Project work")
    change(stack, hr, pid, op="up", area=area_id(stack, pid, "kwaliteit"))
    assert areas(stack, pid) == [("advies", "Advisering", "Advice"),
                                 ("kwaliteit", "Kwaliteit", ""),
                                 ("projecten", "Projectwerk", "Project work")]
    change(stack, hr, pid, op="down", area=area_id(stack, pid, "advies"))
    assert [a[0] for a in areas(stack, pid)] == ["kwaliteit", "advies", "projecten"]
    # Up at the top changes no order.
    change(stack, hr, pid, op="up", area=area_id(stack, pid, "kwaliteit"))
    assert [a[0] for a in areas(stack, pid)] == ["kwaliteit", "advies", "projecten"]
    change(stack, hr, pid, op="remove", area=area_id(stack, pid, "advies"))
    assert [a[0] for a in areas(stack, pid)] == ["kwaliteit", "projecten"]

    trail = [r[0] for r in stack.sql(
        f"SELECT detail FROM audit WHERE entity = 'job_profile' AND entity_id = {pid} ORDER BY id")]
    assert any("key result area added" in t and "advies" in t for t in trail)
    assert any("Projecten" in t and "Projectwerk" in t for t in trail), trail
    assert any("key result area removed" in t and "advies" in t for t in trail)
    # The profile's own edit form carries the version the changes left.
    doc = page(hr.get(f"/admin/profiles/{pid}"))
    assert doc.xpath(f"//form[@action='/admin/profiles/{pid}']//input[@name='version']/@value") \
        == [version(stack, pid)]


@pytest.mark.parametrize("case", ["no_name", "bad_key", "no_key", "long_name", "key_taken",
                                  "rename_empty", "no_area", "no_op", "bad_op"])
def test_refused_input_changes_nothing(stack, hr, case):
    pid = new_profile(stack, hr)
    add(stack, hr, pid, "advies", "Advisering")
    aid = area_id(stack, pid, "advies")
    fields, field, text = {
        "no_name": ({"op": "add", "area_key": "nieuw", "area_name": ""}, "area_name",
                    "Dit veld is verplicht"),
        "bad_key": ({"op": "add", "area_key": "Geen Sleutel!", "area_name": "X"}, "area_key",
                    "kleine letters"),
        "no_key": ({"op": "add", "area_key": "", "area_name": "X"}, "area_key",
                   "Dit veld is verplicht"),
        "long_name": ({"op": "add", "area_key": "lang", "area_name": "x" * 201}, "area_name",
                      "200"),
        "key_taken": ({"op": "add", "area_key": "advies", "area_name": "Nog eens"}, "area_key",
                      "heeft al een resultaatgebied met deze sleutel"),
        "rename_empty": ({"op": "save", "area": aid, "area_name": " "}, "area_name",
                         "Dit veld is verplicht"),
        "no_area": ({"op": "remove"}, "area", "Dit veld is verplicht"),
        "no_op": ({"area_key": "nieuw", "area_name": "X"}, "op", None),
        "bad_op": ({"op": "wipe", "area": aid}, "op", None),
    }[case]
    with unchanged(stack, TABLES, case):
        r = change(stack, hr, pid, 400, **fields)
    if text:
        assert text in r.text, r.text[:3000]
    doc = xml(hr.post(f"/admin/profiles/{pid}/areas.xml", data=dict(
        {k: str(v) for k, v in fields.items()}, version=version(stack, pid),
        csrf=csrf_token(hr.get(f"/admin/profiles/{pid}")))))
    assert doc.xpath(f"/page/form[@name='area']/field[@name='{field}']/@error"), case
    assert areas(stack, pid) == [("advies", "Advisering", "")]


def test_twenty_areas_at_most(stack, hr):
    pid = new_profile(stack, hr)
    for n in range(20):
        stack.sql(f"INSERT INTO job_profile_area (profile_id, akey, name_nl, position) "
                  f"VALUES ({pid}, 'g{n}', 'Gebied {n}', {n})")
    with unchanged(stack, TABLES, "a 21st area"):
        r = add(stack, hr, pid, "g20", "Eén te veel", status=400)
    assert "hoogstens 20 resultaatgebieden" in r.text


def test_a_stale_page_is_a_conflict(stack, hr):
    pid = new_profile(stack, hr)
    add(stack, hr, pid, "advies", "Advisering")
    stale = version(stack, pid)
    add(stack, hr, pid, "projecten", "Projecten")     # someone else meanwhile
    data = {"op": "save", "area": str(area_id(stack, pid, "advies")), "area_name": "Oud",
            "version": stale, "csrf": csrf_token(hr.get(f"/admin/profiles/{pid}"))}
    with unchanged(stack, TABLES, "a stale change"):
        r = hr.post(f"/admin/profiles/{pid}/areas", data=data, allow_redirects=False)
    assert r.status_code == 409
    assert "Iemand anders heeft dit functieprofiel intussen gewijzigd" in r.text


def test_an_area_of_another_profile_is_not_changed(stack, hr):
    """An area id is looked up in the profile of the path: another
    profile's area (or none) is refused, and neither profile changes."""
    pid, other = new_profile(stack, hr), new_profile(stack, hr)
    add(stack, hr, other, "vreemd", "Vreemd gebied")
    foreign = area_id(stack, other, "vreemd")
    for op in ("save", "up", "remove"):
        for aid in (foreign, 999999999):
            with unchanged(stack, TABLES, f"{op} of area {aid} through profile {pid}"):
                change(stack, hr, pid, 404, op=op, area=aid, area_name="Gekaapt")
    assert areas(stack, other) == [("vreemd", "Vreemd gebied", "")]


def test_csrf_and_roles(stack, hr, new_session):
    pid = new_profile(stack, hr)
    add(stack, hr, pid, "advies", "Advisering")
    aid = area_id(stack, pid, "advies")
    with unchanged(stack, TABLES, "without a CSRF token"):
        r = hr.post(f"/admin/profiles/{pid}/areas", data={
            "op": "remove", "area": str(aid), "version": version(stack, pid)},
            allow_redirects=False)
    assert r.status_code == 403
    for user in (EMPLOYEE, MANAGER):
        s = as_user(new_session, user)
        with unchanged(stack, TABLES, f"an area change by {user}"):
            r = s.post(f"/admin/profiles/{pid}/areas", data={
                "op": "remove", "area": str(aid), "version": version(stack, pid),
                "csrf": csrf_token(s.get("/"))}, allow_redirects=False)
        assert r.status_code == 403, user


def test_an_area_a_goal_names_is_kept(stack, hr):
    """Removing an area a result goal names is refused with the reason;
    the goal keeps its link, and renaming the area still works."""
    pid = new_profile(stack, hr)
    add(stack, hr, pid, "advies", "Advisering")
    aid = area_id(stack, pid, "advies")
    d = make_dossier(stack, people(stack))
    stack.sql(f"INSERT INTO item (dossier_id, kind, title, area_id) "
              f"VALUES ({d['id']}, 'result', 'Doel met gebied', {aid})")
    doc = page(hr.get(f"/admin/profiles/{pid}"))
    assert not doc.xpath(f"//button[@id='area-{aid}-remove']"), "no remove button offered"
    with unchanged(stack, TABLES, "removing an area in use"):
        r = change(stack, hr, pid, 400, op="remove", area=aid)
    assert "kan daarom niet worden verwijderd" in r.text
    assert one(stack, f"SELECT area_id FROM item WHERE dossier_id = {d['id']}") == str(aid)
    change(stack, hr, pid, op="save", area=aid, area_name="Advies en begeleiding")
    assert areas(stack, pid) == [("advies", "Advies en begeleiding", "")]


def test_the_page_in_english(stack, hr):
    pid = new_profile(stack, hr)
    add(stack, hr, pid, "advies", "Advisering", "Advice")
    r = hr.get(f"/admin/profiles/{pid}", headers={"Accept-Language": "en"})
    assert "Add key result area" in r.text and "Advice" in r.text


DEMO_PROFILES = ("klantadviseur", "verkoper", "adviseur", "leidinggevende")


def test_the_demo_goal_setting_form_offers_the_profiles_areas(stack, new_session):
    """The demo dictionary (conf/competences/demo.xml, loaded by gesprekctl
    demo) gives every job profile its key result areas, and a demo
    person's goal-setting form offers those of their profile in order."""
    for pkey in DEMO_PROFILES:
        n = int(one(stack, "SELECT COUNT(*) FROM job_profile_area a JOIN job_profile p"
                           f" ON p.id = a.profile_id WHERE p.pkey = '{pkey}'"))
        assert n >= 3, f"{pkey}: {n} areas"
    # a person of her own on a demo profile, with a goal setting in a cycle
    # of its own (the demo's people and dossiers move on in earlier tests)
    from helpers import insert
    pkey = sorted(DEMO_PROFILES)[0]
    profile = one(stack, f"SELECT id FROM job_profile WHERE pkey = '{pkey}'")
    ids = people(stack)
    dep = one(stack, f"SELECT department_id FROM employee WHERE id = {ids['eva']}")
    login = f"gebied{uuid.uuid4().hex[:8]}"
    emp = insert(stack, "employee", login=login, name=f"Gebied {login[6:]}", department_id=dep,
                 manager_id=ids["mark"], job_profile_id=profile)
    gs, manager = make_dossier(stack, dict(ids, eva=emp), "Gebieden")["conversations"][0], "mark"
    want = [r[0] for r in stack.sql(f"SELECT id FROM job_profile_area WHERE profile_id = {profile}"
                                    " ORDER BY position, id")]
    s = as_user(new_session, manager)
    doc = page(s.get(f"/conversations/{gs}/items/new?kind=result"))
    assert doc.xpath("//form[@id='new-result']//select[@name='area']/option/@value") == \
        [""] + want
