#!/usr/bin/env python3
"""Times the bench's operations (bench/operations.yaml) against a running `regiokg serve`, by wall time
and by the CPU time the server's request threads spent on each request.

On a shared machine a request's wall time grows with the run queue (two cores and a load of ten make a
50 ms answer take half a second), while the CPU its request thread spends stays nearly what it is on a
quiet machine: ARQ runs a query on the request's own thread. This probe reads that CPU time from
/proc/PID/task/*/stat (Jetty's request threads, "qtp…"), so figures taken while other work runs can
still be compared with the targets. It does not replace `regiokg bench` (peers, rows checked, budget):
it is the quick look at one store.

    python3 bench/cpu-probe.py --port 18600 --pid PID --organisations 1000000 [--only "NAME;..."] [--requests 5]

Output: a Markdown table (operation, rows, first answer, wall p50, CPU ms per request p50 and mean).
Every request bypasses the answer cache (Cache-Control: no-cache); a question asks 100 rows unless its
arguments set a limit.
"""
import argparse
import json
import math
import os
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def qtp_cpu_ms(pid):
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as f:
                if not f.read().startswith("qtp"):
                    continue
            with open(f"/proc/{pid}/task/{task}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total * 1000.0 / os.sysconf("SC_CLK_TCK")


def request(base, op, timeout):
    method = op.get("method", "GET")
    params = dict(op.get("params") or {})
    headers = {"Cache-Control": "no-cache", "Accept": op.get("accept", "application/json")}
    if "question" in op:
        path = "/api/questions/" + op["question"]
        params = dict(op.get("args") or {})
        params.setdefault("limit", "100")
    else:
        path = op["path"]
    data = None
    url = base + urllib.parse.quote(path)
    if method == "POST":
        data = urllib.parse.urlencode(params).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif params:
        url += "?" + urllib.parse.urlencode(params)
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        body = r.read()
    rows = None
    if "question" in op:
        try:
            answer = json.loads(body)
            rows = len(answer) if isinstance(answer, list) else len(answer.get("rows", []))
        except (ValueError, AttributeError):
            pass
    return body, rows


def resolve(value, n, picks):
    def sub(m):
        key = m.group(1)
        if key.startswith("index:"):
            return str(math.floor(float(key[6:]) * n))
        return picks[key]
    return re.sub(r"\{([a-zA-Z]+(?::[0-9.]+)?)\}", sub, value) if isinstance(value, str) else value


def resolve_op(op, n, picks):
    out = dict(op)
    for k in ("args", "params"):
        if k in op and op[k]:
            out[k] = {}
            for key, v in op[k].items():
                # "a|b|c": the first of these the question has; name-search (the only such question) says "name"
                out[k][key if "|" not in key else "name"] = resolve(v, n, picks)
    if "path" in op:
        out["path"] = resolve(op["path"], n, picks)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pid", type=int, required=True, help="the server's process id")
    ap.add_argument("--organisations", type=int, required=True)
    ap.add_argument("--operations", default=os.path.join(HERE, "operations.yaml"))
    ap.add_argument("--only", default="", help="operation names (or questions), separated by semicolons")
    ap.add_argument("--requests", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60)
    a = ap.parse_args()
    base = f"http://127.0.0.1:{a.port}"
    spec = yaml.safe_load(open(a.operations))
    picks = {}
    for name, p in (spec.get("picks") or {}).items():
        op = {"question": p["question"], "args": p.get("args") or {}}
        body, _ = request(base, op, a.timeout)
        rows = json.loads(body)
        picks[name] = rows[0][p["column"]] if rows else ""
    only = [s.strip() for s in a.only.split(";") if s.strip()]
    print(f"| operation | rows | first | wall p50 | CPU p50 | CPU mean |")
    print(f"| --- | --- | --- | --- | --- | --- |")
    for raw in spec["operations"]:
        name = raw.get("name") or raw.get("question") or raw.get("path")
        if only and name not in only and raw.get("question") not in only:
            continue
        op = resolve_op(raw, a.organisations, picks)
        try:
            t = time.perf_counter()
            _, rows = request(base, op, a.timeout)
            first = (time.perf_counter() - t) * 1000
            walls, cpus = [], []
            for i in range(2 + a.requests):
                c0, t0 = qtp_cpu_ms(a.pid), time.perf_counter()
                request(base, op, a.timeout)
                wall, cpu = (time.perf_counter() - t0) * 1000, qtp_cpu_ms(a.pid) - c0
                if i >= 2:
                    walls.append(wall)
                    cpus.append(cpu)
            print(f"| {name} | {rows if rows is not None else '–'} | {first:.0f} ms | {statistics.median(walls):.0f} ms "
                  f"| {statistics.median(cpus):.0f} ms | {statistics.mean(cpus):.0f} ms |", flush=True)
        except Exception as e:  # a timeout or an error answer: say so and go on
            print(f"| {name} | – | failed: {str(e)[:80]} | – | – | – |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
