using System.Globalization;

namespace GirAgent.Metrics;

/// <summary>
/// The daemon's own process, under the names every Prometheus client library uses
/// (<c>process_*</c>), plus the .NET garbage collector's heap: what an operator needs to see the
/// daemon's CPU, memory and descriptors without another exporter.
/// </summary>
internal sealed record ProcessStats(
    double CpuSeconds,
    long ResidentBytes,
    long VirtualBytes,
    double StartTimeSeconds,
    long OpenFds,
    long MaxFds,
    long GcHeapBytes,
    long GcCommittedBytes,
    IReadOnlyList<int> GcCollections)
{
    /// <summary>Linux reports /proc/PID/stat times in USER_HZ, which is 100 on every architecture girlb runs on.</summary>
    private const double TicksPerSecond = 100;

    private const long PageSize = 4096;

    /// <summary>This process, from /proc and the runtime; null when /proc cannot be read.</summary>
    public static ProcessStats? ReadSelf(string proc = "/proc")
    {
        try
        {
            var stat = File.ReadAllText($"{proc}/self/stat");
            var bootTime = BootTime(File.ReadAllText($"{proc}/stat"));
            var maxFds = MaxOpenFiles(File.ReadAllText($"{proc}/self/limits"));
            var openFds = Directory.EnumerateFileSystemEntries($"{proc}/self/fd").LongCount();
            var gc = GC.GetGCMemoryInfo();
            var collections = new int[GC.MaxGeneration + 1];
            for (var g = 0; g < collections.Length; g++) collections[g] = GC.CollectionCount(g);
            return FromStat(stat, bootTime, openFds, maxFds, GC.GetTotalMemory(false), gc.TotalCommittedBytes, collections);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Builds the figures from the text of /proc/PID/stat (the fields after the command's closing parenthesis).</summary>
    public static ProcessStats FromStat(string stat, double bootTimeSeconds, long openFds, long maxFds, long gcHeapBytes, long gcCommittedBytes, IReadOnlyList<int> gcCollections)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0) throw new FormatException("no command name in /proc/PID/stat");
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 22) throw new FormatException($"/proc/PID/stat has {fields.Length + 2} fields, 24 or more expected");
        long Field(int number) => long.Parse(fields[number - 3], NumberStyles.Integer, CultureInfo.InvariantCulture); // man 5 proc numbering
        return new ProcessStats(
            CpuSeconds: (Field(14) + Field(15)) / TicksPerSecond,
            ResidentBytes: Field(24) * PageSize,
            VirtualBytes: Field(23),
            StartTimeSeconds: bootTimeSeconds + Field(22) / TicksPerSecond,
            OpenFds: openFds,
            MaxFds: maxFds,
            GcHeapBytes: gcHeapBytes,
            GcCommittedBytes: gcCommittedBytes,
            GcCollections: gcCollections);
    }

    /// <summary>The "btime" line of /proc/stat: boot time in seconds since the epoch.</summary>
    public static double BootTime(string procStat)
    {
        foreach (var line in procStat.Split('\n'))
            if (line.StartsWith("btime ", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(6).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
        throw new FormatException("no btime line in /proc/stat");
    }

    /// <summary>The soft limit of "Max open files" in /proc/PID/limits (-1 when unlimited).</summary>
    public static long MaxOpenFiles(string limits)
    {
        foreach (var line in limits.Split('\n'))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
            var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return soft == "unlimited" ? -1 : long.Parse(soft, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }
        throw new FormatException("no \"Max open files\" line in /proc/PID/limits");
    }

    public void Collect(MetricSet set)
    {
        set.Counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.").Add(CpuSeconds);
        set.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.").Add(ResidentBytes);
        set.Gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.").Add(VirtualBytes);
        set.Gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.").Add(StartTimeSeconds);
        set.Gauge("process_open_fds", "Number of open file descriptors.").Add(OpenFds);
        if (MaxFds >= 0) set.Gauge("process_max_fds", "Maximum number of open file descriptors.").Add(MaxFds);
        set.Gauge("gir_daemon_gc_heap_bytes", "Bytes the .NET garbage collector's heap holds (live and not yet collected)").Add(GcHeapBytes);
        set.Gauge("gir_daemon_gc_committed_bytes", "Memory the .NET garbage collector has committed for its heap").Add(GcCommittedBytes);
        var collections = set.Counter("gir_daemon_gc_collections_total", "Garbage collections of the daemon's heap, by generation", "generation");
        for (var g = 0; g < GcCollections.Count; g++) collections.Add(GcCollections[g], g.ToString(CultureInfo.InvariantCulture));
    }
}
