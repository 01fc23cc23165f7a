using GirAgent.Metrics;

namespace GirAgent.Tests.Metrics;

public sealed class ProcessStatsTests
{
    // /proc/PID/stat of the daemon: utime 245, stime 61, starttime 1130117 ticks, vsize, rss 7424 pages
    private const string Stat = "4242 (giragent) S 1 4242 4242 0 -1 4194560 9100 0 0 0 245 61 0 0 20 0 16 0 1130117 3254779904 7424 18446744073709551615 4194304 21345678 140736102777888 0 0 0 0 0 16387 0 0 0 17 1 0 0 0 0 0";

    internal static ProcessStats Sample() =>
        ProcessStats.FromStat(Stat, bootTimeSeconds: 1795900000, openFds: 23, maxFds: 524288, gcHeapBytes: 6_912_000, gcCommittedBytes: 13_033_472, gcCollections: [1314, 4, 1]);

    [Fact]
    public void Cpu_memory_and_start_time_come_from_proc_stat()
    {
        var stats = Sample();

        Assert.Equal(3.06, stats.CpuSeconds, 6);
        Assert.Equal(7424L * 4096, stats.ResidentBytes);
        Assert.Equal(3254779904L, stats.VirtualBytes);
        Assert.Equal(1795900000 + 11301.17, stats.StartTimeSeconds, 6);
    }

    [Fact]
    public void A_command_name_with_spaces_and_parentheses_does_not_shift_the_fields()
    {
        var hostile = Stat.Replace("(giragent)", "(gir) 1 2 (x) S)", StringComparison.Ordinal);

        var stats = ProcessStats.FromStat(hostile, 0, 0, 0, 0, 0, []);

        Assert.Equal(7424L * 4096, stats.ResidentBytes);
    }

    [Theory]
    [InlineData("4242 (giragent) S 1 2 3")]
    [InlineData("no parenthesis at all")]
    public void A_truncated_stat_line_is_a_format_error(string stat) =>
        Assert.Throws<FormatException>(() => ProcessStats.FromStat(stat, 0, 0, 0, 0, 0, []));

    [Fact]
    public void Boot_time_and_the_descriptor_limit_are_read_from_their_files()
    {
        Assert.Equal(1795900000, ProcessStats.BootTime("cpu  1 2 3\nintr 5\nbtime 1795900000\nprocesses 9\n"));
        const string limits = "Limit                     Soft Limit           Hard Limit           Units     \nMax open files            1024                 524288               files     \n";
        Assert.Equal(1024, ProcessStats.MaxOpenFiles(limits));
        Assert.Equal(-1, ProcessStats.MaxOpenFiles(limits.Replace("1024 ", "unlimited ", StringComparison.Ordinal)));
        Assert.Throws<FormatException>(() => ProcessStats.BootTime("cpu 1 2 3\n"));
    }

    [Fact]
    public void This_process_can_be_read()
    {
        var stats = ProcessStats.ReadSelf();

        Assert.NotNull(stats);
        Assert.InRange(stats.ResidentBytes, 1L << 20, 1L << 40);
        Assert.True(stats.OpenFds >= 3);
        Assert.InRange(stats.StartTimeSeconds, DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
    }

    [Fact]
    public void The_series_use_the_client_libraries_names()
    {
        var set = new MetricSet();

        Sample().Collect(set);
        var text = set.ToString();

        Assert.Contains("process_resident_memory_bytes 30408704\n", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total 3.06\n", text, StringComparison.Ordinal);
        Assert.Contains("gir_daemon_gc_collections_total{generation=\"2\"} 1\n", text, StringComparison.Ordinal);
    }
}
