namespace GirAgent.Posix;

/// <summary>This process's environment, read once per call into a dictionary: the one copy of the loop.</summary>
internal static class ProcessEnvironment
{
    /// <summary>Every variable (a value that is not set reads as empty).</summary>
    public static Dictionary<string, string> Read()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            if (entry.Key is string key) env[key] = entry.Value as string ?? "";
        return env;
    }

    /// <summary><c>NAME=value</c> strings for exec, with <paramref name="set"/> replacing or adding one variable.</summary>
    public static List<string> ForExec(string? set = null, string? value = null)
    {
        var list = new List<string>();
        foreach (var (key, v) in Read())
            if (key != set) list.Add(key + "=" + v);
        if (set is not null) list.Add(set + "=" + value);
        return list;
    }
}
