"""One version everywhere (issue 23): the page footer, the .ics PRODID and
the XML export's generator attribute say what `gesprekd -V` prints (AC_INIT's
version plus git describe in a checkout), not AC_INIT's alone."""
import re
import subprocess

from conftest import login
from helpers import xml
from test_ics import get_ics, plan, planned  # noqa: F401 (fixtures)


def gesprekd_version(stack):
    r = subprocess.run([str(stack.gesprekd_bin), "-V"], capture_output=True, text=True,
                       timeout=30, check=True)
    return r.stdout.strip().split(" ", 1)[1]


def test_footer_ics_and_export_show_the_build_version(stack, planned, new_session):  # noqa: F811
    version = gesprekd_version(stack)
    s = new_session()
    assert login(s, "hanna", "demo").status_code == 303
    footer = re.search(r'<span class="footer-version">(.*?)</span>', s.get("/").text, re.S)
    assert footer, "no version in the footer of a logged-in page"
    assert footer.group(1).split()[-1] == version

    plan(planned["mark"], planned["cid"], "2027-03-09T13:45")
    ics = get_ics(planned["mark"], planned["cid"]).decode()
    prodid = re.search(r"^PRODID:(.*)\r$", ics, re.M).group(1)
    assert prodid == f"-//gesprek//gesprek {version}//NL"

    cycle = stack.sql("SELECT MIN(id) FROM cycle")[0][0]
    r = s.get(f"/reports/cycles/{cycle}.xml")
    assert r.status_code == 200, r.status_code
    assert xml(r).get("generator") == f"gesprek {version}"
