#!/usr/bin/env python3
"""Benchmark ocf:gir:webserver (giragent) against ocf:heartbeat:apache on the same httpd.

Runs as root on Debian 12 with apache2 and resource-agents installed. Python 3 stdlib only.

    python3 tests/bench/bench-webserver.py [--runs N] [--giragent PATH] [--out docs/benchmarks.md]

For each agent the script measures `monitor` (recurring, interval 10 s, timeout 20 s),
`start` and `stop` (of an idle server), interleaving the agents round by round, and records
for every run the wall time and the CPU time (user + system) of the agent process and of all
the descendants it waited for (os.wait4 rusage). The httpd daemon that `start` leaves behind
is not the agent's waited-for child: it is reparented to this script (a child subreaper, as
systemd is on a real node) and its CPU is never counted; the script checks this on every start.

See tests/bench/README.md.
"""

import argparse
import ctypes
import datetime
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_GIRAGENT = os.path.join(REPO, "artifacts", "giragent")
DEFAULT_PEER = "/usr/lib/ocf/resource.d/heartbeat/apache"
OCF_ROOT = "/usr/lib/ocf"
HTTPD = "/usr/sbin/apache2"
MODULES_DIR = "/usr/lib/apache2/modules"
ENVFILES = "/etc/apache2/envvars"
MODULES = [
    ("mpm_event_module", "mod_mpm_event.so"),
    ("authz_core_module", "mod_authz_core.so"),
    ("authz_host_module", "mod_authz_host.so"),
    ("status_module", "mod_status.so"),
    ("proxy_module", "mod_proxy.so"),
    ("proxy_http_module", "mod_proxy_http.so"),
    ("proxy_balancer_module", "mod_proxy_balancer.so"),
    ("slotmem_shm_module", "mod_slotmem_shm.so"),
    ("lbmethod_byrequests_module", "mod_lbmethod_byrequests.so"),
]
SECTION_BEGIN = "<!-- bench-webserver:begin -->"
SECTION_END = "<!-- bench-webserver:end -->"

GIR = "ocf:gir:webserver"
PEER = "ocf:heartbeat:apache"
AGENTS = (GIR, PEER)

# (action, metric, maximum gir/peer ratio)
TARGETS = {("monitor", "cpu"): 0.15, ("stop", "wall"): 0.10}

PR_SET_CHILD_SUBREAPER = 36


class AgentFailure(Exception):
    pass


# --------------------------------------------------------------------------- processes

class Reaper:
    """Makes this process a child subreaper and reaps every orphan reparented to it at once
    (as PID 1 does on a real node), but never a child that run() is about to wait4() for."""

    def __init__(self):
        self.lock = threading.Lock()
        self.protected = set()
        self.enabled = False
        self.reaped = 0

    def enable(self):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")
        self.enabled = True
        threading.Thread(target=self._loop, name="reaper", daemon=True).start()

    def _loop(self):
        while True:
            try:
                info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOWAIT)
            except ChildProcessError:
                time.sleep(0.01)
                continue
            except InterruptedError:
                continue
            if info is None:
                continue
            with self.lock:
                mine = info.si_pid in self.protected
                if not mine:
                    try:
                        os.waitpid(info.si_pid, 0)
                        self.reaped += 1
                    except ChildProcessError:
                        pass
            if mine:
                time.sleep(0.0005)  # run() reaps it with wait4


REAPER = Reaper()


def run(argv, env, log_path, timeout=120.0):
    """Spawns argv, waits for it with wait4; returns (exit code, wall s, cpu s)."""
    with open(log_path, "ab") as log:
        log.write(("$ " + " ".join(argv) + "\n").encode())
        log.flush()
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, log.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, log.fileno(), 2),
        ]
        with REAPER.lock:
            t0 = time.perf_counter()
            pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
            REAPER.protected.add(pid)
        # a hung agent is killed after `timeout` s (the watchdog never fires in a normal run)
        watchdog = threading.Timer(timeout, _kill_quietly, (pid,))
        watchdog.start()
        try:
            _, status, ru = os.wait4(pid, 0)
            t1 = time.perf_counter()
        finally:
            watchdog.cancel()
            with REAPER.lock:
                REAPER.protected.discard(pid)
        code = os.waitstatus_to_exitcode(status)
        log.write(f"[exit {code}, wall {1000 * (t1 - t0):.1f} ms, cpu {1000 * (ru.ru_utime + ru.ru_stime):.1f} ms]\n".encode())
    return code, t1 - t0, ru.ru_utime + ru.ru_stime


def _kill_quietly(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def proc_state(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read().decode(errors="replace")
    except OSError:
        return None
    rest = data[data.rindex(")") + 2:].split()
    # fields after comm: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    return {"state": rest[0], "ppid": int(rest[1]), "utime": int(rest[11]), "stime": int(rest[12])}


def cpu_ns(pid):
    """CPU time a process (all its threads) has run so far, in ns (/proc/PID/schedstat)."""
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def processes_with(needle):
    """Live (non-zombie) processes whose command line contains needle."""
    found = []
    me = os.getpid()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if needle in cmdline:
            st = proc_state(int(name))
            if st and st["state"] not in ("Z", "X"):
                found.append(int(name))
    return found


def kill_leftovers(needle, quiet=False):
    pids = processes_with(needle)
    if not pids:
        return []
    if not quiet:
        print(f"  cleanup: killing leftover httpd process(es) {pids}", file=sys.stderr)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in processes_with(needle):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        for _ in range(100):
            if not processes_with(needle):
                return pids
            time.sleep(0.02)
    return pids


def read_pid(path):
    try:
        with open(path) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------- setup

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(tmp, port):
    dead1, dead2 = free_port(), free_port()
    while dead2 == dead1 or port in (dead1, dead2):
        dead2 = free_port()
    loads = "\n".join(f"LoadModule {name} {MODULES_DIR}/{so}" for name, so in MODULES)
    text = f"""# minimal httpd configuration written by tests/bench/bench-webserver.py
ServerRoot /etc/apache2
DefaultRuntimeDir {tmp}
PidFile {tmp}/apache.pid
ErrorLog {tmp}/error.log
LogLevel warn
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
User www-data
Group www-data
{loads}
ExtendedStatus On
<Location /server-status>
    SetHandler server-status
    Require local
</Location>
# a balancer whose two members nothing listens on (never contacted: no request goes to /app)
<Proxy balancer://benchpool>
    BalancerMember http://127.0.0.1:{dead1}
    BalancerMember http://127.0.0.1:{dead2}
</Proxy>
ProxyPass /app balancer://benchpool
ProxyStatus On
"""
    path = os.path.join(tmp, "httpd.conf")
    with open(path, "w") as f:
        f.write(text)
    return path


def base_env(conf, port):
    return {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C",
        "OCF_ROOT": OCF_ROOT,
        "OCF_RA_VERSION_MAJOR": "1",
        "OCF_RA_VERSION_MINOR": "1",
        "OCF_RESOURCE_INSTANCE": "benchweb",
        "OCF_RESKEY_configfile": conf,
        "OCF_RESKEY_httpd": HTTPD,
        "OCF_RESKEY_statusurl": f"http://127.0.0.1:{port}/server-status",
        "OCF_RESKEY_envfiles": ENVFILES,
        "OCF_RESKEY_crm_feature_set": "3.16.2",
    }


ACTION_META = {
    "monitor": {"OCF_RESKEY_CRM_meta_interval": "10000", "OCF_RESKEY_CRM_meta_timeout": "20000"},
    "start": {"OCF_RESKEY_CRM_meta_interval": "0", "OCF_RESKEY_CRM_meta_timeout": "40000"},
    "stop": {"OCF_RESKEY_CRM_meta_interval": "0", "OCF_RESKEY_CRM_meta_timeout": "60000"},
}


class Bench:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.port = free_port()
        self.conf = write_config(tmp, self.port)
        self.env = base_env(self.conf, self.port)
        self.pidfile = {GIR: os.path.join(tmp, "gir.pid"), PEER: os.path.join(tmp, "apache.pid")}
        self.samples = {(a, act): {"wall": [], "cpu": []} for a in AGENTS for act in ("monitor", "start", "stop")}
        self.failures = []
        self.daemon_cpu = {a: [] for a in AGENTS}
        self.baseline = {"wall": [], "cpu": []}
        self.checks = {"daemon_reparented": 0, "daemon_checked": 0, "leftover_checks": 0}

    def argv(self, agent, action):
        if agent == GIR:
            return [self.args.giragent, "ocf", "webserver", action]
        return ["/bin/sh", self.args.peer, action]

    def agent_env(self, agent, action):
        env = dict(self.env)
        env.update(ACTION_META[action])
        if agent == GIR:
            env.update({"OCF_RESOURCE_TYPE": "webserver", "OCF_RESOURCE_PROVIDER": "gir",
                        "OCF_RESKEY_pidfile": self.pidfile[GIR]})
        else:
            env.update({"OCF_RESOURCE_TYPE": "apache", "OCF_RESOURCE_PROVIDER": "heartbeat"})
            if self.args.peer_client:
                env["OCF_RESKEY_client"] = self.args.peer_client
        return env

    def op(self, agent, action, record=True):
        tag = "gir" if agent == GIR else "peer"
        log = os.path.join(self.tmp, f"{tag}-{action}.log")
        code, wall, cpu = run(self.argv(agent, action), self.agent_env(agent, action), log)
        if code != 0:
            raise AgentFailure(f"{agent} {action} exited {code}, expected 0 (log: {tail(log)})")
        if record:
            self.samples[(agent, action)]["wall"].append(wall)
            self.samples[(agent, action)]["cpu"].append(cpu)
        return wall, cpu

    def after_start(self, agent):
        pid = read_pid(self.pidfile[agent])
        st = proc_state(pid) if pid else None
        if st is None or st["state"] in ("Z", "X"):
            raise AgentFailure(f"{agent} start returned 0 but pid file {self.pidfile[agent]} names no live process")
        self.checks["daemon_checked"] += 1
        # The daemon outlived the agent, so the agent cannot have waited for it: its CPU is not in
        # the agent's wait4 rusage. It was reparented to us (the subreaper), not left to the agent.
        if st["ppid"] == os.getpid():
            self.checks["daemon_reparented"] += 1
        else:
            raise AgentFailure(f"httpd master {pid} has parent {st['ppid']}, not the bench's subreaper {os.getpid()}")
        return pid

    def after_stop(self, agent, master):
        self.checks["leftover_checks"] += 1
        left = processes_with(self.conf)
        if left:
            raise AgentFailure(f"{agent} stop returned 0 but httpd process(es) {left} of the config are left")
        st = proc_state(master) if master else None
        if st is not None and st["state"] not in ("Z", "X"):
            raise AgentFailure(f"{agent} stop returned 0 but httpd master {master} still runs")

    def cycle(self, agent, record):
        """start, monitor x N, stop of one agent; the server is idle at stop."""
        try:
            self.op(agent, "start", record)
            master = self.after_start(agent)
            time.sleep(self.args.settle)  # let httpd's children come up, as Pacemaker's first monitor comes later
            for _ in range(self.args.monitors_per_round):
                self.op(agent, "monitor", record)
                time.sleep(self.args.settle / 2)
            if record:
                self.daemon_cpu[agent].append(sum(cpu_ns(p) for p in processes_with(self.conf)) / 1e9)
            self.op(agent, "stop", record)
            self.after_stop(agent, master)
            time.sleep(self.args.settle / 2)
        except AgentFailure as e:
            self.failures.append(str(e))
            print(f"  FAILURE: {e}", file=sys.stderr)
            kill_leftovers(self.conf)
            for agent_ in AGENTS:
                try:
                    os.unlink(self.pidfile[agent_])
                except FileNotFoundError:
                    pass

    def preflight(self):
        # the config must be valid before anyone is measured
        r = subprocess.run([HTTPD, "-t", "-f", self.conf], capture_output=True, text=True,
                           env={"PATH": self.env["PATH"], "LANG": "C"})
        if r.returncode != 0:
            sys.exit(f"httpd -t rejects the generated config {self.conf}:\n{r.stdout}{r.stderr}")

    def measure(self):
        for _ in range(self.args.warmup):
            for agent in AGENTS:
                self.cycle(agent, record=False)
        for i in range(self.args.runs):
            order = AGENTS if i % 2 == 0 else AGENTS[::-1]
            for agent in order:
                self.cycle(agent, record=True)
            # reference: the cost of starting and ending the giragent process at all
            code, wall, cpu = run([self.args.giragent, "--version"], self.env, os.path.join(self.tmp, "gir-version.log"))
            if code == 0:
                self.baseline["wall"].append(wall)
                self.baseline["cpu"].append(cpu)
            print(f"  round {i + 1}/{self.args.runs} done", file=sys.stderr)


def tail(path, n=6):
    try:
        with open(path, errors="replace") as f:
            lines = [l.rstrip() for l in f.readlines() if l.strip()]
        return " | ".join(lines[-n:])
    except OSError:
        return "no log"


# --------------------------------------------------------------------------- report

def fmt_ms(v):
    ms = 1000 * v
    return f"{ms:.0f}" if ms >= 100 else f"{ms:.1f}"


def peer_client(args):
    """The HTTP client ocf:heartbeat:apache uses: OCF_RESKEY_client, else wget, else curl (http-mon.sh)."""
    name = args.peer_client or ("wget" if shutil.which("wget") else "curl")
    version = (benchlib.capture([name, "--version"]).splitlines() or ["?"])[0]
    how = "OCF_RESKEY_client" if args.peer_client else "its default"
    return f"{name} ({how}; {version})"


def machine_info(args):
    cpu = benchlib.cpu_model()
    mem = benchlib.memory_gib()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": benchlib.capture(["nproc"]),
        "kernel": os.uname().release,
        "cpu": cpu,
        "mem": mem,
        "os": benchlib.capture(["sh", "-c", ". /etc/os-release && echo \"$PRETTY_NAME\""]),
        "giragent": benchlib.capture([args.giragent, "--version"]),
        "resource_agents": benchlib.capture(["dpkg-query", "-W", "-f", "${Version}", "resource-agents"]),
        "apache2": benchlib.capture([HTTPD, "-v"]).splitlines()[0] if os.path.exists(HTTPD) else "missing",
        "apache2_pkg": benchlib.capture(["dpkg-query", "-W", "-f", "${Version}", "apache2"]),
        "client": peer_client(args),
        "python": platform.python_version(),
    }


def build_rows(bench):
    rows = []
    verdicts = []
    for action, metric in [("monitor", "cpu"), ("monitor", "wall"), ("start", "wall"), ("start", "cpu"),
                           ("stop", "wall"), ("stop", "cpu")]:
        g = bench.samples[(GIR, action)][metric]
        p = bench.samples[(PEER, action)][metric]
        gm, pm = (statistics.median(g) if g else float("nan")), (statistics.median(p) if p else float("nan"))
        ratio = gm / pm if g and p and pm > 0 else float("nan")
        target = TARGETS.get((action, metric))
        if target is None:
            tgt, met = "—", "—"
        else:
            ok = ratio == ratio and ratio <= target
            tgt, met = f"≤ {target:.2f}", ("yes" if ok else "**no**")
            verdicts.append((action, metric, ratio, target, ok))
        rows.append([
            action, "CPU (user+sys) ms" if metric == "cpu" else "wall ms",
            f"{fmt_ms(gm)} ({fmt_ms(benchlib.percentile(g, 0.9))})" if g else "n/a",
            f"{fmt_ms(pm)} ({fmt_ms(benchlib.percentile(p, 0.9))})" if p else "n/a",
            f"{ratio:.3f}" if ratio == ratio else "n/a", tgt, met,
        ])
    return rows, verdicts


def render(bench, info, rows, verdicts, args):
    n = {k: len(v["wall"]) for k, v in bench.samples.items()}
    header = ["action", "metric", f"{GIR} median (p90)", f"{PEER} median (p90)", "ratio (gir/peer)", "target", "met?"]
    lines = [
        SECTION_BEGIN,
        "## ocf:gir:webserver vs ocf:heartbeat:apache",
        "",
        f"Measured {info['date']} with `python3 tests/bench/bench-webserver.py --runs {args.runs}`"
        f" (monitors per round {args.monitors_per_round}, warm-up rounds {args.warmup}, settle {args.settle:.2f} s).",
        "",
        f"- machine: {info['nproc']} CPU(s), {info['cpu']}, {info['mem']} RAM; kernel `{info['kernel']}`; {info['os']}",
        f"- `giragent --version`: {info['giragent']}",
        f"- resource-agents (dpkg): {info['resource_agents']}; apache2 (dpkg): {info['apache2_pkg']} ({info['apache2']});"
        f" peer's HTTP client: {info['client']}; Python {info['python']}",
        f"- samples per agent: monitor {n[(GIR, 'monitor')]}/{n[(PEER, 'monitor')]}, start {n[(GIR, 'start')]}/{n[(PEER, 'start')]},"
        f" stop {n[(GIR, 'stop')]}/{n[(PEER, 'stop')]} (gir/peer)",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] * 2 + ["---:"] * 3 + ["---"] * 2) + "|",
    ]
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")
    lines.append("")
    lines.append("Times in milliseconds; CPU is user+sys of the agent process and every descendant it waited for"
                 " (wait4 rusage), without the httpd daemon that `start` leaves running.")
    lines.append("")
    checks = bench.checks
    lines.append(f"Checks: monitor, start and stop must each exit 0 ({len(bench.failures)} failure(s));"
                 f" after each start the httpd master was alive and reparented to the bench's subreaper, not reaped by the agent"
                 f" ({checks['daemon_reparented']}/{checks['daemon_checked']});"
                 f" after each stop no process with the config path in its command line was left ({checks['leftover_checks']} checks).")
    for agent in AGENTS:
        d = bench.daemon_cpu[agent]
        if d:
            lines.append(f"The httpd processes started by {agent} had used a median {1000 * statistics.median(d):.1f} ms CPU"
                         " (/proc/PID/schedstat, master and children) by the time of stop; that CPU is not counted for the agent.")
    b = bench.baseline
    if b["cpu"]:
        lines.append(f"For reference, `giragent --version` (start and exit of the process, no agent work) takes a median"
                     f" {fmt_ms(statistics.median(b['cpu']))} ms CPU, {fmt_ms(statistics.median(b['wall']))} ms wall"
                     f" ({len(b['cpu'])} runs, interleaved with the above).")
    if bench.failures:
        lines.append("")
        lines.append("Failures:")
        for f in bench.failures:
            lines.append(f"- {f}")
    lines.append("")
    met = all(v[4] for v in verdicts) and not bench.failures
    lines.append("Result: " + ("all targets met." if met else "targets NOT met: " + ", ".join(
        f"{a} {m} ratio {r:.3f} > {t:.2f}" for a, m, r, t, ok in verdicts if not ok)
        + (" (and agent failures)" if bench.failures else "")))
    lines.append(SECTION_END)
    return "\n".join(lines) + "\n", met


DOC_HEADER = """# Benchmarks

How giragent's agents compare with the resource agents they replace, measured on one machine in
one run, on the same service. Numbers depend on the machine; the ratios are what the targets are
about.

Method (`tests/bench/bench-webserver.py`, see `tests/bench/README.md`): each agent is run the way
Pacemaker's executor runs it (a fresh process per action, parameters in `OCF_RESKEY_*`, stdin
from /dev/null, stdout/stderr to a file). For each run the script records the wall time from
spawn to exit and the CPU time (user + system) of the agent and of every descendant it waited
for, from `wait4()`'s rusage. The httpd daemon that `start` leaves behind is reparented to the
benchmark (a child subreaper, as PID 1 on a real node) and its CPU is not counted. The two agents
are interleaved round by round, alternating which goes first, so machine noise hits both; in
each round one agent starts httpd, monitors it (twice by default) and stops it (idle), then the
other does the same with the same configuration, httpd binary, status URL and environment.

"""


def write_doc(path, section):
    benchlib.write_section(path, SECTION_BEGIN, SECTION_END, section, DOC_HEADER)


# --------------------------------------------------------------------------- main

def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="measured rounds (each: start, monitors, stop per agent); at least 10")
    ap.add_argument("--giragent", default=DEFAULT_GIRAGENT, help="giragent binary (default: artifacts/giragent)")
    ap.add_argument("--peer", default=DEFAULT_PEER, help="ocf:heartbeat:apache script")
    ap.add_argument("--out", default=os.path.join(REPO, "docs", "benchmarks.md"), help="markdown file to write the section into")
    ap.add_argument("--no-out", action="store_true", help="print only, do not write --out")
    ap.add_argument("--monitors-per-round", type=int, default=2, help="monitor runs per agent per round (default 2)")
    ap.add_argument("--warmup", type=int, default=1, help="unmeasured warm-up rounds (default 1)")
    ap.add_argument("--peer-client", default="", help="OCF_RESKEY_client for ocf:heartbeat:apache (wget or curl;"
                    " default: unset, the agent's own choice, wget when installed)")
    ap.add_argument("--keep", action="store_true", help="keep the temp directory (config, error log, agent logs)")
    ap.add_argument("--settle", type=float, default=0.3, help="pause after start before the first monitor, seconds")
    args = ap.parse_args()
    if args.runs < 10:
        ap.error("--runs must be at least 10")
    args.giragent = os.path.abspath(args.giragent)
    return args


def main():
    args = parse_args()
    if os.geteuid() != 0:
        sys.exit("run as root (httpd binds, setuid to www-data, agents write pid files)")
    for path, what in [(args.giragent, "giragent"), (args.peer, "ocf:heartbeat:apache"), (HTTPD, "apache2")]:
        if not os.access(path, os.X_OK if what != "ocf:heartbeat:apache" else os.R_OK):
            sys.exit(f"{what} not found at {path}")
    if not any(os.access(os.path.join(d, c), os.X_OK) for d in ("/usr/bin", "/bin") for c in ("curl", "wget")):
        sys.exit("ocf:heartbeat:apache needs curl or wget: apt-get install curl")

    info = machine_info(args)  # before the reaper runs: subprocess waits for its own children

    def on_signal(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    tmp = tempfile.mkdtemp(prefix="bench-webserver-")
    os.chmod(tmp, 0o755)
    bench = None
    try:
        bench = Bench(args, tmp)
        bench.preflight()
        REAPER.enable()
        print(f"config {bench.conf}, port {bench.port}; {args.runs} rounds", file=sys.stderr)
        bench.measure()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 1
    finally:
        # an agent interrupted mid-action: kill it first, so that it cannot launch httpd after the sweep
        with REAPER.lock:
            running = list(REAPER.protected)
        for pid in running:
            _kill_quietly(pid)
        if bench is not None:
            left = kill_leftovers(bench.conf, quiet=True)
            if running:
                time.sleep(0.5)  # an httpd the killed agent had launched may still be daemonizing
                left += kill_leftovers(bench.conf, quiet=True)
            if left:
                print(f"cleanup: killed leftover httpd process(es) {left}", file=sys.stderr)
                if bench:
                    bench.failures.append(f"leftover httpd process(es) {left} at exit (killed)")

    rows, verdicts = build_rows(bench)
    section, met = render(bench, info, rows, verdicts, args)
    print()
    print(section)
    if not args.no_out:
        write_doc(args.out, section)
        print(f"wrote {args.out}", file=sys.stderr)
    for action, metric, ratio, target, ok in verdicts:
        print(f"target {action} {metric} ratio ≤ {target:.2f}: {ratio:.3f} {'met' if ok else 'NOT MET'}")
    if bench.failures:
        print(f"{len(bench.failures)} agent failure(s), see above")
    if bench.failures or args.keep:
        print(f"config and agent logs kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
