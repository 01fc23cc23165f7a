namespace GirAgent.Tests.Tenants;

/// <summary>Golden files under Fixtures/tenants: compared byte for byte; GIRLB_UPDATE_GOLDEN=1 rewrites them in the source tree.</summary>
internal static class Golden
{
    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tenants");

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GirAgent.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    public static string SamplePath => Path.Combine(RepoRoot, "packaging", "tenants.sample.json");

    public static string Read(string relative) => File.ReadAllText(Path.Combine(Fixtures, relative));

    public static void AssertMatches(string relative, string actual)
    {
        if (Environment.GetEnvironmentVariable("GIRLB_UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(RepoRoot, "tests", "GirAgent.Tests", "Fixtures", "tenants", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            File.WriteAllText(source, actual);
            return;
        }
        var path = Path.Combine(Fixtures, relative);
        Assert.True(File.Exists(path), $"golden file {relative} is missing: run the tests with GIRLB_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
