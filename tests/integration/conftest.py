"""Fixtures for the integration tests: one real stack per test session.

The stack (tests/stack.py) is MariaDB + gesprekd + nginx (HTTPS on a free
127.0.0.1 port) + pam_wrapper, built from $GESPREK_BUILD (default
<repo>/_build); nothing is built here. tests/run builds first.

Environment:
  GESPREK_BUILD          build dir holding gesprekd and gesprekctl
  GESPREK_SANITIZER_DIR  where ASan/UBSan reports go (tests/run checks it)
  GESPREK_LOG_DIR        if set, the stack's logs are copied there at the end
                         (under pytest-xdist: into its subfolder per worker)
  GESPREK_KEEP=1         keep the stack's work dir (its path is printed)

Fixtures: stack, base_url, new_session, session, login, shared_tmp_path.
To run gesprekd/gesprekctl of the stack by hand use env=stack.env() (the
sanitizer options; pam=True adds pam_wrapper).
Helpers to import (``from conftest import login, csrf_token``): login,
csrf_token, StackSession.
"""

import os
import sys
import warnings
from pathlib import Path

import pytest
import requests
import urllib3
from lxml import html as lxml_html

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

import stack as stack_mod  # noqa: E402  (tests/stack.py)

# The test stack's certificate is self-signed; we talk to 127.0.0.1 only.
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
warnings.filterwarnings("ignore", category=urllib3.exceptions.InsecureRequestWarning)

# Timeout of every request made through StackSession (seconds).
REQUEST_TIMEOUT = 30


def pytest_configure(config):
    # Under pytest-xdist (tests/run: -n N --dist loadfile) every worker is a
    # test session of its own with its own stack: its logs, screenshots and
    # the other files tests keep under $GESPREK_LOG_DIR go to a folder of
    # the worker's (gw0, gw1, ...), so no worker overwrites another's.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and os.environ.get("GESPREK_LOG_DIR"):
        os.environ["GESPREK_LOG_DIR"] = str(Path(os.environ["GESPREK_LOG_DIR"]) / worker)
    # pytest resets warning filters per test: register the filter with it.
    config.addinivalue_line("filterwarnings",
                            "ignore::urllib3.exceptions.InsecureRequestWarning")
    # SIGTERM/SIGHUP to pytest: stop the stack before dying (Ctrl-C ends
    # in KeyboardInterrupt and the fixture teardown / atexit handle it).
    stack_mod.install_signal_handlers()


# Test files that share one expensive state within a pytest process: under
# pytest-xdist they go to one worker together, in their order, so that the
# state is built once.  pagestates.py builds its page states (cycles in
# every state) and fetches every page, in both languages, once per stack.
XDIST_GROUPS = {"pagestates": "import pagestates"}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """--dist loadfile, but the files of an XDIST_GROUPS group (those whose
    text holds its import line) are one unit of work, not one each."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling  # only under xdist

    class GroupedFileScheduling(LoadFileScheduling):
        groups = {}

        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            if path not in self.groups:
                self.groups[path] = path
                try:
                    text = (Path(config.rootpath) / path).read_text(encoding="utf-8")
                except OSError:
                    text = ""
                for name, line in XDIST_GROUPS.items():
                    if line in text:
                        self.groups[path] = name
            return self.groups[path]

    return GroupedFileScheduling(config, log)


class StackSession(requests.Session):
    """A requests.Session bound to the stack: relative URLs ("/login") are
    joined to base_url, TLS is not verified (self-signed), proxies and CA
    settings from the environment are ignored, and every request has a
    timeout."""

    def __init__(self, base_url):
        super().__init__()
        self.base_url = base_url.rstrip("/")
        # Ignore the environment: a REQUESTS_CA_BUNDLE would override
        # verify=False, and a proxy setting must not catch 127.0.0.1.
        self.trust_env = False
        self.verify = False

    def request(self, method, url, *args, **kwargs):
        if url.startswith("/"):
            url = self.base_url + url
        kwargs.setdefault("timeout", REQUEST_TIMEOUT)
        return super().request(method, url, *args, **kwargs)


def csrf_token(page, form_action=None):
    """The value of the hidden `csrf` input in an HTML page (a Response or a
    str), in the form whose action is `form_action` if given. Fails the test
    with the start of the page when there is none."""
    text = page.text if hasattr(page, "text") else page
    doc = lxml_html.fromstring(text)
    if form_action is not None:
        values = doc.xpath("//form[@action=$a]//input[@name='csrf']/@value", a=form_action)
    else:
        values = doc.xpath("//input[@name='csrf']/@value")
    if not values:
        where = f" in form action={form_action!r}" if form_action else ""
        pytest.fail(f"no hidden csrf input{where} in page:\n{text[:2000]}")
    return values[0]


def login(session, user, password, follow=False):
    """Log in through the login form: GET /login, take the csrf token of
    the form, POST /login with username, password and csrf.

    Returns the response to the POST (by default not following its
    redirect, so the caller sees the 303 and its Set-Cookie); the session
    keeps the cookies either way."""
    page = session.get("/login")
    assert page.status_code == 200, f"GET /login answered {page.status_code}:\n{page.text[:2000]}"
    token = csrf_token(page, "/login")
    return session.post("/login",
                        data={"username": user, "password": password, "csrf": token},
                        allow_redirects=follow)


@pytest.fixture(scope="session")
def stack():
    """The running stack (tests/stack.py Stack), shared by all tests.

    Tests may stop/start MariaDB or restart gesprekd but must leave all of
    it running when they end."""
    build = Path(os.environ.get("GESPREK_BUILD") or REPO / "_build")
    for prog in ("gesprekd", "gesprekctl"):
        if not os.access(build / prog, os.X_OK):
            pytest.fail(f"{build / prog} is missing: build first (tests/run does) "
                        f"or point GESPREK_BUILD at a build dir", pytrace=False)
    keep = os.environ.get("GESPREK_KEEP") == "1"
    # A work dir under /tmp (not pytest's 0700 tmp dir): gesprekd drops to
    # `nobody` when run as root and must reach the sockets in it.
    # GESPREK_MARIADB_ARGS: extra mariadbd options, e.g. a Galera node's
    # "--auto-increment-increment=3 --auto-increment-offset=2" (issue 20:
    # the store must not count on consecutive ids).
    st = stack_mod.Stack(None, build, https=True, keep=keep,
                         save_logs_to=os.environ.get("GESPREK_LOG_DIR"),
                         mariadb_args=os.environ.get("GESPREK_MARIADB_ARGS", "").split())
    error = None
    try:
        st.start()
    except stack_mod.StackError as exc:
        error = str(exc)
    if error is not None:  # (start() has stopped what it had started)
        pytest.fail(f"the test stack did not start:\n{error}", pytrace=False)
    try:
        yield st
    finally:
        st.stop()
        if keep:
            print(f"\nstack work dir kept: {st.workdir}")


@pytest.fixture(autouse=True)
def _stack_reset(request):
    """Before each test that uses the stack: undo config changes an earlier
    test left behind (stack.xslt_dir, sql_dir, conf overrides) and restart
    any part left stopped, so one failing test does not fail all after it."""
    if "stack" in request.fixturenames:
        st = request.getfixturevalue("stack")
        restarted = st.reset()
        if restarted:
            print(f"[stack] before {request.node.name}: restarted {', '.join(restarted)}",
                  file=sys.stderr)


@pytest.fixture(scope="session")
def base_url(stack):
    """e.g. https://127.0.0.1:41234 (no trailing slash)."""
    return stack.base_url


def _sessions(base_url):
    made = []

    def make():
        s = StackSession(base_url)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


@pytest.fixture
def new_session(base_url):
    """Factory of fresh StackSessions (one per simulated browser/user)."""
    yield from _sessions(base_url)


@pytest.fixture(scope="module")
def new_session_module(base_url):
    """new_session for a module's fixtures: the sessions live as long as
    the module's tests (users logged in once per file)."""
    yield from _sessions(base_url)


@pytest.fixture
def session(new_session):
    """One fresh, anonymous StackSession."""
    return new_session()


@pytest.fixture
def users(new_session):
    """users("eva"): one session per demo user, logged in on first use
    (convtools.Users), for the test's length."""
    from convtools import Users   # convtools imports this file
    return Users(new_session)


@pytest.fixture
def shared_tmp_path(stack, request):
    """Like tmp_path, but inside the stack's work dir, so that gesprekd
    (running as nobody when the tests run as root) can read what a test puts
    there, e.g. a copy of the stylesheets: stack.copy_readable(src, dest)."""
    return stack.shared_dir(request.node.name)


@pytest.fixture(name="login")
def login_fixture():
    """The login(session, user, password, follow=False) helper."""
    return login
