"""The recount of the report summaries (issue 21), for the test files that
end with it: test_fault_walk.py, test_races.py, the imports, a generated
workload (test_summaries.py).

Tests before them write rows with SQL, past the store, which no summary
follows: a file rebuilds the summaries when it starts (rebuild_summaries),
so that the recount at its end (assert_recount_equal) judges only what
its own writes did."""


def rebuild_summaries(stack):
    res = stack.ctl("rebuild-summaries", check=False)
    assert res.returncode == 0, f"rebuild-summaries failed:\n{res.stdout}{res.stderr}"


def keep_summaries(stack, cycle):
    """After rows of `cycle` written with SQL past the store: its
    summaries and kept counts recounted (and every department's active
    employees), as the store's writes keep them -- only that cycle's, so a
    missing refresh elsewhere still shows in verify --summaries."""
    res = stack.ctl("rebuild-summaries", "--cycle", str(cycle), check=False)
    assert res.returncode == 0, f"rebuild-summaries --cycle failed:\n{res.stdout}{res.stderr}"


def assert_recount_equal(stack, after):
    """gesprekctl verify --summaries finds no difference."""
    res = stack.ctl("verify", "--summaries", check=False, timeout=600)
    assert res.returncode == 0, (f"after {after}, the summaries differ from a recount:\n"
                                 f"{res.stdout[-4000:]}{res.stderr}")
