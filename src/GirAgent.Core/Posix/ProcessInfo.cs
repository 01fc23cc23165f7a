using System.Globalization;

namespace GirAgent.Posix;

/// <summary>What /proc/PID/stat says of a process: enough to tell it is alive, not a zombie, and whose group it leads.</summary>
internal sealed record ProcessInfo(int Pid, string Command, char State, int ParentPid, int ProcessGroup, int Session, ulong StartTime)
{
    /// <summary>Zombie (Z) or dead (X): it has exited, though <c>kill -0</c> may still answer.</summary>
    public bool HasExited => State is 'Z' or 'X' or 'x';

    /// <summary>Parses the one line of /proc/PID/stat; null when it is not of that form.</summary>
    public static ProcessInfo? ParseStat(string line)
    {
        // pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice num_threads itrealvalue starttime
        var open = line.IndexOf('(');
        var close = line.LastIndexOf(')');
        if (open <= 0 || close < open || close + 2 >= line.Length) return null;
        if (!int.TryParse(line.AsSpan(0, open).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
        var comm = line[(open + 1)..close];
        var rest = line[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // rest[0] = state (field 3), rest[19] = starttime (field 22)
        if (rest.Length < 20 || rest[0].Length != 1) return null;
        if (!int.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ppid)) return null;
        if (!int.TryParse(rest[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pgrp)) return null;
        if (!int.TryParse(rest[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var session)) return null;
        if (!ulong.TryParse(rest[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)) return null;
        return new ProcessInfo(pid, comm, rest[0][0], ppid, pgrp, session, start);
    }
}
