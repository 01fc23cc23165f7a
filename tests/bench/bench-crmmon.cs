#:project ../../src/GirAgent.Core/GirAgent.Core.csproj
#:property PublishAot=true
#:property InvariantGlobalization=true
#:property ConcurrentGarbageCollection=false
#:property ServerGarbageCollector=false
#:property AllowUnsafeBlocks=true

// Measures GirAgent.Pacemaker.CrmMonParser.Parse on one saved crm_mon XML output: the first parse in
// this fresh process, then RUNS parses after warm-up. Prints one JSON line. Run by
// tests/bench/bench-crmmon.py (which makes the input and writes docs/benchmarks.md):
//     dotnet run -c Release tests/bench/bench-crmmon.cs -- crm_mon.xml 50        (JIT)
//     dotnet publish -c Release tests/bench/bench-crmmon.cs -o out && out/bench-crmmon crm_mon.xml 50   (NativeAOT)
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using GirAgent.Pacemaker;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: bench-crmmon CRM_MON_XML [RUNS]");
    return 2;
}

var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
const int Warmup = 20;

var xml = File.ReadAllText(args[0]);
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
ResetPeakRss();
var rssBefore = ProcStatusKb("VmRSS");

// First parse in a fresh process (JIT: includes compiling the parser; NativeAOT: no JIT).
var allocBefore = GC.GetAllocatedBytesForCurrentThread();
var sw = Stopwatch.StartNew();
var snapshot = CrmMonParser.Parse(xml);
sw.Stop();
var firstMs = sw.Elapsed.TotalMilliseconds;
var firstAlloc = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
var peakRssKb = ProcStatusKb("VmHWM");
var peakRssDeltaKb = peakRssKb - rssBefore;
var retained = GC.GetTotalMemory(forceFullCollection: true) - managedBefore;

for (var i = 0; i < Warmup; i++)
{
    CrmMonParser.Parse(xml);
}

var times = new double[runs];
var cpu = new double[runs];
long allocated = 0;
for (var i = 0; i < runs; i++)
{
    var a = GC.GetAllocatedBytesForCurrentThread();
    var c = Native.ThreadCpuMs();
    sw.Restart();
    var s = CrmMonParser.Parse(xml);
    sw.Stop();
    cpu[i] = Native.ThreadCpuMs() - c;
    allocated += GC.GetAllocatedBytesForCurrentThread() - a;
    times[i] = sw.Elapsed.TotalMilliseconds;
    GC.KeepAlive(s);
}

Array.Sort(times);
Array.Sort(cpu);
var histories = snapshot.OperationHistory.Sum(n => n.Resources.Count);
var operations = snapshot.OperationHistory.Sum(n => n.Resources.Sum(r => r.Operations.Count));
var inv = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(inv, $$"""
    {"bytes":{{new FileInfo(args[0]).Length}},"nodes":{{snapshot.Nodes.Count}},"resources":{{snapshot.Resources.Count}},"histories":{{histories}},"operations":{{operations}},"warmup":{{Warmup}},"firstMs":{{firstMs:F2}},"medianMs":{{Percentile(times, 50):F2}},"p90Ms":{{Percentile(times, 90):F2}},"maxMs":{{times[^1]:F2}},"minMs":{{times[0]:F2}},"cpuMedianMs":{{Percentile(cpu, 50):F2}},"cpuP90Ms":{{Percentile(cpu, 90):F2}},"cpuMaxMs":{{cpu[^1]:F2}},"loadAverage":"{{File.ReadAllText("/proc/loadavg").Split()[0]}}","allocatedMB":{{allocated / (double)runs / 1e6:F2}},"firstAllocatedMB":{{firstAlloc / 1e6:F2}},"peakRssDeltaMB":{{peakRssDeltaKb / 1024.0:F1}},"peakRssMB":{{peakRssKb / 1024.0:F1}},"retainedMB":{{retained / 1e6:F2}},"parseMs":[{{string.Join(",", times.Select(t => t.ToString("F2", inv)))}}]}
    """).ReplaceLineEndings(""));
GC.KeepAlive(snapshot);
return 0;

static double Percentile(double[] sorted, int p) =>
    sorted[Math.Min(sorted.Length - 1, (int)Math.Round(p / 100.0 * (sorted.Length - 1)))];

static long ProcStatusKb(string key)
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith(key + ":", StringComparison.Ordinal))
        {
            return long.Parse(line.AsSpan(key.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
    }

    return 0;
}

// Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+), so VmHWM after the parse is its peak.
static void ResetPeakRss()
{
    try
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
    }
    catch (IOException)
    {
    }
    catch (UnauthorizedAccessException)
    {
    }
}

// CPU time of this thread (CLOCK_THREAD_CPUTIME_ID): the parser's own cost, less disturbed than wall
// time by other processes on the machine.
internal static partial class Native
{
    private const int ClockThreadCpuTimeId = 3;

    public static double ThreadCpuMs()
    {
        ClockGetTime(ClockThreadCpuTimeId, out var ts);
        return (ts.Seconds * 1e3) + (ts.Nanoseconds / 1e6);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec ts);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
