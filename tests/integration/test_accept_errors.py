"""Worker threads and accept() errors (issue 13).

A worker thread that got an error from accept (EMFILE, ENOMEM, ...) used to
end for good, without a word in the log, and a worker process whose threads
had all ended kept running: the socket stayed open and nothing answered.
Now a passing error is retried with bounded exponential backoff and logged
once per episode, and a worker with no thread left exits so that the master
starts a new one."""

import os
import re
import resource
import socket
import time

from helpers import fcgi_request, wait_for
from procs import GET_LOGIN, answers, conf_with, kill_group, start, worker_of

START_TIMEOUT = 60


def lowest_free_fd(pid):
    used = {int(n) for n in os.listdir(f"/proc/{pid}/fd")}
    return min(set(range(len(used) + 1)) - used)


def tasks(pid):
    """The number of threads of process pid."""
    return len(os.listdir(f"/proc/{pid}/task"))


def stop(p):
    p.terminate()
    try:
        assert p.wait(30) == 0
    finally:
        kill_group(p)


def test_accept_out_of_descriptors_backs_off_and_recovers(stack, shared_tmp_path):
    sock = shared_tmp_path / "fd.sock"
    log = shared_tmp_path / "gesprekd.log"
    # user = "": the worker keeps our uid, so that this test may change its
    # RLIMIT_NOFILE (without CAP_SYS_RESOURCE only a process of one's own uid).
    conf = conf_with(stack, shared_tmp_path / "fd.conf", listen=f"unix:{sock}",
                     runtime_dir=str(shared_tmp_path / "run"), threads="3", user="")
    p = start(stack, conf, log)
    try:
        assert wait_for(lambda: answers(sock), timeout=START_TIMEOUT), log.read_text()
        assert answers(sock) and answers(sock)
        worker = worker_of(p.pid)
        threads = tasks(worker)
        soft, hard = resource.prlimit(worker, resource.RLIMIT_NOFILE)
        # Every descriptor the worker may have is in use: accept fails
        # with EMFILE while a connection waits in the backlog.
        resource.prlimit(worker, resource.RLIMIT_NOFILE, (lowest_free_fd(worker), hard))
        waiting = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            waiting.connect(str(sock))
            assert wait_for(lambda: "Too many open files" in log.read_text(), timeout=20), \
                "the accept error is logged:\n" + log.read_text()[-2000:]
            # Time for the threads to retry several times (with backoff):
            # only the episode's first failure is logged.
            time.sleep(2)
        finally:
            resource.prlimit(worker, resource.RLIMIT_NOFILE, (soft, hard))
            waiting.close()
        assert wait_for(lambda: answers(sock), timeout=20), "answers again once fds are free"
        assert worker_of(p.pid) == worker, "the same worker recovered in place"
        assert tasks(worker) == threads, "no thread was lost"
        text = log.read_text()
        failures = [l for l in text.splitlines() if "Too many open files" in l]
        assert len(failures) == 1, failures
        assert re.search(r"accept works again after \d+ failure", text), text[-2000:]
    finally:
        stop(p)


def test_worker_with_no_thread_left_is_replaced(stack, shared_tmp_path):
    """The socket stops listening under gesprekd's feet (what a shutdown()
    by another holder of an inherited socket does): every accept fails with
    EINVAL for good, the threads end, and the worker must go too."""
    log = shared_tmp_path / "gesprekd.log"
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(16)
    port = lsock.getsockname()[1]
    conf = conf_with(stack, shared_tmp_path / "gone.conf", listen="inherit",
                     runtime_dir=str(shared_tmp_path / "run"), threads="2")
    p = start(stack, conf, log, stdin=lsock.fileno())
    try:
        assert wait_for(lambda: answers(tcp=("127.0.0.1", port)), timeout=START_TIMEOUT), \
            log.read_text()
        worker = worker_of(p.pid)
        lsock.shutdown(socket.SHUT_RD)
        assert wait_for(lambda: "no worker thread left" in log.read_text(), timeout=20), \
            log.read_text()[-2000:]
        assert wait_for(lambda: worker_of(p.pid) not in (None, worker), timeout=20), \
            "the master starts a new worker"
    finally:
        lsock.close()
        stop(p)
