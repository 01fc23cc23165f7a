using System.Diagnostics;
using GirAgent.Metrics;

namespace GirAgent.Tests.Metrics;

/// <summary>
/// Runs Prometheus' own checker on our output and rules. promtool comes with Debian's
/// <c>prometheus</c> package; without it these tests say so and pass.
/// </summary>
public sealed class PromtoolTests
{
    /// <summary>
    /// promtool's lint complains about four names we keep on purpose because existing dashboards
    /// use them: apache_exporter's units in names and ha_cluster_exporter's <c>fail_count</c>.
    /// Any other finding fails.
    /// </summary>
    private static readonly string[] AcceptedLint =
    [
        "apache_sent_kilobytes_total use base unit \"bytes\" instead of \"kilobytes\"",
        "apache_cpu_time_ms_total metric names should not contain abbreviated units",
        "apache_duration_ms_total metric names should not contain abbreviated units",
        "ha_cluster_pacemaker_fail_count non-histogram and non-summary metrics should not have \"_count\" suffix",
    ];

    public static TheoryData<string> Inputs() => new(["active", "passive", "down"]);

    private static MetricsInput Input(string which) => which switch
    {
        "active" => MetricsGoldenTests.ActiveNodeInput(),
        "passive" => MetricsGoldenTests.PassiveLiveInput(),
        _ => MetricsGoldenTests.SourcesDownInput(),
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Promtool_check_metrics_accepts_the_output(string which)
    {
        var promtool = Promtool();

        var text = MetricsExporter.Render(Input(which));

        var (code, stdout, stderr) = Run(promtool, ["check", "metrics"], text);

        var problems = (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !AcceptedLint.Contains(l))
            .ToList();
        Assert.True(code is 0 or 3, $"promtool exit {code}: {stdout}{stderr}");
        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Without_the_compatible_names_promtool_has_nothing_to_say(string which)
    {
        var promtool = Promtool();

        var text = MetricsExporter.Render(Input(which) with { CompatibleNames = false });

        var (code, stdout, stderr) = Run(promtool, ["check", "metrics"], text);

        Assert.True(code == 0, $"promtool exit {code}: {stdout}{stderr}");
        Assert.Equal("", (stdout + stderr).Trim());
    }

    [Fact]
    public void Promtool_check_rules_accepts_the_alert_rules()
    {
        var promtool = Promtool();

        var rules = Path.Combine(MetricsFixtures.RepositoryRoot(), "packaging", "prometheus", "girlb-rules.yml");

        var (code, stdout, stderr) = Run(promtool, ["check", "rules", rules], null);

        Assert.True(code == 0, $"promtool exit {code}: {stdout}{stderr}");
    }

    [Fact]
    public void Promtool_test_rules_fires_the_alerts_on_sample_series()
    {
        var promtool = Promtool();

        var tests = Path.Combine(MetricsFixtures.RepositoryRoot(), "packaging", "prometheus", "girlb-rules.test.yml");

        var (code, stdout, stderr) = Run(promtool, ["test", "rules", tests], null);

        Assert.True(code == 0, $"promtool exit {code}: {stdout}{stderr}");
    }

    /// <summary>promtool, or a failure: a check that returns early when its tool is missing passes without checking anything.</summary>
    private static string Promtool()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, "promtool");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("promtool is not installed (Debian: apt-get install prometheus; tests/install-deps.sh does it): Prometheus' own checks cannot run");
        return null!;
    }

    private static (int Code, string Stdout, string Stderr) Run(string file, string[] args, string? stdin)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException("promtool did not finish in 60 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
