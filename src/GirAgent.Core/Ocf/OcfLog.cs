namespace GirAgent.Ocf;

/// <summary>
/// Agent logging as ocf_log does it: one line per message on standard error, which Pacemaker's
/// executor copies into its log, prefixed with the agent, the instance and the pid.
/// </summary>
internal sealed class OcfLog(TextWriter writer, string agent, string instance, bool debug)
{
    public const int ExitReasonMaxLength = 128;
    // the instance name comes from Pacemaker's environment: a newline in it must not forge a log line
    private readonly string _prefix = $"{agent}({Text.Printable.Escape(instance)})[{Environment.ProcessId}]";

    public bool IsDebugEnabled => debug;

    public void Debug(string message) { if (debug) Write("DEBUG", message); }
    public void Info(string message) => Write("INFO", message);
    public void Warn(string message) => Write("WARNING", message);
    public void Error(string message) => Write("ERROR", message);

    /// <summary>The line Pacemaker shows as the operation's exit reason: one line, at most 128 characters.</summary>
    public void ExitReason(string reason) => writer.WriteLine("ocf-exit-reason:" + FormatExitReason(reason));

    public static string FormatExitReason(string reason)
    {
        var oneLine = string.Join(' ', reason.Split(['\r', '\n', '\t', '\u2028', '\u2029', '\u0085'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var clean = new string(oneLine.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        if (clean.Length <= ExitReasonMaxLength) return clean;
        var cut = ExitReasonMaxLength - 3;
        if (char.IsHighSurrogate(clean[cut - 1])) cut--; // never split a surrogate pair
        return clean[..cut] + "...";
    }

    private void Write(string level, string message)
    {
        writer.WriteLine($"{_prefix}: {level}: {message.ReplaceLineEndings(" ")}");
        writer.Flush();
    }
}
