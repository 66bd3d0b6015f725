"""gesprekctl's one option parser: every subcommand refuses an option it
does not know and an argument too many (exit 2, usage on stderr, nothing
done), and -h/--help prints the usage on stdout and exits 0."""
import pytest


def fingerprint(stack):
    """Every table's checksum: equal before and after means no row changed."""
    tables = [t for (t,) in stack.sql("SELECT table_name FROM information_schema.tables"
                                       " WHERE table_schema = DATABASE() ORDER BY table_name")]
    return tables, stack.sql("CHECKSUM TABLE " + ", ".join(f"`{t}`" for t in tables))


# Typos and extra words, one per subcommand that takes the database.
REFUSED = [
    ("migrate", "--dryrun"),
    ("verify", "1", "2"),
    ("migrate", "now"),
    ("demo", "--login"),
    ("demo", "--logins", "extra"),
    ("status", "-v"),
    ("purge", "--all"),
    ("mail-send", "--now"),
    ("remind", "--today"),
    ("remind", "--tomorrow", "2026-01-01"),
    ("import", "org.csv", "--dryrun"),
    ("cycle", "start", "1", "--departement", "2"),
    ("cycle", "create", "X", "2026-01-01", "2026-12-31", "--force"),
    ("export", "cycle", "1", "--xml"),
    ("import", "competences", "c.xml", "--dryrun"),
    ("export", "competences", "extra"),
    ("generate", "--employees", "5", "--extra"),
    ("check", "--pam", "/etc/pam.d"),
    ("routes", "--all"),
    ("set-aside", "--all"),
    ("verify", "--all"),
    ("privacy-statement", "--pdf"),
    ("privacy-statement", "--lang", "de"),
    ("privacy-statement", "--format", "pdf"),
    ("--version", "extra"),
]


@pytest.mark.parametrize("args", REFUSED, ids=" ".join)
def test_unknown_option_or_argument_is_refused(stack, args):
    before = fingerprint(stack)
    res = stack.ctl(*args, check=False)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "usage:" in res.stderr
    assert res.stdout == ""
    assert fingerprint(stack) == before


@pytest.mark.parametrize("args", [("migrate", "--help"), ("migrate", "-h"),
                                  ("demo", "--help"), ("cycle", "start", "--help"),
                                  ("export", "cycle", "-h"), ("remind", "--help"),
                                  ("check", "--help"), ("routes", "-h")], ids=" ".join)
def test_help_prints_usage_and_exits_0(stack, args):
    before = fingerprint(stack)
    res = stack.ctl(*args, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.startswith("usage: gesprekctl")
    assert res.stderr == ""
    assert fingerprint(stack) == before


def test_help_needs_no_configuration(stack, tmp_path):
    missing = tmp_path / "none.conf"
    import subprocess
    res = subprocess.run([str(stack.gesprekctl_bin), "-c", str(missing), "migrate", "--help"],
                         capture_output=True, text=True, env=stack.env())
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("usage: gesprekctl")
    # Without --help the missing file is an error, not usage.
    res = subprocess.run([str(stack.gesprekctl_bin), "-c", str(missing), "migrate"],
                         capture_output=True, text=True, env=stack.env())
    assert res.returncode == 1


def test_known_forms_still_work(stack):
    assert stack.ctl("status").returncode == 0
    assert stack.ctl("demo", "--logins").stdout.split()
    assert stack.ctl("routes").stdout.count("\t") > 2


def _gesprekd(stack, *args):
    import subprocess
    return subprocess.run([str(stack.gesprekd_bin), *args], capture_output=True, text=True,
                          env=stack.env(), timeout=30, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("args", [("-h",), ("--help",)], ids=" ".join)
def test_gesprekd_help_prints_usage_and_exits_0(stack, args):
    res = _gesprekd(stack, *args)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.startswith("usage: gesprekd")
    assert res.stderr == ""


@pytest.mark.parametrize("args", [("extra",), ("-t", "extra"), ("--bogus",), ("-x",)],
                         ids=" ".join)
def test_gesprekd_refuses_an_unknown_option_or_an_operand(stack, tmp_path, args):
    # A configuration that does not exist: had gesprekd gone past its
    # arguments, it would exit 1 naming the file, not 2 with its usage.
    res = _gesprekd(stack, "-c", str(tmp_path / "none.conf"), *args)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "usage: gesprekd" in res.stderr
    assert "none.conf" not in res.stderr
    assert res.stdout == ""
