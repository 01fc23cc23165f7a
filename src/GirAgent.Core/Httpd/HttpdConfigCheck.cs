using System.Text;
using GirAgent.Posix;

namespace GirAgent.Httpd;

/// <summary>The outcome of one configuration test: passed or not, what was tested, httpd's words.</summary>
/// <summary>
/// What a check said. <paramref name="Ran"/> false: httpd was never asked (the check could not be set up, e.g. the
/// bind mount of the in-place check failed), so <paramref name="Output"/> is that cause, not httpd's verdict.
/// </summary>
internal sealed record ConfigCheckResult(bool Passed, string What, string Output, bool Ran = true);

/// <summary>
/// Tests rendered files with the real httpd before they replace anything, in two steps:
/// <list type="number">
/// <item><b>alone</b>: a staging configuration that loads the modules the files need and includes
/// only them: proves the files themselves are valid, whatever else the server holds;</item>
/// <item><b>in place</b>: the server's own configuration, run in a private mount namespace in which
/// the target directory is replaced by a staging copy holding the new files (and every other file
/// of that directory): exactly what httpd will read after the change. Needs root (unshare); skipped
/// with a note otherwise, or when the target directory does not exist yet.</item>
/// </list>
/// </summary>
internal sealed class HttpdConfigCheck(ICommandRunner runner, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(60);

    /// <summary>Modules the rendered files use, by module name and file.</summary>
    internal static readonly IReadOnlyList<(string Name, string File)> Modules =
    [
        ("authz_core_module", "mod_authz_core.so"),
        ("authz_host_module", "mod_authz_host.so"),
        ("status_module", "mod_status.so"),
        ("headers_module", "mod_headers.so"),
        ("slotmem_shm_module", "mod_slotmem_shm.so"),
        ("proxy_module", "mod_proxy.so"),
        ("proxy_http_module", "mod_proxy_http.so"),
        ("proxy_balancer_module", "mod_proxy_balancer.so"),
        ("lbmethod_byrequests_module", "mod_lbmethod_byrequests.so"),
    ];

    /// <summary>Resolves <c>--check-with</c>: a program name (apache2ctl, apachectl, apache2, httpd) or an absolute path.</summary>
    public static string? ResolveProgram(string nameOrPath)
    {
        if (Path.IsPathRooted(nameOrPath)) return File.Exists(nameOrPath) ? nameOrPath : null;
        foreach (var dir in new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin" })
        {
            var candidate = Path.Combine(dir, nameOrPath);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The directory holding mod_proxy.so among <paramref name="candidates"/>, or <c>null</c>.</summary>
    public static string? FindModuleDirectory(IEnumerable<string> candidates) =>
        candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "mod_proxy.so")));

    /// <summary>The staging configuration that loads what the files need and includes them (pure; for tests and the check).</summary>
    public static string StandaloneConfig(string stagingDir, string filesDir, string? moduleDir, bool tls, Func<string, bool>? fileExists = null)
    {
        fileExists ??= File.Exists;
        var sb = new StringBuilder();
        sb.Append("# girlb: the rendered files alone, for httpd -t\n");
        sb.Append($"ServerRoot \"{stagingDir}\"\n");
        sb.Append("ServerName localhost\n");
        sb.Append("Listen 127.0.0.1:80\n");
        sb.Append($"PidFile \"{stagingDir}/httpd.pid\"\n");
        sb.Append($"ErrorLog \"{stagingDir}/error.log\"\n");
        sb.Append($"DefaultRuntimeDir \"{stagingDir}\"\n");
        if (moduleDir is not null)
        {
            void Load(string name, string file)
            {
                var path = Path.Combine(moduleDir, file);
                if (!fileExists(path)) return; // built in, or missing: httpd names what is missing
                sb.Append($"<IfModule !{name}>\n    LoadModule {name} \"{path}\"\n</IfModule>\n");
            }
            sb.Append("<IfModule !mpm_event_module>\n<IfModule !mpm_worker_module>\n<IfModule !mpm_prefork_module>\n");
            sb.Append($"    LoadModule mpm_event_module \"{Path.Combine(moduleDir, "mod_mpm_event.so")}\"\n");
            sb.Append("</IfModule>\n</IfModule>\n</IfModule>\n");
            Load("unixd_module", "mod_unixd.so");
            foreach (var (name, file) in Modules) Load(name, file);
            if (tls)
            {
                Load("socache_shmcb_module", "mod_socache_shmcb.so");
                Load("ssl_module", "mod_ssl.so");
            }
        }
        sb.Append($"IncludeOptional \"{filesDir}/*.conf\"\n");
        return sb.ToString();
    }

    /// <summary>Checks the new files alone: <paramref name="files"/> are written to a staging directory under <paramref name="stagingRoot"/>.</summary>
    public ConfigCheckResult CheckAlone(string program, IReadOnlyList<RenderedFile> files, string? moduleDir, string stagingRoot, string targetDir)
    {
        var stage = Path.Combine(stagingRoot, "alone");
        var filesDir = Path.Combine(stage, "files");
        Directory.CreateDirectory(filesDir);
        foreach (var file in files) File.WriteAllText(Path.Combine(filesDir, file.Name), file.Content);
        var tls = files.Any(f => f.Content.Contains("SSLProxyEngine on", StringComparison.Ordinal));
        var config = Path.Combine(stage, "check.conf");
        File.WriteAllText(config, StandaloneConfig(stage, filesDir, moduleDir, tls));
        var result = Run(program, ["-t", "-f", config], new Dictionary<string, string?>());
        var output = result.Output.Replace(filesDir + "/", targetDir.TrimEnd('/') + "/", StringComparison.Ordinal);
        return new ConfigCheckResult(result.Success, "the rendered files alone", output);
    }

    /// <summary>
    /// Checks the server's configuration as it will be: <paramref name="targetDir"/> seen through a
    /// private mount namespace as a copy holding <paramref name="files"/> and without <paramref name="removed"/>.
    /// </summary>
    public ConfigCheckResult CheckInPlace(string program, string? mainConfig, IReadOnlyList<RenderedFile> files,
        IReadOnlyCollection<string> removed, string stagingRoot, string targetDir) =>
        CheckInPlace(program, mainConfig is null ? [] : ["-f", mainConfig], new Dictionary<string, string?>(), files, removed, stagingRoot, targetDir,
            "the server's configuration " + (mainConfig ?? "(default)") + " with the new files in place");

    /// <summary>The same, httpd run with <paramref name="arguments"/> (before <c>-t</c>) and <paramref name="environment"/>, as an agent runs it.</summary>
    public ConfigCheckResult CheckInPlace(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment,
        IReadOnlyList<RenderedFile> files, IReadOnlyCollection<string> removed, string stagingRoot, string targetDir, string what)
    {
        // absolute paths: the shell below runs in / (a relative --out named a directory there, and mount said only
        // "mount point does not exist")
        targetDir = Path.GetFullPath(targetDir);
        var stage = Path.Combine(Path.GetFullPath(stagingRoot), "in-place");
        CopyDirectory(targetDir, stage);
        foreach (var name in removed) File.Delete(Path.Combine(stage, name));
        foreach (var file in files) File.WriteAllText(Path.Combine(stage, file.Name), file.Content);
        File.SetUnixFileMode(stage, File.GetUnixFileMode(targetDir));
        List<string> args =
        [
            "--mount", "--propagation", "private", "--",
            "/bin/sh", "-c", "stage=$1; target=$2; shift 2; mount --bind \"$stage\" \"$target\" || exit " + SetupFailedExit + "; exec \"$@\"",
            "sh", stage, targetDir, program, .. arguments, "-t",
        ];
        var result = Run("unshare", args, environment);
        if (result.ExitCode is SetupFailedExit or 127 || result.ExitCode == 1 && result.Output.StartsWith("unshare:", StringComparison.Ordinal))
            return new ConfigCheckResult(false, what, $"cannot show {targetDir} with the new files to {Path.GetFileName(program)}: {result.Output}", Ran: false);
        return new ConfigCheckResult(result.Success, what, result.Output);
    }

    /// <summary>The in-place check's exit when its bind mount failed (httpd never ran).</summary>
    private const int SetupFailedExit = 125;

    private CommandResult Run(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> env)
    {
        try
        {
            return runner.Run(program, args, env, _timeout);
        }
        catch (TimeoutException e)
        {
            return new CommandResult(124, "", e.Message);
        }
        catch (IOException e)
        {
            return new CommandResult(127, "", e.Message);
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link) File.CreateSymbolicLink(target, link);
            else if (entry is DirectoryInfo dir) CopyDirectory(dir.FullName, target);
            else if (entry is FileInfo file) file.CopyTo(target);
        }
    }
}
