"""Overall ratings on more than one scale in one cycle (issue 16).

A cycle has its own rating scale (typed as text, valued 1, 2, ... lowest
first), but a form template confirms the overall rating on the template
version's own final scale, and a cycle may start each department on
another template version.  The HR overview must then count and label each
overall rating on the scale it was given on: a block per scale, each level
labelled by its own scale (Dutch or English by the page's language), and
every number's people list filtered by scale and value.

The organisation: one cycle whose default is the seed's form (the cycle's
own scale 1..5), eva's department on a template whose final scale runs 0..3
and jesse's on one that runs 1..10.  The managers walk one assessment of
each through the forms -- a goal rated, the overall rating confirmed (eva's
overridden to 0 with a reason), finalized, signed by both -- so the
summaries follow the store's own writes.  The yardstick is the database:
each confirmed rating with the final scale of its conversation's version.

A goal's rating follows the scale of its form as well: a 0 where the form's
scale starts at 0 is stored (it was refused by a fixed lower bound of 1 and
stored as "no rating"), and a value off the form's scale -- a 4 on 0..3, a
0 or a 6 on the cycle's 1..5 -- is refused with a message that says so,
and changes nothing.
"""

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import StackSession
from convtools import SCALE, Users, add_item, item_id, people, post, unchanged, version
from helpers import page, xml
from summaries import assert_recount_equal, keep_summaries, rebuild_summaries

EN = {"Accept-Language": "en-GB,en;q=0.9"}
# The two templates' final scales: (value, Dutch label, English label).
ZERO_TO_THREE = [(0, "niet zichtbaar", "not visible"), (1, "zwak", "weak"),
                 (2, "op niveau", "on level"), (3, "sterk", "strong")]
ONE_TO_TEN = [(v, f"tien-{v}", f"ten-{v}") for v in range(1, 11)]
CYCLE_LABELS = SCALE.split("|")


def one(stack, query):
    rows = stack.sql(query)
    assert len(rows) == 1, (query, rows)
    return rows[0][0]


def template(stack, label, levels):
    """A template version whose result goals and final rating are on its
    own scale `levels`; goals weigh 100 and name no organisation goal.
    Returns (version id, scale id)."""
    key = f"{label}{uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO template (tkey) VALUES ('{key}')")
    t = one(stack, f"SELECT id FROM template WHERE tkey = '{key}'")
    stack.sql("INSERT INTO template_version (template_id, number, name_nl, name_en,"
              " final_scale_key, weight_result_goals, weight_competences,"
              " weight_rating_questions, goal_org_goal)"
              f" VALUES ({t}, 1, 'Formulier {label}', 'Form {label}', 'eind', 100, 0, 0,"
              " 'optional')")
    v = int(one(stack, f"SELECT id FROM template_version WHERE template_id = {t}"))
    stack.sql(f"INSERT INTO template_scale (version_id, seq, skey) VALUES ({v}, 1, 'eind')")
    s = int(one(stack, f"SELECT id FROM template_scale WHERE version_id = {v}"))
    for value, nl, en in levels:
        stack.sql(f"INSERT INTO template_scale_level (scale_id, value, label_nl, label_en)"
                  f" VALUES ({s}, {value}, '{nl}', '{en}')")
    stack.sql("INSERT INTO template_section (version_id, conv_type, seq, skey, kind, scale_key,"
              f" title_nl) VALUES ({v}, 'assessment', 1, 'resultaten', 'result_goals', 'eind',"
              " 'Resultaten')")
    return v, s


def standard_version(stack):
    return int(one(stack, "SELECT tv.id FROM template t JOIN template_version tv"
                          " ON tv.template_id = t.id WHERE t.is_default = 1"
                          " ORDER BY tv.number DESC LIMIT 1"))


def assessment(stack, cycle, employee, manager, tv):
    """A dossier with its planned assessment on template version tv, as a
    start of the cycle makes it."""
    stack.sql(f"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES"
              f" ({cycle}, {employee}, {manager})")
    d = int(one(stack, f"SELECT id FROM dossier WHERE cycle_id = {cycle}"
                       f" AND employee_id = {employee}"))
    stack.sql(f"INSERT INTO conversation (dossier_id, type, template_version_id, seq, due_on)"
              f" VALUES ({d}, 'assessment', {tv}, 3, '2027-12-15')")
    return d, int(one(stack, f"SELECT id FROM conversation WHERE dossier_id = {d}"))


def ok(r, what):
    assert r.status_code == 303, (what, r.status_code, r.text[-1500:])


def walk(stack, users, who, manager, dossier, conv, goal_rating, overall, reason=None):
    """The whole assessment through the forms: a goal, held, rated, the
    overall rating confirmed, finalized, signed by both."""
    m, e = users(manager), users(who)
    title = f"Doel {who} {uuid.uuid4().hex[:6]}"
    ok(add_item(m, conv, title), "add goal")
    goal = item_id(stack, dossier, title)
    ok(post(m, f"/conversations/{conv}/held", version=version(m, conv)), "held")
    ok(post(m, f"/conversations/{conv}/updates", item=goal, rating=str(goal_rating),
            note="Oordeel"), "rate goal")
    extra = {"reason": reason} if reason else {}
    ok(post(m, f"/conversations/{conv}/overall", version=version(m, conv), rating=str(overall),
            note="Toelichting bij het eindoordeel", **extra), "overall")
    ok(post(m, f"/conversations/{conv}/finalize", version=version(m, conv)), "finalize")
    ok(post(e, f"/conversations/{conv}/sign", version=version(e, conv), verdict="agree",
            remark=""), "employee signs")
    ok(post(m, f"/conversations/{conv}/sign", version=version(m, conv), verdict="agree",
            remark=""), "manager signs")
    assert one(stack, f"SELECT status FROM conversation WHERE id = {conv}") == "closed"


@pytest.fixture(scope="module")
def users(base_url):
    made = []

    def make():
        s = StackSession(base_url)
        made.append(s)
        return s

    yield Users(make)
    for s in made:
        s.close()


# who: (manager, template, goal rating, overall rating, override reason)
PLAN = {
    "eva": ("mark", "zero", 1, 0, "Het doel is niet gehaald, het gedrag niet gezien"),
    "jesse": ("iris", "ten", 8, 8, None),
    "bram": ("mark", "cycle", 4, 4, None),
}


@pytest.fixture(scope="module")
def org(stack, users):
    ids = people(stack)
    for login in ("bram", "jesse", "iris"):
        ids[login] = int(one(stack, f"SELECT id FROM employee WHERE login = '{login}'"))
    dep = {who: int(one(stack, f"SELECT department_id FROM employee WHERE id = {ids[who]}"))
           for who in PLAN}
    assert len(set(dep.values())) == 3, dep
    zero_v, zero_s = template(stack, "nuldrie", ZERO_TO_THREE)
    ten_v, ten_s = template(stack, "tien", ONE_TO_TEN)
    versions = {"zero": zero_v, "ten": ten_v, "cycle": standard_version(stack)}
    scales = {"zero": zero_s, "ten": ten_s, "cycle": 0}
    name = f"Schalen {uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES"
              f" ('{name}', '2027-01-01', '2027-12-31', 'open', '{SCALE}')")
    cycle = int(one(stack, f"SELECT id FROM cycle WHERE name = '{name}'"))
    stack.sql(f"INSERT INTO cycle_template (cycle_id, scope, scope_id, template_version_id)"
              f" VALUES ({cycle}, 'default', 0, {versions['cycle']}),"
              f" ({cycle}, 'department', {dep['eva']}, {zero_v}),"
              f" ({cycle}, 'department', {dep['jesse']}, {ten_v})")
    rebuild_summaries(stack)
    convs = {}
    for who, (manager, form, goal, overall, reason) in PLAN.items():
        d, conv = assessment(stack, cycle, ids[who], ids[manager], versions[form])
        keep_summaries(stack, cycle)    # the dossier was written with SQL
        walk(stack, users, who, manager, d, conv, goal, overall, reason)
        convs[who] = conv
    return {"ids": ids, "dep": dep, "cycle": cycle, "scales": scales, "convs": convs,
            "versions": versions}


def database(stack, cycle, where=""):
    """(scale id, value) -> count of the cycle's visible overall ratings,
    each on the final scale of its conversation's version (0: the cycle's
    own), straight from the rows."""
    rows = stack.sql(
        f"SELECT COALESCE(sc.id, 0), c.overall_rating, COUNT(*) FROM conversation c"
        f" JOIN dossier d ON d.id = c.dossier_id JOIN employee e ON e.id = d.employee_id"
        f" JOIN template_version tv ON tv.id = c.template_version_id"
        f" LEFT JOIN template_scale sc ON sc.version_id = tv.id AND sc.skey = tv.final_scale_key"
        f" WHERE d.cycle_id = {cycle} AND c.type = 'assessment'"
        f" AND c.overall_rating IS NOT NULL AND c.status IN ('held', 'finalized', 'closed')"
        f" {where} GROUP BY 1, 2")
    return {(int(s), int(v)): int(n) for s, v, n in rows}


def planned(org):
    return {(org["scales"][PLAN[who][1]], PLAN[who][3]): 1 for who in PLAN}


def labels_of(form, lang):
    col = 1 if lang == "nl" else 2
    if form == "zero":
        return [(v[0], v[col]) for v in ZERO_TO_THREE]
    if form == "ten":
        return [(v[0], v[col]) for v in ONE_TO_TEN]
    return [(n, label) for n, label in enumerate(CYCLE_LABELS, 1)]


def overview(s, headers=None, **params):
    r = s.get("/reports.xml", params=params, headers=headers or {})
    assert r.status_code == 200, (r.status_code, r.text[-2000:])
    return xml(r)


def shown_ratings(doc):
    """(scale id, value) -> count, and scale id -> [(value, label)]."""
    counts, labels = {}, {}
    for sc in doc.xpath("/page/reports/ratings/scale"):
        sid = int(sc.get("id"))
        rows = doc.xpath(f"/page/reports/ratings/rating[@scale = '{sid}']")
        labels[sid] = [(int(r.get("value")), r.get("label")) for r in rows]
        for r in rows:
            if int(r.get("count")):
                counts[(sid, int(r.get("value")))] = int(r.get("count"))
    # every rating belongs to a scale the page describes
    assert {int(r.get("scale")) for r in doc.xpath("/page/reports/ratings/rating")} <= set(labels)
    return counts, labels


def people_logins(s, params, headers=None):
    r = s.get("/reports/people.xml", params=params, headers=headers or {})
    assert r.status_code == 200, (params, r.status_code, r.text[-1500:])
    doc = xml(r)
    return doc, sorted(doc.xpath("/page/reports_people/people/person/@login"))


def metric(scale, value):
    return f"rating.{value}" if scale == 0 else f"rating.{scale}.{value}"


# ----------------------------------------------------------------- tests --

def test_the_overview_counts_each_rating_on_its_own_scale(stack, org, users):
    hanna = users("hanna")
    want = database(stack, org["cycle"])
    assert want == planned(org), "the walk confirmed what the plan says"
    rows = overview(hanna, cycle=org["cycle"]).xpath("/page/reports/ratings/rating")
    assert sum(int(r.get("count")) for r in rows) == sum(want.values()), \
        "every confirmed rating counted once, whatever its scale"
    for lang, headers in (("nl", None), ("en", EN)):
        counts, labels = shown_ratings(overview(hanna, headers, cycle=org["cycle"]))
        assert counts == want, lang
        # a block per scale of the cycle's forms, each with its own levels
        assert set(labels) == set(org["scales"].values()), lang
        for form, sid in org["scales"].items():
            assert labels[sid] == labels_of(form, lang), (form, lang)


def test_the_page_shows_a_table_per_scale_with_its_labels(stack, org, users):
    hanna = users("hanna")
    for lang, headers in (("nl", {}), ("en", EN)):
        html = page(hanna.get("/reports", params={"cycle": org["cycle"]}, headers=headers))
        tables = html.xpath("//table[contains(@class, 'ratings-scale')]")
        assert len(tables) == 3, lang
        for form, sid in org["scales"].items():
            table, = html.xpath(f"//table[contains(@class, 'ratings-scale')][@data-scale='{sid}']")
            rows = [(" ".join(tr.xpath("th")[0].text_content().split()),
                     " ".join(tr.xpath("td")[0].text_content().split()))
                    for tr in table.xpath("tbody/tr")]
            assert [r[0] for r in rows] == [label for _, label in labels_of(form, lang)]
            who = [w for w in PLAN if PLAN[w][1] == form][0]
            value = PLAN[who][3]
            label = dict(labels_of(form, lang))[value]
            link, = table.xpath(f".//a[contains(@href, 'metric={metric(sid, value)}')]")
            assert link.text.strip() == "1"
            assert label in link.text_content()


def test_the_distribution_counts_each_department_on_its_scale(stack, org, users):
    hanna = users("hanna")
    doc = overview(hanna, cycle=org["cycle"])
    shown = {}
    for d in doc.xpath("/page/reports/distribution/department"):
        for r in d.xpath("rating"):
            shown[(int(d.get("id")), int(r.get("scale")), int(r.get("value")))] = \
                int(r.get("count"))
    # each employee's department holds its rating under its own scale
    for who, (_, form, _, overall, _) in PLAN.items():
        dep = org["dep"][who]
        want = database(stack, org["cycle"], f"AND e.department_id = {dep}")
        mine = {k[1:]: n for k, n in shown.items() if k[0] == dep}
        if not any(k[0] == dep for k in shown):
            # folded under an ancestor: read that department alone
            d = overview(hanna, cycle=org["cycle"], department=dep)
            mine = {(int(r.get("scale")), int(r.get("value"))): int(r.get("count"))
                    for r in d.xpath("/page/reports/distribution/department/rating")}
        assert mine == want, who
        assert want == {(org["scales"][form], overall): 1}, who
    # the page: each department's table for its own scale, labelled by it
    html = page(hanna.get("/reports", params={"cycle": org["cycle"],
                                              "department": org["dep"]["eva"]}))
    table, = html.xpath("//section[@id='distribution']//table[contains(@class, 'dist-scale')]")
    assert table.get("data-scale") == str(org["scales"]["zero"])
    heads = [" ".join(th.text_content().split()) for th in table.xpath("thead/tr/th")]
    assert heads == [label for _, label in labels_of("zero", "nl")]
    link, = table.xpath(".//tr[@class='dist-rating']//a")
    assert "niet zichtbaar" in link.text_content() and link.text.strip() == "1"
    q = parse_qs(urlsplit(link.get("href")).query)
    assert q["metric"] == [metric(org["scales"]["zero"], 0)]


def test_each_list_names_the_people_of_its_scale_and_value(stack, org, users):
    hanna = users("hanna")
    cycle = org["cycle"]
    for who, (_, form, _, overall, _) in PLAN.items():
        sid = org["scales"][form]
        doc, logins = people_logins(hanna, {"cycle": cycle, "metric": metric(sid, overall)})
        assert logins == [who], (who, form)
        label = dict(labels_of(form, "nl"))[overall]
        assert doc.xpath("/page/reports_people/people/@label") == [label]
        _, logins = people_logins(hanna, {"cycle": cycle, "department": org["dep"][who],
                                          "metric": metric(sid, overall)})
        assert logins == [who]
        en, _ = people_logins(hanna, {"cycle": cycle, "metric": metric(sid, overall)}, EN)
        assert en.xpath("/page/reports_people/people/@label") == \
            [dict(labels_of(form, "en"))[overall]]
    # the same value on another scale names nobody: eva's 0 is not the
    # cycle's, jesse's 8 not the 0..3 scale's, bram's 4 not the 1..10's
    zero, ten = org["scales"]["zero"], org["scales"]["ten"]
    for m in (metric(ten, 4), metric(zero, 8), metric(ten, 0), metric(zero, 4)):
        r = hanna.get("/reports/people.xml", params={"cycle": cycle, "metric": m})
        assert r.status_code == 200, m
        assert xml(r).xpath("/page/reports_people/people/person") == [], m


@pytest.mark.parametrize("bad", ["rating.0", "rating.x", "rating.1.", "rating..1",
                                 "rating.1.101", "rating.1.01", "rating.1.2.3"])
def test_a_bad_rating_metric_is_refused(org, users, bad):
    r = users("hanna").get("/reports/people.xml", params={"cycle": org["cycle"], "metric": bad})
    assert r.status_code == 400, (bad, r.status_code)


def test_summaries_and_reports_verify_clean(stack, org):
    assert_recount_equal(stack, "assessments on three scales")
    res = stack.ctl("verify", "--reports", str(org["cycle"]), check=False, timeout=600)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr
    # the facts carry the scale: the template scales' ids as their type
    facts = stack.sql(f"SELECT type, value, SUM(n) FROM dossier_summary WHERE cycle_id ="
                      f" {org['cycle']} AND kind = 'rating' GROUP BY type, value")
    want = {("" if s == 0 else str(s), str(v)): str(n) for (s, v), n in planned(org).items()}
    assert {(t, v): n for t, v, n in facts} == want


def test_migrate_080_counts_earlier_ratings_on_their_scale(stack, org):
    """A database from before 080 counted every rating by value alone (type
    ''): migrate refills the summaries once it applies 080."""
    cycle = org["cycle"]
    for table in ("dossier_summary", "department_cycle_summary"):
        stack.sql(f"UPDATE {table} SET type = '' WHERE cycle_id = {cycle} AND kind = 'rating'")
    stack.sql("DELETE FROM schema_migrations WHERE version = 80")
    res = stack.ctl("verify", "--summaries", check=False)
    assert res.returncode == 1 and "MISMATCH" in res.stdout
    res = stack.ctl("migrate")
    assert "summaries rebuilt" in res.stdout, res.stdout
    assert_recount_equal(stack, "migrate applied 080")
    scales = {t for (t,) in stack.sql(f"SELECT DISTINCT type FROM department_cycle_summary"
                                      f" WHERE cycle_id = {cycle} AND kind = 'rating'")}
    assert scales == {"", str(org["scales"]["zero"]), str(org["scales"]["ten"])}


def test_an_unknown_scale_is_not_found(org, users):
    r = users("hanna").get("/reports/people.xml",
                           params={"cycle": org["cycle"], "metric": "rating.999999999.1"})
    assert r.status_code == 404


# ------------------------------------------------ a goal rated 0 (item 2) --

@pytest.fixture
def fresh(stack):
    """A cycle of its own with eva's assessment on the 0..3 form and daan's
    on the seed's form (the cycle's scale 1..5), both held, one goal each."""
    ids = people(stack)
    zero_v, zero_s = template(stack, "nulgoal", ZERO_TO_THREE)
    name = f"Nul {uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale) VALUES"
              f" ('{name}', '2027-01-01', '2027-12-31', 'open', '{SCALE}')")
    cycle = int(one(stack, f"SELECT id FROM cycle WHERE name = '{name}'"))
    out = {"zero_scale": zero_s}
    for who, tv in (("eva", zero_v), ("daan", standard_version(stack))):
        d, conv = assessment(stack, cycle, ids[who], ids["mark"], tv)
        out[who] = (d, conv)
    keep_summaries(stack, cycle)    # the dossiers were written with SQL
    return out


def held_goal(stack, users, dossier, conv):
    m = users("mark")
    title = f"Doel {uuid.uuid4().hex[:6]}"
    ok(add_item(m, conv, title), "add goal")
    goal = item_id(stack, dossier, title)
    ok(post(m, f"/conversations/{conv}/held", version=version(m, conv)), "held")
    return goal


def goal_ratings(stack, conv):
    return stack.sql(f"SELECT item_id, rating FROM item_update WHERE conversation_id = {conv}"
                     f" AND rating IS NOT NULL")


def test_a_goal_rated_0_on_a_scale_from_0_is_stored(stack, fresh, users):
    d, conv = fresh["eva"]
    goal = held_goal(stack, users, d, conv)
    m = users("mark")
    r = post(m, f"/conversations/{conv}/updates", item=goal, rating="0", note="Niet gezien")
    ok(r, "a goal rated 0")
    assert goal_ratings(stack, conv) == [(str(goal), "0")]
    # the form shows it chosen, and the outcome weighs it: 0 on 0..3
    form = page(m.get(f"/conversations/{conv}/items/{goal}/update"))
    assert form.xpath(f"//select[@id='upd-{goal}-rating']/option[@selected]/@value") == ["0"]
    doc = xml(m.get(f"/conversations/{conv}.xml"))
    o = doc.xpath("/page/conversation/outcome")[0]
    assert (o.get("status"), o.get("proposed")) == ("ok", "0")
    # and 0 is a level the overall rating may be confirmed on
    ok(post(m, f"/conversations/{conv}/overall", version=version(m, conv), rating="0",
            note="Eindoordeel"), "overall 0")
    assert one(stack, f"SELECT overall_rating FROM conversation WHERE id = {conv}") == "0"


def test_a_goal_rated_0_is_exported_as_0(stack, fresh, users, tmp_path):
    """The XML export keeps a goal's 0 (a level of the 0..3 form), valid
    against report.xsd, and still leaves out an update without a rating."""
    from test_export_template import validate
    d, conv = fresh["eva"]
    goal = held_goal(stack, users, d, conv)
    m = users("mark")
    ok(post(m, f"/conversations/{conv}/updates", item=goal, rating="0", note="Niet gezien"),
       "a goal rated 0")
    cycle = one(stack, f"SELECT cycle_id FROM dossier WHERE id = {d}")
    r = users("hanna").get(f"/reports/cycles/{cycle}.xml")
    assert r.status_code == 200, r.text[:1000]
    doc = validate(tmp_path, r.content)
    ratings = [u.get("rating") for u in doc.iter("{urn:gesprek:report:1}update")
               if u.get("conversation_id") == str(conv)]
    assert ratings, r.text[:6000]
    want = [row[0] for row in stack.sql(f"SELECT rating FROM item_update WHERE item_id = {goal}"
                                        " ORDER BY id")]
    assert sorted(ratings, key=str) == sorted([None if v == "NULL" or v is None else v
                                               for v in want], key=str)
    assert "0" in ratings


@pytest.mark.parametrize("who,bad", [("eva", "4"), ("eva", "101"), ("daan", "0"),
                                     ("daan", "6")])
def test_a_goal_rating_off_the_scale_is_refused(stack, fresh, users, who, bad):
    d, conv = fresh[who]
    goal = held_goal(stack, users, d, conv)
    m = users("mark")
    flashes = ("SELECT COUNT(*) FROM session s JOIN employee e ON e.id = s.employee_id"
               " WHERE e.login = 'mark' AND s.flash = 'flash.saved'")
    stack.sql("UPDATE session s JOIN employee e ON e.id = s.employee_id SET s.flash = NULL"
              " WHERE e.login = 'mark'")
    with unchanged(stack, what=f"a goal rated {bad} off the scale of {who}'s form"):
        r = post(m, f"/conversations/{conv}/updates", item=goal, rating=bad, note="Buiten")
    assert r.status_code == 400, (who, bad, r.status_code)
    # The store's refusal commits its transaction with nothing written:
    # not the flash the save writes in it either (issue 22).
    assert stack.sql(flashes)[0][0] == "0"
    html = page(r)
    assert html.xpath(f"//*[@id='upd-{goal}-rating'][@aria-invalid='true']"), (who, bad)
    alert = " ".join(html.xpath("string(//*[@id='form-alert'])").split())
    # beyond any scale (a level is at most 100) the field's own bound answers
    assert ("schaal" in alert) == (bad != "101"), alert
    assert goal_ratings(stack, conv) == []
