"""A 360-degree feedback round with anonymity in the browser (issue 17):
Chromium, keys and clicks.  Mark opens eva's assessment, follows the way
to its feedback round, finds three colleagues by name and invites each
with a deadline; each colleague finds the invitation on the dashboard,
picks a level and types a tip, and sends it.  After two answers mark's
page shows nothing of them and says why; the third answer shows the
aggregate: a count per level and the tips in alphabetical order, with no
names."""

import uuid

import pytest

from convtools import people
from feedbacktools import fb_template, make_round, person_ids

TRIO = ("lotte", "bram", "fleur")
DEADLINE = "2099-06-30"


def test_an_anonymous_round_in_the_browser(stack, capsys):
    bj = pytest.importorskip("test_browser_journey")
    ids = people(stack)
    ids.update(person_ids(stack, TRIO))
    d = make_round(stack, ids, fb_template(stack))
    conv = d["conv"]
    tag = uuid.uuid4().hex[:6]
    tips = {"lotte": f"Zeg vaker nee ({tag})", "bram": f"Deel je planning ({tag})",
            "fleur": f"Vraag om hulp ({tag})"}
    levels = {"lotte": "3", "bram": "4", "fleur": "3"}

    def body(shots, browsers):
        mark = bj.Browser("mark", stack.base_url, shots)
        browsers.append(mark)
        mark.login("mark")
        mark.open(f"/conversations/{conv}")
        mark.follow("#feedback-link")
        assert mark.path() == f"/conversations/{conv}/feedback"
        assert mark.css("#feedback-hidden").get_dom_attribute("data-show") == "threshold"
        for who in TRIO:
            first = stack.sql(f"SELECT name FROM employee WHERE id = {ids[who]}")[0][0].split()[0]
            mark.type("f-q", first)
            mark.submit(mark.css("form[role='search']"))
            mark.type_date(f"f-deadline-{ids[who]}", DEADLINE)
            mark.submit(mark.css(f"#invite-{who}").find_element(bj.By.XPATH, "./ancestor::form"))
            assert mark.path() == f"/conversations/{conv}/feedback", mark.main_text()[:1500]
            assert not mark.has("#invite-error"), mark.css("#invite-error").text
        assert len(mark.all("#feedback-invitations li")) == 3
        mark.shot("feedback-01-invited")

        def give(who):
            b = bj.Browser(who, stack.base_url, shots)
            browsers.append(b)
            b.login(who)
            inv = int(stack.sql(f"SELECT id FROM feedback_invitation WHERE conversation_id ="
                                f" {conv} AND invitee_id = {ids[who]}")[0][0])
            b.follow(f"#dashboard-feedback a[href='/feedback/{inv}']")
            assert b.css("#feedback-anonymity").get_dom_attribute("data-anonymity") == "anonymous"
            b.check(f"f-q1_rating-{levels[who]}")
            b.type("f-q2_body", tips[who])
            b.shot(f"feedback-02-{who}")
            b.submit(b.css("#feedback-form"))
            assert b.path() == "/", b.main_text()[:1500]
            assert not b.has(f"#dashboard-feedback a[href='/feedback/{inv}']"), "answered: gone"
            b.quit()
            browsers.remove(b)

        for who in TRIO[:2]:
            give(who)
            mark.refresh()
            assert mark.css("#feedback-hidden").get_dom_attribute("data-show") == "threshold"
            assert not any(t in mark.main_text() for t in tips.values())
        mark.shot("feedback-03-two-answers")

        give(TRIO[2])
        mark.refresh()
        answers = mark.css("#feedback-answers")
        assert answers.get_dom_attribute("data-show") == "aggregate"
        counts = {row.get_dom_attribute("data-value"):
                  row.find_element(bj.By.CSS_SELECTOR, ".level-count").text
                  for row in mark.all(".feedback-question[data-key='samenwerken'] tbody tr")}
        assert counts == {"1": "0", "2": "0", "3": "2", "4": "1"}
        shown = [li.text for li in mark.all(".feedback-question[data-key='tip'] .feedback-texts li")]
        assert shown == sorted(tips.values())
        text = mark.main_text()
        for who in TRIO:
            name = stack.sql(f"SELECT name FROM employee WHERE id = {ids[who]}")[0][0]
            # invited by name, but no answer carries one
            assert text.count(name) == 1, (name, text[:2000])
        mark.shot("feedback-04-aggregate")

    bj.browser_test(stack, capsys, "feedback round", body)
