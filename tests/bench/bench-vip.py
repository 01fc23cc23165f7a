#!/usr/bin/env python3
"""Benchmark ocf:gir:vip (giragent) against ocf:heartbeat:IPaddr2 on the same address and interface.

Runs as root on Debian 12 with resource-agents and iproute2 installed. Python 3 stdlib only.

    python3 tests/bench/bench-vip.py [--runs N] [--giragent PATH] [--out docs/benchmarks.md]

The script makes two network namespaces of its own (girlb-vip-bench-<random>-n/-p, joined by a
veth pair), enters the node namespace itself (setns, so no `ip netns exec` is measured) and there
runs each agent as Pacemaker's executor does: a fresh process per action, parameters in
OCF_RESKEY_*, stdin from /dev/null, output to a file. For every run it records the wall time and
the CPU time (user + system) of the agent and of every descendant it waited for (os.wait4
rusage). Both agents announce the address in the background after start (IPaddr2's send_arp
job, giragent's detached announcer); neither is waited for, so neither is counted. Rounds
interleave the agents, alternating which goes first. The namespaces are deleted at the end,
also on failure; nothing is configured outside them.

ocf:gir:vip is measured twice for start: with check_conflict=false, like for like with IPaddr2
(whose run_arping is off by default), and with its default duplicate-address check, which
listens conflict_timeout (50 ms, its three probes sent at once) for another host's answer.
"""

import argparse
import ctypes
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_GIRAGENT = os.path.join(REPO, "artifacts", "giragent")
DEFAULT_PEER = "/usr/lib/ocf/resource.d/heartbeat/IPaddr2"
OCF_ROOT = "/usr/lib/ocf"
SECTION_BEGIN = "<!-- bench-vip:begin -->"
SECTION_END = "<!-- bench-vip:end -->"
CLONE_NEWNET = 0x40000000

GIR = "ocf:gir:vip"
GIR_CHECK = "ocf:gir:vip (check_conflict=true)"
PEER = "ocf:heartbeat:IPaddr2"

# (action, metric) -> maximum gir/peer ratio
TARGETS = {("monitor", "cpu"): 0.1, ("start", "wall"): 0.3, ("start", "cpu"): 0.3, ("stop", "wall"): 0.3, ("stop", "cpu"): 0.3}

NIC, NODE_IP, VIP, PREFIX = "lab0", "10.77.0.1", "10.77.0.50", "24"


class AgentFailure(Exception):
    pass


def sh(*argv):
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_lab(name):
    node, peer = name + "-n", name + "-p"
    sh("ip", "netns", "add", node)
    sh("ip", "netns", "add", peer)
    sh("ip", "-n", node, "link", "add", NIC, "type", "veth", "peer", "name", NIC, "netns", peer)
    for ns in (node, peer):
        sh("ip", "-n", ns, "link", "set", "lo", "up")
        sh("ip", "-n", ns, "link", "set", NIC, "up")
    sh("ip", "-n", node, "addr", "add", NODE_IP + "/" + PREFIX, "dev", NIC)
    sh("ip", "-n", peer, "addr", "add", "10.77.0.2/" + PREFIX, "dev", NIC)
    return node, peer


def delete_lab(node, peer):
    for ns in (node, peer):
        subprocess.run(["ip", "netns", "del", ns], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def enter_netns(name):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns " + name)
    finally:
        os.close(fd)


def run(argv, env, log_path, timeout=60.0):
    """Spawns argv, waits for it with wait4; returns (exit code, wall s, cpu s)."""
    with open(log_path, "ab") as log, open(os.devnull, "rb") as devnull:
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=[
            (os.POSIX_SPAWN_DUP2, devnull.fileno(), 0),
            (os.POSIX_SPAWN_DUP2, log.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, log.fileno(), 2),
        ])
        deadline = start + timeout
        while True:
            wpid, status, ru = os.wait4(pid, os.WNOHANG)
            if wpid == pid:
                break
            if time.perf_counter() > deadline:
                os.kill(pid, 9)
                os.wait4(pid, 0)
                raise AgentFailure(f"{argv} timed out")
            time.sleep(0.0002)
        wall = time.perf_counter() - start
    return os.waitstatus_to_exitcode(status), wall, ru.ru_utime + ru.ru_stime


def address_present():
    out = subprocess.run(["ip", "-o", "addr", "show", "dev", NIC], capture_output=True, text=True).stdout
    return f" {VIP}/{PREFIX} " in out


class Bench:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.link = os.path.join(tmp, "vip")
        os.symlink(os.path.abspath(args.giragent), self.link)
        self.samples = {}  # (agent, action, metric) -> [values]
        self.log = os.path.join(tmp, "agents.log")

    def argv(self, agent, action):
        return [self.link if agent.startswith(GIR) else self.args.peer, action]

    def env(self, agent, action):
        env = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "OCF_ROOT": OCF_ROOT,
            "OCF_RESOURCE_INSTANCE": "bench-vip",
            "OCF_RESOURCE_TYPE": "vip" if agent.startswith(GIR) else "IPaddr2",
            "OCF_RA_VERSION_MAJOR": "1",
            "OCF_RA_VERSION_MINOR": "1",
            "OCF_RESKEY_ip": VIP,
            "OCF_RESKEY_nic": NIC,
            "OCF_RESKEY_cidr_netmask": PREFIX,
            "OCF_RESKEY_crm_feature_set": "3.16.2",
            "OCF_RESKEY_CRM_meta_timeout": "20000",
        }
        if action == "monitor":
            env["OCF_RESKEY_CRM_meta_interval"] = "10000"
        if agent == GIR:
            env["OCF_RESKEY_check_conflict"] = "false"
        return env

    def op(self, agent, action, expect, record=True):
        code, wall, cpu = run(self.argv(agent, action), self.env(agent, action), self.log)
        if code != expect:
            raise AgentFailure(f"{agent} {action} exited {code}, expected {expect}; see {self.log}")
        if record:
            self.samples.setdefault((agent, action, "wall"), []).append(wall * 1000)
            self.samples.setdefault((agent, action, "cpu"), []).append(cpu * 1000)

    def cycle(self, agent, record):
        self.op(agent, "start", 0, record)
        if not address_present():
            raise AgentFailure(f"{agent} start left no {VIP}/{PREFIX} on {NIC}")
        for _ in range(self.args.monitors_per_round if agent != GIR_CHECK else 0):
            self.op(agent, "monitor", 0, record)
        time.sleep(self.args.settle)
        self.op(agent, "stop", 0, record)
        if address_present():
            raise AgentFailure(f"{agent} stop left {VIP} on {NIC}")
        self.op(agent, "monitor", 7, False)
        time.sleep(self.args.settle)

    def measure(self):
        agents = [GIR, PEER, GIR_CHECK]
        for _ in range(self.args.warmup):
            for agent in agents:
                self.cycle(agent, False)
        for i in range(self.args.runs):
            order = agents if i % 2 == 0 else list(reversed(agents))
            for agent in order:
                self.cycle(agent, True)
            # the floor: what any giragent run costs before the agent does anything
            for _ in range(2):
                code, wall, cpu = run([os.path.abspath(self.args.giragent), "--version"], {"PATH": "/usr/bin:/bin"}, self.log)
                self.samples.setdefault(("floor", "version", "cpu"), []).append(cpu * 1000)


def med(values):
    return statistics.median(values) if values else float("nan")


def machine_info(args):
    cpu = benchlib.cpu_model()
    mem = benchlib.memory_gib()
    distro = "?"
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    distro = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return {
        "machine": f"{os.cpu_count()} CPU(s), {cpu}, {mem} RAM; kernel `{platform.release()}`; {distro}",
        "giragent": benchlib.capture([args.giragent, "--version"]),
        "resource-agents": benchlib.capture(["dpkg-query", "-W", "-f", "${Version}", "resource-agents"]),
        "iproute2": benchlib.capture(["dpkg-query", "-W", "-f", "${Version}", "iproute2"]),
        "python": platform.python_version(),
    }


def render(bench, info, args):
    s = bench.samples
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        SECTION_BEGIN,
        f"## {GIR} vs {PEER}",
        "",
        f"Measured {now} with `python3 tests/bench/bench-vip.py --runs {args.runs}` (monitors per round "
        f"{args.monitors_per_round}, warm-up rounds {args.warmup}, settle {args.settle:.2f} s), in a network "
        f"namespace the script made, {VIP}/{PREFIX} on a veth `{NIC}`, nic and cidr_netmask given to both agents.",
        "",
        f"- machine: {info['machine']}",
        f"- `giragent --version`: {info['giragent']}; resource-agents (dpkg): {info['resource-agents']}; "
        f"iproute2 (dpkg): {info['iproute2']}; Python {info['python']}",
        f"- samples per agent: monitor {len(s.get((GIR, 'monitor', 'cpu'), []))}/{len(s.get((PEER, 'monitor', 'cpu'), []))}, "
        f"start and stop {len(s.get((GIR, 'start', 'cpu'), []))}/{len(s.get((PEER, 'start', 'cpu'), []))} (gir/peer)",
        "- CPU is user + system time of the agent and the descendants it waited for (wait4 rusage); "
        "wall is spawn to exit. The background announcers of both agents are not counted.",
        f"- floor: `giragent --version` costs {med(s.get(('floor', 'version', 'cpu'), [])):.1f} ms CPU (median): "
        "NativeAOT start-up and the dynamic loader's relocations of the binary, paid by every giragent run "
        "whatever the agent does; the vip monitor itself adds the rest.",
        "",
        f"| action | metric | {GIR} median (p90) | {PEER} median (p90) | ratio (gir/peer) | target | met? |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    verdicts = []
    for action in ("monitor", "start", "stop"):
        for metric, label in (("cpu", "CPU (user+sys) ms"), ("wall", "wall ms")):
            g = s.get((GIR, action, metric), [])
            p = s.get((PEER, action, metric), [])
            ratio = med(g) / med(p) if p and med(p) > 0 else float("nan")
            target = TARGETS.get((action, metric))
            met = "—" if target is None else ("yes" if ratio <= target else "**no**")
            if target is not None:
                verdicts.append(ratio <= target)
            lines.append(f"| {action} | {label} | {med(g):.1f} ({benchlib.percentile(g, 0.9):.1f}) | {med(p):.1f} ({benchlib.percentile(p, 0.9):.1f}) | "
                         f"{ratio:.3f} | {'≤ ' + str(target) if target else '—'} | {met} |")
    for metric, label in (("cpu", "CPU (user+sys) ms"), ("wall", "wall ms")):
        g = s.get((GIR_CHECK, "start", metric), [])
        p = s.get((PEER, "start", metric), [])
        ratio = med(g) / med(p) if p and med(p) > 0 else float("nan")
        lines.append(f"| start, check_conflict=true (default) | {label} | {med(g):.1f} ({benchlib.percentile(g, 0.9):.1f}) | "
                     f"{med(p):.1f} ({benchlib.percentile(p, 0.9):.1f}) | {ratio:.3f} | — | — |")
    lines += [
        "",
        "The targets compare like with like: IPaddr2 checks nothing before adding the address (its",
        "run_arping is off by default), so ocf:gir:vip is measured with check_conflict=false. With its",
        "default duplicate-address check, start sends its three ARP probes at once and listens",
        "conflict_timeout (50 ms) for another host's answer: that wait is the price of never splitting",
        "traffic with a host that already holds the address (docs/decisions.md), and it costs no CPU",
        "(see the last two rows).",
        SECTION_END,
        "",
    ]
    return "\n".join(lines), all(verdicts)


def write_doc(path, section):
    benchlib.write_section(path, SECTION_BEGIN, SECTION_END, section)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="measured rounds (at least 10)")
    ap.add_argument("--giragent", default=DEFAULT_GIRAGENT)
    ap.add_argument("--peer", default=DEFAULT_PEER, help="ocf:heartbeat:IPaddr2 script")
    ap.add_argument("--out", default=os.path.join(REPO, "docs", "benchmarks.md"))
    ap.add_argument("--no-out", action="store_true", help="print only, do not write --out")
    ap.add_argument("--monitors-per-round", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--settle", type=float, default=0.2, help="pause after start's monitors and after stop (s)")
    args = ap.parse_args()
    if args.runs < 10:
        ap.error("--runs must be at least 10")
    if os.geteuid() != 0:
        sys.exit("bench-vip.py must run as root (it creates network namespaces)")
    for path in (args.giragent, args.peer, shutil.which("ip") or "/nonexistent"):
        if not os.access(path, os.X_OK):
            sys.exit(f"not executable: {path}")

    info = machine_info(args)
    name = "girlb-vip-bench-" + uuid.uuid4().hex[:6]
    tmp = tempfile.mkdtemp(prefix="girlb-bench-vip-")
    node = peer = None
    try:
        node, peer = make_lab(name)
        enter_netns(node)
        bench = Bench(args, tmp)
        bench.measure()
    except AgentFailure as e:
        sys.exit(f"benchmark failed: {e}")
    finally:
        if node:
            delete_lab(node, peer)
    section, ok = render(bench, info, args)
    print(section)
    if not args.no_out:
        write_doc(args.out, section)
        print(f"written to {args.out}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
