"""The journey with the keyboard alone, in headless Chromium: only Tab,
Shift+Tab, Enter, Space and typed characters (ActionChains / send_keys to
the focused element), never a click.

An employee of her own logs in through the form, follows the skip link, finds her new
conversation on the dashboard, opens it, follows "add a result goal" (a
link to its editor at its own URL, issue 15) with Enter, tabs from the
editor's anchor into its first field, types the goal, goes back with Shift+Tab to correct
the title, submits with Space on the button, and finds the goal saved.

Focus is visible on every element that receives it: its computed outline
(at least 2px, not "none") or box-shadow differs from its look without
focus.  A key press that would be lost (focus on <body>) fails the test.
"""

import uuid

import pytest

import pagestates
import webtools

webtools.need_browser()

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

MAX_TABS = 150          # Tab presses to reach one element, at most
WAIT = 30               # seconds for a page load

DESCRIBE = """
var e = document.activeElement;
if (!e || e === document.body) return null;
var s = getComputedStyle(e);
return {tag: e.tagName.toLowerCase(), id: e.id || '', name: e.getAttribute('name') || '',
        href: e.getAttribute('href') || '', text: (e.innerText || e.value || '').trim().slice(0, 60),
        outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
        boxShadow: s.boxShadow, visible: e.matches(':focus-visible'),
        form: e.form ? (e.form.getAttribute('action') || '') : ''};
"""


class Keyboard:
    def __init__(self, driver):
        self.d = driver
        self.focused = []      # every element that had focus: (description)
        self.unseen = []       # those whose focus was not visible

    def press(self, *keys):
        """A key, or a modifier held down around the last key (Shift+Tab)."""
        chain = ActionChains(self.d)
        for mod in keys[:-1]:
            chain.key_down(mod)
        chain.send_keys(keys[-1])
        for mod in reversed(keys[:-1]):
            chain.key_up(mod)
        chain.perform()
        self.check_focus()

    def type(self, text):
        ActionChains(self.d).send_keys(text).perform()

    def check_focus(self):
        el = self.d.execute_script(DESCRIBE)
        if el is None or el["id"] == "main":
            return el  # <main> is the skip link's target (tabindex=-1), not a control
        self.focused.append(el)
        ring = (el["outlineStyle"] != "none" and el["outlineWidth"] >= 2) or \
            el["boxShadow"] not in ("", "none")
        if not ring:
            self.unseen.append(el)
        return el

    def current(self):
        return self.d.execute_script(DESCRIBE)

    def tab_to(self, what, match, back=False):
        """Tab (Shift+Tab) until match(element) holds; fails after MAX_TABS."""
        seen = []
        for _ in range(MAX_TABS):
            if back:
                self.press(Keys.SHIFT, Keys.TAB)
            else:
                self.press(Keys.TAB)
            el = self.current()
            seen.append(el and (el["tag"], el["id"] or el["href"] or el["text"]))
            if el and match(el):
                return el
        pytest.fail(f"Tab never reached {what}; focus went through: {seen[:60]}")

    def enter_and_wait(self, key=Keys.ENTER):
        old = self.d.find_element("tag name", "html")
        self.press(key)
        WebDriverWait(self.d, WAIT).until(lambda d: _stale(old))
        WebDriverWait(self.d, WAIT).until(
            lambda d: d.execute_script("return document.readyState") == "complete")


def _stale(el):
    try:
        el.is_enabled()
        return False
    except Exception:  # noqa: BLE001 - StaleElementReference: the page changed
        return True


@pytest.fixture
def fresh_conversation(stack):
    """A preparing goal-setting conversation of an employee of her own (in
    eva's department, mark's report), planned by mark.  Not eva's: by this
    file the whole suite has given eva hundreds of open conversations, and
    her dashboard's cards would be more Tab presses than MAX_TABS."""
    from helpers import insert
    st = pagestates.build(stack)
    people = st.ids["people"]
    login = f"toets{uuid.uuid4().hex[:8]}"
    dep = stack.sql(f"SELECT department_id FROM employee WHERE id = {people['eva']}")[0][0]
    emp = insert(stack, "employee", login=login, name=f"Toets {login[5:]}", department_id=dep,
                 manager_id=people["mark"])
    stack.add_pam_user(login, pagestates.PASSWORD)
    _cycle, dossier, (gs, _pr, _asm), _goal = pagestates._cycle(
        stack, dict(people, eva=emp), "Toetsenbord")
    st.post("mark", f"/conversations/{gs}/plan", scheduled_at="2027-04-12T11:00",
            version=st.version("mark", gs))
    return {"cid": gs, "dossier": dossier, "login": login}


def test_journey_with_the_keyboard_alone(stack, fresh_conversation):
    cid = fresh_conversation["cid"]
    d = webtools.chrome("nl")
    try:
        kb = Keyboard(d)
        d.get(stack.base_url + "/login")
        # the first Tab reaches the skip link; Enter moves focus to <main>
        el = kb.tab_to("the skip link", lambda e: e["href"] == "#main")
        kb.press(Keys.ENTER)
        assert d.execute_script("return document.activeElement.id") == "main"

        # log in
        kb.tab_to("the user name", lambda e: e["id"] == "username")
        kb.type(fresh_conversation["login"])
        kb.press(Keys.TAB)
        assert kb.current()["id"] == "password"
        kb.type(pagestates.PASSWORD)
        kb.press(Keys.SHIFT, Keys.TAB)
        assert kb.current()["id"] == "username", "Shift+Tab goes back"
        kb.tab_to("the log-in button", lambda e: e["tag"] == "button" and e["form"] == "/login")
        kb.enter_and_wait()
        assert d.current_url.rstrip("/") == stack.base_url, d.current_url

        # open the conversation from the dashboard
        kb.tab_to("the conversation's card", lambda e: e["href"] == f"/conversations/{cid}")
        kb.enter_and_wait()
        assert d.current_url.endswith(f"/conversations/{cid}")

        # follow "add a result goal" with Enter: its editor, anchored at its
        # form, so the next Tab reaches the first field; fill it in
        editor = f"/conversations/{cid}/items/new?kind=result#new-result"
        kb.tab_to("'add a result goal'", lambda e: e["href"] == editor)
        kb.enter_and_wait()
        assert d.current_url.endswith(editor), d.current_url
        kb.press(Keys.TAB)
        assert kb.current()["id"] == "new-result-title", "the first field follows the anchor"
        kb.type("Eerste versie")
        kb.press(Keys.TAB)
        assert kb.current()["id"] == "new-result-measure"
        kb.type("Minstens tien klantbezoeken per kwartaal")
        # back to the title with Shift+Tab, correct it
        kb.press(Keys.SHIFT, Keys.TAB)
        assert kb.current()["id"] == "new-result-title"
        kb.press(Keys.CONTROL, "a")
        kb.type("Klantbezoeken met het toetsenbord")
        # to the form's own submit button, and Space to press it
        kb.tab_to("the add button", lambda e: e["tag"] == "button" and
                  e["form"] == f"/conversations/{cid}/items")
        kb.enter_and_wait(Keys.SPACE)
        assert d.current_url.split("#")[0].endswith(f"/conversations/{cid}"), d.current_url
        titles = [t.text for t in d.find_elements("css selector", "li.item h3.item-title")]
        assert "Klantbezoeken met het toetsenbord" in titles, titles
        assert d.find_elements("css selector", ".flash-ok"), "the flash says it was saved"

        # the flash, the new item: Tab still moves through the page
        kb.tab_to("the log-out button", lambda e: e["form"] == "/logout", back=True)
    finally:
        d.quit()
    assert len(kb.focused) > 10
    assert not kb.unseen, "focus not visible on: " + "; ".join(
        f"<{e['tag']} id={e['id']!r} href={e['href']!r}> {e['text']!r} "
        f"outline={e['outlineStyle']} {e['outlineWidth']}px shadow={e['boxShadow']}"
        for e in kb.unseen[:20])
    stored = stack.sql(f"SELECT title, measure FROM item i JOIN conversation c ON "
                       f"c.dossier_id = i.dossier_id WHERE c.id = {cid}")
    assert ("Klantbezoeken met het toetsenbord", "Minstens tien klantbezoeken per kwartaal") in stored
