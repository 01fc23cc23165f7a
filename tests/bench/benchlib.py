"""What the benchmark scripts share: percentiles, machine facts, and writing their own section of
docs/benchmarks.md between markers (re-read just before writing: other benchmarks write there too)."""
import os
import subprocess


def percentile(values, fraction):
    """Linear-interpolated percentile, fraction in 0..1; NaN for no values."""
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * fraction
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def capture(argv):
    """A command's standard output, stripped; "?" when it cannot run."""
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def memory_gib():
    try:
        with open("/proc/meminfo") as f:
            return f"{int(f.readline().split()[1]) / 1048576:.1f} GiB"
    except (OSError, ValueError, IndexError):
        return "?"


def write_section(path, begin, end, section, header="# Benchmarks\n\n"):
    """Replaces the text between the markers begin..end (section includes them), or appends it."""
    text = ""
    if os.path.exists(path):
        with open(path) as f:
            text = f.read()
    if begin in text and end in text:
        a = text.index(begin)
        b = text.index(end) + len(end)
        text = text[:a] + section.rstrip("\n") + text[b:]
    elif text:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        text = header + section
    if not text.endswith("\n"):
        text += "\n"
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def tenants_document(count, host, allow):
    """A tenants file of count tenants in the seed's shape (RWS 3, RP 2, RCS 2, Interaction Receiver 2, WebDAV 2 with
    its hot standby); host(tenant, base, i) names member i of the service whose lab addresses start at .base."""
    def members(tenant, n, base, port, **extra):
        out = []
        for i in range(n):
            m = {"host": host(tenant, base, i), "port": port}
            for key, make in extra.items():
                m[key] = make(i)
            out.append(m)
        return out

    tenants = []
    for t in range(1, count + 1):
        tenants.append({
            "id": f"t{t}",
            "rws": {"members": members(t, 3, 31, 8080, route=lambda i, t=t: f"T{t}RWS{i + 1}")},
            "rp": {"members": members(t, 2, 41, 8889)},
            "rcs": {"members": members(t, 2, 51, 8008, application=lambda i: f"Recording Crypto Server {i + 1}")},
            "interaction_receiver": {"members": members(t, 2, 61, 8081)},
            "webdav": {"members": members(t, 2, 71, 8090, hot_standby=lambda i: i == 1)},
        })
    return {"schema": "girlb.tenants/v1", "status": {"allow": [allow]}, "tenants": tenants}
