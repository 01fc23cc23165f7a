using System.Text.RegularExpressions;
using GirAgent.IntegrationTests.Support;

namespace GirAgent.IntegrationTests.Packaging;

/// <summary>
/// The RPM, end to end: tests/packaging/test-rpm.sh builds girlb.spec with rpmbuild, checks the
/// package (files, modes, owners, config noreplace, Requires, scriptlets, rpmlint), installs it into
/// a scratch root and runs what was installed (giragent --version, the agents' meta-data, ocf-tester
/// against the installed webserver agent), then upgrades it twice and removes it with the
/// scriptlets running. Needs root, rpm/rpmbuild/rpmlint (the script installs them when missing),
/// apache2 and ocf-tester.
/// </summary>
public sealed partial class RpmTests
{
    [Fact]
    public void Rpm_builds_installs_upgrades_and_passes_every_check()
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "packaging", "test-rpm.sh");
        var run = Programs.Run("/bin/bash", [script],
            new Dictionary<string, string> { ["GIRAGENT_BIN"] = Programs.Giragent }, TimeSpan.FromMinutes(10));

        var summary = Summary().Match(run.StandardOutput);
        Assert.True(summary.Success, "no summary line\n" + run);
        var failures = run.StandardOutput.Split('\n').Where(l => l.StartsWith("not ok", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0 && run.ExitCode == 0, string.Join('\n', failures) + "\n" + run);
        Assert.Equal("0", summary.Groups["failed"].Value);
        // the checks the issue asks for all ran
        Assert.True(int.Parse(summary.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 50, run.ToString());
        foreach (var expected in new[]
        {
            "ok - file list, modes, owners and link targets are exactly as expected",
            "ok - both config files are %config(noreplace)",
            "ok - rpmlint (packaging/rpm/rpmlint.toml, girlb.rpmlintrc): 0 errors, 0 warnings",
            "ok - installed giragent --version says giragent ",
            "ok - installed /usr/lib/ocf/resource.d/gir/webserver meta-data",
            "ok - installed /usr/lib/ocf/resource.d/gir/vip meta-data",
            "ok - ocf-tester passes the installed webserver agent",
            "ok - upgrade: the scriptlets mark giragent.service for restart, and nothing else",
            "ok - upgrade to 3 kept the edited giragent.json, wrote the new default as giragent.json.rpmnew",
            "ok - no scriptlet names httpd or apache",
        })
            Assert.Contains(expected, run.StandardOutput);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GirAgent.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("GirAgent.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^(?<passed>\d+) passed, (?<failed>\d+) failed$", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
