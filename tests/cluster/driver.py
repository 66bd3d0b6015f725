"""The mixed load of tests/cluster/run: threads that log in, view pages and
save, each write with a marker of its own, and remember every answer.

Each thread is one person (an employee or a manager) writing items into
the conversation they share, through nginx (which spreads requests over
both gesprekd instances).  One round: the conversation page (a view), a
saving POST (a new item titled with the marker), and the page the 303
leads to, which must show that item (read-your-writes, whichever instance
and database node answers); every ROUNDS_PER_LOGIN rounds the thread logs
out and in again.  Answers are sorted:

  ack        303 to a saving POST: the write is acknowledged;
  clean      503 from gesprekd (its error page, or the form kept), or a
             connection refused: the thread tries again (a retry);
  inflight   502 from nginx: the instance died with the request inside
             (allowed only for requests under way when one was killed);
  bad        anything else: a 500, a page that is not the one asked for,
             a redirect page without the write just acknowledged."""

import collections
import itertools
import threading
import time
import xml.etree.ElementTree as ET

import requests

# Seconds one request may take: a node that dies mid-commit holds its
# writers until the others evict it (EVS timeouts in galera.py).
REQUEST_TIMEOUT = 40
ROUNDS_PER_LOGIN = 12
# Pause between rounds of one thread: a steady load, not a flood, on 2 cores.
PAUSE = 0.05
# Pause after a clean refusal before trying again.
RETRY_PAUSE = 0.3
ERROR_PAGE = 'class="route-error'
FORM_PAGE = 'class="route-conversation'
LOGIN_PAGE = 'class="route-login'

_tags = itertools.count(1)


class Result:
    __slots__ = ("kind", "what", "status", "start", "end", "note")

    def __init__(self, kind, what, status, start, end, note=""):
        self.kind, self.what, self.status = kind, what, status
        self.start, self.end, self.note = start, end, note


class Person(threading.Thread):
    def __init__(self, base_url, login, password, conversation, tag):
        super().__init__(daemon=True)
        self.base_url = base_url.rstrip("/")
        self.login = login
        self.password = password
        self.conversation = conversation
        self.tag = f"{tag}-{login}-{next(_tags)}"
        self.results = []
        self.acked = []          # markers answered 303
        self.unacked = []        # markers sent and not answered 303
        self.csrf = None
        self._halt = threading.Event()
        self.s = None

    # -- HTTP --------------------------------------------------------------

    def _new_session(self):
        s = requests.Session()
        s.trust_env = False
        s.verify = False
        self.s = s

    def _req(self, kind, method, path, **kw):
        kw.setdefault("timeout", REQUEST_TIMEOUT)
        kw.setdefault("allow_redirects", False)
        start = time.monotonic()
        try:
            r = self.s.request(method, self.base_url + path, **kw)
        except requests.ConnectionError as exc:
            self._note(kind, path, 0, start, "clean", str(exc)[:120])
            return None
        except requests.RequestException as exc:
            self._note(kind, path, -1, start, "bad", f"no answer: {str(exc)[:160]}")
            return None
        r.start = start
        return r

    def _note(self, kind, what, status, start, verdict, note=""):
        self.results.append(Result(verdict, f"{kind} {what}", status, start,
                                   time.monotonic(), note))

    def _judge(self, kind, r, want_page=None):
        """Sorts an answer; returns True if it is the one wanted."""
        text = r.text
        if r.status_code == 503:
            ok = ERROR_PAGE in text or FORM_PAGE in text
            self._note(kind, r.url, 503, r.start, "clean" if ok else "bad",
                       "" if ok else text[:300])
            return False
        if r.status_code == 502:
            self._note(kind, r.url, 502, r.start, "inflight")
            return False
        if r.status_code == 200 and want_page and want_page not in text:
            self._note(kind, r.url, 200, r.start, "bad", f"not the page asked for: {text[:300]}")
            return False
        if r.status_code >= 400:
            self._note(kind, r.url, r.status_code, r.start, "bad", text[:300])
            return False
        self._note(kind, r.url, r.status_code, r.start, "ok")
        return True

    # -- steps -------------------------------------------------------------

    def _log_in(self):
        self._new_session()
        r = self._req("login", "GET", "/login")
        if r is None or not self._judge("login", r, LOGIN_PAGE):
            return False
        token = _hidden_csrf(r.text)
        r = self._req("login", "POST", "/login", data={
            "username": self.login, "password": self.password, "csrf": token or ""})
        if r is None:
            return False
        if r.status_code != 303:
            self._judge("login", r)
            if r.status_code == 200:
                # The form again: a stale token (another instance's secret
                # not yet seen?) is a wrong answer for a valid login.
                self._note("login", "/login", 200, r.start, "bad", "login refused")
            return False
        self._note("login", "/login", 303, r.start, "ok")
        r = self._req("view", "GET", "/.xml")
        if r is None or not self._judge("view", r):
            return False
        try:
            root = ET.fromstring(r.content)
        except ET.ParseError:
            self._note("view", "/.xml", r.status_code, r.start, "bad", "not XML")
            return False
        user = root.find("user")
        if user is None or user.get("login") != self.login:
            self._note("view", "/.xml", r.status_code, r.start, "bad",
                       f"the session is not {self.login}'s: {r.text[:200]}")
            return False
        self.csrf = root.get("csrf")
        return bool(self.csrf)

    def _round(self, i):
        conv = f"/conversations/{self.conversation}"
        r = self._req("view", "GET", conv)
        if r is None or not self._judge("view", r, FORM_PAGE):
            return
        marker = f"{self.tag}-{i}"
        r = self._req("save", "POST", conv + "/items", data={
            "kind": "action", "title": marker, "csrf": self.csrf})
        if r is None:
            self.unacked.append(marker)
            return
        if r.status_code != 303:
            self.unacked.append(marker)
            self._judge("save", r)
            return
        self.acked.append(marker)
        self._note("save", conv, 303, r.start, "ack")
        r = self._req("view", "GET", r.headers.get("Location", conv))
        if r is None or not self._judge("view", r, FORM_PAGE):
            return
        if marker not in r.text:
            self._note("view", conv, r.status_code, r.start, "bad",
                       f"the page after the redirect lacks {marker} (read-your-writes)")

    def run(self):
        i = 0
        while not self._halt.is_set():
            if not self._log_in():
                time.sleep(RETRY_PAUSE)
                continue
            for _ in range(ROUNDS_PER_LOGIN):
                if self._halt.is_set():
                    break
                i += 1
                before = len(self.results)
                self._round(i)
                if any(r.kind in ("clean", "inflight") for r in self.results[before:]):
                    time.sleep(RETRY_PAUSE)
                else:
                    time.sleep(PAUSE)
            self._req("logout", "POST", "/logout", data={"csrf": self.csrf or ""})

    def stop(self):
        self._halt.set()


def _hidden_csrf(text):
    marker = 'name="csrf" value="'
    at = text.find(marker)
    if at < 0:
        return None
    start = at + len(marker)
    return text[start:text.find('"', start)]


def counts(people):
    c = collections.Counter()
    for p in people:
        for r in p.results:
            c[r.kind] += 1
    return c


def all_results(people):
    return [r for p in people for r in p.results]
