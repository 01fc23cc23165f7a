using System.Diagnostics;

namespace GirAgent.IntegrationTests.Support;

/// <summary>One run of the agent binary: exit code, output, time taken.</summary>
public sealed record AgentRun(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>The text of the ocf-exit-reason line, or null.</summary>
    public string? ExitReason => StandardError.Split('\n')
        .Where(l => l.StartsWith("ocf-exit-reason:", StringComparison.Ordinal))
        .Select(l => l["ocf-exit-reason:".Length..])
        .LastOrDefault();

    public override string ToString() => $"exit {ExitCode} in {Elapsed.TotalMilliseconds:0} ms\nstdout: {StandardOutput}\nstderr: {StandardError}";
}

public static class Programs
{
    /// <summary>The published NativeAOT binary the tests exercise (GIRAGENT_BIN, else artifacts/giragent).</summary>
    public static string Giragent
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("GIRAGENT_BIN");
            if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GirAgent.sln"))) dir = dir.Parent;
            var path = dir is null ? null : Path.Combine(dir.FullName, "artifacts", "giragent");
            if (path is null || !File.Exists(path))
                throw new InvalidOperationException("artifacts/giragent not found: build it first (see README) or set GIRAGENT_BIN");
            return path;
        }
    }

    public static AgentRun Run(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("OCF_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', psi.ArgumentList)} did not finish");
        }
        process.WaitForExit();
        clock.Stop();
        return new AgentRun(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }
}
