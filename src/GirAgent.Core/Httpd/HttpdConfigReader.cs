namespace GirAgent.Httpd;

/// <summary>One <c>Listen</c> directive: an optional address, a port and an optional protocol.</summary>
internal sealed record ListenDirective(string? Address, int Port, string? Protocol)
{
    public bool IsHttps => string.Equals(Protocol, "https", StringComparison.OrdinalIgnoreCase) || (Protocol is null && Port == 443);
}

/// <summary>
/// Reads just enough of an httpd configuration to find where the server listens: the top level
/// file and what it includes (Include, IncludeOptional, globs, ${VAR} from the environment),
/// relative paths against ServerRoot. Used to infer the status URL when none is given, as
/// ocf:heartbeat:apache does.
/// </summary>
internal static class HttpdConfigReader
{
    private const int MaxFiles = 512;
    private const int MaxDepth = 16;
    private const long MaxFileBytes = 16 * 1024 * 1024;

    public static IReadOnlyList<ListenDirective> FindListen(string configFile, IReadOnlyDictionary<string, string> environment, string? serverRoot = null)
    {
        var state = new State(environment, serverRoot ?? Path.GetDirectoryName(configFile) ?? "/");
        Read(configFile, state, 0);
        return state.Listens;
    }

    /// <summary>
    /// The server's ErrorLog file (the first ErrorLog, as a path: relative ones against ServerRoot), or null when it
    /// logs to syslog or a pipe, or names none.
    /// </summary>
    public static string? FindErrorLog(string configFile, IReadOnlyDictionary<string, string> environment, string? serverRoot = null)
    {
        var state = new State(environment, serverRoot ?? Path.GetDirectoryName(configFile) ?? "/");
        Read(configFile, state, 0);
        return state.ErrorLog is { } log && !log.StartsWith('|') && !log.StartsWith("syslog", StringComparison.OrdinalIgnoreCase) ? log : null;
    }

    private sealed class State(IReadOnlyDictionary<string, string> environment, string serverRoot)
    {
        public IReadOnlyDictionary<string, string> Environment { get; } = environment;
        public string ServerRoot { get; set; } = serverRoot;
        public string? ErrorLog { get; set; }
        public List<ListenDirective> Listens { get; } = [];
        public int Files { get; set; }
    }

    private static void Read(string file, State state, int depth)
    {
        if (depth > MaxDepth || ++state.Files > MaxFiles) return;
        string[] lines;
        try { lines = GirAgent.Posix.BoundedFile.ReadText(file, MaxFileBytes).Split('\n'); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }

        string? continued = null;
        foreach (var rawLine in lines)
        {
            var line = rawLine.Trim();
            if (line.EndsWith('\\')) { continued = (continued ?? "") + line[..^1] + " "; continue; }
            if (continued is not null) { line = continued + line; continued = null; }
            if (line.Length == 0 || line[0] == '#') continue;
            var words = ApacheDirective.Words(Expand(line, state.Environment));
            if (words.Count < 2) continue;
            switch (words[0].ToLowerInvariant())
            {
                case "serverroot":
                    state.ServerRoot = words[1];
                    break;
                case "include":
                case "includeoptional":
                    foreach (var included in Glob(Resolve(words[1], state.ServerRoot)))
                        Read(included, state, depth + 1);
                    break;
                case "errorlog" when state.ErrorLog is null:
                    state.ErrorLog = words[1].StartsWith('|') || words[1].StartsWith("syslog", StringComparison.OrdinalIgnoreCase)
                        ? words[1] : Resolve(words[1], state.ServerRoot);
                    break;
                case "listen":
                    if (ParseListen(words[1], words.Count > 2 ? words[2] : null) is { } listen)
                        state.Listens.Add(listen);
                    break;
            }
        }
    }

    public static ListenDirective? ParseListen(string value, string? protocol)
    {
        string? address = null;
        var portText = value;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']');
            if (close < 0 || close + 2 > value.Length || value[close + 1] != ':') return null;
            address = value[1..close];
            portText = value[(close + 2)..];
        }
        else if (value.LastIndexOf(':') is var colon and > 0)
        {
            address = value[..colon];
            portText = value[(colon + 1)..];
        }
        return int.TryParse(portText, out var port) && port is > 0 and < 65536 ? new ListenDirective(address, port, protocol) : null;
    }

    private static string Resolve(string path, string serverRoot) => Path.IsPathRooted(path) ? path : Path.Combine(serverRoot, path);

    /// <summary>Files a pattern names, as httpd expands Include: wildcards in any path segment, a directory means every file in it.</summary>
    internal static IEnumerable<string> Glob(string pattern)
    {
        if (Directory.Exists(pattern)) return Files(pattern);
        if (pattern.IndexOfAny(['*', '?', '[']) < 0) return File.Exists(pattern) ? [pattern] : [];
        var segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        IEnumerable<string> current = ["/"];
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            current = current.SelectMany(dir => ExpandSegment(dir, segment, last)).ToList();
        }
        return current.SelectMany(path => Directory.Exists(path) ? Files(path) : [path]).ToList();
    }

    private static IEnumerable<string> ExpandSegment(string dir, string segment, bool last)
    {
        try
        {
            if (segment.IndexOfAny(['*', '?', '[']) < 0)
            {
                var path = Path.Combine(dir, segment);
                return last ? (File.Exists(path) || Directory.Exists(path) ? [path] : []) : Directory.Exists(path) ? [path] : [];
            }
            if (!Directory.Exists(dir)) return [];
            var entries = last ? Directory.GetFileSystemEntries(dir, segment) : Directory.GetDirectories(dir, segment);
            return entries.Order(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return []; }
    }

    private static IEnumerable<string> Files(string dir)
    {
        try { return Directory.GetFiles(dir).Order(StringComparer.Ordinal); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static string Expand(string line, IReadOnlyDictionary<string, string> environment)
    {
        var start = line.IndexOf("${", StringComparison.Ordinal);
        if (start < 0) return line;
        var sb = new System.Text.StringBuilder(line.Length);
        var i = 0;
        while (start >= 0)
        {
            var end = line.IndexOf('}', start);
            if (end < 0) break;
            sb.Append(line, i, start - i);
            var name = line[(start + 2)..end];
            sb.Append(environment.TryGetValue(name, out var value) ? value : line[start..(end + 1)]);
            i = end + 1;
            start = line.IndexOf("${", i, StringComparison.Ordinal);
        }
        sb.Append(line, i, line.Length - i);
        return sb.ToString();
    }
}
