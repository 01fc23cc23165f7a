using System.Diagnostics;
using System.Globalization;

namespace GirAgent.IntegrationTests.Vip;

/// <summary>One frame seen by the peer: when (CLOCK_MONOTONIC seconds) and its bytes from the Ethernet header on.</summary>
public sealed record Frame(double Time, byte[] Bytes)
{
    public string Destination => Mac(0);
    public string Source => Mac(6);
    public int EtherType => Bytes[12] << 8 | Bytes[13];
    public ReadOnlySpan<byte> Payload => Bytes.AsSpan(14);
    private string Mac(int at) => string.Join(':', Bytes.Skip(at).Take(6).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}

/// <summary>
/// A packet capture in the peer namespace: a few lines of Python on an AF_PACKET socket (Python 3
/// is already a test dependency; no tcpdump needed), printing every frame that arrives on lab0.
/// </summary>
public sealed class Capture
{
    private const string Script = """
        import binascii, select, socket, sys, time
        ifname, seconds = sys.argv[1], float(sys.argv[2])
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        s.bind((ifname, 0))
        print("ready", flush=True)
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([s], [], [], left)
            if not r:
                continue
            data, addr = s.recvfrom(65535)
            if addr[2] == socket.PACKET_OUTGOING:
                continue
            print("%.6f %s" % (time.monotonic(), binascii.hexlify(data).decode()), flush=True)
        """;

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Capture(Process process) => _process = process;

    public static Capture Start(NetnsLab lab, TimeSpan duration)
    {
        var script = Path.Combine(lab.WorkDirectory, "capture.py");
        if (!File.Exists(script)) File.WriteAllText(script, Script);
        var psi = new ProcessStartInfo("/usr/sbin/ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "netns", "exec", lab.Peer, "python3", script, NetnsLab.Nic, duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        var capture = new Capture(Process.Start(psi)!);
        capture._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data == "ready") capture._ready.TrySetResult();
            else lock (capture._lines) capture._lines.Add(e.Data);
        };
        capture._process.BeginOutputReadLine();
        if (!capture._ready.Task.Wait(TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException("the capture did not start: " + capture._process.StandardError.ReadToEnd());
        return capture;
    }

    /// <summary>Waits for the capture to end and returns every frame it saw.</summary>
    public List<Frame> Frames()
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(60))) _process.Kill();
        _process.WaitForExit();
        lock (_lines)
            return _lines.Select(l => l.Split(' ', 2)).Where(p => p.Length == 2)
                .Select(p => new Frame(double.Parse(p[0], CultureInfo.InvariantCulture), Convert.FromHexString(p[1]))).ToList();
    }
}
