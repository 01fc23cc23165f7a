using GirAgent.Posix;

namespace GirAgent.Tests.Posix;

public sealed class ProcessInfoTests
{
    // fields after comm: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
    // utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss ...
    private static string Stat(string pidAndComm, string state = "S", string ppid = "1", string pgrp = "1234", string session = "1234", string start = "987654") =>
        $"{pidAndComm} {state} {ppid} {pgrp} {session} 0 -1 4194560 1500 0 3 0 12 7 0 0 20 0 1 0 {start} 12345678 2048 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3 0 0 0 0 0\n";

    [Fact]
    public void A_stat_line_gives_pid_command_state_parent_group_session_and_start_time()
    {
        var info = ProcessInfo.ParseStat(Stat("1234 (apache2)", ppid: "1", pgrp: "1234", session: "1200", start: "987654"));

        Assert.Equal(new ProcessInfo(1234, "apache2", 'S', 1, 1234, 1200, 987654UL), info);
    }

    [Theory]
    [InlineData("1234 (my server)", "my server")]
    [InlineData("1234 (a) b) c)", "a) b) c")]
    [InlineData("1234 ((sd-pam))", "(sd-pam)")]
    [InlineData("1234 (x (y)", "x (y")]
    [InlineData("1234 ()", "")]
    public void A_command_with_spaces_or_parentheses_is_read_whole(string pidAndComm, string command)
    {
        var info = ProcessInfo.ParseStat(Stat(pidAndComm));

        Assert.NotNull(info);
        Assert.Equal(command, info.Command);
        Assert.Equal(1234, info.Pid);
        Assert.Equal('S', info.State);
        Assert.Equal(987654UL, info.StartTime);
    }

    [Theory]
    [InlineData("Z", true)]
    [InlineData("X", true)]
    [InlineData("x", true)]
    [InlineData("S", false)]
    [InlineData("R", false)]
    [InlineData("D", false)]
    [InlineData("T", false)]
    [InlineData("I", false)]
    public void A_zombie_or_dead_process_has_exited(string state, bool exited)
    {
        var info = ProcessInfo.ParseStat(Stat("4321 (httpd)", state: state));

        Assert.NotNull(info);
        Assert.Equal(state[0], info.State);
        Assert.Equal(exited, info.HasExited);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("1234 httpd S 1 1234 1234")]
    [InlineData("(httpd) S 1 1234 1234 0 -1 4194560 1500 0 3 0 12 7 0 0 20 0 1 0 987654")]
    [InlineData("1234 (httpd S 1 1234 1234 0 -1 4194560 1500 0 3 0 12 7 0 0 20 0 1 0 987654")]
    [InlineData("1234 (httpd) S 1 1234 1234 0 -1 4194560")]
    [InlineData("1234 (httpd)")]
    [InlineData("1234 (httpd) ")]
    [InlineData("abc (httpd) S 1 1234 1234 0 -1 4194560 1500 0 3 0 12 7 0 0 20 0 1 0 987654 1")]
    [InlineData("-5 (httpd) S 1 1234 1234 0 -1 4194560 1500 0 3 0 12 7 0 0 20 0 1 0 987654 1")]
    [InlineData("1234 (httpd) SS 1 1234 1234 0 -1 4194560 1500 0 3 0 12 7 0 0 20 0 1 0 987654 1")]
    [InlineData("1234 (httpd) S one 1234 1234 0 -1 4194560 1500 0 3 0 12 7 0 0 20 0 1 0 987654 1")]
    [InlineData("1234 (httpd) S 1 group 1234 0 -1 4194560 1500 0 3 0 12 7 0 0 20 0 1 0 987654 1")]
    [InlineData("1234 (httpd) S 1 1234 sess 0 -1 4194560 1500 0 3 0 12 7 0 0 20 0 1 0 987654 1")]
    [InlineData("1234 (httpd) S 1 1234 1234 0 -1 4194560 1500 0 3 0 12 7 0 0 20 0 1 0 -987654 1")]
    [InlineData("1234 (httpd) S 1 1234 1234 0 -1 4194560 1500 0 3 0 12 7 0 0 20 0 1 0 later 1")]
    public void A_line_not_of_the_stat_form_is_rejected(string line)
    {
        Assert.Null(ProcessInfo.ParseStat(line));
    }

    [Fact]
    public void The_stat_line_of_this_very_process_is_read()
    {
        var line = File.ReadAllText("/proc/self/stat");

        var info = ProcessInfo.ParseStat(line);

        Assert.NotNull(info);
        Assert.Equal(Environment.ProcessId, info.Pid);
        Assert.False(info.HasExited);
        Assert.True(info.StartTime > 0);
    }
}
