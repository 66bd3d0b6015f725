"""Tools of the browser-quality tests: headless Chromium through Selenium
(Debian's chromium, chromium-driver, python3-selenium) and the npm tools
axe-core and html-validate, pinned in tests/node/package.json and its lock
file.

node_tools() installs the npm tools once with `npm ci` into
$GESPREK_NODE_DIR, else <build dir>/node (tests/run's build dir is
_build/), and returns that folder; a machine that cannot reach the npm
registry fails the test with a clear message (never a silent skip).

chrome(lang, width, height) starts a headless Chromium that asks for pages
in `lang` and accepts the test stack's self-signed certificate.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NODE_SPEC = REPO / "tests" / "node"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--ignore-certificate-errors",
               "--hide-scrollbars", "--font-render-hinting=none")
NPM_TIMEOUT = 300       # seconds for `npm ci`
PAGE_LOAD_TIMEOUT = 60  # seconds chromedriver waits for one navigation
SCRIPT_TIMEOUT = 60     # seconds for one execute_async_script (axe.run)
ACCEPT = {"nl": "nl-NL,nl", "en": "en-GB,en"}


def need_browser():
    """Skips the module when Chromium or Selenium is missing (tests/deps.sh
    installs them, so under tests/run this never skips)."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        pytest.skip(f"needs Debian's chromium and chromium-driver ({', '.join(missing)} "
                    f"missing; tests/deps.sh installs them)", allow_module_level=True)
    try:
        import selenium  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"needs Debian's python3-selenium ({exc})", allow_module_level=True)


def build_dir():
    return Path(os.environ.get("GESPREK_BUILD") or REPO / "_build").resolve()


def node_tools():
    """The folder whose node_modules holds axe-core and html-validate at the
    pinned versions; installs them on first use."""
    dest = Path(os.environ.get("GESPREK_NODE_DIR") or build_dir() / "node")
    lock = NODE_SPEC / "package-lock.json"
    stamp = dest / ".installed-lock"
    if stamp.is_file() and stamp.read_bytes() == lock.read_bytes() and \
            (dest / "node_modules" / "axe-core" / "axe.min.js").is_file():
        return dest
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is missing: tests/deps.sh installs nodejs/npm (Debian)", pytrace=False)
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(NODE_SPEC / name, dest / name)
    res = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts",
                          "--loglevel=error"], cwd=dest, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=NPM_TIMEOUT)
    if res.returncode != 0:
        pytest.fail(f"`npm ci` in {dest} failed (is the npm registry reachable?):\n"
                    f"{res.stderr.strip()[-3000:]}", pytrace=False)
    stamp.write_bytes(lock.read_bytes())
    return dest


def chrome(lang="nl", width=1280, height=900, log_dir=None):
    """A headless Chromium (Selenium WebDriver)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in CHROME_ARGS:
        opts.add_argument(arg)
    opts.add_argument(f"--window-size={width},{height}")
    opts.add_argument("--lang=en-US" if lang == "en" else "--lang=nl-NL")
    opts.add_experimental_option("prefs", {"intl.accept_languages": ACCEPT[lang]})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    log_path = str(Path(log_dir) / "chromedriver.log") if log_dir else os.devnull
    d = webdriver.Chrome(service=Service(CHROMEDRIVER, log_path=log_path), options=opts)
    d.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
    d.set_script_timeout(SCRIPT_TIMEOUT)
    return d


def show_html(driver, base_url, html, wait=10):
    """Puts a page's HTML (as gesprekd answered it, also for a POST) into
    the browser at the stack's origin, so its stylesheet and script load
    as they would, and waits until the stylesheet applies."""
    import time

    if not driver.current_url.startswith(base_url):
        driver.get(base_url + "/static/gesprek.css")
    frame = driver.execute_cdp_cmd("Page.getFrameTree", {})["frameTree"]["frame"]["id"]
    driver.execute_cdp_cmd("Page.setDocumentContent", {"frameId": frame, "html": html})
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        ready = driver.execute_script(
            "var l = document.querySelector('link[rel=stylesheet]');"
            "return document.readyState === 'complete' && (!l || (l.sheet && "
            "l.sheet.cssRules.length > 0));")
        if ready:
            return
        time.sleep(0.05)
    raise AssertionError("the page's stylesheet did not load in the browser")


def shots_dir(stack):
    """$GESPREK_LOG_DIR/screenshots, else <stack work dir>/screenshots."""
    base = os.environ.get("GESPREK_LOG_DIR")
    d = (Path(base) if base else Path(stack.workdir)) / "screenshots"
    d.mkdir(parents=True, exist_ok=True)
    return d
