"""`samizdat serve --production` facing the internet without nginx: clients that send a body
a byte at a time hold no worker, and are cut off (issue 19)."""

import socket
import subprocess
import threading
import time
import urllib.request

import pytest

from tests.core.test_cli import SAMIZDAT, run_env
from tests.ports import free_port, wait_for_port


@pytest.fixture
def production(tmp_path):
    """One worker with one thread, the demo posts (post 1 among them) to comment on."""
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                *(*SAMIZDAT, "serve", "--production", "--workers", "1", "--threads", "1"),
                *("--no-worker", "--port", str(port)),
            ],
            env=run_env(tmp_path / "data", SAMIZDAT_REQUEST_BODY_SECONDS="3"),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    wait_for_port(port, process=process, seconds=120, log=log)
    yield port
    process.terminate()
    process.wait(timeout=30)


def drip(port: int, stop: threading.Event, answers: list) -> None:
    """A comment POST whose body comes one byte every half second, for as long as it may."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(
            b"POST /comments/post/1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
        )
        try:
            for _ in range(1000):
                if stop.is_set():
                    break
                s.sendall(b"a")
                time.sleep(0.5)
        except OSError:  # the server closed the connection on us: what should happen
            pass
        try:
            answers.append(s.recv(200))
        except OSError as error:
            answers.append(repr(error).encode())


def test_slow_request_bodies_do_not_stop_the_site(production):
    """Six connections dripping a comment body (more than the site has threads): the home
    page still answers, and each dripping client is answered 408 and disconnected."""
    stop, answers = threading.Event(), []
    drippers = [threading.Thread(target=drip, args=(production, stop, answers)) for _ in range(6)]
    for dripper in drippers:
        dripper.start()
    time.sleep(1)  # let every dripper be under way: headers in, body trickling
    try:
        home = urllib.request.urlopen(f"http://127.0.0.1:{production}/", timeout=20)
    except OSError:
        stop.set()  # the site is stuck: end the drippers, then fail
        raise
    finally:
        for dripper in drippers:
            dripper.join(timeout=60)
    assert home.status == 200
    assert len(answers) == 6
    assert all(answer.startswith(b"HTTP/1.1 408") for answer in answers), answers
