"""Helpers for the second assessor's tests (issue 17): a template version
that asks for one, an assessment held with rated goals and a confirmed
overall rating, finalized, and the review's rows as the database has them.
Used by test_second_assessor.py, test_authz_second.py and
test_second_assessor_walk.py."""

import uuid

from convtools import add_item, item_id, post, version


def one(stack, sql):
    rows = stack.sql(sql)
    assert len(rows) == 1, f"{sql}: {rows}"
    return rows[0][0]


def second_template(stack, required=True, rated_sections=False):
    """A template version whose assessment rates result goals on the
    cycle's scale (as the default form does), the outcome all on the goals,
    the final rating on the cycle's scale, and that asks (or not) for a
    second assessor; with rated_sections also an optional rating question
    'inzet' and an optional competence section 'comp' (the cycle's scale),
    the manager's to answer."""
    key = f"tweede{uuid.uuid4().hex[:8]}"
    stack.sql(f"INSERT INTO template (tkey) VALUES ('{key}')")
    t = one(stack, f"SELECT id FROM template WHERE tkey = '{key}'")
    stack.sql("INSERT INTO template_version (template_id, number, name_nl, weight_result_goals,"
              " weight_competences, weight_rating_questions, goal_org_goal, goal_measure,"
              f" goal_end_date, second_assessor) VALUES ({t}, 1, 'Proefvorm {key}', 100, 0, 0,"
              f" 'optional', 'optional', 'optional', {1 if required else 0})")
    v = one(stack, f"SELECT id FROM template_version WHERE template_id = {t}")
    stack.sql("INSERT INTO template_section (version_id, conv_type, seq, skey, kind, title_nl)"
              f" VALUES ({v}, 'assessment', 1, 'resultaten', 'result_goals', 'Resultaten')")
    if rated_sections:
        stack.sql("INSERT INTO template_section (version_id, conv_type, seq, skey, kind,"
                  f" answered_by, title_nl) VALUES ({v}, 'assessment', 2, 'inzet',"
                  f" 'rating_question', 'manager', 'Inzet'), ({v}, 'assessment', 3, 'comp',"
                  " 'competences', 'manager', 'Competenties')")
    return v


def held_assessment(stack, dossier, mark, ratings=(3, 4), overall=4, required=True,
                    rated_sections=False):
    """The dossier's assessment on a second-assessor template, held, one
    result goal per rating (rated by mark), the overall rating confirmed
    (with a reason when it is not the proposal).  Returns (cid, goals)."""
    cid = dossier["conversations"][2]
    v = second_template(stack, required, rated_sections)
    stack.sql(f"UPDATE conversation SET template_version_id = {v} WHERE id = {cid}")
    goals = []
    for n, _ in enumerate(ratings):
        title = f"Doel {n} {uuid.uuid4().hex[:6]}"
        assert add_item(mark, cid, title, weight="50").status_code == 303
        goals.append(item_id(stack, dossier["id"], title))
    r = post(mark, f"/conversations/{cid}/held", version=version(mark, cid), confirm="1")
    assert r.status_code == 303, r.status_code
    for g, rating in zip(goals, ratings):
        r = post(mark, f"/conversations/{cid}/updates", item=g, rating=str(rating), note="Oordeel")
        assert r.status_code == 303, r.status_code
    r = post(mark, f"/conversations/{cid}/overall", version=version(mark, cid), rating=str(overall),
             note="Eindoordeel", reason="Afwijkend van het voorstel")
    assert r.status_code == 303, r.status_code
    return cid, goals


def finalize(mark, cid):
    r = post(mark, f"/conversations/{cid}/finalize", version=version(mark, cid))
    assert r.status_code == 303, r.status_code


def review_row(stack, cid):
    """(status, review, second assessor id or 0) of the conversation."""
    s, rv, who = stack.sql("SELECT status, review, COALESCE(second_assessor_id, 0)"
                           f" FROM conversation WHERE id = {cid}")[0]
    return s, rv, int(who)


def events(stack, cid):
    """(action, target, target_id, old, new, reason, author id) of each event."""
    rows = stack.sql("SELECT action, COALESCE(target, ''), COALESCE(target_id, 0),"
                     " COALESCE(old_rating, ''), COALESCE(new_rating, ''), COALESCE(reason, ''),"
                     f" author_id FROM review_event WHERE conversation_id = {cid} ORDER BY id")
    return [(a, t, int(ti), o, n, r, int(au)) for a, t, ti, o, n, r, au in rows]


def browser_rate_and_finalize(bj, mgr, cid, goal, rating, goal_note, overall_note):
    """In the manager's Chromium (bj: test_browser_journey): a result goal
    added, the conversation held, the goal rated, the overall rating
    confirmed on the same level, finalized.  Returns the goal's id."""
    here = f"/conversations/{cid}"
    mgr.open(here)
    item = bj.add_item(mgr, cid, "result", goal)
    bj.hold(mgr, cid)
    form = mgr.open_editor(f"{here}/items/{item}/update#upd-{item}")
    mgr.choose(f"upd-{item}-rating", rating)
    mgr.type(f"upd-{item}-note", goal_note)
    mgr.submit_ok(form, here)
    overall = mgr.css(f"form#overall[action='{here}/overall']")
    mgr.choose("overall-rating", rating)
    mgr.type("overall-note", overall_note)
    mgr.submit_ok(overall, here)
    mgr.submit_ok(mgr.form(f"{here}/finalize"), here)
    assert mgr.status() == "finalized", mgr.main_text()[:2000]
    return item
