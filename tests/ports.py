"""Servers that tests start as real processes: a free port, and waiting until one listens."""

import socket
import subprocess
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(
    port: int, *, process: subprocess.Popen, seconds: float, log: Path | None = None
) -> None:
    """Return once something accepts connections on `port`; fail the test, with the server's
    log, if `process` exits first or nothing listens within `seconds`."""
    output = (lambda: ":\n" + log.read_text()) if log else (lambda: "")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} exited early{output()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"nothing listened on port {port} within {seconds} s{output()}")
