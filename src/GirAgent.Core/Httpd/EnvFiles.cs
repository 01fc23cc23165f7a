using GirAgent.Posix;

namespace GirAgent.Httpd;

/// <summary>
/// Reads the environment files httpd's own scripts source (Debian's /etc/apache2/envvars): they
/// are shell scripts, so a shell reads them, and what it exports becomes httpd's environment.
/// Missing files are skipped, as ocf:heartbeat:apache skips them.
/// </summary>
internal static class EnvFiles
{
    private const string Script = "set -a; for f; do if [ -f \"$f\" ] && [ -r \"$f\" ]; then . \"$f\" || exit 97; fi; done; exec env -0";

    public static IReadOnlyDictionary<string, string> Load(
        ICommandRunner runner, IReadOnlyList<string> files, IReadOnlyDictionary<string, string?> baseEnvironment, TimeSpan timeout)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in baseEnvironment)
            if (v is not null) result[k] = v;
        var present = files.Where(File.Exists).ToList();
        if (present.Count == 0) return result;

        CommandResult run;
        try
        {
            run = runner.Run("/bin/sh", ["-c", Script, "sh", .. present], baseEnvironment, timeout);
        }
        catch (Exception e) when (e is TimeoutException or IOException)
        {
            throw new InvalidOperationException($"reading envfiles {string.Join(' ', present)}: {e.Message}");
        }
        if (!run.Success)
            throw new InvalidOperationException($"envfiles {string.Join(' ', present)} failed in /bin/sh (exit {run.ExitCode}): {FirstLine(run.StandardError)}");
        result.Clear();
        foreach (var entry in run.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = entry.IndexOf('=');
            if (eq > 0) result[entry[..eq]] = entry[(eq + 1)..];
        }
        return result;
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
}
