#!/usr/bin/python3
"""The lab's client: a steady, bounded load on a URL. Every INTERVAL ms it sends one request, whether or not
the one before has answered (keeping its cookies, so sticky sessions hold), and records the outcome. On SIGTERM or after
DURATION seconds it prints a JSON report: requests sent and failed, the longest gap between two
good answers, the members that answered, and, when a marker file exists, the time from the
moment written in it (the fault) to the first good answer after it.

Usage: client.py URL --interval MS --duration S --report FILE [--marker FILE] [--connect-timeout S]"""
import argparse
import http.client
import json
import os
import signal
import socket
import sys
import threading
import time
import urllib.parse

p = argparse.ArgumentParser()
p.add_argument("url")
p.add_argument("--interval", type=float, default=50)
p.add_argument("--duration", type=float, default=120)
p.add_argument("--timeout", type=float, default=1.0)
# a request sent into an outage (a SYN to a MAC that is gone) waits for TCP's 1 s retransmission: give up on the
# connection after this long and send the next one, so the first good answer after a failover is seen within
# interval + connect timeout of it
p.add_argument("--connect-timeout", type=float, default=0.1)
p.add_argument("--report", required=True)
p.add_argument("--marker")
args = p.parse_args()

url = urllib.parse.urlsplit(args.url)
stop = False


def on_term(*_):
    global stop
    stop = True


signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)

lock = threading.Lock()
sent = failed = 0
last_good = None
longest_gap = 0.0
members = {}
cookies = {}
first_good_after_marker = None
marker_time = None
errors = {}
sticky_changes = 0
last_member = None
outages = []
outage_start = None
outage_errors = {}
last_failure = None
in_flight = []
slowest = 0.0  # the longest a good answer took
start = time.time()


def attempt(t0):
    """One request; its outcome is recorded when it ends (under the lock: requests overlap in an outage)."""
    global slowest, failed, last_good, longest_gap, first_good_after_marker, sticky_changes, last_member, outage_start, outage_errors, last_failure
    ok = False
    member = None
    kind = None
    phase = "connect"
    try:
        conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=args.timeout)
        conn.sock = socket.create_connection((url.hostname, url.port or 80), timeout=args.connect_timeout)
        conn.sock.settimeout(args.timeout)
        phase = "response"
        headers = {"Connection": "close"}
        with lock:
            if cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        conn.request("GET", url.path or "/", headers=headers)
        r = conn.getresponse()
        r.read()
        with lock:
            for h, v in r.getheaders():
                if h.lower() == "set-cookie":
                    kv = v.split(";", 1)[0]
                    if "=" in kv:
                        k, val = kv.split("=", 1)
                        cookies[k.strip()] = val.strip()
        conn.close()
        if r.status == 200:
            ok = True
            member = r.getheader("X-Member") or "?"
        else:
            kind = str(r.status)
    except Exception as e:  # any failure counts; the kind is reported, and per outage where it failed
        kind = type(e).__name__
    now = time.time()
    with lock:
        if ok:
            slowest = max(slowest, now - t0)
            members[member] = members.get(member, 0) + 1
            if last_member is not None and member != last_member:
                sticky_changes += 1
            if member != last_member:
                with open(args.report + ".member", "w") as f:
                    f.write(member)
            last_member = member
            if last_good is not None:
                longest_gap = max(longest_gap, now - last_good)
            if outage_start is not None:
                # where the time went: the failures by phase, and when the last failed attempt began
                outages.append({"start": outage_start, "end": now, "seconds": round(now - outage_start, 3),
                                "errors": outage_errors, "last_failure": last_failure})
                outage_start = None
                outage_errors = {}
            last_good = now
            if marker_time is not None and first_good_after_marker is None and t0 >= marker_time:
                first_good_after_marker = now
        else:
            errors[kind] = errors.get(kind, 0) + 1
            failed += 1
            # a request that began before the last good answer does not open an outage: an answer came after it
            if last_good is None or t0 >= last_good:
                outage_errors[f"{phase} {kind}"] = outage_errors.get(f"{phase} {kind}", 0) + 1
                last_failure = t0 if outage_start is None else max(last_failure, t0)
                outage_start = t0 if outage_start is None else min(outage_start, t0)


# a new request every INTERVAL whether or not the one before has answered (at most MAX_IN_FLIGHT at once): one
# request that hangs (a connection accepted while httpd starts, a response timeout) does not hide the answers the
# next ones get, as a population of clients would see it
MAX_IN_FLIGHT = 64
while not stop and time.time() - start < args.duration:
    t0 = time.time()
    if args.marker and marker_time is None and os.path.exists(args.marker):
        try:
            marker_time = float(open(args.marker).read().strip())
        except ValueError:
            pass
    in_flight = [t for t in in_flight if t.is_alive()]
    if len(in_flight) < MAX_IN_FLIGHT:
        with lock:
            sent += 1
        t = threading.Thread(target=attempt, args=(t0,), daemon=True)
        t.start()
        in_flight.append(t)
    delay = args.interval / 1000.0 - (time.time() - t0)
    if delay > 0:
        time.sleep(delay)

for t in in_flight:
    t.join(args.connect_timeout + args.timeout + 0.5)

with lock:
    report = {
        "url": args.url,
        "sent": sent,
        "failed": failed,
        "longest_gap_seconds": round(longest_gap, 3),
        "slowest_answer_seconds": round(slowest, 3),
        "members": members,
        "member_changes": sticky_changes,
        "errors": errors,
        "outages": outages,
        "fault_time": marker_time,
        "recovery_seconds": round(first_good_after_marker - marker_time, 3) if first_good_after_marker and marker_time else None,
    }
with open(args.report + ".tmp", "w") as f:
    json.dump(report, f, indent=1)
os.replace(args.report + ".tmp", args.report)
print(json.dumps(report))
