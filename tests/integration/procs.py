"""Helpers of the process tests (test_signals.py, test_accept_errors.py):
another gesprekd on the stack's database, with its own socket, runtime dir
and log, started in its own process group so that a test can see whether
anything of it is left after it stopped."""

import os
import signal
import subprocess

from helpers import children, fcgi_request

GET_LOGIN = {"REQUEST_METHOD": "GET", "REQUEST_URI": "/login", "QUERY_STRING": "",
             "REMOTE_ADDR": "127.0.0.1"}


def conf_with(stack, path, **server):
    """The stack's gesprek.conf with [server] keys replaced."""
    out, section = [], None
    for line in stack.config_path.read_text().splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        key = line.split("=")[0].strip()
        if section == "server" and key in server:
            line = f"{key} = {server[key]}"
        out.append(line)
    path.write_text("\n".join(out) + "\n")
    return path


def start(stack, conf, log, **kw):
    """gesprekd -c conf, stderr (its log) appended to log."""
    with open(log, "ab") as err:
        return subprocess.Popen([str(stack.gesprekd_bin), "-c", str(conf)],
                                env=stack.env(pam=True), stdin=kw.pop("stdin", subprocess.DEVNULL),
                                stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True, **kw)


def answers(sock=None, tcp=None, timeout=5):
    """True when gesprekd answers GET /login with 200."""
    try:
        return fcgi_request(sock, GET_LOGIN, tcp=tcp, timeout=timeout)[0] == 200
    except OSError:
        return False


def worker_of(pid):
    """The pid of the worker process of the master pid, or None."""
    pids = children(pid).get("gesprekd-work")
    return pids[0] if pids else None


def group_gone(pgid):
    """True when no process of the process group is left."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def kill_group(p):
    """SIGKILL to what is left of p's process group (test clean-up)."""
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        pass
