#!/usr/bin/env python3
"""/events under hostile load: a full event log (two files at the rotation size), 50 clients asking for
/events at once (half for the newest page, half for a page older than memory holds, so the files are
read), an alert posted on the Unix socket meanwhile. Measures the daemon's peak RSS (VmHWM) against
the unit's MemoryMax (128M), the alert's round trip and the /events latencies, for this giragent and,
with --before, an earlier binary in the same run. Writes its section of docs/benchmarks.md.

    python3 tests/bench/bench-events.py [--giragent artifacts/giragent] [--before OLD_BINARY] [--runs 10]
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import http.client
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

SECTION_BEGIN = "<!-- bench-events: begin -->"
SECTION_END = "<!-- bench-events: end -->"
ROTATE = 16 * 1024 * 1024


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_full_log(path):
    """Two files of about the rotation size each, events one second apart, oldest first."""
    t0 = 1_790_000_000
    n = 0
    for name in (path + ".1", path):
        with open(name, "w") as f:
            size = 0
            while size < ROTATE - 1024:
                line = json.dumps({"id": f"{n:016x}", "time": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t0 + n)),
                                   "kind": "resource_moved", "cause": "node_loss", "resource": "webserver", "from": "n1",
                                   "to": "n2", "node": "n2", "duration_seconds": 2.5, "detail": "node n1 lost " + "x" * 120,
                                   "source": "snapshot"}, separators=(",", ":")) + "\n"
                f.write(line)
                size += len(line)
                n += 1
    return n, t0


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    t = time.perf_counter()
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, len(body), time.perf_counter() - t


def post_alert(sock_path):
    body = json.dumps({"CRM_alert_kind": "node", "CRM_alert_node": "n2", "CRM_alert_desc": "lost"}).encode()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    t = time.perf_counter()
    s.connect(sock_path)
    s.sendall(b"POST /alert HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
              + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except TimeoutError:
        return "timeout", time.perf_counter() - t
    finally:
        s.close()
    return data.split(b" ", 2)[1].decode() if data else "none", time.perf_counter() - t


def hwm_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def one_run(binary, tmp, events, t0):
    log = os.path.join(tmp, "events.jsonl")
    sock = os.path.join(tmp, "giragent.sock")
    port = free_port()
    env = dict(os.environ, GIRAGENT_Listen=f"127.0.0.1:{port}", GIRAGENT_Socket=sock, GIRAGENT_EventLog=log,
               GIRAGENT_JournalSocket=os.path.join(tmp, "none.sock"), GIRAGENT_PollIntervalSeconds="5",
               GIRAGENT_StatusUrl=f"http://127.0.0.1:{free_port()}/server-status")
    env.pop("DOTNET_GCGen0MaxBudget", None)
    p = subprocess.Popen([binary, "daemon"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if get(port, "/live")[0] in (200, 503):
                    break
            except OSError:
                time.sleep(0.1)
        start_hwm = hwm_mib(p.pid)
        results = []
        old_since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t0 + 10))

        def client(i):
            path = "/events?limit=1000" if i % 2 == 0 else f"/events?since={old_since}&limit=1000"
            try:
                results.append(get(port, path))
            except OSError as e:
                results.append((0, 0, float("nan")))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(50)]
        for t in threads:
            t.start()
        time.sleep(0.05)
        alert_status, alert_seconds = post_alert(sock)
        for t in threads:
            t.join()
        peak = hwm_mib(p.pid)
        ok = sum(1 for r in results if r[0] == 200)
        busy = sum(1 for r in results if r[0] == 503)
        lat = [r[2] for r in results if r[0] == 200]
        return {"peak": peak, "start": start_hwm, "alert_status": alert_status, "alert_ms": alert_seconds * 1000,
                "ok": ok, "busy": busy, "p50": benchlib.percentile(lat, 0.5), "p95": benchlib.percentile(lat, 0.95)}
    finally:
        p.kill()
        p.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--giragent", default="artifacts/giragent")
    ap.add_argument("--before", help="an earlier giragent binary, measured in the same run")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--out", default="docs/benchmarks.md")
    ap.add_argument("--no-out", action="store_true")
    args = ap.parse_args()
    sides = [("giragent (this code)", args.giragent)] + ([("giragent (before)", args.before)] if args.before else [])
    figures = {}
    for name, binary in sides:
        runs = []
        for i in range(args.runs):
            tmp = tempfile.mkdtemp(prefix="girlb-bench-events-")
            try:
                events, t0 = write_full_log(os.path.join(tmp, "events.jsonl"))
                runs.append(one_run(os.path.abspath(binary), tmp, events, t0))
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            print(name, i + 1, runs[-1], flush=True)
        figures[name] = (runs, events)

    lines = [SECTION_BEGIN, "## /events under load on a full event log (`tests/bench/bench-events.py`)", "",
             f"Measured {time.strftime('%Y-%m-%d')} on {benchlib.cpu_model()}, {benchlib.memory_gib()}; each run: a full log "
             f"(two files of 16 MiB, {figures[sides[0][0]][1]:,} events), 50 concurrent `GET /events?limit=1000` (half of them "
             "with a `since` near the log's start), one alert posted on the Unix socket meanwhile; "
             f"{args.runs} runs per binary, same machine, same run. The unit's `MemoryMax` is 128M.", "",
             "| binary | peak RSS p50 / max (MiB) | alert answered p50 / p95 / max (ms) | alert answers | /events 200 / 503 per run | /events latency p50 / p95 (s) |",
             "|---|---|---|---|---|---|"]
    for name, _ in sides:
        runs = figures[name][0]
        peaks = [r["peak"] for r in runs]
        alerts = [r["alert_ms"] for r in runs]
        statuses = ", ".join(f"{k} x{v}" for k, v in sorted({s: sum(1 for r in runs if r["alert_status"] == s) for s in {r["alert_status"] for r in runs}}.items()))
        lines.append(f"| {name} | {benchlib.percentile(peaks, .5):.0f} / {max(peaks):.0f} | {benchlib.percentile(alerts, .5):.1f} / "
                     f"{benchlib.percentile(alerts, .95):.1f} / {max(alerts):.1f} | {statuses} | {sum(r['ok'] for r in runs) // len(runs)} / "
                     f"{sum(r['busy'] for r in runs) // len(runs)} | {benchlib.percentile([r['p50'] for r in runs], .5):.2f} / "
                     f"{benchlib.percentile([r['p95'] for r in runs], .5):.2f} |")
    if len(sides) == 2:
        a = benchlib.percentile([r["peak"] for r in figures[sides[0][0]][0]], .5)
        b = benchlib.percentile([r["peak"] for r in figures[sides[1][0]][0]], .5)
        x = benchlib.percentile([r["alert_ms"] for r in figures[sides[0][0]][0]], .5)
        y = benchlib.percentile([r["alert_ms"] for r in figures[sides[1][0]][0]], .5)
        lines += ["", f"Ratios (this code / before): peak RSS {a / b:.2f}, alert round trip {x / y:.3f}."]
    lines += ["", "No peer has an event endpoint (ha_cluster_exporter and apache_exporter keep no events): the earlier giragent "
              "is the comparison. /events answers the newest 1,000 events (the most a request gets) from memory; a "
              "read of the files (only while memory holds fewer) is streamed, never under the writers' lock, and at most two requests "
              "are answered at a time (others wait up to 10 s, then 503 with Retry-After).",
              SECTION_END]
    section = "\n".join(lines) + "\n"
    print(section)
    if not args.no_out:
        benchlib.write_section(args.out, SECTION_BEGIN, SECTION_END, section)


if __name__ == "__main__":
    main()
