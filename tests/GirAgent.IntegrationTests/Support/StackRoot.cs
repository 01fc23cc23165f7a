namespace GirAgent.IntegrationTests.Support;

/// <summary>
/// The cluster stacks the tests run on: Debian 12's, the machine's own (Pacemaker 2.1, resource-agents 4.12,
/// apache2 2.4.66), and Debian 13's (Pacemaker 3.0, pcs 0.12, resource-agents 4.16, apache2 2.4.71) in a root
/// that tests/lab/stack-root builds on first use and caches (artifacts/lab-roots).
/// </summary>
public static class StackRoot
{
    public const string Debian12 = "debian12";
    public const string Debian13 = "debian13";

    private static readonly Lazy<string> Debian13Root = new(() =>
    {
        var run = Programs.Run("/bin/bash", [Path.Combine(RepoRoot, "tests", "lab", "stack-root"), Debian13], timeout: TimeSpan.FromMinutes(10));
        if (run.ExitCode != 0) throw new InvalidOperationException("tests/lab/stack-root debian13 failed:\n" + run);
        return run.StandardOutput.Trim();
    });

    /// <summary>
    /// Runs PROGRAM with ARGS on STACK: on Debian 12 as it is; on Debian 13 chrooted into its root, in a mount and
    /// network namespace of its own (gone with the process: nothing is left mounted) with proc, dev, a tmpfs
    /// /run, /tmp, /dev/shm and /var/log/apache2, loopback up, and each of BINDS (directories of the machine) at
    /// its own path. The programs named are the stack's own (/usr/sbin/ocf-tester is the root's).
    /// </summary>
    public static AgentRun Run(string stack, string program, IEnumerable<string> args, IEnumerable<string> binds,
        IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        if (stack == Debian12) return Programs.Run(program, args, env, timeout);
        if (stack != Debian13) throw new ArgumentException($"unknown stack {stack}", nameof(stack));
        const string script = """
            set -e
            r=$1; n=$2; shift 2
            mount --bind "$r" "$r"
            mount -t proc proc "$r/proc"
            mount --rbind /dev "$r/dev"
            for d in run tmp dev/shm var/log/apache2; do mount -t tmpfs -o mode=1777 tmpfs "$r/$d"; done
            mkdir -p "$r/run/resource-agents" "$r/run/lock"
            for i in $(seq 1 "$n"); do mkdir -p "$r$1"; mount --bind "$1" "$r$1"; shift; done
            ip link set lo up
            exec chroot "$r" "$@"
            """;
        var list = binds.Distinct().ToList();
        return Programs.Run("/usr/bin/unshare", ["-m", "-n", "--propagation", "private", "/bin/bash", "-c", script, "stack-root",
            Debian13Root.Value, list.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), .. list, program, .. args], env, timeout);
    }

    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GirAgent.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }
}
