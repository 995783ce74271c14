"""Run wrk against one URL and read requests/s and latency percentiles from its report."""

import re
import subprocess
from dataclasses import dataclass

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # socket errors + non-2xx/3xx responses


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS[unit]


def parse(report: str) -> WrkResult:
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+\w+)\s*$", report, re.M))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))
    requests = int(re.search(r"(\d+) requests in", report).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", report))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    errors += int(non2xx.group(1)) if non2xx else 0
    return WrkResult(rps, _ms(percentiles["50"]), _ms(percentiles["99"]), requests, errors)


def run(url: str, *, connections: int, seconds: float, headers=(), threads: int = 2) -> WrkResult:
    command = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
    ]
    for header in headers:
        command += ["-H", header]
    report = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    return parse(report)
