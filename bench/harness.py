"""What the benchmarks share: a throwaway samizdat, its server processes, a comment client, wrk."""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on {port}")


class Site:
    """A samizdat data folder of its own, migrated and with static files collected."""

    def __init__(self, **env: str):
        self.data = Path(tempfile.mkdtemp(prefix="samizdat-bench-"))
        self.data.chmod(0o755)  # nginx's workers read stored pages from here
        self.env = {
            **os.environ,
            "SAMIZDAT_DATA_DIR": str(self.data),
            "SAMIZDAT_DEMO": "0",
            "SAMIZDAT_COMMENTS_RATE_LIMIT": "off",
            "SAMIZDAT_EMAIL_URL": "locmem://",
            **env,
        }
        self.run("migrate", "-v0")
        self.run("collectstatic", "--noinput", "-v0")

    def run(self, *args: str, **env: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "samizdat", *args],
            env={**self.env, **env},
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def shell(self, code: str) -> str:
        return self.run("shell", "-c", code).strip().splitlines()[-1]

    def serve(self, port: int, *, workers: int = 2, **env: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "samizdat",
                "serve",
                "--production",
                "--no-worker",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env={**self.env, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(port)
        return process

    def remove(self) -> None:
        shutil.rmtree(self.data, ignore_errors=True)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def _send(port, path, post_id, numbers, deadline, accepted, lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    page = conn.getresponse().read().decode()
    stamp = re.search(r'name="stamp" value="([^"]+)"', page).group(1)
    for n in numbers:
        if time.monotonic() > deadline:
            return
        body = urllib.parse.urlencode(
            {
                "name": f"Bench {n}",
                "email": f"b{n}@example.org",
                "body": f"Benchmark comment number {n}.",
                "stamp": stamp,
            }
        )
        conn.request(
            "POST",
            f"/comments/post/{post_id}/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        response.read()
        if response.status == 302 and "#comment-" in response.getheader("Location", ""):
            with lock:
                accepted.append(n)


def post_comments(
    port: int, path: str, post_id: int, *, count: int, connections: int, seconds: float
) -> tuple[int, float]:
    """Send `count` unique comments over keep-alive connections; (accepted, elapsed seconds)."""
    accepted, lock = [], threading.Lock()
    deadline = time.monotonic() + seconds
    shares = [range(i, count, connections) for i in range(connections)]
    threads = [
        threading.Thread(target=_send, args=(port, path, post_id, share, deadline, accepted, lock))
        for share in shares
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(accepted), time.perf_counter() - started


def wrk(url: str, *, threads: int, connections: int, seconds: int) -> dict:
    """Requests/s and latency percentiles from one wrk run."""
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "5s",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms("50"),
        "p99": ms("99"),
        "non2xx": int(errors.group(1)) if errors else 0,
    }


def ensure_tools(*names: str) -> None:
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        packages = {"wrk": "wrk", "nginx": "nginx-light"}
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *[packages[n] for n in missing]],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
