"""What the bench scripts share: waiting for a server to listen, writing a report."""

import json
import socket
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


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
