using System.Diagnostics;
using System.Runtime.Versioning;
using GirAgent.Pacemaker;
using static GirAgent.Tests.Pacemaker.PacemakerFixtures;

namespace GirAgent.Tests.Pacemaker;

/// <summary>The one test that runs the real crm_mon (pacemaker-cli-utils), on a CIB file: no cluster needed.</summary>
[SupportedOSPlatform("linux")]
public sealed class CrmMonRealCrmMonTests
{
    [Fact]
    public async Task The_real_crm_mon_renders_a_CIB_that_parses_the_same_in_both_formats()
    {
        // Arrange: input-crm_mon.xml after a monitor returned 190 (made with crm_simulate, see pacemaker-gen/generate.sh)
        var crmMon = new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            .Select(d => Path.Combine(d, "crm_mon"))
            .FirstOrDefault(File.Exists);
        if (crmMon is null)
        {
            Assert.Fail("crm_mon not found (in /usr/sbin or PATH): install Pacemaker's command-line tools (Debian: pacemaker-cli-utils, EL: pacemaker-cli) to run this test");
        }

        var cib = PathOf("pacemaker-gen/dummy-degraded.cib.xml");

        // Act
        var modern = CrmMonParser.Parse(await RunAsync(crmMon, cib, "--output-as=xml"));
        var legacy = CrmMonParser.Parse(await RunAsync(crmMon, cib, "--as-xml"));

        // Assert
        Assert.Equal(CrmMonFormat.Modern2x, modern.Format);
        Assert.Equal(CrmMonFormat.Legacy, legacy.Format);
        Assert.Equal(Describe(modern), Describe(legacy));
        Assert.Equal(Describe(Parse("pacemaker-gen/dummy-degraded.full.2x.xml")), Describe(modern));
        Assert.Equal("cluster02", modern.Summary.DcNode);
        Assert.Equal(5, modern.Nodes.Count);
        Assert.Equal(32, modern.Resources.Count);
        var failure = Assert.Single(modern.Failures);
        Assert.True(failure.IsDegraded);
        Assert.Equal("dummy", failure.Resource);
        Assert.True(modern.FindResource("dummy")!.IsStarted);
        Assert.True(modern.Summary.LastUpdated > DateTimeOffset.UtcNow.AddHours(-1));
    }

    private static async Task<string> RunAsync(string crmMon, string cib, string format)
    {
        var psi = new ProcessStartInfo(crmMon)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-1", format, "-r", "-f", "-A", "-o", "--include=all" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["CIB_file"] = cib;
        psi.Environment["TZ"] = "UTC";
        psi.Environment["LC_ALL"] = "C";
        using var process = Process.Start(psi)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"crm_mon {format} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
