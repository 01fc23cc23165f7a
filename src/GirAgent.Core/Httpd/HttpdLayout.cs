namespace GirAgent.Httpd;

/// <summary>
/// Where a distribution keeps httpd's configuration: the directory rendered files go to, the main
/// configuration that includes them, the program that checks it and where modules live.
/// </summary>
/// <param name="Name"><c>el9</c> or <c>debian</c>.</param>
/// <param name="ConfigDirectory">EL9: <c>/etc/httpd/conf.d</c> (every *.conf is included); Debian: <c>/etc/apache2/conf-available</c> (enabled with a2enconf).</param>
/// <param name="MainConfig">The server's configuration file.</param>
/// <param name="CheckProgram">The program that runs <c>-t</c>: httpd on EL9, apache2ctl on Debian (it reads /etc/apache2/envvars).</param>
/// <param name="ModuleDirectories">Where LoadModule finds mod_*.so, most likely first.</param>
/// <param name="EnabledDirectory">Debian's <c>conf-enabled</c>: a file counts only with its link there.</param>
internal sealed record HttpdLayout(
    string Name,
    string ConfigDirectory,
    string MainConfig,
    string CheckProgram,
    IReadOnlyList<string> ModuleDirectories,
    string? EnabledDirectory)
{
    public static HttpdLayout El9 { get; } = new(
        "el9", "/etc/httpd/conf.d", "/etc/httpd/conf/httpd.conf", "httpd",
        ["/usr/lib64/httpd/modules", "/etc/httpd/modules", "/usr/lib/httpd/modules"], null);

    public static HttpdLayout Debian { get; } = new(
        "debian", "/etc/apache2/conf-available", "/etc/apache2/apache2.conf", "apache2ctl",
        ["/usr/lib/apache2/modules"], "/etc/apache2/conf-enabled");

    public static IReadOnlyList<HttpdLayout> All { get; } = [El9, Debian];

    public static HttpdLayout? Find(string name) => All.FirstOrDefault(l => l.Name == name);

    /// <summary>This machine's layout: Debian when /etc/apache2 holds apache2.conf and /etc/httpd does not hold httpd.conf, else EL9.</summary>
    public static HttpdLayout Detect(Func<string, bool>? fileExists = null)
    {
        fileExists ??= File.Exists;
        if (fileExists(El9.MainConfig)) return El9;
        return fileExists(Debian.MainConfig) ? Debian : El9;
    }
}
