#!/usr/bin/python3
"""Where a node loss's outage went, from the survivor's own records: seconds from the fault (the lab's
fault-time file) to the cluster's verdict (the first daemon that logged the node lost, and the controller's
own line, which its alerts carry), with fencing to the controller's fence request and the fence's confirmation
(after the fence delay and the agent's off and on), to the VIP's and webserver's start results on the survivor, and to the
first moment the client's neighbour entry for the VIP named a new MAC (`ip -ts monitor neigh` output).
Prints one JSON object; a moment not found is null.

Usage: timeline.py FAULT_FILE PACEMAKER_LOG FROM_LINE LOST_NODE SURVIVOR [NEIGH_LOG VIP SURVIVOR_MAC]
(TIMELINE_VIP_RESOURCE: the VIP's resource id, virtual_ip unless a group's, vip-g1)"""
import os
import datetime
import json
import re
import sys
import time

fault_file, log, mark, lost, survivor = sys.argv[1:6]
neigh_log, vip, mac = (sys.argv[6], sys.argv[7], sys.argv[8].lower()) if len(sys.argv) > 8 else (None, None, None)
fault = float(open(fault_file).read().strip())
year = time.localtime(fault).tm_year


def pacemaker_time(line):
    # "Dec 02 13:54:38.261 n2 pacemaker-controld ...": local time, no year
    stamp = datetime.datetime.strptime(f"{year} {line[:19]}", "%Y %b %d %H:%M:%S.%f")
    return time.mktime(stamp.timetuple()) + stamp.microsecond / 1e6


moments = {"verdict": None, "controller_verdict": None, "fence_requested": None, "fenced": None,
           "vip_started": None, "webserver_started": None, "client_arp": None}
with open(log, errors="replace") as f:
    for number, line in enumerate(f, 1):
        if number <= int(mark):
            continue
        try:
            at = pacemaker_time(line)
        except ValueError:
            continue
        if at < fault:
            continue
        if moments["verdict"] is None and f"Node {lost} state is now lost" in line:
            moments["verdict"] = at
        if moments["controller_verdict"] is None and f"Cluster node {lost} is now lost" in line:
            moments["controller_verdict"] = at
        if moments["fence_requested"] is None and re.search(rf"Requesting fencing \(\w+\) (of|targeting) node {lost}\b", line):
            moments["fence_requested"] = at
        if moments["fenced"] is None and re.search(rf"Peer {lost} was terminated \(\w+\) by \S+ on behalf of .*: (OK|ok)", line):
            moments["fenced"] = at
        for resource, key in ((os.environ.get("TIMELINE_VIP_RESOURCE", "virtual_ip"), "vip_started"), ("webserver", "webserver_started")):
            if moments[key] is None and re.search(f"Result of start operation for {resource} on {survivor}: (ok|OK)", line):
                moments[key] = at

if neigh_log:
    with open(neigh_log, errors="replace") as f:
        for line in f:
            # the old MAC's own changes (STALE, PROBE) are logged too: only the survivor's counts
            m = re.match(r"\[(\S+)\] (\S+) dev \S+ lladdr (\S+)", line)
            if m and m.group(2) == vip and m.group(3).lower() == mac:
                at = datetime.datetime.fromisoformat(m.group(1)).timestamp()
                if at >= fault:
                    moments["client_arp"] = at
                    break

print(json.dumps({k: (round(v - fault, 3) if v is not None else None) for k, v in moments.items()}))
