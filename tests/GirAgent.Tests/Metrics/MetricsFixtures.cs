using System.Runtime.CompilerServices;
using GirAgent.Httpd;
using GirAgent.Pacemaker;

namespace GirAgent.Tests.Metrics;

/// <summary>Inputs and golden files for the metrics tests.</summary>
internal static class MetricsFixtures
{
    public static string FixturesDir => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static ClusterSnapshot Cluster(string relativePath) =>
        CrmMonParser.Parse(File.ReadAllText(Path.Combine(FixturesDir, relativePath)));

    public static ServerStatus Httpd(string relativePath) =>
        ServerStatusParser.Parse(File.ReadAllText(Path.Combine(FixturesDir, relativePath)));

    public static ServerStatus TenantStatus() => Httpd("metrics/server-status-tenants.auto.txt");

    /// <summary>Every crm_mon XML fixture in the repository (relative to Fixtures/).</summary>
    public static TheoryData<string> AllCrmMonFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var dir in new[] { "pacemaker-cts", "pacemaker-live", "pacemaker-gen" })
        {
            var full = Path.Combine(FixturesDir, dir);
            if (!Directory.Exists(full))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(full, "*.xml").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                if (name.Contains(".cib.", StringComparison.Ordinal) || name.StartsWith("input-", StringComparison.Ordinal))
                {
                    continue;
                }

                // Documents in which crm_mon reported an error (Pacemaker down) have no cluster to export.
                if (CrmMonParser.TryParse(File.ReadAllText(file), out _, out _))
                {
                    data.Add(dir + "/" + name);
                }
            }
        }

        return data;
    }

    /// <summary>
    /// Compares <paramref name="actual"/> with the golden file <c>Fixtures/metrics/NAME</c>. With
    /// GIRLB_UPDATE_GOLDEN=1 in the environment the golden file in the source tree is rewritten instead.
    /// </summary>
    public static void AssertGolden(string name, string actual)
    {
        var sourcePath = Path.Combine(TestsSourceDir(), "Fixtures", "metrics", name);
        if (Environment.GetEnvironmentVariable("GIRLB_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(sourcePath, actual);
            return;
        }

        var expected = File.ReadAllText(Path.Combine(FixturesDir, "metrics", name));
        if (expected != actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            var i = 0;
            while (i < e.Length && i < a.Length && e[i] == a[i])
            {
                i++;
            }

            Assert.Fail(
                $"{name} differs from the golden file at line {i + 1}:\n expected: {(i < e.Length ? e[i] : "<end>")}\n actual:   {(i < a.Length ? a[i] : "<end>")}\n"
                + "(rerun with GIRLB_UPDATE_GOLDEN=1 to accept the new output)");
        }
    }

    /// <summary>tests/GirAgent.Tests in the source tree.</summary>
    public static string TestsSourceDir([CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, ".."));

    /// <summary>The repository root in the source tree.</summary>
    public static string RepositoryRoot() => Path.GetFullPath(Path.Combine(TestsSourceDir(), "..", ".."));

    /// <summary>Parses exposition text into (series, value) pairs, skipping comments.</summary>
    public static Dictionary<string, string> Samples(string text)
    {
        var samples = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            Assert.True(samples.TryAdd(line[..space], line[(space + 1)..]), "duplicate series: " + line);
        }

        return samples;
    }
}
