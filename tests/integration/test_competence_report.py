"""The HR overview's distributions per department (issue 16, "Reports and
export"): per department the overall ratings and each competence's levels
with how many, each number a link to the people behind it; read from the
summaries the writes keep (issue 21, kind 'competence' of dossier_summary).

The organisation: a fresh cycle on the municipality form (conf/templates/
gemeente.xml, its competences rated on the scale 'vier') with held
assessments of eva, daan and bram (mark's) and of jesse (iris's), whose
departments are read, not assumed (the demo puts eva and daan in
Binnendienst, bram in Buitendienst, both under Verkoop, jesse in
Klantenservice).  For the file the four get a job profile of two
competences of its own.  The managers rate through the form (POST
/conversations/{id}/answers), so the summaries follow the store's own
writes; the plan below and a direct SQL recount are the yardstick."""

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import StackSession
from convtools import SCALE, Users, people, post
from helpers import page, xml
from summaries import assert_recount_equal, keep_summaries, rebuild_summaries

TEAM = {"eva": "mark", "daan": "mark", "bram": "mark", "jesse": "iris"}
VISIBLE = ("held", "finalized", "closed")
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def one(stack, query):
    rows = stack.sql(query)
    assert len(rows) == 1, (query, rows)
    return rows[0][0]


def gemeente_version(stack):
    if not stack.sql("SELECT id FROM template WHERE tkey = 'gemeente'"):
        stack.ctl("template", "import", str(stack.repo / "conf" / "templates" / "gemeente.xml"))
    return int(one(stack, "SELECT tv.id FROM template_version tv JOIN template t"
                          " ON t.id = tv.template_id WHERE t.tkey = 'gemeente'"
                          " ORDER BY tv.number DESC LIMIT 1"))


def new_cycle(stack, label, version=None):
    name = f"{label} {uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES"
              f" ('{name}', '2027-01-01', '2027-12-31', 'open', '{SCALE}')")
    cycle = int(one(stack, f"SELECT id FROM cycle WHERE name = '{name}'"))
    if version:
        stack.sql(f"INSERT INTO cycle_template (cycle_id, scope, scope_id, template_version_id)"
                  f" VALUES ({cycle}, 'default', 0, {version})")
    return cycle


def held_assessment(stack, cycle, employee, manager, version=None, overall=None):
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES"
              f" ({cycle}, {employee}, {manager})")
    d = int(one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle}"
                       f" AND employee_id = {employee}"))
    tv = version or "NULL"
    rating = overall or "NULL"
    stack.sql(f"INSERT INTO conversation (dossier_id, type, seq, due_on, status,"
              f" template_version_id, overall_rating) VALUES"
              f" ({d}, 'assessment', 3, '2027-12-15', 'held', {tv}, {rating})")
    keep_summaries(stack, cycle)
    return int(one(stack, f"SELECT id FROM conversation WHERE dossier_id = {d}"))


def profile_competences(stack, employee):
    rows = stack.sql(f"SELECT pc.competence_id FROM employee e JOIN job_profile_competence pc"
                     f" ON pc.profile_id = e.job_profile_id WHERE e.id = {employee}"
                     f" ORDER BY pc.position")
    return [int(r[0]) for r in rows]


def rate(s, conv, competence, level, version=None):
    fields = dict(section="competenties", competence=str(competence), rating=str(level),
                  explanation="Toelichting bij het niveau")
    if version:
        fields["version"] = str(version)
    r = post(s, f"/conversations/{conv}/answers", **fields)
    assert r.status_code == 303, (r.status_code, r.text[-2000:])


PLAN = {"eva": (3, 4), "daan": (3, 2), "bram": (4, 1), "jesse": (1, 3)}
OVERALL = {"eva": 3, "daan": 3, "bram": 4, "jesse": 2}


def own_profile(stack, tag):
    """Two competences with indicators and a job profile naming them."""
    comps = []
    for n, name in enumerate(("Samenwerken", "Resultaatgericht")):
        key = f"cr-{tag}-{n}"
        stack.sql(f"INSERT INTO competence (ckey, name_nl, name_en, definition_nl) VALUES"
                  f" ('{key}', '{name} {tag}', 'EN {name} {tag}', 'Definitie {name}')")
        cid = int(one(stack, f"SELECT id FROM competence WHERE ckey = '{key}'"))
        for level in range(1, 5):
            stack.sql(f"INSERT INTO competence_indicator (competence_id, level, text_nl)"
                      f" VALUES ({cid}, {level}, 'Gedrag {name} niveau {level}')")
        comps.append(cid)
    stack.sql(f"INSERT INTO job_profile (pkey, name_nl) VALUES ('cr-{tag}', 'Profiel {tag}')")
    pid = int(one(stack, f"SELECT id FROM job_profile WHERE pkey = 'cr-{tag}'"))
    for pos, cid in enumerate(comps, 1):
        stack.sql(f"INSERT INTO job_profile_competence (profile_id, competence_id, position)"
                  f" VALUES ({pid}, {cid}, {pos})")
    return pid, comps


@pytest.fixture(scope="module")
def org(stack):
    ids = people(stack)
    for login in ("bram", "jesse", "iris"):
        ids[login] = int(one(stack, f"SELECT id FROM employee WHERE login = '{login}'"))
    tv = gemeente_version(stack)
    pid, comps = own_profile(stack, uuid.uuid4().hex[:8])
    team = ", ".join(str(ids[who]) for who in TEAM)
    before = stack.sql(f"SELECT id, COALESCE(job_profile_id, 0) FROM employee WHERE id IN ({team})")
    stack.sql(f"UPDATE employee SET job_profile_id = {pid} WHERE id IN ({team})")
    dep_of = {who: int(one(stack, f"SELECT COALESCE(department_id, 0) FROM employee"
                                  f" WHERE id = {ids[who]}")) for who in TEAM}
    cycle = new_cycle(stack, "Verdeling", tv)
    convs = {who: held_assessment(stack, cycle, ids[who], ids[mgr], tv, OVERALL[who])
             for who, mgr in TEAM.items()}
    parent = one(stack, f"SELECT COALESCE(parent_id, 0) FROM department"
                        f" WHERE id = {dep_of['eva']}")
    rebuild_summaries(stack)
    yield {"ids": ids, "cycle": cycle, "convs": convs, "comps": comps, "dep_of": dep_of,
           "version": tv, "parent": int(parent)}
    for eid, old in before:
        stack.sql(f"UPDATE employee SET job_profile_id = {old if old != '0' else 'NULL'}"
                  f" WHERE id = {eid}")


def planned(org, who_filter=lambda who: True):
    """What the plan gives: (department, competence, level) -> count."""
    out = {}
    for who, levels in PLAN.items():
        if not who_filter(who):
            continue
        for cid, level in zip(org["comps"], levels):
            key = (org["dep_of"][who], cid, level)
            out[key] = out.get(key, 0) + 1
    return out


@pytest.fixture(scope="module")
def users(base_url):
    """One logged-in session per user for the whole file."""
    made = []

    def make():
        s = StackSession(base_url)
        made.append(s)
        return s

    yield Users(make)
    for s in made:
        s.close()


@pytest.fixture(scope="module")
def rated(stack, org, users):
    """The managers' ratings through the form, and eva's own
    self-assessment (which never counts)."""
    for who, levels in PLAN.items():
        m = users(TEAM[who])
        for cid, level in zip(org["comps"], levels):
            rate(m, org["convs"][who], cid, level)
    rate(users("eva"), org["convs"]["eva"], org["comps"][0], 1)


# ------------------------------------------------------------ yardsticks --

def recount(stack, cycle, where=""):
    """(department id, competence id, level) -> count, and (department id,
    overall rating) -> count, straight from the rows: the manager's
    ratings and overall ratings of visible assessments."""
    comp = stack.sql(
        f"SELECT e.department_id, cr.competence_id, cr.level, COUNT(*) FROM competence_rating cr"
        f" JOIN conversation c ON c.id = cr.conversation_id JOIN dossier d ON d.id = c.dossier_id"
        f" JOIN employee e ON e.id = d.employee_id WHERE d.cycle_id = {cycle}"
        f" AND cr.role = 'manager' AND cr.level IS NOT NULL AND c.type = 'assessment'"
        f" AND c.status IN ('held', 'finalized', 'closed') {where}"
        f" GROUP BY 1, 2, 3")
    overall = stack.sql(
        f"SELECT e.department_id, c.overall_rating, COUNT(*) FROM conversation c"
        f" JOIN dossier d ON d.id = c.dossier_id JOIN employee e ON e.id = d.employee_id"
        f" WHERE d.cycle_id = {cycle} AND c.type = 'assessment' AND c.overall_rating IS NOT NULL"
        f" AND c.status IN ('held', 'finalized', 'closed') {where} GROUP BY 1, 2")
    return ({(int(a), int(b), int(n_)): int(n) for a, b, n_, n in comp},
            {(int(a), int(b)): int(n) for a, b, n in overall})


def recount_people(stack, cycle, departments, competence, level):
    rows = stack.sql(
        f"SELECT e.login FROM competence_rating cr JOIN conversation c ON c.id = cr.conversation_id"
        f" JOIN dossier d ON d.id = c.dossier_id JOIN employee e ON e.id = d.employee_id"
        f" WHERE d.cycle_id = {cycle} AND e.department_id IN ({departments})"
        f" AND cr.competence_id = {competence} AND cr.level = {level} AND cr.role = 'manager'"
        f" AND c.type = 'assessment' AND c.status IN ('held', 'finalized', 'closed')")
    return sorted(r[0] for r in rows)


def link_departments(href):
    """The departments a link's list covers, as SQL: the department, with
    its sub-departments when the link says recursive."""
    q = parse_qs(urlsplit(href).query)
    dep = int(q["department"][0])
    if q.get("recursive") == ["1"]:
        return f"SELECT dep FROM department_ancestor WHERE up = {dep}"
    return str(dep)


def shown(doc):
    """What the overview's XML says, keyed as recount()."""
    comp, overall = {}, {}
    for d in doc.xpath("/page/reports/distribution/department"):
        dep = int(d.get("id"))
        for r in d.xpath("rating"):
            overall[(dep, int(r.get("value")))] = int(r.get("count"))
        for c in d.xpath("competence"):
            for lv in c.xpath("level"):
                comp[(dep, int(c.get("id")), int(lv.get("value")))] = int(lv.get("count"))
    return comp, overall


def overview(s, **params):
    r = s.get("/reports.xml", params=params)
    assert r.status_code == 200, (r.status_code, r.text[-2000:])
    return xml(r)


def people_logins(s, href):
    q = parse_qs(urlsplit(href).query)
    r = s.get("/reports/people.xml", params={k: v[0] for k, v in q.items()})
    assert r.status_code == 200, (href, r.status_code)
    doc = xml(r)
    assert not doc.xpath("/page/reports_people/people/@more")
    return doc, sorted(doc.xpath("/page/reports_people/people/person/@login"))


# ----------------------------------------------------------------- tests --

def test_counts_per_department_equal_a_recount(stack, org, rated, users):
    hanna, cycle, dep_of = users("hanna"), org["cycle"], org["dep_of"]
    for dep in sorted(set(dep_of.values())):
        doc = overview(hanna, cycle=cycle, department=dep)
        comp, overall = shown(doc)
        want_comp, want_overall = recount(stack, cycle, f"AND e.department_id = {dep}")
        assert comp == want_comp, dep
        assert overall == want_overall, dep
        # the plan's numbers, so that an empty recount cannot pass; eva's
        # self-assessment (level 1 of the first competence) counts nowhere
        assert comp == planned(org, lambda who: dep_of[who] == dep), dep
        mine = [who for who in TEAM if dep_of[who] == dep]
        assert sum(overall.values()) == len(mine)
        for who in mine:
            assert overall[(dep, OVERALL[who])] >= 1
        # the levels are the scale's, labelled in Dutch and English
        levels = doc.xpath("/page/reports/distribution/competence_levels/level")
        assert [int(lv.get("value")) for lv in levels] == [1, 2, 3, 4]
        assert all(lv.get("label_nl") for lv in levels)
        names = doc.xpath("/page/reports/distribution/department/competence/@name_nl")
        assert names and all(n.startswith(("Samenwerken", "Resultaatgericht")) for n in names)


def overview_params(org):
    """The overview folded under eva's department's parent (HR's whole
    organisation when it has none)."""
    params = {"cycle": org["cycle"]}
    if org["parent"]:
        params.update(department=org["parent"], recursive="1")
    return params


def test_each_number_names_exactly_its_people(stack, org, rated, users):
    hanna = users("hanna")
    html = page(hanna.get("/reports", params=overview_params(org)))
    links = html.xpath("//section[@id='distribution']//a[contains(@href, 'metric=competence.')]")
    assert links
    seen = 0
    for a in links:
        q = parse_qs(urlsplit(a.get("href")).query)
        _, cid, level = q["metric"][0].split(".")
        doc, logins = people_logins(hanna, a.get("href"))
        assert logins == recount_people(stack, org["cycle"], link_departments(a.get("href")),
                                        cid, level)
        assert a.text.strip() == str(len(logins)) and logins
        assert doc.xpath("/page/reports_people/people/@name_nl")
        seen += len(logins)
    # every manager's rating under the scope is behind exactly one number
    under = [who for who in TEAM
             if not org["parent"] or stack.sql(
                 f"SELECT 1 FROM department_ancestor WHERE up = {org['parent']}"
                 f" AND dep = {org['dep_of'][who]}")]
    assert seen == 2 * len(under)
    # the overall ratings' numbers link to their department's list as well
    rl = html.xpath("//section[@id='distribution']//tr[@class='dist-rating']//a")
    assert rl
    for a in rl:
        _, logins = people_logins(hanna, a.get("href"))
        assert len(logins) == int(a.text.strip())


def test_a_reopen_and_a_new_rating_move_the_count(stack, org, rated, users):
    eva_conv = org["convs"]["eva"]
    c0 = org["comps"][0]
    dep = org["dep_of"]["eva"]
    stack.sql(f"UPDATE conversation SET status = 'finalized' WHERE id = {eva_conv}")
    rebuild_summaries(stack)
    hanna, mark = users("hanna"), users("mark")
    before, _ = shown(overview(hanna, cycle=org["cycle"], department=dep))
    r = post(hanna, f"/conversations/{eva_conv}/reopen", reason="Oordeel herzien")
    assert r.status_code == 303, r.status_code
    assert one(stack, f"SELECT status FROM conversation WHERE id = {eva_conv}") == "held"
    version = one(stack, f"SELECT version FROM competence_rating WHERE conversation_id = {eva_conv}"
                         f" AND competence_id = {c0} AND role = 'manager'")
    rate(mark, eva_conv, c0, 2, version)
    after, _ = shown(overview(hanna, cycle=org["cycle"], department=dep))
    assert after.get((dep, c0, 3), 0) == before[(dep, c0, 3)] - 1
    assert after.get((dep, c0, 2), 0) == before.get((dep, c0, 2), 0) + 1
    want, _ = recount(stack, org["cycle"], f"AND e.department_id = {dep}")
    assert after == want
    _, logins = people_logins(hanna, f"/reports/people?cycle={org['cycle']}&department={dep}"
                                     f"&metric=competence.{c0}.2")
    assert "eva" in logins
    _, logins = people_logins(hanna, f"/reports/people?cycle={org['cycle']}&department={dep}"
                                     f"&metric=competence.{c0}.3")
    assert "eva" not in logins


def test_summaries_and_reports_verify_clean(stack, org, rated):
    assert_recount_equal(stack, "the competence ratings of the distribution tests")
    res = stack.ctl("verify", "--reports", str(org["cycle"]), check=False, timeout=600)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr
    # the kind is really kept: the dossiers' facts hold the ratings
    assert int(one(stack, f"SELECT COALESCE(SUM(n), 0) FROM dossier_summary WHERE cycle_id ="
                          f" {org['cycle']} AND kind = 'competence'")) == 2 * len(TEAM)


def test_a_department_and_a_team_see_only_their_own(stack, org, rated, users):
    cycle, dep_of = org["cycle"], org["dep_of"]
    # HR narrowed to one department (its own dossiers)
    dep = dep_of["jesse"]
    comp, overall = shown(overview(users("hanna"), cycle=cycle, department=dep))
    want_comp, want_overall = recount(stack, cycle, f"AND e.department_id = {dep}")
    assert comp == want_comp and overall == want_overall and comp
    assert {k[0] for k in comp} == {dep}
    # a manager's team: only the dossiers they hold
    for manager in ("mark", "iris"):
        mid = org["ids"][manager]
        doc = overview(users(manager), cycle=cycle)
        assert doc.xpath("/page/reports/@scope") == ["team"]
        comp, overall = shown(doc)
        want_comp, want_overall = recount(stack, cycle, f"AND d.manager_id = {mid}")
        assert comp == want_comp and overall == want_overall and comp, manager
        assert sum(overall.values()) == sum(1 for m in TEAM.values() if m == manager)
    # iris's list of a number in mark's team is empty
    r = users("iris").get("/reports/people.xml", params={
        "cycle": cycle, "department": dep_of["daan"], "metric": f"competence.{org['comps'][0]}.3"})
    assert r.status_code == 200
    assert xml(r).xpath("/page/reports_people/people/person") == []


@pytest.mark.parametrize("who", ["eva", "jesse"])
def test_a_stranger_is_refused(org, rated, users, who):
    c0 = org["comps"][0]
    s = users(who)
    assert s.get("/reports", params={"cycle": org["cycle"]}).status_code == 403
    r = s.get("/reports/people", params={"cycle": org["cycle"], "metric": f"competence.{c0}.3"})
    assert r.status_code == 403


def test_not_logged_in_is_sent_to_the_login(org, new_session):
    s = new_session()
    r = s.get(f"/reports/people?cycle={org['cycle']}&metric=competence.1.1",
              allow_redirects=False)
    assert r.status_code in (302, 303) and "/login?next=" in r.headers["Location"]


@pytest.mark.parametrize("metric", ["competence.", "competence.x.1", "competence.1",
                                    "competence.1.0", "competence.1.101", "competence.1.2.3"])
def test_a_bad_competence_metric_is_refused(org, users, metric):
    r = users("hanna").get("/reports/people.xml", params={"cycle": org["cycle"], "metric": metric})
    assert r.status_code == 400, (metric, r.status_code)


def test_an_unknown_competence_is_not_found(org, users):
    r = users("hanna").get("/reports/people.xml",
                           params={"cycle": org["cycle"], "metric": "competence.999999999.1"})
    assert r.status_code == 404


def test_the_page_labels_levels_in_both_languages(stack, org, rated, users):
    hanna = users("hanna")
    params = overview_params(org)
    nl = page(hanna.get("/reports", params=params))
    en = page(hanna.get("/reports", params=params, headers=EN))
    labels = stack.sql(f"SELECT l.value, l.label_nl, COALESCE(l.label_en, l.label_nl)"
                       f" FROM template_section ts JOIN template_scale sc ON sc.version_id ="
                       f" ts.version_id AND sc.skey = ts.scale_key JOIN template_scale_level l"
                       f" ON l.scale_id = sc.id WHERE ts.version_id = {org['version']} AND"
                       f" ts.conv_type = 'assessment' AND ts.kind = 'competences' ORDER BY l.value")
    for doc, col in ((nl, 1), (en, 2)):
        table = doc.xpath("//section[@id='distribution']//table[contains(@id, '-competences')]")[0]
        heads = [" ".join(th.text_content().split()) for th in table.xpath("thead/tr/th")][1:]
        assert heads == [r[col] for r in labels]
        names = [" ".join(th.text_content().split()) for th in table.xpath("tbody/tr/th")]
        assert names and all(names)
    assert nl.xpath("//section[@id='distribution']/h2/text()") == ["Verdeling per afdeling"]
    assert en.xpath("//section[@id='distribution']/h2/text()") == ["Distribution per department"]


def test_a_cycle_without_competences_shows_no_competence_block(stack, org, users):
    ids = org["ids"]
    cycle = new_cycle(stack, "Zonder competenties")
    held_assessment(stack, cycle, ids["daan"], ids["mark"], overall=4)
    rebuild_summaries(stack)
    hanna = users("hanna")
    doc = overview(hanna, cycle=cycle)
    assert not doc.xpath("/page/reports/distribution/competence_levels")
    assert not doc.xpath("/page/reports/distribution//competence")
    _, overall = shown(doc)
    assert sum(overall.values()) == 1
    html = page(hanna.get("/reports", params={"cycle": cycle}))
    assert html.xpath("//section[@id='distribution']//tr[@class='dist-rating']")
    assert not html.xpath("//section[@id='distribution']//table[contains(@id, '-competences')]")
    assert_recount_equal(stack, "a cycle without competences")
