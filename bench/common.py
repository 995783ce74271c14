"""What the bench scripts share: the production settings for a throw-away server, manage.py
in them, a free port, waiting for a server to listen, writing a report."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
RESULTS = Path(__file__).resolve().parent / "results"


def production_env(database_url: str, purpose: str, **overrides: str) -> dict:
    """This process's environment without our settings, then the production settings
    (DEBUG off) on `database_url` for a local server over plain HTTP, then `overrides`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=f"{purpose}-only-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def run_manage(env: dict, *args: str) -> str:
    """manage.py `args` in `env`; stops the bench with manage.py's output when it fails."""
    done = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args[:2])} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def process_cpu(pid: int) -> float:
    """CPU seconds a running process has used so far (Linux /proc; 0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """CPU seconds of a running process and its living descendants (gunicorn's master and
    workers)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            after_name = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(after_name[1]), []).append(int(stat.parent.name))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += process_cpu(current)
        todo.extend(children.get(current, ()))
    return total


def machine_busy_cpu() -> float:
    """CPU seconds the whole machine has been busy (all processes, ours or not)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    idle = int(fields[3]) + int(fields[4])  # idle + iowait
    return (sum(int(f) for f in fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(process, port: int, what: str, timeout: float = 60) -> None:
    """Return once 127.0.0.1:`port` accepts connections; raise if `process` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not start")


def finish(report: dict, filename: str, failure_word: str = "FAILED") -> None:
    """Write `report` to bench/results/`filename`, print it, exit 0 when report["ok"]."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / filename
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))
    print(("OK" if report["ok"] else failure_word) + f" — written to bench/results/{filename}")
    sys.exit(0 if report["ok"] else 1)
