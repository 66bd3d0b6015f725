"""Brings the demo cycle to life: walks the demo organisation through the
cycle through the real HTTP interface, as the managers, their employees
and hanna (HR) would, so that a visitor of tests/demo sees a lived-in
cycle that tells one story in time.

tests/demo loads a cycle that began about ten months ago (tests/stack.py
DEMO_CYCLE_AGE_MONTHS): the goal settings and the progress conversations
lie in the past, the assessments are due at the start of next month.
Every conversation that is held was planned on a day that has passed (it
is held on that day, store/conversation.c), and is signed after it; every
conversation planned but not held lies ahead.  mark's team shows each
state of a conversation:

    thijs  assessment rated, finalized and signed by thijs: waiting for
           mark's signature
    daan   assessment finalized, waiting for daan's signature
    lotte  assessment held yesterday, a first rating and lotte's remark
    eva    goal setting closed (signed "seen" with a remark), progress
           closed with notes (one goal achieved early), assessment planned
           next week, eva preparing privately
    bram   assessment planned, both preparing privately
    noor   progress closed, then reopened by HR with a reason
    fleur  progress never planned: overdue
    ruben  progress overdue, planned for next week
    maud, yara and everyone else: goal setting and progress closed, the
           assessment still to plan (due next month)

Dates are counted from the cycle's first day (its history) or from today
(what is happening now); the walk fits the cycle whenever it runs.  Runs
once: a second run sees the first goal setting held and stops.
"""

import sys
from datetime import date, datetime, timedelta, timezone

import requests
import urllib3
from lxml import etree, html as lxml_html

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
PASSWORD = "demo"
TIMEOUT = 30
# The demo's managers (fcgi/store/demo.c); each one's team comes from
# their dashboard.
MANAGERS = ("sanne", "hanna", "mark", "iris", "koen", "femke")
# mark's team members whose dossiers show a state of their own (above).
SHOWN = ("eva", "thijs", "daan", "lotte", "bram", "noor", "fleur", "ruben")


class Person:
    def __init__(self, base, login):
        self.login = login
        self.base = base.rstrip("/")
        self.s = requests.Session()
        self.s.trust_env = False
        self.s.verify = False
        page = self.s.get(self.base + "/login", timeout=TIMEOUT)
        token = lxml_html.fromstring(page.text).xpath("//input[@name='csrf']/@value")[0]
        r = self.s.post(self.base + "/login", data={"username": login, "password": PASSWORD,
                        "csrf": token}, allow_redirects=False, timeout=TIMEOUT)
        if r.status_code != 303:
            raise RuntimeError(f"demo: {login} cannot log in ({r.status_code})")
        self.csrf = None   # the session's token, read once after login

    def xml(self, path):
        r = self.s.get(self.base + path + ".xml", timeout=TIMEOUT)
        r.raise_for_status()
        return etree.fromstring(r.content)

    def post(self, path, **fields):
        if self.csrf is None:
            self.csrf = self.xml("/").get("csrf")
        fields["csrf"] = self.csrf
        r = self.s.post(self.base + path, data=fields, allow_redirects=False, timeout=TIMEOUT)
        if r.status_code != 303:
            raise RuntimeError(f"demo: {self.login}: POST {path} answered {r.status_code}")

    def version(self, cid):
        return self.xml(f"/conversations/{cid}").xpath("/page/conversation/@version")[0]

    def items(self, cid):
        return {i.get("title"): i for i in self.xml(f"/conversations/{cid}").xpath(
            "/page/conversation/items/item")}


def utc_today():
    """The server's today: held_on and the checks compare with UTC_DATE()."""
    return datetime.now(timezone.utc).date()


class Days:
    """Dates of the demo: by day of the cycle (0: its first day) for its
    history, or counted from today for what happens now."""

    def __init__(self, starts_on):
        self.start = date.fromisoformat(starts_on)
        self.today = utc_today()

    def day(self, n):
        if n == END_OF_CYCLE:
            return self.end_of_month()
        return (self.start + timedelta(days=n)).isoformat()

    def end_of_month(self):
        """The last day of this month: the assessment is due the next day."""
        first = (self.today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return (first - timedelta(days=1)).isoformat()

    def at(self, n, hhmm):
        return f"{self.day(n)}T{hhmm}"

    def ago(self, n, hhmm):
        """n days before today (local time; hours keep it the same UTC day)."""
        return f"{(self.today - timedelta(days=n)).isoformat()}T{hhmm}"

    def ahead(self, n, hhmm):
        return f"{(self.today + timedelta(days=n)).isoformat()}T{hhmm}"


def cycle_days(emp):
    """The days of the cycle of emp's (newest) dossier, from the dashboard."""
    starts = emp.xml("/").xpath("//dossier/@starts_on")
    return Days(max(starts)) if starts else None


def team_of(manager):
    """login -> {type: conversation id} of each member of manager's team."""
    team = {}
    for m in manager.xml("/").xpath("/page/dashboard/team/member"):
        if m.get("dossier") and m.get("login") not in team:
            d = manager.xml(f"/dossiers/{m.get('dossier')}")
            team[m.get("login")] = {c.get("type"): c.get("id")
                                    for c in d.xpath("/page/conversations/conversation")}
    return team


# Deadlines are days of the cycle; the goals of the whole cycle end on the
# day before the assessment is due (END_OF_CYCLE: the last day of this
# month, as the cycle began ten months ago), so no goal is assessed before
# its end, and none reads as overdue that nobody could still reach.  The
# course and the action end before the progress conversation, which
# records them achieved.
END_OF_CYCLE = "end"   # a deadline, not a day number: Days.day() knows it
# kind, title, measure, deadline (day of the cycle), weight
GOALS = [
    ("result", "Omzet binnendienst met 10% verhogen", "Van 1,2 naar 1,32 miljoen euro omzet in deze cyclus", END_OF_CYCLE, "60"),
    ("result", "Klanttevredenheid minimaal 8,5", "Gemiddeld cijfer in het kwartaalonderzoek", END_OF_CYCLE, "40"),
    ("development", "Cursus onderhandelen volgen", "Tweedaagse training bij een erkend opleider", 180, ""),
    ("action", "Offertesjabloon vernieuwen", "Nieuw sjabloon in het CRM", 89, ""),
]
# The goals of everyone outside the showcase: one result goal each (by
# turns) and one development point.
OTHER_GOALS = [
    ("Doorlooptijd van aanvragen naar vijf werkdagen", "Gemeten in het ticketsysteem, gemiddeld per kwartaal"),
    ("Klanttevredenheid van het eigen werk minimaal 8", "Score in het kwartaalonderzoek"),
    ("Twee verbetervoorstellen per kwartaal uitvoeren", "Besproken in het teamoverleg en ingevoerd"),
]
OTHER_DEVELOPMENT = ("Kennis delen met een nieuwe collega", "Een inwerkmaatje voor minstens drie maanden")
DAYS = None  # the cycle's Days, set by populate()


def org_goals(manager, cid):
    return manager.xml(f"/conversations/{cid}").xpath("/page/org_goals/goal/@id")


def fill_goal_setting(mark, emp, cid, with_employee_point=True):
    org = org_goals(mark, cid)
    for n, (kind, title, measure, deadline, weight) in enumerate(GOALS):
        fields = dict(kind=kind, title=title, measure=measure, deadline=DAYS.day(deadline))
        if weight:
            fields["weight"] = weight
        if kind == "result" and org:
            fields["org_goal"] = org[n % len(org)]
        mark.post(f"/conversations/{cid}/items", **fields)
    if with_employee_point:
        emp.post(f"/conversations/{cid}/items", kind="development", title="Presenteren voor groepen",
                 measure="Twee keer per kwartaal het teamoverleg voorzitten", deadline=DAYS.day(END_OF_CYCLE))


def plan(mark, cid, when):
    mark.post(f"/conversations/{cid}/plan", scheduled_at=when, version=mark.version(cid))


def hold(mark, cid):
    # Planned on a day that has passed: held on that day, no question asked.
    mark.post(f"/conversations/{cid}/held", version=mark.version(cid))


def finalize(mark, cid):
    mark.post(f"/conversations/{cid}/finalize", version=mark.version(cid))


def close(mark, emp, cid, verdict="agree", remark=""):
    finalize(mark, cid)
    emp.post(f"/conversations/{cid}/sign", verdict=verdict, remark=remark)
    mark.post(f"/conversations/{cid}/sign", verdict="agree", remark="")


def rate(mark, cid, note="Thijs"):
    """Every result goal of the assessment rated, and the overall rating."""
    for n, (title, item) in enumerate(mark.items(cid).items()):
        if item.get("kind") == "result":
            mark.post(f"/conversations/{cid}/updates", item=item.get("id"), rating=str(4 - n % 2),
                      status="achieved" if n % 2 == 0 else "not_achieved",
                      note="Ruim gehaald." if n % 2 == 0 else "Net niet gehaald, wel goede inzet.")
    mark.post(f"/conversations/{cid}/overall", rating="4", version=mark.version(cid),
              note=f"{note} heeft een sterk jaar gehad en is een steun voor het team.")


def goal_setting_closed(mark, emp, c, day, n, showcase=True):
    """The goal setting planned on day `day` of the cycle, held and signed."""
    gs = c["goal_setting"]
    plan(mark, gs, DAYS.at(day, "10:00"))
    if showcase:
        fill_goal_setting(mark, emp, gs, with_employee_point=False)
    else:
        org = org_goals(mark, gs)
        title, measure = OTHER_GOALS[n % len(OTHER_GOALS)]
        fields = dict(kind="result", title=title, measure=measure, deadline=DAYS.day(END_OF_CYCLE))
        if org:
            fields["org_goal"] = org[n % len(org)]
        mark.post(f"/conversations/{gs}/items", **fields)
        emp.post(f"/conversations/{gs}/items", kind="development", title=OTHER_DEVELOPMENT[0],
                 measure=OTHER_DEVELOPMENT[1], deadline=DAYS.day(END_OF_CYCLE))
    hold(mark, gs)
    close(mark, emp, gs)


# The manager's progress note on each kind of goal: (status, note).
PROGRESS_NOTES = {
    "result": ("on_track", "Ligt op koers; in het laatste kwartaal nog eens samen bekijken."),
    "development": ("on_track", "Loopt volgens plan."),
    "action": ("achieved", "Afgerond."),
}
COURSE = "Cursus onderhandelen volgen"


def progress_notes(mark, pg):
    """A note on every goal; what ended before now is achieved."""
    for title, item in mark.items(pg).items():
        status, note = PROGRESS_NOTES[item.get("kind")]
        if title == COURSE:
            status, note = "achieved", "Training gevolgd; de technieken komen terug in offertegesprekken."
        mark.post(f"/conversations/{pg}/updates", item=item.get("id"), status=status, note=note)


def progress_closed(mark, emp, c, day):
    plan(mark, c["progress"], DAYS.at(day, "14:00"))
    hold(mark, c["progress"])
    progress_notes(mark, c["progress"])
    close(mark, emp, c["progress"])


def walk_others(base_url, managers, skip, out):
    """Everyone outside the showcase: goal setting and progress closed on
    days of the cycle's first half, the assessment still to plan."""
    n = 0
    for login, manager in managers.items():
        for member, c in team_of(manager).items():
            if member in skip or not c.get("goal_setting") or not c.get("progress"):
                continue
            emp = Person(base_url, member)
            goal_setting_closed(manager, emp, c, 30 + n % 12, n, showcase=False)
            progress_closed(manager, emp, c, 160 + n % 18)
            n += 1
    print(f"demo: {n} more dossiers through goal setting and progress", file=out)


def walk_eva(mark, eva, hanna, c):
    """Goal setting closed "seen", progress closed with notes, the
    assessment next week with eva's private preparation."""
    gs = c["goal_setting"]
    plan(mark, gs, DAYS.at(38, "10:00"))
    fill_goal_setting(mark, eva, gs)
    eva.post(f"/conversations/{gs}/share")
    hold(mark, gs)
    eva.post(f"/conversations/{gs}/remarks", text="Ik wil graag meer klantcontact buiten de deur.")
    mark.post(f"/conversations/{gs}/remarks", text="Afgesproken: twee klantbezoeken per maand samen met Bram.")
    close(mark, eva, gs, verdict="seen",
          remark="Het omzetdoel vind ik erg hoog gezien de krimpende markt; ik teken voor gezien.")
    pg = c["progress"]
    plan(mark, pg, DAYS.at(171, "14:00"))
    hold(mark, pg)
    items = mark.items(pg)
    mark.post(f"/conversations/{pg}/updates", item=items["Offertesjabloon vernieuwen"].get("id"),
              status="achieved", note="Het nieuwe sjabloon staat in het CRM en wordt gebruikt.")
    mark.post(f"/conversations/{pg}/updates", item=items["Omzet binnendienst met 10% verhogen"].get("id"),
              status="at_risk", note="Na het eerste halfjaar op 4%: extra acties in het tweede halfjaar.")
    eva.post(f"/conversations/{pg}/updates", item=items[COURSE].get("id"),
             status="achieved", note="Training gevolgd; vooral het voorbereiden op tegenbod was nuttig.")
    mark.post(f"/conversations/{pg}/updates", item=items["Presenteren voor groepen"].get("id"),
              status="on_track", note="Twee keer voorgezeten, goed ontvangen.")
    close(mark, eva, pg)
    a = c["assessment"]
    plan(mark, a, DAYS.ahead(7, "10:00"))
    items = eva.items(a)
    eva.post(f"/conversations/{a}/updates", item=items["Klanttevredenheid minimaal 8,5"].get("id"),
             status="achieved", note="Laatste kwartaal een 8,7; dat wil ik graag bespreken.")


def walk_assessments(mark, people, conv):
    """thijs, daan, lotte, bram: the assessment in each of its states."""
    thijs, a = people["thijs"], conv["thijs"]["assessment"]
    plan(mark, a, DAYS.ago(4, "11:00"))
    hold(mark, a)
    rate(mark, a, "Thijs")
    finalize(mark, a)
    thijs.post(f"/conversations/{a}/sign", verdict="agree", remark="")

    a = conv["daan"]["assessment"]
    plan(mark, a, DAYS.ago(3, "10:00"))
    hold(mark, a)
    rate(mark, a, "Daan")
    finalize(mark, a)

    a = conv["lotte"]["assessment"]
    plan(mark, a, DAYS.ago(1, "13:30"))
    hold(mark, a)
    item = next(i for i in mark.items(a).values() if i.get("kind") == "result")
    mark.post(f"/conversations/{a}/updates", item=item.get("id"), rating="3", status="achieved",
              note="Gehaald, met hulp van het hele team.")
    people["lotte"].post(f"/conversations/{a}/remarks", text="Fijn gesprek, ik ga ermee aan de slag.")

    bram, a = people["bram"], conv["bram"]["assessment"]
    plan(mark, a, DAYS.ahead(9, "15:00"))
    items = mark.items(a)
    result = next(i for i in items.values() if i.get("kind") == "result")
    mark.post(f"/conversations/{a}/updates", item=result.get("id"), status="achieved",
              note="Voorbereiding: de cijfers van het laatste kwartaal erbij pakken.")
    bram.post(f"/conversations/{a}/updates", item=result.get("id"), status="achieved",
              note="Ik heb er twaalf binnengehaald; de lijst neem ik mee.")


def populate(base_url, out=sys.stdout):
    global DAYS
    mark = Person(base_url, "mark")
    if mark.xml("/").xpath("/page/dashboard/team/member") == []:
        print("demo: mark has no team; nothing to bring to life", file=out)
        return
    conv = team_of(mark)
    if not all(conv.get(login, {}).get("assessment") for login in SHOWN):
        print("demo: the demo cycle has no dossiers for mark's team yet; skipped", file=out)
        return
    people = {login: Person(base_url, login) for login in SHOWN}
    hanna = Person(base_url, "hanna")
    DAYS = cycle_days(people["eva"])
    gs = conv["eva"]["goal_setting"]
    if mark.xml(f"/conversations/{gs}").xpath("/page/conversation/@status") != ["planned"]:
        print("demo: the demo cycle is already lived in", file=out)
        return
    print("demo: walking the organisation through the cycle ...", file=out)

    # The history of mark's team: goal settings in the cycle's sixth week,
    # progress conversations before the summer.
    n = 0
    for login in ("thijs", "daan", "lotte", "bram", "noor", "fleur", "ruben"):
        goal_setting_closed(mark, people[login], conv[login], 33 + n, n)
        if login not in ("fleur", "ruben"):
            progress_closed(mark, people[login], conv[login], 165 + n)
        n += 1
    walk_eva(mark, people["eva"], hanna, conv["eva"])
    walk_assessments(mark, people, conv)

    # noor: the progress report reopened by HR, with the reason.
    pg = conv["noor"]["progress"]
    hanna.post(f"/conversations/{pg}/reopen", version=hanna.version(pg),
               reason="In het verslag stond de stand van het omzetdoel verkeerd; op verzoek van Noor heropend.")
    # ruben: overdue, but planned for next week; fleur's is not planned at all.
    plan(mark, conv["ruben"]["progress"], DAYS.ahead(6, "09:30"))

    managers = {login: (mark if login == "mark" else Person(base_url, login))
                for login in MANAGERS}
    walk_others(base_url, managers, set(SHOWN), out)
    print("demo: done: dossiers in every state", file=out)


if __name__ == "__main__":
    populate(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
