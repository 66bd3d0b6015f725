"""The three ways gesprekd gets its listening socket: a unix socket of its
own (the stack), TCP, and an inherited descriptor as spawn-fcgi (fd 0) and
systemd socket activation (fd 3, LISTEN_FDS) hand it over."""

import os
import signal
import socket
import subprocess

import pytest

from helpers import fcgi_request, wait_for

GET_LOGIN = {"REQUEST_METHOD": "GET", "REQUEST_URI": "/login", "QUERY_STRING": "",
             "REMOTE_ADDR": "127.0.0.1"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


@pytest.fixture
def second(stack, shared_tmp_path):
    """Starts another gesprekd on the stack's database; stops it after."""
    procs = []

    def start(conf, **kw):
        p = subprocess.Popen([str(stack.gesprekd_bin), "-c", str(conf)], env=stack.env(pam=True),
                             stdout=subprocess.DEVNULL, stderr=open(shared_tmp_path / "log", "ab"), **kw)
        procs.append(p)
        return p
    yield start
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            assert p.wait(30) == 0


def answers(sock=None, tcp=None):
    try:
        return fcgi_request(sock, GET_LOGIN, tcp=tcp, timeout=5)[0] == 200
    except OSError:
        return False


def test_tcp_listener(stack, shared_tmp_path, second):
    port = free_port()
    conf = conf_with(stack, shared_tmp_path / "tcp.conf", listen=f"tcp:127.0.0.1:{port}",
                     runtime_dir=str(shared_tmp_path / "run"))
    second(conf)
    assert wait_for(lambda: answers(tcp=("127.0.0.1", port)), timeout=20)


def listening_unix(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(path))
    os.chmod(path, 0o666)
    s.listen(16)
    return s


def test_inherited_fd0_like_spawn_fcgi(stack, shared_tmp_path, second):
    path = shared_tmp_path / "fd0.sock"
    lsock = listening_unix(path)
    conf = conf_with(stack, shared_tmp_path / "fd0.conf", listen="inherit",
                     runtime_dir=str(shared_tmp_path / "run0"))
    second(conf, stdin=lsock.fileno())
    lsock.close()
    assert wait_for(lambda: answers(path), timeout=20)


def test_systemd_socket_activation(stack, shared_tmp_path):
    path = shared_tmp_path / "sd.sock"
    lsock = listening_unix(path)
    conf = conf_with(stack, shared_tmp_path / "sd.conf", listen="unix:/nonexistent/ignored.sock",
                     runtime_dir=str(shared_tmp_path / "run3"))
    fd = lsock.fileno()
    # As systemd does: the socket on fd 3, LISTEN_PID naming the process.
    script = (f"exec 3<&{fd}; export LISTEN_PID=$$ LISTEN_FDS=1; exec "
              f"'{stack.gesprekd_bin}' -c '{conf}'")
    procs = []
    p = subprocess.Popen(["bash", "-c", script], env=stack.env(pam=True), pass_fds=(fd,),
                         stdout=subprocess.DEVNULL, stderr=open(shared_tmp_path / "sd.log", "ab"))
    procs.append(p)
    try:
        lsock.close()
        assert wait_for(lambda: answers(path), timeout=20), (shared_tmp_path / "sd.log").read_text()
    finally:
        p.send_signal(signal.SIGTERM)
        assert p.wait(30) == 0


def test_inherit_refuses_a_non_socket(stack, shared_tmp_path):
    conf = conf_with(stack, shared_tmp_path / "bad.conf", listen="inherit",
                     runtime_dir=str(shared_tmp_path / "runx"))
    r = subprocess.run([str(stack.gesprekd_bin), "-c", str(conf)], env=stack.env(),
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    assert r.returncode != 0
    assert "not a listening socket" in r.stderr
