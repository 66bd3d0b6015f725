"""The charts of the reports page (xslt/charts.xsl) over real HTTP.

An organisation of its own is made in the database: a root department with
twelve departments under it (more than the ten a chart shows one by one, so
the "rest" bar is drawn), each with one to four employees with a dossier
and the three conversations of the cycle in mixed states, some overdue,
some rated.  The expected bars are computed in the test from the page's
own XML (GET /reports.xml), the same numbers the tables show, never typed in:

  * every chart is well-formed SVG inside a <figure> with a <figcaption>
    that links to its table, role="img", labelled by its <title> and <desc>;
  * the completion chart has one group per department (top ten by number
    of conversations, then one for the rest) with a bar per step whose
    length over its track is held / total of that step;
  * the overdue chart has a bar per department (most overdue first, the
    rest added up) whose length is proportional to its number;
  * ratings and result goals: a bar per rating / state, proportional;
  * the <desc> says each of those numbers in words;
  * a manager's chart holds only their team's departments;
  * a cycle without dossiers, and one where nothing is overdue or rated,
    render without a chart error (status 200, no chart, a sentence instead).
"""

import re
import secrets

import pytest
from lxml import etree, html as lxml_html

from conftest import login
from helpers import insert
from summaries import rebuild_summaries

TAG = secrets.token_hex(3)
PASSWORD = "grafiek-geheim"
PAST, FUTURE = "2020-06-30", "2099-12-01"
TYPES = ("goal_setting", "progress", "assessment")
SCALE = ("slecht", "matig", "goed", "zeer goed")
DEPARTMENTS = 12
TOP = 10          # departments a chart shows one by one (charts.xsl ch-top)
SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def login_of(who):
    return f"ch-{who}-{TAG}"


def new_cycle(stack, name):
    cycle = insert(stack, "cycle", name=f"{name} {TAG}", starts_on="2020-01-01",
                   ends_on="2020-12-31", status="open", rating_scale="|".join(SCALE))
    for seq, typ in enumerate(TYPES, 1):
        stack.sql(f"INSERT INTO cycle_step (cycle_id, seq, type, due_on) VALUES "
                  f"({cycle}, {seq}, '{typ}', '{PAST if seq < 3 else FUTURE}')")
    return cycle


def states(i, j):
    """(status, overall rating) of the three conversations of employee j of department i."""
    gs = "closed" if (i + j) % 2 == 0 else "planned"
    pr = "held" if j % 3 == 0 else ("preparing" if i % 2 else "planned")
    asm = ("held", (i + j) % len(SCALE) + 1) if (i + j) % 3 == 0 else ("planned", None)
    return [(gs, None), (pr, None), asm]


@pytest.fixture(scope="module")
def org(stack):
    o = {"dep": [], "emp": {}}
    root = insert(stack, "department", name=f"CH Root {TAG}")
    o["root"] = root
    emp = o["emp"]

    def person(who, name, department, manager=None, **extra):
        emp[who] = insert(stack, "employee", login=login_of(who), name=name,
                          email=f"{login_of(who)}@example.org", department_id=department,
                          manager_id=emp[manager] if manager else None, **extra)
        stack.add_pam_user(login_of(who), PASSWORD)
        return emp[who]

    person("hr", "Grafiek HR", None, is_hr=1)
    person("m1", "Grafiek Manager Een", root)
    person("m2", "Grafiek Manager Twee", root)
    o["cycle"] = cycle = new_cycle(stack, "CH cyclus")
    for i in range(DEPARTMENTS):
        dep = insert(stack, "department", name=f"CH Afdeling {i:02d} {TAG}", parent_id=root)
        o["dep"].append(dep)
        manager = "m1" if i < 3 else "m2"
        for j in range(i % 4 + 1):
            e = person(f"e{i}-{j}", f"Medewerker {i}-{j}", dep, manager)
            d = insert(stack, "dossier", cycle_id=cycle, employee_id=e, manager_id=emp[manager])
            for seq, (status, rating) in enumerate(states(i, j), 1):
                held = None if status in ("planned", "preparing") else "2020-05-01"
                c = insert(stack, "conversation", dossier_id=d, type=TYPES[seq - 1], seq=seq,
                           status=status, held_on=held, overall_rating=rating)
                if seq == 1 and j == 0:
                    status = ("achieved", "not_achieved", "on_track")[i % 3]
                    insert(stack, "item", dossier_id=d, kind="result", title=f"Doel {i}",
                           measure="Meetbaar", deadline="2020-12-01", responsible_id=e,
                           status=status, weight=1, created_in_conversation_id=c,
                           author_id=emp[manager],
                           achieved_on="2020-10-01" if status == "achieved" else None)
    # a cycle with no dossier at all, and one where nothing is overdue or rated
    o["empty_cycle"] = new_cycle(stack, "CH leeg")
    o["calm_cycle"] = calm = insert(stack, "cycle", name=f"CH rustig {TAG}", starts_on="2099-01-01",
                                    ends_on="2099-12-31", status="open",
                                    rating_scale="|".join(SCALE))
    e = person("calm", "Rustige Medewerker", o["dep"][0], "m1")
    d = insert(stack, "dossier", cycle_id=calm, employee_id=e, manager_id=emp["m1"])
    for seq, typ in enumerate(TYPES, 1):
        insert(stack, "conversation", dossier_id=d, type=typ, seq=seq, status="planned",
               due_on=FUTURE)
    # Written with SQL, past the store: the report summaries the overview
    # reads (issue 21) are recounted once, as a migration would.
    rebuild_summaries(stack)
    return o


@pytest.fixture(scope="module")
def session(org, base_url):
    from conftest import StackSession
    made = {}

    def get(who):
        if who not in made:
            s = StackSession(base_url)
            assert login(s, login_of(who), PASSWORD).status_code == 303
            made[who] = s
        return made[who]
    yield get
    for s in made.values():
        s.close()


def report(s, **params):
    """(the page XML's <reports>, the HTML text) of one report."""
    r = s.get("/reports.xml", params=params)
    assert r.status_code == 200, r.text[:1500]
    h = s.get("/reports", params=params)
    assert h.status_code == 200, h.text[:1500]
    return etree.fromstring(r.content).find("reports"), h.text


def svgs(text):
    """{figure id: parsed <svg>} -- each chart parsed as XML on its own, so it
    must be well-formed, not merely what an HTML parser puts up with."""
    out = {}
    doc = lxml_html.fromstring(text)
    raw = SVG.findall(text)
    figures = doc.xpath("//figure[@class='chart']")
    assert len(raw) == len(figures), (len(raw), len(figures))
    for fig, chunk in zip(figures, raw):
        svg = etree.fromstring(chunk)
        out[fig.get("id")] = (fig, svg)
    return out


def dep_name(d):
    return d.get("name")


def done_of(t):
    return int(t.get("held")) + int(t.get("signing")) + int(t.get("closed"))


def dep_sum(d, attr):
    return sum(int(t.get(attr)) for t in d.findall("type"))


def bar_ratio(bar, track):
    return float(bar.get("width")) / float(track.get("width"))


def bars(g):
    """[(track, bar, value text)] of a group of bars in drawing order."""
    rects = g.findall("rect")
    texts = [t.text for t in g.findall("text") if t.get("class") == "ch-value"]
    tracks = [r for r in rects if r.get("class") == "ch-track"]
    filled = [r for r in rects if r.get("class", "").startswith("ch-bar")]
    assert len(tracks) == len(filled) == len(texts)
    return list(zip(tracks, filled, texts))


def check_accessible(fig, svg):
    assert svg.get("role") == "img"
    labels = svg.get("aria-labelledby").split()
    ids = {e.get("id"): e for e in svg.iter() if e.get("id")}
    assert [ids[x].tag for x in labels] == ["title", "desc"]
    assert ids[labels[0]].text.strip() and ids[labels[1]].text.strip()
    cap = fig.find("figcaption")
    assert cap is not None and cap.text_content().strip()
    link = cap.find("a").get("href")
    assert link.startswith("#table-")
    return ids[labels[1]].text


def test_by_department_numbers(org, session):
    """The per-department numbers the charts draw, counted by hand from the
    states the fixture gave each conversation, and summed they are the
    page's per-type totals (another query)."""
    rep, _ = report(session("hr"), cycle=org["cycle"], department=org["root"], recursive="1")
    got = {d.get("name"): {t.get("name"): {k: int(t.get(k)) for k in
                                           ("planned", "held", "signing", "closed", "overdue",
                                            "total")}
                           for t in d.findall("type")}
           for d in rep.findall("by_department/department")}
    want = {}
    for i in range(DEPARTMENTS):
        per = want[f"CH Afdeling {i:02d} {TAG}"] = {
            t: dict(planned=0, held=0, signing=0, closed=0, overdue=0, total=0) for t in TYPES}
        for j in range(i % 4 + 1):
            for seq, (status, _rating) in enumerate(states(i, j), 1):
                n = per[TYPES[seq - 1]]
                n["total"] += 1
                if status in ("planned", "preparing"):
                    n["planned"] += 1
                    n["overdue"] += seq < 3      # steps 1 and 2 are due in the past
                else:
                    n[status] += 1
    assert got == want
    for t in rep.findall("conversations/type"):
        for k in ("planned", "held", "signing", "closed", "overdue", "total"):
            assert int(t.get(k)) == sum(d[t.get("name")][k] for d in got.values()), (t.get("name"), k)


def test_charts_in_page_well_formed_and_linked(org, session):
    rep, text = report(session("hr"), cycle=org["cycle"], department=org["root"], recursive="1")
    charts = svgs(text)
    assert set(charts) == {"chart-completion", "chart-overdue", "chart-results", "chart-ratings"}
    doc = lxml_html.fromstring(text)
    for fig, svg in charts.values():
        check_accessible(fig, svg)
        table = fig.find("figcaption/a").get("href")[1:]
        assert doc.xpath(f"//table[@id='{table}']"), table
        assert svg.get("viewBox").startswith("0 0 ")


def test_completion_bars_per_department(org, session):
    rep, text = report(session("hr"), cycle=org["cycle"], department=org["root"], recursive="1")
    deps = rep.findall("by_department/department")
    assert len(deps) == DEPARTMENTS
    deps.sort(key=lambda d: (-dep_sum(d, "total"), dep_name(d)))
    shown, rest = deps[:TOP], deps[TOP:]
    fig, svg = svgs(text)["chart-completion"]
    groups = svg.findall("g[@class='ch-group']")
    assert len(groups) == len(shown) + 1
    desc = check_accessible(fig, svg)
    for g, d in zip(groups, shown + [None]):
        label = g.find("text").text
        types = d.findall("type") if d is not None else [t for x in rest for t in x.findall("type")]
        if d is not None:
            assert label == dep_name(d)
        else:
            assert f"({len(rest)} " in label
        said = [part for part in desc.rstrip(".").split("; ") if part.startswith(label + ": ")]
        assert len(said) == 1, (label, desc)
        drawn = bars(g)
        assert len(drawn) == len(TYPES)
        for (track, bar, value), typ in zip(drawn, TYPES):
            of = [t for t in types if t.get("name") == typ]
            done, total = sum(map(done_of, of)), sum(int(t.get("total")) for t in of)
            assert value.startswith(f"{done} van {total}"), (label, typ, value)
            assert bar_ratio(bar, track) == pytest.approx(done / total if total else 0, abs=1e-3)
            assert value in said[0]


def test_overdue_bars_proportional(org, session):
    rep, text = report(session("hr"), cycle=org["cycle"], department=org["root"], recursive="1")
    deps = rep.findall("by_department/department")
    deps.sort(key=lambda d: (-dep_sum(d, "overdue"), dep_name(d)))
    values = [dep_sum(d, "overdue") for d in deps[:TOP]] + [sum(dep_sum(d, "overdue")
                                                                for d in deps[TOP:])]
    labels = [dep_name(d) for d in deps[:TOP]]
    assert sum(values) == sum(int(t.get("overdue")) for t in rep.findall("conversations/type"))
    fig, svg = svgs(text)["chart-overdue"]
    desc = check_accessible(fig, svg)
    rows = svg.findall("g[@class='ch-row']")
    assert len(rows) == len(values)
    top = max(values[:-1])
    for row, value, label in zip(rows, values, labels + [None]):
        name = row.find("text").text
        if label:
            (track, bar, shown), = bars(row)
            assert name == label
            assert int(shown) == value
            assert bar_ratio(bar, track) == pytest.approx(value / top, abs=1e-3)
        else:
            # the rest, a sum over two departments, in words without a bar
            assert f"({DEPARTMENTS - TOP} " in name
            assert row.find("rect") is None
            assert [t.text for t in row.findall("text")][1] == str(value)
        assert f"{name}: {value}" in desc


def test_ratings_and_results_bars(org, session):
    rep, text = report(session("hr"), cycle=org["cycle"], department=org["root"], recursive="1")
    charts = svgs(text)
    ratings = rep.findall("ratings/rating")
    counts = [int(r.get("count")) for r in ratings]
    assert sum(counts) > 0
    fig, svg = charts["chart-ratings"]
    desc = check_accessible(fig, svg)
    rows = svg.findall("g[@class='ch-row']")
    assert len(rows) == len(ratings)
    for row, rating, count in zip(rows, ratings, counts):
        (track, bar, shown), = bars(row)
        assert row.find("text").text == rating.get("label")
        assert shown.startswith(str(count))
        assert bar_ratio(bar, track) == pytest.approx(count / max(counts), abs=1e-3)
        assert f"{rating.get('label')}: {count}" in desc

    res = rep.find("results")
    total = int(res.get("total"))
    fig, svg = charts["chart-results"]
    desc = check_accessible(fig, svg)
    rows = svg.findall("g[@class='ch-row']")
    assert len(rows) == 3
    for row, state in zip(rows, ("achieved", "not_achieved", "in_progress")):
        (track, bar, shown), = bars(row)
        value = int(res.get(state))
        assert shown.startswith(str(value))
        assert bar_ratio(bar, track) == pytest.approx(value / total, abs=1e-3)
        assert f"{row.find('text').text}: {value}" in desc


def test_manager_chart_holds_only_the_team(org, session):
    rep, text = report(session("m1"), cycle=org["cycle"])
    names = {dep_name(d) for d in rep.findall("by_department/department")}
    assert names == {f"CH Afdeling {i:02d} {TAG}" for i in range(3)}
    fig, svg = svgs(text)["chart-completion"]
    groups = [g.find("text").text for g in svg.findall("g[@class='ch-group']")]
    assert sorted(groups) == sorted(names)


def test_english_chart_texts(org, session):
    s = session("hr")
    r = s.get("/reports", params={"cycle": org["cycle"]}, headers={"Accept-Language": "en"})
    assert r.status_code == 200
    fig, svg = svgs(r.text)["chart-completion"]
    desc = check_accessible(fig, svg)
    assert " of " in desc and " van " not in desc


@pytest.mark.parametrize("which", ["empty_cycle", "calm_cycle"])
def test_empty_and_all_zero_render_without_chart_error(org, session, which):
    rep, text = report(session("hr"), cycle=org[which])
    charts = svgs(text)
    doc = lxml_html.fromstring(text)
    if which == "empty_cycle":
        assert rep.find("by_department/department") is None
        assert charts == {}
        assert "Er zijn nog geen gesprekken in deze selectie." in doc.text_content()
    else:
        # one department, nothing overdue, no rating, no result goal
        assert set(charts) == {"chart-completion"}
        fig, svg = charts["chart-completion"]
        check_accessible(fig, svg)
        for g in svg.findall("g[@class='ch-group']"):
            for track, bar, shown in bars(g):
                assert float(bar.get("width")) == 0 and shown.startswith("0 van 1")
        assert "Geen enkel gesprek is te laat." in doc.text_content()
    assert "Er is nog geen eindoordeel gegeven." in doc.text_content()
    for name in ("chart-ratings", "chart-results", "chart-overdue"):
        assert not doc.xpath(f"//*[@id='{name}']")


# A4 less gesprek.css's @page margins (18 mm top, 20 mm bottom), in CSS px:
# a figure taller than this would be cut across two pages.
PRINTABLE_HEIGHT_PX = (297 - 18 - 20) / 25.4 * 96
PRINT_CHECK = """
var w = document.documentElement.clientWidth, out = [];
document.querySelectorAll('figure.chart').forEach(function (f) {
  var svg = f.querySelector('svg'), r = svg.getBoundingClientRect(), fills = {};
  svg.querySelectorAll('text').forEach(function (t) { fills[getComputedStyle(t).fill] = 1; });
  out.push({id: f.id, left: r.left, right: r.right, height: f.getBoundingClientRect().height, width: w,
            breaks: getComputedStyle(f).breakInside, fills: Object.keys(fills)});
});
return out;
"""


def test_charts_print_whole_and_black(org, session, stack):
    """With the print stylesheet every chart fits the page's width, is not cut
    across pages and its text is black; the printed PDF holds the chart's
    labels and numbers (SVG text stays text)."""
    import base64
    import shutil
    import subprocess

    import webtools
    webtools.need_browser()
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: tests/deps.sh installs poppler-utils", pytrace=False)
    params = f"cycle={org['cycle']}&department={org['root']}&recursive=1"
    rep, _ = report(session("hr"), cycle=org["cycle"], department=org["root"], recursive="1")
    d = webtools.chrome("nl")
    try:
        d.get(stack.base_url + "/static/gesprek.css")
        for c in session("hr").cookies:
            d.add_cookie({"name": c.name, "value": c.value, "path": "/", "secure": True})
        d.get(f"{stack.base_url}/reports?{params}")
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        figures = d.execute_script(PRINT_CHECK)
        pdf = d.execute_cdp_cmd("Page.printToPDF", {
            "paperWidth": 8.27, "paperHeight": 11.69, "printBackground": False,
            "displayHeaderFooter": False, "preferCSSPageSize": True})
    finally:
        d.quit()
    assert {f["id"] for f in figures} == {"chart-completion", "chart-overdue", "chart-results",
                                         "chart-ratings"}
    for f in figures:
        assert f["left"] >= 0 and f["right"] <= f["width"] + 0.5, f
        assert 0 < f["height"] <= PRINTABLE_HEIGHT_PX, f
        assert f["breaks"] == "avoid", f
        assert f["fills"] == ["rgb(0, 0, 0)"], f
    path = webtools.shots_dir(stack) / "print-reports-charts-nl.pdf"
    path.write_bytes(base64.b64decode(pdf["data"]))
    res = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    flat = " ".join(res.stdout.split())
    deps = rep.findall("by_department/department")
    biggest = max(deps, key=lambda x: (dep_sum(x, "total"), x.get("name")))
    assert flat.count(dep_name(biggest)) >= 2, "in the chart and in the table"
    gs = [t for t in biggest.findall("type") if t.get("name") == "goal_setting"][0]
    assert f"{done_of(gs)} van {gs.get('total')} (" in flat, "the chart's number, with its share"
