"""Brings the demo cycle to life: walks the demo organisation through the
cycle through the real HTTP interface, as the managers, their employees
and hanna (HR) would, so that a visitor of tests/demo sees a lived-in
cycle that tells one story in time.

tests/demo loads a cycle that began about ten months ago (tests/stack.py
DEMO_CYCLE_AGE_MONTHS): the goal settings and the progress conversations
lie in the past, the assessments are due at the start of next month.
Every conversation that is held was planned on a day that has passed and
is held on that day (store/conversation.c); every conversation planned
but not held lies ahead.  With a clock (tests/stack.py DemoClock: the
wall clock of the demo's MariaDB, where every stored time comes from)
each step is also written when it happened: planned and prepared the week
before, held and saved on the day, signed in the days after -- notes,
signatures, achieved dates and the history included.  mark's team shows
each state of a conversation:

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

iris's team (Klantenservice) is on the municipality form (gemeente, issue
16): sophie's assessment was held three days ago and is signed -- her
self-assessment of each competence of her job profile, shared the week
before, next to iris's ratings, the weighted outcome confirmed by iris.

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
# Around a conversation on day M (UTC hours; the meetings are in the
# morning, local time): planned and prepared a week before, held and saved
# at noon, signed by the employee the next day and by the manager the day
# after.
PREPARED_DAYS_BEFORE = 7
EMPLOYEE_SIGNS_AFTER = 1
MANAGER_SIGNS_AFTER = 2


class Clock:
    """Where the walk is in time.  set_db(t) puts the server's clock at t
    (an aware UTC datetime) or back to the real time (None); without it
    only the dates the walk types tell the time.  Sessions live on the
    server's clock: a move ends them, so each Person logs in again."""

    def __init__(self, set_db=None):
        self.set_db = set_db
        self.epoch = 0

    def at(self, day, hhmm="12:00"):
        """Day (YYYY-MM-DD) at hh:mm UTC, but never later than now."""
        when = datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=timezone.utc)
        self._move(None if when >= datetime.now(timezone.utc) else when)

    def now(self):
        self._move(None)

    def _move(self, when):
        if self.set_db is None:
            return
        self.set_db(when)
        self.epoch += 1


CLOCK = Clock()


class Person:
    def __init__(self, base, login):
        self.login = login
        self.base = base.rstrip("/")
        self.epoch = None
        self._log_in()

    def _log_in(self):
        self.s = requests.Session()
        self.s.trust_env = False
        self.s.verify = False
        page = self.s.get(self.base + "/login", timeout=TIMEOUT)
        token = lxml_html.fromstring(page.text).xpath("//input[@name='csrf']/@value")[0]
        r = self.s.post(self.base + "/login", data={"username": self.login,
                        "password": PASSWORD, "csrf": token}, allow_redirects=False,
                        timeout=TIMEOUT)
        if r.status_code != 303:
            raise RuntimeError(f"demo: {self.login} cannot log in ({r.status_code})")
        self.csrf = None   # the session's token, read once after login
        self.epoch = CLOCK.epoch

    def _session(self):
        if self.epoch != CLOCK.epoch:
            self._log_in()
        return self.s

    def xml(self, path):
        r = self._session().get(self.base + path + ".xml", timeout=TIMEOUT)
        r.raise_for_status()
        return etree.fromstring(r.content)

    def post(self, path, **fields):
        s = self._session()
        if self.csrf is None:
            self.csrf = self.xml("/").get("csrf")
        fields["csrf"] = self.csrf
        r = s.post(self.base + path, data=fields, allow_redirects=False, timeout=TIMEOUT)
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


# A deadline, not a day number: Days.day() gives the last day of this
# month, the day before the assessment is due.
END_OF_CYCLE = "end"


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
        first = (self.today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return (first - timedelta(days=1)).isoformat()

    def ago(self, n):
        return (self.today - timedelta(days=n)).isoformat()

    def ahead(self, n):
        return (self.today + timedelta(days=n)).isoformat()


def shift(day, n):
    return (date.fromisoformat(day) + timedelta(days=n)).isoformat()


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


# Meetings: goal settings from the fifth week, progress conversations in
# the weeks before the summer, spread over the days.
GOAL_SETTING_DAY, PROGRESS_DAY, SPREAD_DAYS = 30, 158, 12
# The goals of the whole cycle end on the day before the assessment is
# due, so none is assessed before its end or reads as overdue that nobody
# could still reach; the course and the action end just after the
# progress conversations, which record them achieved (on time).
MIDYEAR = PROGRESS_DAY + SPREAD_DAYS
# kind, title, measure, deadline (day of the cycle), weight
GOALS = [
    ("result", "Omzet binnendienst met 10% verhogen", "Van 1,2 naar 1,32 miljoen euro omzet in deze cyclus", END_OF_CYCLE, "60"),
    ("result", "Klanttevredenheid minimaal 8,5", "Gemiddeld cijfer in het kwartaalonderzoek", END_OF_CYCLE, "40"),
    ("development", "Cursus onderhandelen volgen", "Tweedaagse training bij een erkend opleider", MIDYEAR, ""),
    ("action", "Offertesjabloon vernieuwen", "Nieuw sjabloon in het CRM", MIDYEAR, ""),
]
COURSE = "Cursus onderhandelen volgen"
# The goals of everyone outside the showcase: one result goal each (by
# turns) and one development point.
OTHER_GOALS = [
    ("Doorlooptijd van aanvragen naar vijf werkdagen", "Gemeten in het ticketsysteem, gemiddeld per kwartaal"),
    ("Klanttevredenheid van het eigen werk minimaal 8", "Score in het kwartaalonderzoek"),
    ("Twee verbetervoorstellen per kwartaal uitvoeren", "Besproken in het teamoverleg en ingevoerd"),
]
OTHER_DEVELOPMENT = ("Kennis delen met een nieuwe collega", "Een inwerkmaatje voor minstens drie maanden")
# The manager's progress note on each kind of goal: (status, note).
PROGRESS_NOTES = {
    "result": ("on_track", "Ligt op koers; in het laatste kwartaal nog eens samen bekijken."),
    "development": ("on_track", "Loopt volgens plan."),
    "action": ("achieved", "Afgerond."),
}
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
                 measure="Twee keer per kwartaal het teamoverleg voorzitten",
                 deadline=DAYS.day(END_OF_CYCLE))


def fill_other(manager, emp, cid, n):
    org = org_goals(manager, cid)
    title, measure = OTHER_GOALS[n % len(OTHER_GOALS)]
    fields = dict(kind="result", title=title, measure=measure, deadline=DAYS.day(END_OF_CYCLE))
    if org:
        fields["org_goal"] = org[n % len(org)]
    manager.post(f"/conversations/{cid}/items", **fields)
    emp.post(f"/conversations/{cid}/items", kind="development", title=OTHER_DEVELOPMENT[0],
             measure=OTHER_DEVELOPMENT[1], deadline=DAYS.day(END_OF_CYCLE))


def plan(mark, cid, day, hhmm):
    """Planned for day at hh:mm (local), on the clock a week before."""
    CLOCK.at(shift(day, -PREPARED_DAYS_BEFORE), "09:00")
    mark.post(f"/conversations/{cid}/plan", scheduled_at=f"{day}T{hhmm}",
              version=mark.version(cid))


def hold(mark, cid, day):
    # Planned on a day that has passed: held on that day, no question asked.
    CLOCK.at(day, "12:00")
    mark.post(f"/conversations/{cid}/held", version=mark.version(cid))


def finalize(mark, cid):
    mark.post(f"/conversations/{cid}/finalize", version=mark.version(cid))


def sign(who, cid, day, after, verdict="agree", remark=""):
    CLOCK.at(shift(day, after), "09:30")
    who.post(f"/conversations/{cid}/sign", verdict=verdict, remark=remark)


def close(mark, emp, cid, day, verdict="agree", remark=""):
    """Saved as final on the day, signed in the days after."""
    finalize(mark, cid)
    sign(emp, cid, day, EMPLOYEE_SIGNS_AFTER, verdict, remark)
    sign(mark, cid, day, MANAGER_SIGNS_AFTER)


def progress_notes(mark, pg):
    """A note on every goal; what ended before now is achieved."""
    for title, item in mark.items(pg).items():
        status, note = PROGRESS_NOTES[item.get("kind")]
        if title == COURSE:
            status, note = "achieved", "Training gevolgd; de technieken komen terug in offertegesprekken."
        mark.post(f"/conversations/{pg}/updates", item=item.get("id"), status=status, note=note)


def rate(mark, cid, name):
    """Every result goal of the assessment rated, and the overall rating."""
    for n, (title, item) in enumerate(mark.items(cid).items()):
        if item.get("kind") == "result":
            mark.post(f"/conversations/{cid}/updates", item=item.get("id"), rating=str(4 - n % 2),
                      status="achieved" if n % 2 == 0 else "not_achieved",
                      note="Ruim gehaald." if n % 2 == 0 else "Net niet gehaald, wel goede inzet.")
    mark.post(f"/conversations/{cid}/overall", rating="4", version=mark.version(cid),
              note=f"{name} heeft een sterk jaar gehad en is een steun voor het team.")


# ---- the goal settings ----

def goal_setting_eva(mark, eva, gs, day):
    """Prepared by both, shared, remarks; eva signs "seen" with a remark."""
    plan(mark, gs, day, "10:00")
    fill_goal_setting(mark, eva, gs)
    eva.post(f"/conversations/{gs}/share")
    hold(mark, gs, day)
    eva.post(f"/conversations/{gs}/remarks", text="Ik wil graag meer klantcontact buiten de deur.")
    mark.post(f"/conversations/{gs}/remarks", text="Afgesproken: twee klantbezoeken per maand samen met Bram.")
    close(mark, eva, gs, day, verdict="seen",
          remark="Het omzetdoel vind ik erg hoog gezien de krimpende markt; ik teken voor gezien.")


def goal_setting(manager, emp, gs, day, n, showcase):
    plan(manager, gs, day, "10:00")
    if showcase:
        fill_goal_setting(manager, emp, gs, with_employee_point=False)
    else:
        fill_other(manager, emp, gs, n)
    hold(manager, gs, day)
    close(manager, emp, gs, day)


# ---- the progress conversations ----

def progress_eva(mark, eva, pg, day):
    """Notes of both; the action achieved early, the turnover at risk."""
    plan(mark, pg, day, "14:00")
    hold(mark, pg, day)
    items = mark.items(pg)
    mark.post(f"/conversations/{pg}/updates", item=items["Offertesjabloon vernieuwen"].get("id"),
              status="achieved", note="Het nieuwe sjabloon staat in het CRM en wordt gebruikt.")
    mark.post(f"/conversations/{pg}/updates", item=items["Omzet binnendienst met 10% verhogen"].get("id"),
              status="at_risk", note="Na het eerste halfjaar op 4%: extra acties in het tweede halfjaar.")
    mark.post(f"/conversations/{pg}/updates", item=items["Klanttevredenheid minimaal 8,5"].get("id"),
              status="on_track", note="Laatste meting een 8,3.")
    eva.post(f"/conversations/{pg}/updates", item=items[COURSE].get("id"),
             status="achieved", note="Training gevolgd; vooral het voorbereiden op tegenbod was nuttig.")
    mark.post(f"/conversations/{pg}/updates", item=items["Presenteren voor groepen"].get("id"),
              status="on_track", note="Twee keer voorgezeten, goed ontvangen.")
    close(mark, eva, pg, day)


def progress(manager, emp, pg, day):
    plan(manager, pg, day, "14:00")
    hold(manager, pg, day)
    progress_notes(manager, pg)
    close(manager, emp, pg, day)


# ---- now: the assessments of mark's team ----

def assessments(mark, people, conv):
    """thijs, daan, lotte, eva, bram: the assessment in each of its states."""
    thijs, a = people["thijs"], conv["thijs"]["assessment"]
    day = DAYS.ago(4)
    plan(mark, a, day, "11:00")
    hold(mark, a, day)
    rate(mark, a, "Thijs")
    finalize(mark, a)
    sign(thijs, a, day, EMPLOYEE_SIGNS_AFTER)

    a, day = conv["daan"]["assessment"], DAYS.ago(2)
    plan(mark, a, day, "10:00")
    hold(mark, a, day)
    rate(mark, a, "Daan")
    finalize(mark, a)

    a, day = conv["lotte"]["assessment"], DAYS.ago(1)
    plan(mark, a, day, "13:30")
    hold(mark, a, day)
    item = next(i for i in mark.items(a).values() if i.get("kind") == "result")
    mark.post(f"/conversations/{a}/updates", item=item.get("id"), rating="3", status="achieved",
              note="Gehaald, met hulp van het hele team.")
    people["lotte"].post(f"/conversations/{a}/remarks", text="Fijn gesprek, ik ga ermee aan de slag.")

    eva, a = people["eva"], conv["eva"]["assessment"]
    plan(mark, a, DAYS.ahead(7), "10:00")
    CLOCK.now()
    items = eva.items(a)
    eva.post(f"/conversations/{a}/updates", item=items["Klanttevredenheid minimaal 8,5"].get("id"),
             status="achieved", note="Laatste kwartaal een 8,7; dat wil ik graag bespreken.")

    bram, a = people["bram"], conv["bram"]["assessment"]
    plan(mark, a, DAYS.ahead(9), "15:00")
    CLOCK.now()
    result = next(i for i in mark.items(a).values() if i.get("kind") == "result")
    mark.post(f"/conversations/{a}/updates", item=result.get("id"), status="achieved",
              note="Voorbereiding: de cijfers van het laatste kwartaal erbij pakken.")
    bram.post(f"/conversations/{a}/updates", item=result.get("id"), status="achieved",
              note="Ik heb er twaalf binnengehaald; de lijst neem ik mee.")


# ---- now: an assessment on the municipality form (iris's team) ----

# sophie's self-assessment and iris's rating of each competence of her
# profile (by position, levels 1-4 of the form's scale "vier"; below 3
# the form asks an explanation, which both give anyway).
SELF_LEVELS = (3, 2, 3, 4, 3)
MANAGER_LEVELS = (3, 3, 4, 3, 2)
SELF_NOTES = ("Ik vraag door tot ik weet wat de klant echt nodig heeft.",
              "Bij drukte schiet het vooruitdenken er nog bij in.",
              "Ik zoek collega's op als een vraag over afdelingen heen gaat.",
              "Ik heb het nieuwe belscript voor het team opgezet.",
              "Ik houd me aan de afspraken, ook als het druk is.")
MANAGER_NOTES = ("Klanten geven Sophie vaak een compliment voor haar uitleg.",
                 "Groeit hierin; in de zomer nam ze zelf het initiatief.",
                 "Voorbeeld voor het team met het belscript.",
                 "Werkt goed samen met de backoffice.",
                 "Let op de terugbelafspraken: twee keer te laat dit jaar.")


def competences(who, cid):
    return who.xml(f"/conversations/{cid}").xpath(
        "/page/conversation/form_template/section[@key='competenties']/competence/@id")


def assessment_sophie(iris, sophie, a):
    """Prepared the week before (her self-assessment, shared), held three
    days ago: iris rates results, competences and cooperation, both
    explain, iris confirms the weighted outcome; signed in the days after."""
    day = DAYS.ago(3)
    plan(iris, a, day, "11:00")
    comps = competences(sophie, a)
    for n, comp in enumerate(comps):
        sophie.post(f"/conversations/{a}/answers", section="competenties", competence=comp,
                    rating=str(SELF_LEVELS[n % len(SELF_LEVELS)]),
                    explanation=SELF_NOTES[n % len(SELF_NOTES)], share="1")
    sophie.post(f"/conversations/{a}/answers", section="samenwerking", rating="3",
                explanation="Met de backoffice gaat het steeds beter.", share="1")
    hold(iris, a, day)
    for item in iris.items(a).values():
        if item.get("kind") == "result":
            iris.post(f"/conversations/{a}/updates", item=item.get("id"), rating="3",
                      status="achieved", note="Gehaald: de doorlooptijd is omlaag.")
    for n, comp in enumerate(comps):
        iris.post(f"/conversations/{a}/answers", section="competenties", competence=comp,
                  rating=str(MANAGER_LEVELS[n % len(MANAGER_LEVELS)]),
                  explanation=MANAGER_NOTES[n % len(MANAGER_NOTES)])
    iris.post(f"/conversations/{a}/answers", section="samenwerking", rating="3",
              explanation="Sophie zoekt de backoffice zelf op.")
    sophie.post(f"/conversations/{a}/answers", section="toelichting",
                body="Ik herken me in het beeld; het belscript wil ik verder uitbouwen.")
    iris.post(f"/conversations/{a}/answers", section="toelichting",
              body="Een sterk jaar; volgend jaar de terugbelafspraken als aandachtspunt.")
    proposed = iris.xml(f"/conversations/{a}").xpath("/page/conversation/outcome/@proposed")
    if not proposed:
        raise RuntimeError("demo: sophie's assessment has no proposed outcome")
    iris.post(f"/conversations/{a}/overall", rating=proposed[0], version=iris.version(a),
              note="Het voorstel uit de weging klopt met ons beeld van het jaar.")
    close(iris, sophie, a, day)


class Org:
    """Everyone the walk acts as, logged in when first needed."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.people = {}

    def __getitem__(self, login):
        if login not in self.people:
            self.people[login] = Person(self.base_url, login)
        return self.people[login]


def populate(base_url, out=sys.stdout, clock=None):
    """Walks the demo; clock(t) sets the server's clock (None: the real
    time), or None when the server runs on the real clock only."""
    global DAYS, CLOCK
    CLOCK = Clock(clock)
    org = Org(base_url)
    mark = org["mark"]
    if mark.xml("/").xpath("/page/dashboard/team/member") == []:
        print("demo: mark has no team; nothing to bring to life", file=out)
        return
    conv = team_of(mark)
    if not all(conv.get(login, {}).get("assessment") for login in SHOWN):
        print("demo: the demo cycle has no dossiers for mark's team yet; skipped", file=out)
        return
    gs = conv["eva"]["goal_setting"]
    if mark.xml(f"/conversations/{gs}").xpath("/page/conversation/@status") != ["planned"]:
        print("demo: the demo cycle is already lived in", file=out)
        return
    DAYS = cycle_days(org["eva"])
    print("demo: walking the organisation through the cycle ...", file=out)
    # Every dossier of every team: (manager, member, conversations).
    dossiers = [(login, member, c) for login in MANAGERS
                for member, c in team_of(org[login]).items()
                if c.get("goal_setting") and c.get("progress")]
    try:
        for n, (manager, member, c) in enumerate(dossiers):
            day = DAYS.day(GOAL_SETTING_DAY + n % SPREAD_DAYS)
            if member == "eva":
                goal_setting_eva(org[manager], org[member], c["goal_setting"], day)
            else:
                goal_setting(org[manager], org[member], c["goal_setting"], day, n,
                             showcase=member in SHOWN)
        for n, (manager, member, c) in enumerate(dossiers):
            day = DAYS.day(PROGRESS_DAY + n % SPREAD_DAYS)
            if member == "eva":
                progress_eva(org[manager], org[member], c["progress"], day)
            elif member not in ("fleur", "ruben"):
                progress(org[manager], org[member], c["progress"], day)
        # noor: the progress report reopened by HR, with the reason.
        CLOCK.at(DAYS.ago(5), "10:00")
        pg = conv["noor"]["progress"]
        org["hanna"].post(f"/conversations/{pg}/reopen", version=org["hanna"].version(pg),
                          reason="In het verslag stond de stand van het omzetdoel verkeerd;"
                                 " op verzoek van Noor heropend.")
        assessments(mark, org, conv)
        assessment_sophie(org["iris"], org["sophie"], team_of(org["iris"])["sophie"]["assessment"])
        # ruben: overdue, but planned for next week; fleur's is not planned at all.
        plan(mark, conv["ruben"]["progress"], DAYS.ahead(6), "09:30")
    finally:
        CLOCK.now()
    print(f"demo: done: {len(dossiers)} dossiers, mark's team in every state,"
          f" sophie's assessment on the municipality form", file=out)


if __name__ == "__main__":
    populate(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
