using GirAgent.Httpd;
using GirAgent.Tests.TestSupport;

namespace GirAgent.Tests.Httpd;

public sealed class OperationMarkerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_stop_in_progress_is_active_and_stays_so_for_a_moment_after_it_ends()
    {
        var pidFile = _dir.Combine("web.pid");

        var marker = OperationMarker.Create(pidFile, "stopping");
        Assert.True(OperationMarker.IsActive(pidFile, "stopping"));

        marker.Dispose();
        Assert.True(OperationMarker.IsActive(pidFile, "stopping")); // a watcher woken by the exit may look late
        Assert.False(OperationMarker.IsActive(pidFile, "stopping", DateTime.UtcNow + OperationMarker.Grace + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_stop_that_ended_before_the_master_was_watched_does_not_excuse_its_exit()
    {
        var pidFile = _dir.Combine("web.pid");
        OperationMarker.Create(pidFile, "stopping").Dispose(); // the stop of a recovery, then its start
        var finished = File.GetLastWriteTimeUtc(OperationMarker.PathFor(pidFile, "stopping"));

        // the master the start brought up, watched after the stop had ended, is killed within the grace
        Assert.False(OperationMarker.IsActive(pidFile, "stopping", finished.AddMilliseconds(300), watchedSinceUtc: finished.AddMilliseconds(50)));
        // a master watched before the stop ended was that stop's target: its exit is expected
        Assert.True(OperationMarker.IsActive(pidFile, "stopping", finished.AddMilliseconds(300), watchedSinceUtc: finished.AddSeconds(-3)));
    }

    [Fact]
    public void The_marker_is_readable_by_the_daemon_whatever_the_agents_umask()
    {
        var pidFile = _dir.Combine("web.pid");
        var path = OperationMarker.PathFor(pidFile, "stopping");
        File.WriteAllText(path, "");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead); // 0640, as under umask 027

        using var marker = OperationMarker.Create(pidFile, "stopping");

        Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.OtherRead));
    }

    [Fact]
    public void A_stop_still_running_excuses_the_exit_whenever_the_watch_began()
    {
        var pidFile = _dir.Combine("web.pid");
        using var marker = OperationMarker.Create(pidFile, "stopping");

        Assert.True(OperationMarker.IsActive(pidFile, "stopping", DateTime.UtcNow.AddMinutes(5), watchedSinceUtc: DateTime.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public void An_old_marker_of_a_dead_agent_is_ignored_and_another_operation_is_not_confused_with_it()
    {
        var pidFile = _dir.Combine("web.pid");
        File.WriteAllText(OperationMarker.PathFor(pidFile, "stopping"), "4194000\n");
        File.SetLastWriteTimeUtc(OperationMarker.PathFor(pidFile, "stopping"), DateTime.UtcNow.AddMinutes(-5));

        Assert.False(OperationMarker.IsActive(pidFile, "stopping"));
        Assert.False(OperationMarker.IsActive(pidFile, "reloading"));
    }
}
