#!/usr/bin/python3
"""Many tenants: 100 tenants of 11 members each (the seed's shape: RWS 3, RP 2, RCS 2, Interaction Receiver 2,
WebDAV 2), rendered, checked with the real httpd, served by a real httpd, and shown by `giragent status`.

Measured, each 5 times (p50 / max):
- `giragent tenants render` into an empty directory, checked with apache2 -t alone and in place (as root:
  the in-place check runs in a private mount namespace), all files written;
- a second render that finds nothing to change;
- `giragent status --no-daemon` on the saved server-status page of an httpd serving those 100 tenants (crm_mon
  from a saved fixture), and how many lines it prints, with and without --members.

Target (issue #16): render and check at most 2 s; status one line per healthy tenant.
Exit status 0 when the target holds, 1 when not, 2 when it cannot run.

Usage (root, Debian 12, giragent built): python3 tests/bench/bench-tenants.py [--tenants 100] [--out docs/benchmarks.md | --no-out]"""
import argparse
import contextlib
import datetime
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BEGIN = "<!-- bench-tenants:begin -->"
END = "<!-- bench-tenants:end -->"
MODULES = "/usr/lib/apache2/modules"
RUNS = 5


def tenants_document(count):
    return benchlib.tenants_document(count, lambda tenant, base, i: f"10.{100 + tenant // 250}.{tenant % 250}.{base + i}", "127.0.0.0/8")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def daemon(gir, work, status_port, compatible=True):
    """The daemon watching that httpd (no cluster here); yields its port once /metrics lists the balancers."""
    port = free_port()
    env = dict(os.environ, GIRAGENT_CompatibleMetricNames="true" if compatible else "false", GIRAGENT_Listen=f"127.0.0.1:{port}", GIRAGENT_JournalSocket="/nonexistent",
               GIRAGENT_Socket=os.path.join(work, "giragent.sock"), GIRAGENT_EventLog=os.path.join(work, "events.jsonl"),
               GIRAGENT_StatusUrl=f"http://127.0.0.1:{status_port}/server-status", GIRAGENT_PollIntervalSeconds="1")
    process = subprocess.Popen([gir, "daemon"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2).read().decode()
                if "gir_balancer_members" in text or "apache_proxy_balancer" in text or "gir_member" in text:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(10)


def metrics_series(gir, work, status_port, compatible=True):
    """The daemon's /metrics while it watches that httpd: series per metric family."""
    with daemon(gir, work, status_port, compatible) as (port, _):
        text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2).read().decode()
    families = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name = line.split("{")[0].split(" ")[0]
            families[name] = families.get(name, 0) + 1
    return families


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))


def page_stats(gir, work, status_port):
    """The status page of the daemon watching that httpd: /ui's time and size (RUNS x 4 loads), the fragment's, and the
    daemon's resident memory before the first load and after them all."""
    with daemon(gir, work, status_port) as (port, pid):
        time.sleep(2)
        before = rss_kib(pid)
        times, fragment_times, size, fragment_size = [], [], 0, 0
        for _ in range(RUNS * 4):
            started = time.perf_counter()
            body = urllib.request.urlopen(f"http://127.0.0.1:{port}/ui", timeout=5).read()
            times.append(time.perf_counter() - started)
            size = len(body)
            started = time.perf_counter()
            fragment_size = len(urllib.request.urlopen(f"http://127.0.0.1:{port}/ui/fragment", timeout=5).read())
            fragment_times.append(time.perf_counter() - started)
        assets = sum(len(urllib.request.urlopen(f"http://127.0.0.1:{port}/ui/{a}", timeout=5).read()) for a in ("app.css", "app.js"))
        return {"times": times, "fragment_times": fragment_times, "size": size, "fragment_size": fragment_size, "assets": assets,
                "rss_before_kib": before, "rss_after_kib": rss_kib(pid), "tenants_shown": body.decode().count('<details class="tenant ')}


def timed(argv, env=None):
    t = time.monotonic()
    r = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)
    return time.monotonic() - t, r


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tenants", type=int, default=100)
    p.add_argument("--giragent", default=os.path.join(REPO, "artifacts", "giragent"))
    p.add_argument("--out", default=os.path.join(REPO, "docs", "benchmarks.md"))
    p.add_argument("--no-out", action="store_true")
    args = p.parse_args()
    if not os.path.exists("/usr/sbin/apache2") or not os.access(args.giragent, os.X_OK):
        print("needs /usr/sbin/apache2 and artifacts/giragent", file=sys.stderr)
        return 2
    gir = args.giragent
    work = tempfile.mkdtemp(prefix="girlb-bench-tenants-")
    port = free_port()
    tenants = os.path.join(work, "tenants.json")
    with open(tenants, "w") as f:
        json.dump(tenants_document(args.tenants), f, indent=1)
    conf_d = os.path.join(work, "conf.d")
    conf = os.path.join(work, "httpd.conf")
    mods = ["mpm_event", "authz_core", "authz_host", "status", "headers", "proxy", "proxy_http", "proxy_balancer",
            "slotmem_shm", "lbmethod_byrequests"]
    with open(conf, "w") as f:
        f.write(f"ServerRoot /etc/apache2\nServerName bench.girlb\nListen 127.0.0.1:{port}\n")
        f.write("".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so\n" for m in mods))
        f.write(f"PidFile {work}/httpd.pid\nErrorLog {work}/error.log\nDefaultRuntimeDir {work}\nUser www-data\nGroup www-data\n")
        f.write(f"IncludeOptional {conf_d}/*.conf\n")

    render = [gir, "tenants", "render", "--tenants", tenants, "--layout", "debian", "--out", conf_d,
              "--httpd-config", conf, "--check-with", "/usr/sbin/apache2"]
    first, again, status_s, lines = [], [], [], {}
    try:
        for _ in range(RUNS):
            subprocess.run(["rm", "-rf", conf_d])
            os.makedirs(conf_d)
            seconds, r = timed(render)
            if r.returncode != 0:
                print(r.stdout + r.stderr, file=sys.stderr)
                return 1
            first.append(seconds)
            in_place = "with the new files in place: Syntax OK" in r.stderr
            seconds, r = timed(render)
            again.append(seconds)
        files = len(os.listdir(conf_d))
        size = sum(os.path.getsize(os.path.join(conf_d, n)) for n in os.listdir(conf_d))

        subprocess.run(["/usr/sbin/apache2", "-f", conf, "-k", "start"], check=True, capture_output=True)
        page = None
        for _ in range(50):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/server-status?auto", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        series = metrics_series(gir, work, port) if page is not None else {}
        own = metrics_series(gir, work, port, compatible=False) if page is not None else {}
        ui = page_stats(gir, work, port) if page is not None else None
        subprocess.run(["/usr/sbin/apache2", "-f", conf, "-k", "stop"], capture_output=True)
        if page is None:
            print("httpd did not serve /server-status", file=sys.stderr)
            return 1
        saved = os.path.join(work, "server-status.txt")
        with open(saved, "w") as f:
            f.write(page)
        crm = os.path.join(REPO, "tests", "GirAgent.Tests", "Fixtures", "lab", "healthy.crm_mon.xml")
        status = [gir, "status", "--no-daemon", "--no-color", "--crm-mon-xml", crm, "--server-status", saved, "--tenants", tenants]
        for _ in range(RUNS):
            seconds, r = timed(status)
            status_s.append(seconds)
        lines["default"] = len(r.stdout.splitlines())
        lines["members"] = len(subprocess.run(status + ["--members"], capture_output=True, text=True).stdout.splitlines())
        lines["one"] = len(subprocess.run(status + ["--tenant", "t7"], capture_output=True, text=True).stdout.splitlines())
        balancers = page.count("ProxyBalancer[") and len({l.split("]")[0] for l in page.splitlines() if l.startswith("ProxyBalancer[")})
    finally:
        subprocess.run(["/usr/sbin/apache2", "-f", conf, "-k", "stop"], capture_output=True)
        subprocess.run(["rm", "-rf", work])

    def fmt(v):
        return f"{benchlib.percentile(v, 0.5):.2f} / {max(v):.2f}"

    def ms(v):
        return f"{benchlib.percentile(v, 0.5) * 1000:.1f} / {max(v) * 1000:.1f}"

    met = max(first) <= 2.0 and lines["default"] < args.tenants + 60
    now = datetime.datetime.now(datetime.timezone.utc)
    section = "\n".join([
        BEGIN,
        f"## Many tenants: {args.tenants} tenants of 11 members (`tests/bench/bench-tenants.py`)",
        "",
        f"Measured {now:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPU(s), {benchlib.cpu_model()}, {benchlib.capture([gir, '--version'])},"
        f" {benchlib.capture(['/usr/sbin/apache2', '-v']).splitlines()[0] if benchlib.capture(['/usr/sbin/apache2', '-v']) != '?' else 'apache2'};"
        f" {RUNS} runs each, p50 / max in seconds.",
        "",
        "| what | time (s) | |",
        "|---|---:|---|",
        f"| `tenants render` into an empty directory, checked with apache2 -t alone{' and in place' if in_place else ''} | {fmt(first)} | {files} files, {size // 1024} KiB |",
        f"| `tenants render` again (nothing to change) | {fmt(again)} | |",
        f"| `giragent status` (saved crm_mon, the server's page: {balancers} balancers) | {fmt(status_s)} | {lines['default']} lines; {lines['members']} with `--members`; {lines['one']} with `--tenant t7` |",
        "",
        f"The daemon's /metrics while it watches that httpd (no cluster in this bench): {sum(series.values())} series"
        f" ({sum(series.values()) / (args.tenants * 11):.1f} per member), {sum(own.values())} with `CompatibleMetricNames=false`"
        " (its four legacy names left out): per member the apache_exporter-compatible balancer families and girlb's own; the largest: "
        + ", ".join(f"`{n}` {c}" for n, c in sorted(series.items(), key=lambda kv: -kv[1])[:3]) + ".",
        "",
        *([
            f"The status page of that daemon (`/ui`, issue #27): {ms(ui['times'])} ms per load (p50 / max of {len(ui['times'])}, the whole page"
            f" rendered from the last poll), {ui['size'] // 1024} KiB with {ui['tenants_shown']} tenants (each healthy tenant one line, its members"
            f" behind a closed disclosure); the part it fetches every 2 s {ms(ui['fragment_times'])} ms, {ui['fragment_size'] // 1024} KiB;"
            f" stylesheet and script {ui['assets'] // 1024} KiB. The daemon's resident memory {ui['rss_before_kib'] // 1024} MiB before the"
            f" first load, {ui['rss_after_kib'] // 1024} MiB after {len(ui['times']) * 2} loads.",
            "",
        ] if ui else []),
        f"Target: render and check at most 2 s, status one line per healthy tenant: {'met' if met else 'NOT met'}.",
        END,
    ]) + "\n"
    print(section)
    if not args.no_out:
        benchlib.write_section(args.out, BEGIN, END, section)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
