using GirAgent.Tenants;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Tenants;

public sealed class RenderPlanTests
{
    private static readonly string Ours = TenantsRenderer.Marker + " from the tenants file\n";

    [Fact]
    public void A_plan_tells_new_changed_unchanged_and_removed_files_apart()
    {
        using var dir = new TempDirectory();
        dir.Write("loadbalancer_common.conf", Ours + "same\n");
        dir.Write("loadbalancer_tenant1.conf", Ours + "old\n");
        dir.Write("loadbalancer_tenant3.conf", Ours + "tenant 3 was removed from the tenants file\n");
        dir.Write("loadbalancer_tenant4.conf", "# written by hand\n");
        dir.Write("welcome.conf", "# not ours\n");

        var plan = RenderPlan.Create(dir.Path,
        [
            new("loadbalancer_common.conf", Ours + "same\n"),
            new("loadbalancer_tenant1.conf", Ours + "new\n"),
            new("loadbalancer_tenant2.conf", Ours + "added\n"),
        ]);

        Assert.Equal(
            [("loadbalancer_common.conf", FileChangeKind.Unchanged), ("loadbalancer_tenant1.conf", FileChangeKind.Changed),
             ("loadbalancer_tenant2.conf", FileChangeKind.Added), ("loadbalancer_tenant3.conf", FileChangeKind.Removed)],
            plan.Changes.Select(c => (c.Name, c.Kind)));
        Assert.Equal(["loadbalancer_tenant4.conf"], plan.Foreign);
        Assert.True(plan.HasChanges);
    }

    [Fact]
    public void Applying_writes_only_what_changed_atomically_with_mode_0644()
    {
        using var dir = new TempDirectory();
        var unchanged = dir.Write("loadbalancer_common.conf", Ours);
        var old = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(unchanged, old);
        dir.Write("loadbalancer_tenant9.conf", Ours + "gone\n");

        RenderPlan.Create(dir.Path, [new("loadbalancer_common.conf", Ours), new("loadbalancer_tenant1.conf", Ours + "t1\n")]).Apply();

        Assert.Equal(old, File.GetLastWriteTimeUtc(unchanged));
        Assert.Equal(Ours + "t1\n", File.ReadAllText(dir.Combine("loadbalancer_tenant1.conf")));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(dir.Combine("loadbalancer_tenant1.conf")));
        Assert.False(File.Exists(dir.Combine("loadbalancer_tenant9.conf")));
        Assert.Equal(["loadbalancer_common.conf", "loadbalancer_tenant1.conf"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Applying_twice_changes_nothing_the_second_time()
    {
        using var dir = new TempDirectory();
        var files = TenantsRenderer.Render(TenantsFile.Load(Golden.SamplePath));
        RenderPlan.Create(dir.Path, files).Apply();

        var again = RenderPlan.Create(dir.Path, files);

        Assert.False(again.HasChanges);
        Assert.All(again.Changes, c => Assert.Equal(FileChangeKind.Unchanged, c.Kind));
    }
}
